#pragma once
// zmq_sub: a ZeroMQ SUB subscriber exposed as two streams fed from one drained batch. A receiver
// thread (one per subscriber, with its own libzmq context) polls the SUB socket and a socket
// monitor, decodes each frame (codec.h) and pushes payloads and status changes into a
// ReceiverStream; the engine drains everything queued once per cycle. ZmqDataStream ticks with
// the cycle's payloads in arrival order, ZmqStatusStream with the cycle's last status.
//
// Threads: constructors and the streams' members run on the engine thread. The receiver thread
// exists between the receiver node's start and stop and touches only its sockets and the queue;
// stop() shuts the context down (which wakes the thread at once) and joins it. Real-time only.

#include "wingfoil/adapters/zmq/status.h"
#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/receiver_stream.h"
#include "wingfoil/engine/stream.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

namespace wingfoil::adapters::zmq {

/// What the receiver thread hands to the engine: one payload, or one status change.
using ZmqItem = std::variant<std::string, ZmqStatus>;

/// One cycle's drained items, split: every payload in arrival order, and the last status.
struct ZmqBatch {
    std::vector<std::string> data;
    std::optional<ZmqStatus> status;

    ZmqBatch() = default;
    /// Splits `items`, moving the payloads. Earlier statuses in the same batch are dropped.
    explicit ZmqBatch(std::vector<ZmqItem> items);
};

/// The node that owns the receiver thread; its value is the cycle's ZmqBatch. Users see it only
/// through ZmqDataStream and ZmqStatusStream.
///
/// Wire behaviour: connects (never binds) to the address verbatim and subscribes to everything.
/// RealtimeValue frames become payloads; EndOfStream pushes "disconnected" and ends the thread
/// cleanly (the graph keeps running; both streams simply stop ticking); an Error frame fails the
/// run with its text (RuntimeError); an undecodable frame fails the run (ValueError naming the
/// frame number and its first bytes); CheckPoint and historical variants are ignored. Monitor
/// events CONNECTED and DISCONNECTED push "connected" and "disconnected".
class ZmqReceiverStream final : public ReceiverStream<ZmqItem, ZmqBatch> {
public:
    /// No I/O: the address is checked when the graph starts.
    explicit ZmqReceiverStream(std::string address);
    ~ZmqReceiverStream() override;

    /// Throws ValueError in historical mode ("real-time") and for an address libzmq rejects;
    /// then connects and starts the receiver thread.
    void start(Graph& graph) override;

    /// Stops and joins the receiver thread (immediately, not at the next poll timeout) and
    /// closes the sockets. Safe after a failed or skipped start. Throws RuntimeError if the
    /// thread failed without being able to queue its error (out of memory).
    void stop(Graph& graph) override;

    std::string type_name() const override { return "ZmqReceiverStream"; }

    /// The endpoint this subscriber connects to.
    const std::string& address() const noexcept { return address_; }

    /// Engine thread, in a cycle where this node ticked: moves the cycle's payloads out. The
    /// data stream is their one reader; a second call in the same cycle returns nothing.
    std::vector<std::string> take_data() noexcept { return std::move(this->value_.data); }

    /// Engine thread: the last status drained in this node's latest tick, if any.
    std::optional<ZmqStatus> batch_status() const noexcept { return this->value_.status; }

private:
    struct Connection; // the context and sockets (read.cpp)

    void receive(Connection& connection) noexcept;
    bool drain_data(Connection& connection);
    void drain_monitor(Connection& connection);
    void shut_down() noexcept;

    std::string address_;
    std::unique_ptr<Connection> connection_; // engine thread; lent to the receiver thread
    std::thread thread_;
    std::atomic<bool> stopping_{false};      // set by stop() before it wakes the thread
    std::atomic<bool> unreported_failure_{false}; // the thread failed and could not queue why
    std::uint64_t frames_ = 0;               // receiver thread: frames seen this run
};

/// No-op status conversion for C++ users.
struct SameStatus {
    ZmqStatus operator()(ZmqStatus status) const noexcept { return status; }
};

/// zmq_sub's data stream: ticks with every payload drained in the cycle, in arrival order, as
/// Out built from std::vector<std::string> (each string one payload's bytes; an empty payload is
/// an empty string). Does not tick when the cycle drained only statuses. Python: list[bytes].
template <class Out = std::vector<std::string>>
class ZmqDataStream final : public Stream<Out> {
public:
    explicit ZmqDataStream(std::shared_ptr<ZmqReceiverStream> receiver)
        : receiver_(std::move(receiver)) {
        this->add_upstream(receiver_);
    }

    /// Moves the payloads out of the receiver's batch; one Out construction per tick.
    bool cycle(Graph&) override {
        std::vector<std::string> data = receiver_->take_data();
        if (data.empty()) {
            return false;
        }
        this->value_ = Out(std::move(data));
        return true;
    }

    std::string type_name() const override { return "ZmqDataStream"; }

private:
    std::shared_ptr<ZmqReceiverStream> receiver_;
};

/// zmq_sub's status stream: ticks with the last status drained in the cycle, as
/// Convert(ZmqStatus). Nothing ticks before the first connection. Python: "connected" or
/// "disconnected".
template <class Out = ZmqStatus, class Convert = SameStatus>
class ZmqStatusStream final : public Stream<Out> {
public:
    explicit ZmqStatusStream(std::shared_ptr<ZmqReceiverStream> receiver, Convert convert = {})
        : receiver_(std::move(receiver)), convert_(std::move(convert)) {
        this->add_upstream(receiver_);
    }

    bool cycle(Graph&) override {
        std::optional<ZmqStatus> status = receiver_->batch_status();
        if (!status) {
            return false;
        }
        this->value_ = convert_(*status);
        return true;
    }

    std::string type_name() const override { return "ZmqStatusStream"; }

private:
    std::shared_ptr<ZmqReceiverStream> receiver_;
    Convert convert_;
};

/// The pair zmq_sub returns, typed as plain streams so the operators compose with them.
template <class DataOut, class StatusOut>
struct ZmqSubStreams {
    std::shared_ptr<Stream<DataOut>> data;
    std::shared_ptr<Stream<StatusOut>> status;
};

/// Python: zmq_sub(address) -> (data, status). Subscribes to the publisher at `address` (any
/// libzmq endpoint, e.g. "tcp://127.0.0.1:5570"). No I/O here: the connection is made at graph
/// start, where a malformed address raises ValueError. Real-time runs only.
template <class DataOut = std::vector<std::string>, class StatusOut = ZmqStatus,
          class Convert = SameStatus>
ZmqSubStreams<DataOut, StatusOut> zmq_sub(std::string address, Convert convert = {}) {
    auto receiver = std::make_shared<ZmqReceiverStream>(std::move(address));
    return {std::make_shared<ZmqDataStream<DataOut>>(receiver),
            std::make_shared<ZmqStatusStream<StatusOut, Convert>>(receiver, std::move(convert))};
}

} // namespace wingfoil::adapters::zmq
