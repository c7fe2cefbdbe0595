#include "wingfoil/adapters/csv/time_parse.h"

#include "wingfoil/core/error.h"

#include <algorithm>
#include <limits>
#include <string>

namespace wingfoil::adapters::csv {

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

// A byte for an error message: itself if printable ASCII, else `\xNN` (a NUL would otherwise cut
// the message short, since what() is a C string).
void append_visible(std::string& out, char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F) {
        out.push_back(c);
        return;
    }
    constexpr std::string_view kHex = "0123456789ABCDEF";
    out += "\\x";
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0x0F]);
}

// The text as it appears in error messages: quoted, made visible, and cut short if it is long.
std::string quote_text(std::string_view text) {
    constexpr std::size_t kShown = 40;
    std::string out = "'";
    for (const char c : text.substr(0, kShown)) {
        append_visible(out, c);
    }
    if (text.size() <= kShown) {
        return out + "'";
    }
    return out + "...' (" + std::to_string(text.size()) + " bytes)";
}

// A character for an error message: "character 'x'" if printable ASCII, else "byte 0xNN".
std::string describe_char(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F) {
        return std::string("character '") + c + "'";
    }
    constexpr std::string_view kHex = "0123456789ABCDEF";
    return std::string("byte 0x") + kHex[byte >> 4] + kHex[byte & 0x0F];
}

[[noreturn]] void fail(std::string_view text, const std::string& what) {
    throw ValueError("invalid time " + quote_text(text) + ": " + what);
}

// Reads the run of digits starting at `pos` into `value` (overflow-checked) and returns the
// position after it. Stops at the first non-digit.
std::size_t read_digits(std::string_view text, std::size_t pos, std::int64_t& value) {
    value = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        const int digit = text[pos] - '0';
        if (value > kMax / 10 || (value == kMax / 10 && digit > kMax % 10)) {
            fail(text, "out of range (does not fit in a signed 64-bit nanosecond count)");
        }
        value = value * 10 + digit;
        ++pos;
    }
    return pos;
}

} // namespace

std::int64_t parse_time(std::string_view text, const TimeFormat& fmt) {
    if (fmt.unit_ns <= 0) {
        throw ValueError("invalid time format: unit_ns must be positive, got " +
                         std::to_string(fmt.unit_ns));
    }
    if (text.empty()) {
        fail(text, "the value is empty");
    }

    std::size_t pos = 0;
    if (text[0] == '-') {
        fail(text, "negative times are not allowed");
    }
    if (text[0] == '+') {
        pos = 1;
    }

    // Integer part.
    std::int64_t whole = 0;
    const std::size_t whole_end = read_digits(text, pos, whole);
    if (whole_end == pos) {
        if (pos == text.size()) {
            fail(text, "no digits");
        }
        if (text[pos] == '.') {
            fail(text, "no digits before the decimal point");
        }
        fail(text, "unexpected " + describe_char(text[pos]) + " at position " +
                       std::to_string(pos));
    }
    pos = whole_end;

    // Optional fraction: its digits must scale to a whole number of ns in this unit.
    std::int64_t fraction_ns = 0;
    if (pos < text.size() && text[pos] == '.') {
        int max_decimals = 0;
        std::int64_t step = fmt.unit_ns; // ns per unit of the last allowed decimal
        while (step % 10 == 0) {
            step /= 10;
            ++max_decimals;
        }
        if (max_decimals == 0) {
            fail(text, "a fraction is not allowed when the unit is " +
                           std::to_string(fmt.unit_ns) + " ns");
        }
        const std::size_t first = pos + 1;
        std::size_t end = first;
        while (end < text.size() && text[end] >= '0' && text[end] <= '9') {
            ++end;
        }
        const std::size_t decimals = end - first;
        if (decimals == 0) {
            fail(text, "no digits after the decimal point");
        }
        // Digits below the unit's resolution (float artefacts such as "35821.088778456004"
        // in real LOBSTER files) are rounded half up to the nearest representable value.
        const std::size_t kept = std::min(decimals, static_cast<std::size_t>(max_decimals));

        // fraction digits * (unit / 10^kept) is below unit_ns, so it cannot overflow.
        std::int64_t scale = fmt.unit_ns;
        std::int64_t digits = 0;
        for (std::size_t i = first; i < first + kept; ++i) {
            digits = digits * 10 + (text[i] - '0');
            scale /= 10;
        }
        fraction_ns = digits * scale;
        if (decimals > kept && text[first + kept] >= '5') {
            fraction_ns += scale; // may reach unit_ns: a carry into the whole part, still exact
        }
        pos = end;
    }

    if (pos != text.size()) {
        fail(text, "unexpected " + describe_char(text[pos]) + " at position " +
                       std::to_string(pos));
    }

    std::int64_t result = 0;
    if (__builtin_mul_overflow(whole, fmt.unit_ns, &result) ||
        __builtin_add_overflow(result, fraction_ns, &result) ||
        __builtin_add_overflow(result, fmt.offset_ns, &result)) {
        fail(text, "out of range (does not fit in a signed 64-bit nanosecond count)");
    }
    if (result < 0) {
        fail(text, "the result, " + std::to_string(result) + " ns, is before the Unix epoch");
    }
    return result;
}

} // namespace wingfoil::adapters::csv
