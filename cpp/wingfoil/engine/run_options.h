#pragma once
// RunOptions: how a Graph runs. Historical mode replays from `start` as fast as possible, jumping
// from event to event; realtime mode follows the wall clock. `duration` and `cycles` bound the run
// (at most one of them); without either a historical run ends when nothing is queued.

#include "wingfoil/core/nano_time.h"

#include <cstdint>
#include <optional>

namespace wingfoil {

/// How the engine waits for work in realtime mode.
enum class WaitStrategy {
    sleep,     ///< block in the kernel until a callback is due or an I/O thread wakes it
    busy_poll, ///< spin on the wake-up counter: lowest latency, one core at 100 %
};

struct RunOptions {
    bool realtime = false;
    NanoTime start = 0;                 ///< historical only
    std::optional<NanoTime> duration;   ///< run every cycle with time <= start + duration
    std::optional<std::uint64_t> cycles; ///< run at most this many cycles
    WaitStrategy wait = WaitStrategy::sleep;

    /// Historical replay from `start_time`.
    static RunOptions historical(NanoTime start_time = 0) {
        RunOptions o;
        o.start = start_time;
        return o;
    }

    /// Live on the wall clock.
    static RunOptions live() {
        RunOptions o;
        o.realtime = true;
        return o;
    }

    RunOptions& for_cycles(std::uint64_t n) {
        cycles = n;
        return *this;
    }

    RunOptions& for_duration(NanoTime d) {
        duration = d;
        return *this;
    }
};

} // namespace wingfoil
