// Tests for NanoTime and its helpers: chrono conversion, seconds as double, saturating addition
// and the ISO-8601 text used in error messages.

#include "wingfoil/core/nano_time.h"

#include <gtest/gtest.h>

#include <chrono>
#include <limits>

namespace {

using wingfoil::format_iso;
using wingfoil::kNanosPerSecond;
using wingfoil::kNeverTime;
using wingfoil::NanoTime;
using wingfoil::saturating_add;
using wingfoil::to_nanos;
using wingfoil::to_seconds;

TEST(NanoTime, IsSignedSixtyFourBitAndNeverTimeIsItsMaximum) {
    static_assert(sizeof(NanoTime) == 8);
    static_assert(std::numeric_limits<NanoTime>::is_signed);
    EXPECT_EQ(kNeverTime, std::numeric_limits<NanoTime>::max());
    EXPECT_EQ(kNanosPerSecond, 1'000'000'000);
}

TEST(NanoTime, ToNanosConvertsChronoDurationsExactly) {
    using namespace std::chrono_literals;
    EXPECT_EQ(to_nanos(1s), 1'000'000'000);
    EXPECT_EQ(to_nanos(250ms), 250'000'000);
    EXPECT_EQ(to_nanos(3us), 3'000);
    EXPECT_EQ(to_nanos(7ns), 7);
    EXPECT_EQ(to_nanos(-2s), -2'000'000'000);
    static_assert(to_nanos(std::chrono::minutes(1)) == 60 * kNanosPerSecond);
}

TEST(NanoTime, ToNanosTruncatesFractionalDurations) {
    EXPECT_EQ(to_nanos(std::chrono::duration<double>(1.5e-9)), 1);
    EXPECT_EQ(to_nanos(std::chrono::duration<double, std::milli>(0.25)), 250'000);
}

TEST(NanoTime, ToSecondsDividesByOneBillionInDouble) {
    EXPECT_EQ(to_seconds(0), 0.0);
    EXPECT_EQ(to_seconds(100'000'000), 0.1);
    EXPECT_EQ(to_seconds(1'700'000'000'500'000'000), 1700000000.5);
    EXPECT_EQ(to_seconds(-kNanosPerSecond), -1.0);
}

TEST(NanoTime, SaturatingAddAddsWhenThereIsRoom) {
    EXPECT_EQ(saturating_add(10, 5), 15);
    EXPECT_EQ(saturating_add(10, 0), 10);
    EXPECT_EQ(saturating_add(10, -15), -5);
    EXPECT_EQ(saturating_add(kNeverTime - 5, 5), kNeverTime);
}

TEST(NanoTime, SaturatingAddClampsAtNeverTimeInsteadOfOverflowing) {
    EXPECT_EQ(saturating_add(kNeverTime - 5, 6), kNeverTime);
    EXPECT_EQ(saturating_add(kNeverTime, 1), kNeverTime);
    EXPECT_EQ(saturating_add(1, kNeverTime), kNeverTime);
    static_assert(saturating_add(kNeverTime, kNeverTime) == kNeverTime);
}

TEST(NanoTime, FormatIsoPrintsTheEpochWithNineFractionDigits) {
    EXPECT_EQ(format_iso(0), "1970-01-01T00:00:00.000000000Z");
}

TEST(NanoTime, FormatIsoPrintsCalendarTimeInUtc) {
    EXPECT_EQ(format_iso(1'704'187'800 * kNanosPerSecond + 123),
              "2024-01-02T09:30:00.000000123Z");
    EXPECT_EQ(format_iso(1'700'000'000'500'000'000), "2023-11-14T22:13:20.500000000Z");
}

TEST(NanoTime, FormatIsoHandlesTimesBeforeTheEpoch) {
    EXPECT_EQ(format_iso(-1), "1969-12-31T23:59:59.999999999Z");
    EXPECT_EQ(format_iso(-kNanosPerSecond), "1969-12-31T23:59:59.000000000Z");
}

TEST(NanoTime, FormatIsoPrintsTheLatestRepresentableTime) {
    EXPECT_EQ(format_iso(kNeverTime), "2262-04-11T23:47:16.854775807Z");
}

} // namespace
