#pragma once
// Test helpers for the ZeroMQ adapter tests: raw cppzmq peers that stand in for another process
// (an XPUB that reports when a subscription has arrived, so sends after it are never lost to the
// slow-joiner effect; a SUB that reads frames with a timeout) and a node that stops a run when a
// stream's value matches. Peers are used from one thread at a time.

#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/stream.h"
#include "wingfoil/ops/count.h"
#include "wingfoil/ops/ticker.h"

#include <zmq.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace wingfoil::testing {

/// A publisher peer bound to a free loopback port, sending frames the test builds.
class RawPublisher {
public:
    /// Binds `address`; the default picks a free loopback port.
    explicit RawPublisher(const std::string& address = "tcp://127.0.0.1:*")
        : socket_(context_, ::zmq::socket_type::xpub) {
        socket_.set(::zmq::sockopt::linger, 1000);
        socket_.set(::zmq::sockopt::sndhwm, 0);      // bursts in tests must not be dropped here
        socket_.set(::zmq::sockopt::xpub_verbose, 1); // report every subscriber, not just the first
        socket_.bind(address);
        address_ = socket_.get(::zmq::sockopt::last_endpoint);
    }

    /// The bound endpoint, e.g. "tcp://127.0.0.1:41234".
    const std::string& address() const noexcept { return address_; }

    /// Waits for a subscribe message (first byte 1; unsubscribes are skipped); true when one
    /// arrived within `timeout`.
    bool wait_for_subscriber(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        ::zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
        while (true) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0 || ::zmq::poll(&item, 1, left) == 0) {
                return false;
            }
            ::zmq::message_t message;
            if (socket_.recv(message, ::zmq::recv_flags::none) && message.size() > 0 &&
                message.data<unsigned char>()[0] == 1) {
                return true;
            }
        }
    }

    void send(const std::string& frame) { socket_.send(::zmq::buffer(frame)); }

    /// Closes the socket without an EndOfStream, as a crashed publisher would.
    void close() { socket_.close(); }

private:
    ::zmq::context_t context_{1};
    ::zmq::socket_t socket_;
    std::string address_;
};

/// A subscriber peer that reads raw frames.
class RawSubscriber {
public:
    explicit RawSubscriber(const std::string& address)
        : socket_(context_, ::zmq::socket_type::sub) {
        socket_.set(::zmq::sockopt::linger, 0);
        socket_.set(::zmq::sockopt::reconnect_ivl, 10);
        socket_.set(::zmq::sockopt::subscribe, "");
        socket_.connect(address);
    }

    /// The next frame, or nothing if none arrives within `timeout`.
    std::optional<std::string> recv(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
        ::zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
        if (::zmq::poll(&item, 1, timeout) == 0) {
            return std::nullopt;
        }
        ::zmq::message_t message;
        if (!socket_.recv(message, ::zmq::recv_flags::none)) {
            return std::nullopt;
        }
        return message.to_string();
    }

private:
    ::zmq::context_t context_{1};
    ::zmq::socket_t socket_;
};

/// Requests a stop after any cycle in which its upstream's value satisfies `pred`.
template <class T, class Pred>
class StopWhen final : public Node {
public:
    StopWhen(std::shared_ptr<Stream<T>> upstream, Pred pred)
        : upstream_(std::move(upstream)), pred_(std::move(pred)) {
        add_upstream(upstream_);
    }

    bool cycle(Graph& graph) override {
        if (pred_(upstream_->value())) {
            graph.request_stop();
        }
        return true;
    }

    std::string type_name() const override { return "StopWhen"; }

private:
    std::shared_ptr<Stream<T>> upstream_;
    Pred pred_;
};

/// 1, 2, 3, ... one per `period` nanoseconds: the usual test source.
inline std::shared_ptr<Stream<std::int64_t>> counter(NanoTime period) {
    return count(ticker(period));
}

template <class T, class Pred>
std::shared_ptr<StopWhen<T, Pred>> stop_when(std::shared_ptr<Stream<T>> upstream, Pred pred) {
    return std::make_shared<StopWhen<T, Pred>>(std::move(upstream), std::move(pred));
}

} // namespace wingfoil::testing
