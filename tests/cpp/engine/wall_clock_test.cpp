// Tests for WallClock: engine time is Unix-epoch nanoseconds that never go backwards, and
// steady_at() maps engine times back to the monotonic clock with the same spacing.

#include "wingfoil/engine/wall_clock.h"

#include <gtest/gtest.h>

#include <chrono>

namespace {

using wingfoil::NanoTime;
using wingfoil::to_nanos;
using wingfoil::WallClock;

TEST(WallClock, NowIsBetweenSystemClockReadingsTakenAroundIt) {
    NanoTime before = to_nanos(std::chrono::system_clock::now().time_since_epoch());
    WallClock clock;
    clock.anchor();
    NanoTime now = clock.now();
    NanoTime after = to_nanos(std::chrono::system_clock::now().time_since_epoch());
    EXPECT_GE(now, before);
    EXPECT_LE(now, after);
}

TEST(WallClock, NowNeverGoesBackwards) {
    WallClock clock;
    clock.anchor();
    NanoTime previous = clock.now();
    for (int i = 0; i < 100'000; ++i) {
        NanoTime t = clock.now();
        ASSERT_GE(t, previous);
        previous = t;
    }
}

TEST(WallClock, SteadyAtKeepsTheSpacingOfEngineTimes) {
    WallClock clock;
    clock.anchor();
    NanoTime t = clock.now();
    auto a = clock.steady_at(t);
    auto b = clock.steady_at(t + 1'500);
    EXPECT_EQ(std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count(), 1'500);
    // An engine time already read maps to a steady instant that has already passed.
    EXPECT_LE(a, WallClock::Steady::now());
}

} // namespace
