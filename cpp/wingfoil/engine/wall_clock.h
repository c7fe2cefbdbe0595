#pragma once
// WallClock: realtime engine time. Unix-epoch nanoseconds read once at start, plus monotonic
// elapsed time since then, so engine time follows the calendar but never jumps backwards when NTP
// adjusts the system clock. Engine thread only.

#include "wingfoil/core/nano_time.h"

#include <chrono>

namespace wingfoil {

class WallClock {
public:
    using Steady = std::chrono::steady_clock;

    /// Anchors the clock at the current system time.
    void anchor() {
        epoch_origin_ = to_nanos(std::chrono::system_clock::now().time_since_epoch());
        steady_origin_ = Steady::now();
    }

    /// Current engine time. One steady_clock read (vDSO, about 20 ns).
    NanoTime now() const { return epoch_origin_ + to_nanos(Steady::now() - steady_origin_); }

    /// The steady-clock instant at which now() will read `t`.
    Steady::time_point steady_at(NanoTime t) const {
        return steady_origin_ + std::chrono::nanoseconds(t - epoch_origin_);
    }

private:
    NanoTime epoch_origin_ = 0;
    Steady::time_point steady_origin_{};
};

} // namespace wingfoil
