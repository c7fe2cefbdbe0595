#pragma once
// NanoTime: the engine's clock value, int64 nanoseconds since the Unix epoch (UTC), and the few
// conversions every layer needs. Plain values; safe on any thread.

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

namespace wingfoil {

/// Nanoseconds since 1970-01-01T00:00:00Z. Also used for durations.
using NanoTime = std::int64_t;

inline constexpr NanoTime kNanosPerSecond = 1'000'000'000;

/// A time later than any real event; "no end" for run bounds.
inline constexpr NanoTime kNeverTime = std::numeric_limits<NanoTime>::max();

/// Converts a std::chrono duration to NanoTime nanoseconds.
template <class Rep, class Period>
constexpr NanoTime to_nanos(std::chrono::duration<Rep, Period> d) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
}

/// Float seconds since the epoch, as handed to Python (t / 1e9 in double).
constexpr double to_seconds(NanoTime t) { return static_cast<double>(t) / 1e9; }

/// Adds without overflowing: saturates at kNeverTime.
constexpr NanoTime saturating_add(NanoTime a, NanoTime b) {
    return (b > 0 && a > kNeverTime - b) ? kNeverTime : a + b;
}

/// ISO-8601 UTC text with nanoseconds, e.g. "2024-01-02T09:30:00.000000123Z". For messages.
std::string format_iso(NanoTime t);

} // namespace wingfoil
