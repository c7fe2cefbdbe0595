#pragma once
// ZmqStatus: the connection state a zmq_sub reports on its status stream, and its text form (the
// strings Python sees). Plain values; safe on any thread.

#include <string_view>

namespace wingfoil::adapters::zmq {

/// The subscriber's view of its publisher. Python: "connected" / "disconnected".
enum class ZmqStatus {
    connected,    ///< the SUB socket has a TCP (or IPC) connection to a publisher
    disconnected, ///< the connection dropped, or the publisher ended its stream cleanly
};

/// "connected" or "disconnected". Constant time, no allocation.
constexpr std::string_view to_string(ZmqStatus status) noexcept {
    return status == ZmqStatus::connected ? "connected" : "disconnected";
}

} // namespace wingfoil::adapters::zmq
