#pragma once
// parse_time: turns the text of a CSV time column into Unix-epoch nanoseconds, exactly.
// A TimeFormat scales the number (seconds, milliseconds, ns...) and shifts it (for example by the
// midnight of a trading day, for LOBSTER's seconds-after-midnight). Pure functions, no state:
// any thread may call them.

#include <cstdint>
#include <string_view>

namespace wingfoil::adapters::csv {

/// How a time column's number maps onto Unix-epoch nanoseconds:
/// `result = offset_ns + value * unit_ns`.
struct TimeFormat {
    /// Nanoseconds per unit of the column: 1 for ns, 1'000'000'000 for seconds. Must be positive.
    std::int64_t unit_ns = 1;
    /// Nanoseconds added after scaling, e.g. the trading day's midnight for LOBSTER times.
    std::int64_t offset_ns = 0;
};

/// Parses `text` as a non-negative decimal number in `fmt`'s unit and returns
/// `fmt.offset_ns + value * fmt.unit_ns`, computed in exact integer arithmetic (no floating
/// point). Examples: "1000" with the default format is 1000; "34200.004241176" with
/// `unit_ns = 1'000'000'000` is 34'200'004'241'176.
///
/// Accepted text: one or more ASCII digits, optionally preceded by `+`, and, only when
/// `fmt.unit_ns` is a multiple of 10, a `.` followed by one or more digits. Nothing else: no
/// spaces, no `-`, no exponent. The fraction is exact up to as many digits as `unit_ns` has
/// trailing decimal zeros (9 for seconds, 3 for microseconds); digits beyond that are finer than
/// 1 ns and round the result half up to a whole ns ("35821.088778456004" s is
/// 35'821'088'778'456 ns), since real LOBSTER files carry such float artefacts.
///
/// Throws ValueError saying what is wrong, quoting the text: empty text, a `-` sign, an unexpected
/// character (with its position), a fraction the unit does not allow, a result that does not fit
/// in int64, a negative result, or a `fmt.unit_ns` that is not positive.
/// The message does not name a file or line; the caller adds them.
/// Cost: one pass over the text; no allocation unless it throws.
std::int64_t parse_time(std::string_view text, const TimeFormat& fmt);

} // namespace wingfoil::adapters::csv
