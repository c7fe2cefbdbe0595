// Tests for Timed<T>: a value with its cycle time, equal when both parts are equal.

#include "wingfoil/ops/timed.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using wingfoil::Timed;

TEST(Timed, EqualOnlyWhenTimeAndValueAreEqual) {
    Timed<std::string> a{5, "x"};
    EXPECT_TRUE(a == (Timed<std::string>{5, "x"}));
    EXPECT_FALSE(a == (Timed<std::string>{6, "x"}));
    EXPECT_FALSE(a == (Timed<std::string>{5, "y"}));
}

TEST(Timed, DefaultsToTimeZeroAndADefaultValue) {
    Timed<int> t;
    EXPECT_EQ(t.time, 0);
    EXPECT_EQ(t.value, 0);
}

} // namespace
