#include "wingfoil/adapters/zmq/write.h"

#include "wingfoil/adapters/zmq/codec.h"

#include <zmq.h>
#include <zmq.hpp>

#include <cerrno>
#include <cstring>

namespace wingfoil::adapters::zmq {

namespace {

// One context per publisher, so this name needs to be unique only within it.
constexpr const char* kMonitorEndpoint = "inproc://wingfoil-zmq-pub-monitor";

// Reads one monitor message part without blocking; false when none is ready.
bool receive_event(::zmq::socket_t& monitor, ::zmq::message_t& part, const std::string& endpoint) {
    try {
        return monitor.recv(part, ::zmq::recv_flags::dontwait).has_value();
    } catch (const ::zmq::error_t& e) {
        if (e.num() != EINTR) {
            throw ConnectionError("zmq_pub(" + endpoint + "): reading its monitor failed: " +
                                  e.what());
        }
        return false; // interrupted by a signal: look again at the next publish
    }
}

} // namespace

struct ZmqPublisher::Sockets {
    ::zmq::context_t context{1};
    ::zmq::socket_t pub{context, ::zmq::socket_type::pub};
    ::zmq::socket_t monitor{context, ::zmq::socket_type::pair};
    bool monitoring = false;
};

ZmqPublisher::ZmqPublisher(std::uint16_t port, std::string bind_address)
    : requested_port_(port), bind_address_(std::move(bind_address)) {}

ZmqPublisher::~ZmqPublisher() {
    try {
        close();
    } catch (const Error&) {
        // A destructor has nobody to report to; stop() is where a failed EndOfStream surfaces.
    }
}

void ZmqPublisher::open() {
    close();
    const std::string address = "tcp://" + bind_address_ + ":" + std::to_string(requested_port_);
    auto sockets = std::make_unique<Sockets>();
    // A bounded linger: close() waits for the EndOfStream to go out, but never for long.
    sockets->pub.set(::zmq::sockopt::linger, static_cast<int>(kLinger.count()));
    sockets->monitor.set(::zmq::sockopt::linger, 0);
    if (zmq_socket_monitor(sockets->pub.handle(), kMonitorEndpoint, ZMQ_EVENT_ACCEPTED) != 0) {
        throw RuntimeError(std::string("zmq_pub: cannot monitor the PUB socket: ") +
                           zmq_strerror(zmq_errno()));
    }
    sockets->monitor.connect(kMonitorEndpoint);
    sockets->monitoring = true;
    try {
        sockets->pub.bind(address);
    } catch (const ::zmq::error_t& e) {
        throw ConnectionError("zmq_pub: cannot bind " + address + ": " + e.what());
    }
    endpoint_ = sockets->pub.get(::zmq::sockopt::last_endpoint);
    const auto colon = endpoint_.rfind(':');
    bound_port_ = static_cast<std::uint16_t>(std::stoul(endpoint_.substr(colon + 1)));
    sockets_ = std::move(sockets);
    joined_ = false;
    accepted_ = false;
    buffer_.clear();
}

void ZmqPublisher::publish(std::string_view payload) {
    char header[kRealtimeHeaderSize];
    write_realtime_header(header, payload.size());
    const std::string_view head(header, sizeof(header));
    if (joined_ || poll_join()) {
        send_frame(head, payload);
        return;
    }
    const Clock::time_point now = Clock::now();
    if (!buffer_.empty() && now - buffer_started_ > kBufferWindow) {
        buffer_.clear();
    }
    if (buffer_.empty()) {
        buffer_started_ = now;
    }
    std::string frame;
    frame.reserve(head.size() + payload.size());
    frame.append(head);
    frame.append(payload);
    buffer_.push_back(std::move(frame));
}

bool ZmqPublisher::poll_join() {
    ::zmq::message_t part;
    while (receive_event(sockets_->monitor, part, endpoint_)) {
        std::uint16_t event = 0;
        if (part.size() >= sizeof(event)) {
            std::memcpy(&event, part.data(), sizeof(event));
        }
        // The endpoint part; the parts of one message arrive together, so it is there already.
        while (part.more() && receive_event(sockets_->monitor, part, endpoint_)) {
        }
        if (event == ZMQ_EVENT_ACCEPTED && !accepted_) {
            accepted_ = true;
            accepted_at_ = Clock::now();
        }
    }
    if (!accepted_ || Clock::now() - accepted_at_ < kJoinDelay) {
        return false;
    }
    joined_ = true;
    for (const std::string& frame : buffer_) {
        send_frame(frame, {});
    }
    buffer_.clear();
    // Buffering never happens again in this open(): the monitor has done its job.
    zmq_socket_monitor(sockets_->pub.handle(), nullptr, 0);
    sockets_->monitoring = false;
    return true;
}

void ZmqPublisher::send_frame(std::string_view header, std::string_view payload) {
    ::zmq::message_t message(header.size() + payload.size());
    auto* out = message.data<char>();
    std::memcpy(out, header.data(), header.size());
    if (!payload.empty()) {
        std::memcpy(out + header.size(), payload.data(), payload.size());
    }
    // PUB never blocks: with no subscriber, or above the high-water mark, libzmq drops the
    // frame for that peer, which is the PUB contract. A signal can interrupt the call before
    // the frame is queued; it is then sent again.
    while (true) {
        try {
            sockets_->pub.send(message, ::zmq::send_flags::dontwait);
            return;
        } catch (const ::zmq::error_t& e) {
            if (e.num() != EINTR) {
                throw ConnectionError("zmq_pub(" + endpoint_ + "): send failed: " + e.what());
            }
        }
    }
}

void ZmqPublisher::close() {
    if (!sockets_) {
        return;
    }
    std::unique_ptr<Sockets> sockets = std::move(sockets_);
    buffer_.clear();
    endpoint_.clear();
    bound_port_ = 0;
    std::string failure;
    try {
        const std::string eos = encode_end_of_stream();
        sockets->pub.send(::zmq::buffer(eos), ::zmq::send_flags::dontwait);
    } catch (const ::zmq::error_t& e) {
        failure = e.what();
    }
    if (sockets->monitoring) {
        zmq_socket_monitor(sockets->pub.handle(), nullptr, 0);
    }
    // Closing the sockets, then the context, which waits up to the linger for the EOS frame.
    sockets.reset();
    if (!failure.empty()) {
        throw ConnectionError("zmq_pub: sending EndOfStream failed: " + failure);
    }
}

} // namespace wingfoil::adapters::zmq
