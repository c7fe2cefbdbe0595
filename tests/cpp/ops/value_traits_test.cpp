// Tests for the default ValueTraits<T>: C++ equality, subtraction, negation and conversion to
// double, the operations distinct, difference, not, sum and average rely on.

#include "wingfoil/ops/value_traits.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace {

using wingfoil::ValueTraits;

TEST(ValueTraits, IntegersUseTheBuiltInOperators) {
    using T = ValueTraits<std::int64_t>;
    EXPECT_TRUE(T::equal(3, 3));
    EXPECT_FALSE(T::equal(3, 4));
    EXPECT_EQ(T::subtract(10, 4), 6);
    EXPECT_EQ(T::negate(-5), 5);
    EXPECT_EQ(T::to_double(7), 7.0);
}

TEST(ValueTraits, DoublesUseTheBuiltInOperators) {
    using T = ValueTraits<double>;
    EXPECT_TRUE(T::equal(1.0, 1.0));
    EXPECT_EQ(T::subtract(0.5, 1.5), -1.0);
    EXPECT_EQ(T::negate(2.5), -2.5);
    EXPECT_EQ(T::to_double(0.1), 0.1);
}

TEST(ValueTraits, EqualityWorksForNonArithmeticTypes) {
    using T = ValueTraits<std::string>;
    EXPECT_TRUE(T::equal("a", "a"));
    EXPECT_FALSE(T::equal("a", "b"));
}

} // namespace
