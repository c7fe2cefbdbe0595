// Tests for parse_time: exact decimal-to-nanosecond goldens in several units, offsets, the
// int64 limits, and one test per kind of malformed input.

#include "wingfoil/adapters/csv/time_parse.h"

#include "wingfoil/core/error.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace {

using wingfoil::adapters::csv::parse_time;
using wingfoil::adapters::csv::TimeFormat;

constexpr std::int64_t kSecond = 1'000'000'000;
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

constexpr TimeFormat kNanos{};
constexpr TimeFormat kSeconds{kSecond, 0};
constexpr TimeFormat kMicros{1'000, 0};
constexpr TimeFormat kMillis{1'000'000, 0};

// The ValueError message for parsing `text`; fails the test if nothing, or anything else, throws.
std::string error_for(std::string_view text, const TimeFormat& fmt) {
    try {
        const std::int64_t value = parse_time(text, fmt);
        ADD_FAILURE() << "'" << text << "' parsed as " << value;
    } catch (const wingfoil::ValueError& e) {
        return e.what();
    }
    return "";
}

// Parsing `text` fails with a message that quotes the text and contains `what`.
void expect_error(std::string_view text, const TimeFormat& fmt, std::string_view what) {
    const std::string message = error_for(text, fmt);
    EXPECT_NE(message.find("invalid time '" + std::string(text) + "'"), std::string::npos)
        << message;
    EXPECT_NE(message.find(what), std::string::npos) << "'" << what << "' not in: " << message;
}

TEST(ParseTime, ParsesPlainNanoseconds) {
    EXPECT_EQ(parse_time("0", kNanos), 0);
    EXPECT_EQ(parse_time("1000", kNanos), 1000);
    EXPECT_EQ(parse_time("1704186600000000123", kNanos), 1704186600000000123);
}

TEST(ParseTime, AcceptsLeadingPlusAndLeadingZeros) {
    EXPECT_EQ(parse_time("+1000", kNanos), 1000);
    EXPECT_EQ(parse_time("0001", kNanos), 1);
    EXPECT_EQ(parse_time("+000", kNanos), 0);
    EXPECT_EQ(parse_time("00000000000000000000000000042", kNanos), 42);
}

TEST(ParseTime, ParsesLobsterSecondsExactly) {
    EXPECT_EQ(parse_time("34200.004241176", kSeconds), 34'200'004'241'176);
    EXPECT_EQ(parse_time("37799.837447053", kSeconds), 37'799'837'447'053);
    EXPECT_EQ(parse_time("34200.00426064", kSeconds), 34'200'004'260'640);
}

TEST(ParseTime, AddsOffsetForLobsterTradingDay) {
    // 2012-06-21T00:00:00Z is 1'340'236'800 s after the epoch.
    const TimeFormat day{kSecond, 1'340'236'800 * kSecond};
    EXPECT_EQ(parse_time("34200.004241176", day), 1'340'271'000'004'241'176);
}

TEST(ParseTime, ScalesFractionsOfEachUnit) {
    EXPECT_EQ(parse_time("1", kSeconds), kSecond);
    EXPECT_EQ(parse_time("1.5", kSeconds), 1'500'000'000);
    EXPECT_EQ(parse_time("0.000000001", kSeconds), 1);
    EXPECT_EQ(parse_time("0.100000000", kSeconds), 100'000'000);
    EXPECT_EQ(parse_time("1.5", kMillis), 1'500'000);
    EXPECT_EQ(parse_time("2.000001", kMillis), 2'000'001);
    EXPECT_EQ(parse_time("1.123", kMicros), 1'123);
    EXPECT_EQ(parse_time("+7.25", kMicros), 7'250);
}

TEST(ParseTime, UnitThatIsNotAPowerOfTenAllowsItsTrailingZerosAsDecimals) {
    const TimeFormat minutes{60 * kSecond, 0};
    EXPECT_EQ(parse_time("1.5", minutes), 90 * kSecond);
    EXPECT_EQ(parse_time("0.0000000001", minutes), 6); // 10 decimals: 6e10 has 10 zeros
    const TimeFormat sevens{7, 0};
    EXPECT_EQ(parse_time("3", sevens), 21);
}

TEST(ParseTime, AppliesOffsetToZero) {
    EXPECT_EQ(parse_time("5", TimeFormat{1, 100}), 105);
    EXPECT_EQ(parse_time("100", TimeFormat{1, -100}), 0);
}

TEST(ParseTime, ReachesInt64Maximum) {
    EXPECT_EQ(parse_time("9223372036854775807", kNanos), kMax);
    EXPECT_EQ(parse_time("9223372036.854775807", kSeconds), kMax);
}

TEST(ParseTime, RejectsEmptyText) { expect_error("", kNanos, "empty"); }

TEST(ParseTime, RejectsMinusSign) {
    expect_error("-1", kNanos, "negative");
    expect_error("-0", kNanos, "negative");
    expect_error("-1.5", kSeconds, "negative");
}

TEST(ParseTime, RejectsSignWithoutDigits) {
    expect_error("+", kNanos, "no digits");
    expect_error("++1", kNanos, "unexpected character '+' at position 1");
    expect_error("+-1", kNanos, "unexpected character '-' at position 1");
}

TEST(ParseTime, RejectsNonDigitsNamingCharacterAndPosition) {
    expect_error(" 123", kNanos, "unexpected character ' ' at position 0");
    expect_error("123 ", kNanos, "unexpected character ' ' at position 3");
    expect_error("1e9", kNanos, "unexpected character 'e' at position 1");
    expect_error("0x10", kNanos, "unexpected character 'x' at position 1");
    expect_error("abc", kNanos, "unexpected character 'a' at position 0");
    expect_error("1.2.3", kSeconds, "unexpected character '.' at position 3");
    expect_error("1,5", kSeconds, "unexpected character ',' at position 1");
}

TEST(ParseTime, ShowsUnprintableBytesAsHexInMessage) {
    // A raw NUL would end what()'s C string early, so the text is shown escaped.
    EXPECT_EQ(error_for(std::string_view("12\0", 3), kNanos),
              "invalid time '12\\x00': unexpected byte 0x00 at position 2");
    EXPECT_EQ(error_for("1\xC2\xA0", kNanos),
              "invalid time '1\\xC2\\xA0': unexpected byte 0xC2 at position 1");
}

TEST(ParseTime, RejectsFractionWhenUnitIsWholeNanoseconds) {
    expect_error("1.5", kNanos, "a fraction is not allowed when the unit is 1 ns");
    expect_error("1.0", TimeFormat{7, 0}, "a fraction is not allowed when the unit is 7 ns");
}

TEST(ParseTime, RejectsDecimalPointWithoutDigitsOnEitherSide) {
    expect_error("1.", kSeconds, "no digits after the decimal point");
    expect_error(".5", kSeconds, "no digits before the decimal point");
    expect_error("+.5", kSeconds, "no digits before the decimal point");
}

// Real LOBSTER files carry float artefacts such as "35821.088778456004": digits below 1 ns are
// rounded half up, never an error.
TEST(ParseTime, RoundsDigitsFinerThanOneNanosecondHalfUp) {
    EXPECT_EQ(parse_time("35821.088778456004", kSeconds), 35'821'088'778'456);
    EXPECT_EQ(parse_time("1.0000000004", kSeconds), kSecond);
    EXPECT_EQ(parse_time("1.0000000005", kSeconds), kSecond + 1);
    EXPECT_EQ(parse_time("1.9999999999", kSeconds), 2 * kSecond);
    EXPECT_EQ(parse_time("1.1234", kMicros), 1'123);
    EXPECT_EQ(parse_time("1.1235", kMicros), 1'124);
}

TEST(ParseTime, RejectsOverflowOfInt64) {
    expect_error("9223372036854775808", kNanos, "out of range");
    expect_error("99999999999999999999999", kNanos, "out of range");
    expect_error("9223372037", kSeconds, "out of range");
    expect_error("9223372036.854775808", kSeconds, "out of range");
    expect_error("9223372036854775807", TimeFormat{1, 1}, "out of range");
}

TEST(ParseTime, RejectsResultBeforeEpoch) {
    expect_error("5", TimeFormat{1, -100}, "the result, -95 ns, is before the Unix epoch");
}

TEST(ParseTime, RejectsUnitThatIsNotPositive) {
    EXPECT_THROW(parse_time("1", TimeFormat{0, 0}), wingfoil::ValueError);
    EXPECT_THROW(parse_time("1", TimeFormat{-1'000, 0}), wingfoil::ValueError);
}

TEST(ParseTime, ShortensLongTextInMessage) {
    const std::string text = std::string(100, '1') + "x";
    const std::string message = error_for(text, kNanos);
    EXPECT_NE(message.find("(101 bytes)"), std::string::npos) << message;
    EXPECT_LT(message.size(), 160u) << message;
}

} // namespace
