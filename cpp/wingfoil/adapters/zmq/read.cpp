#include "wingfoil/adapters/zmq/read.h"

#include "wingfoil/adapters/zmq/codec.h"
#include "wingfoil/core/error.h"

#include <zmq.h>
#include <zmq.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>

namespace wingfoil::adapters::zmq {

namespace {

// The longest the receiver thread blocks before re-checking its stop flag. stop() also shuts the
// context down, which ends a wait at once; the timeout is the second line of defence.
constexpr std::chrono::milliseconds kPollTimeout{200};

// Frames decoded per turn before the monitor gets another look, so a flood of data cannot delay
// a status change indefinitely.
constexpr int kFramesPerTurn = 4096;

// Each subscriber has its own context, so this name needs to be unique only within it.
constexpr const char* kMonitorEndpoint = "inproc://wingfoil-zmq-sub-monitor";

constexpr int kMonitoredEvents = ZMQ_EVENT_CONNECTED | ZMQ_EVENT_DISCONNECTED;

} // namespace

ZmqBatch::ZmqBatch(std::vector<ZmqItem> items) {
    data.reserve(items.size());
    for (ZmqItem& item : items) {
        if (auto* payload = std::get_if<std::string>(&item)) {
            data.push_back(std::move(*payload));
        } else {
            status = std::get<ZmqStatus>(item);
        }
    }
}

struct ZmqReceiverStream::Connection {
    ::zmq::context_t context{1};
    ::zmq::socket_t data{context, ::zmq::socket_type::sub};
    ::zmq::socket_t monitor{context, ::zmq::socket_type::pair};

    // Sets the sockets up and connects; throws ValueError for an address libzmq rejects.
    explicit Connection(const std::string& address) {
        data.set(::zmq::sockopt::linger, 0);
        monitor.set(::zmq::sockopt::linger, 0);
        data.set(::zmq::sockopt::subscribe, "");
        // The monitor's PAIR must be attached before connect(), or the first CONNECTED event
        // would be sent to nobody and lost.
        if (zmq_socket_monitor(data.handle(), kMonitorEndpoint, kMonitoredEvents) != 0) {
            throw RuntimeError(std::string("zmq_sub: cannot monitor the SUB socket: ") +
                               zmq_strerror(zmq_errno()));
        }
        monitor.connect(kMonitorEndpoint);
        try {
            data.connect(address);
        } catch (const ::zmq::error_t& e) {
            throw ValueError("zmq_sub: invalid address '" + address + "': " + e.what() +
                             " (expected a ZeroMQ endpoint such as tcp://127.0.0.1:5570)");
        }
    }
};

ZmqReceiverStream::ZmqReceiverStream(std::string address) : address_(std::move(address)) {}

ZmqReceiverStream::~ZmqReceiverStream() { shut_down(); }

void ZmqReceiverStream::start(Graph& graph) {
    if (!graph.realtime()) {
        throw ValueError("zmq_sub('" + address_ +
                         "') supports real-time mode only; run with realtime=True");
    }
    ReceiverStream::start(graph);
    stopping_.store(false, std::memory_order_release);
    unreported_failure_.store(false, std::memory_order_release);
    frames_ = 0;
    connection_ = std::make_unique<Connection>(address_);
    // The sockets move to the receiver thread here; thread creation is the memory barrier
    // libzmq requires for that, and join() in stop() is the one that brings them back.
    thread_ = std::thread([this, connection = connection_.get()] { receive(*connection); });
}

void ZmqReceiverStream::stop(Graph& graph) {
    shut_down();
    ReceiverStream::stop(graph);
    if (unreported_failure_.exchange(false, std::memory_order_acq_rel)) {
        throw RuntimeError("zmq_sub('" + address_ +
                           "'): the receiver thread failed and could not queue its error "
                           "(out of memory)");
    }
}

void ZmqReceiverStream::shut_down() noexcept {
    if (!connection_) {
        return;
    }
    stopping_.store(true, std::memory_order_release);
    // Every blocking call on the context's sockets now fails with ETERM, so the thread wakes.
    connection_->context.shutdown();
    if (thread_.joinable()) {
        thread_.join();
    }
    connection_.reset();
}

void ZmqReceiverStream::receive(Connection& connection) noexcept {
    try {
        ::zmq::pollitem_t items[] = {
            {connection.monitor.handle(), 0, ZMQ_POLLIN, 0},
            {connection.data.handle(), 0, ZMQ_POLLIN, 0},
        };
        while (!stopping_.load(std::memory_order_acquire)) {
            try {
                ::zmq::poll(items, 2, kPollTimeout);
                // Statuses first, so a batch that holds both reads "connected" before the data.
                if (items[0].revents & ZMQ_POLLIN) {
                    drain_monitor(connection);
                }
                if ((items[1].revents & ZMQ_POLLIN) && !drain_data(connection)) {
                    return;
                }
            } catch (const ::zmq::error_t& e) {
                // A signal (Ctrl-C is handled on the main thread) can interrupt any call here;
                // nothing was lost, so try again.
                if (e.num() != EINTR) {
                    throw;
                }
            }
        }
    } catch (const ::zmq::error_t& e) {
        if (e.num() == ETERM && stopping_.load(std::memory_order_acquire)) {
            return;
        }
        try {
            push_error(std::make_exception_ptr(ConnectionError(
                "zmq_sub('" + address_ + "'): receiving failed: " + e.what())));
        } catch (...) {
            // Queueing needs memory; without it the failure is reported when the node stops.
            unreported_failure_.store(true, std::memory_order_release);
        }
    } catch (...) {
        try {
            push_error(std::current_exception());
        } catch (...) {
            unreported_failure_.store(true, std::memory_order_release);
        }
    }
}

bool ZmqReceiverStream::drain_data(Connection& connection) {
    ::zmq::message_t message;
    for (int i = 0; i < kFramesPerTurn; ++i) {
        if (!connection.data.recv(message, ::zmq::recv_flags::dontwait)) {
            return true;
        }
        ++frames_;
        const std::string_view frame(message.data<char>(), message.size());
        DecodedFrame decoded;
        try {
            decoded = decode_frame(frame);
        } catch (const ValueError& e) {
            push_error(std::make_exception_ptr(ValueError(
                "zmq_sub('" + address_ + "'): frame " + std::to_string(frames_) +
                " could not be decoded (first bytes: " + hex_prefix(frame) + "): " + e.what())));
            return false;
        }
        switch (decoded.kind) {
        case MessageKind::realtime_value:
            push(ZmqItem{std::in_place_index<0>, std::string(decoded.bytes)});
            break;
        case MessageKind::end_of_stream:
            // A clean end: report it and stop receiving; the graph keeps running.
            push(ZmqItem{std::in_place_index<1>, ZmqStatus::disconnected});
            return false;
        case MessageKind::error:
            push_error(std::make_exception_ptr(RuntimeError(
                "zmq_sub('" + address_ + "'): the publisher sent an error: " +
                std::string(decoded.bytes))));
            return false;
        case MessageKind::check_point:
        case MessageKind::historical_value:
        case MessageKind::historical_batch:
            break;
        }
    }
    return true;
}

void ZmqReceiverStream::drain_monitor(Connection& connection) {
    ::zmq::message_t part;
    while (connection.monitor.recv(part, ::zmq::recv_flags::dontwait)) {
        // Frame 1 is a native-order u16 event id and a u32 value; frame 2 the endpoint.
        std::uint16_t event = 0;
        if (part.size() >= sizeof(event)) {
            std::memcpy(&event, part.data(), sizeof(event));
        }
        while (part.more()) {
            if (!connection.monitor.recv(part, ::zmq::recv_flags::none)) {
                break;
            }
        }
        if (event == ZMQ_EVENT_CONNECTED) {
            push(ZmqItem{std::in_place_index<1>, ZmqStatus::connected});
        } else if (event == ZMQ_EVENT_DISCONNECTED) {
            push(ZmqItem{std::in_place_index<1>, ZmqStatus::disconnected});
        }
    }
}

} // namespace wingfoil::adapters::zmq
