#pragma once
// zmq_pub: a ZeroMQ PUB publisher. ZmqPublisher owns the context and the PUB socket bound to
// tcp://127.0.0.1:<port>, encodes each payload as a RealtimeValue frame (codec.h) and, until the
// first subscriber has joined, buffers frames so early ticks are not lost to the slow-joiner
// effect. ZmqPublisherNode sends one frame per upstream tick from the engine thread, in cycle;
// there is no wingfoil thread (libzmq's own I/O thread does the network writes).
//
// Threads: engine thread only (a ZmqPublisher is used by one thread at a time). Real-time only.

#include "wingfoil/core/error.h"
#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/stream.h"

#include <chrono>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wingfoil::adapters::zmq {

/// The publishing half of the wire protocol, usable without a graph.
///
/// Slow-joiner buffering: a socket monitor reports ZMQ_EVENT_ACCEPTED. Until an accepted peer
/// has been seen and kJoinDelay has passed since (time for its subscription to arrive), frames
/// are buffered; the first publish() after that sends the buffer in order, then its own frame.
/// A buffer whose oldest frame is older than kBufferWindow is emptied before a new frame is
/// added, so a late subscriber gets at most that much stale data. After the first join frames
/// are sent directly, with plain PUB semantics (no subscriber or a full queue: dropped).
class ZmqPublisher {
public:
    static constexpr std::chrono::milliseconds kJoinDelay{50};
    static constexpr std::chrono::milliseconds kBufferWindow{500};
    static constexpr std::chrono::milliseconds kLinger{1000};

    /// No I/O. Port 0 asks the OS for a free port (read it back with port() after open()).
    /// `bind_address` is the interface to bind: loopback unless another is asked for (an IPv4
    /// address, or "0.0.0.0" / "*" for every interface).
    explicit ZmqPublisher(std::uint16_t port, std::string bind_address = "127.0.0.1");
    ~ZmqPublisher();
    ZmqPublisher(const ZmqPublisher&) = delete;
    ZmqPublisher& operator=(const ZmqPublisher&) = delete;

    /// Binds tcp://<bind_address>:<port> with a 1 s linger. Throws ConnectionError naming the
    /// endpoint when the bind fails (for example "Address already in use").
    void open();

    /// Publishes `payload` as one RealtimeValue frame, or buffers it (see the class comment).
    /// One allocation and one copy of the payload; a non-blocking monitor read while no
    /// subscriber has joined. Throws ConnectionError if libzmq refuses the send.
    void publish(std::string_view payload);

    /// Sends one EndOfStream frame (even if nobody ever joined), drops any still-buffered
    /// frames and closes. Blocks at most about kLinger for the EndOfStream to go out. Safe when
    /// not open; idempotent. Throws ConnectionError if sending the EndOfStream failed (the
    /// socket is closed either way).
    void close();

    /// True between a successful open() and close().
    bool is_open() const noexcept { return sockets_ != nullptr; }

    /// The bound endpoint, e.g. "tcp://127.0.0.1:5570"; empty when not open.
    const std::string& endpoint() const noexcept { return endpoint_; }

    /// The bound port (the OS's choice when 0 was requested); 0 when not open.
    std::uint16_t port() const noexcept { return bound_port_; }

    /// True once a subscriber has joined and buffering has ended for this open().
    bool joined() const noexcept { return joined_; }

private:
    struct Sockets; // context, PUB socket and monitor PAIR (write.cpp)
    using Clock = std::chrono::steady_clock;

    bool poll_join();
    void send_frame(std::string_view header, std::string_view payload);

    std::uint16_t requested_port_;
    std::string bind_address_;
    std::unique_ptr<Sockets> sockets_;
    std::string endpoint_;
    std::uint16_t bound_port_ = 0;
    bool joined_ = false;
    bool accepted_ = false;                // an ACCEPTED event has been seen
    Clock::time_point accepted_at_{};      // when it was first seen
    std::deque<std::string> buffer_;       // encoded frames waiting for the first subscriber
    Clock::time_point buffer_started_{};   // when the oldest buffered frame was added
};

/// Payload bytes of a C++ value without copying: std::string and std::vector<std::uint8_t>.
struct ViewBytes {
    std::string_view operator()(const std::string& value, std::string&) const noexcept {
        return value;
    }
    std::string_view operator()(const std::vector<std::uint8_t>& value,
                                std::string&) const noexcept {
        return {reinterpret_cast<const char*>(value.data()), value.size()};
    }
};

/// Announces a bound publisher to others (service discovery) and withdraws the announcement.
/// The publisher node calls announce() right after binding and withdraw() at stop, before the
/// EndOfStream goes out, on the engine thread. Either may throw: announce() fails the run's start,
/// withdraw() is reported as a stop error after the socket has been closed anyway.
class PublisherRegistration {
public:
    virtual ~PublisherRegistration() = default;
    virtual void announce(const std::string& endpoint) = 0;
    virtual void withdraw() = 0;
};

/// Python: Stream.zmq_pub(port) -> Node. Publishes each upstream value as one frame. ToBytes
/// maps a value to its payload: std::string_view operator()(const T&, std::string& scratch),
/// returning a view into the value or into `scratch`; it may throw (TypeError for a value that
/// is not bytes), which fails the run with nothing published for that value.
template <class T, class ToBytes = ViewBytes>
class ZmqPublisherNode final : public Node {
public:
    ZmqPublisherNode(std::shared_ptr<Stream<T>> upstream, std::uint16_t port,
                     ToBytes to_bytes = {}, std::string bind_address = "127.0.0.1",
                     std::unique_ptr<PublisherRegistration> registration = nullptr)
        : upstream_(std::move(upstream)), publisher_(port, std::move(bind_address)),
          to_bytes_(std::move(to_bytes)), registration_(std::move(registration)) {
        add_upstream(upstream_);
    }

    /// Throws ValueError in historical mode (nothing is bound), ConnectionError if the bind
    /// fails.
    void start(Graph& graph) override {
        if (!graph.realtime()) {
            throw ValueError("zmq_pub supports real-time mode only; run with realtime=True");
        }
        publisher_.open();
        if (registration_) {
            registration_->announce(publisher_.endpoint());
            announced_ = true;
        }
    }

    bool cycle(Graph&) override {
        publisher_.publish(to_bytes_(upstream_->value(), scratch_));
        return true;
    }

    /// Withdraws any registration, then sends EndOfStream and closes (at most about 1 s of
    /// linger). The socket is closed even when withdrawing fails; that error is rethrown after.
    void stop(Graph&) override {
        std::exception_ptr withdraw_error;
        if (announced_) {
            announced_ = false;
            try {
                registration_->withdraw();
            } catch (...) {
                withdraw_error = std::current_exception();
            }
        }
        publisher_.close();
        if (withdraw_error) {
            std::rethrow_exception(withdraw_error);
        }
    }

    std::string type_name() const override { return "ZmqPublisherNode"; }

    /// The publisher, e.g. to read the bound port during a run.
    const ZmqPublisher& publisher() const noexcept { return publisher_; }

private:
    std::shared_ptr<Stream<T>> upstream_;
    ZmqPublisher publisher_;
    ToBytes to_bytes_;
    std::unique_ptr<PublisherRegistration> registration_; // null: nobody is told
    bool announced_ = false;
    std::string scratch_; // reused by to_bytes_ for values that are not contiguous bytes
};

/// Creates the publisher node for `upstream` on tcp://127.0.0.1:<port>.
template <class T, class ToBytes = ViewBytes>
std::shared_ptr<ZmqPublisherNode<T, ToBytes>> zmq_pub(std::shared_ptr<Stream<T>> upstream,
                                                      std::uint16_t port, ToBytes to_bytes = {}) {
    return std::make_shared<ZmqPublisherNode<T, ToBytes>>(std::move(upstream), port,
                                                           std::move(to_bytes));
}

} // namespace wingfoil::adapters::zmq
