// Tests for NegateStream (Python: Stream.not()): arithmetic negation of every upstream value.

#include "wingfoil/ops/negate.h"

#include "support/recorder.h"
#include "support/script_source.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace {

namespace wf = wingfoil;
using wf::RunOptions;
using wf::testing::record;
using wf::testing::script;

TEST(NegateStream, NegatesIntegersArithmetically) {
    auto src = script<std::int64_t>({{0, 1}, {1, -5}, {2, 0}});
    auto out = record<std::int64_t>(wf::negate(src));
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (std::vector<std::int64_t>{-1, 5, 0}));
}

TEST(NegateStream, NegatesDoublesIncludingZero) {
    auto src = script<double>({{0, 2.5}, {1, 0.0}});
    auto out = record<double>(wf::negate(src));
    wf::testing::run_once({out}, RunOptions::historical());

    auto values = out->values();
    ASSERT_EQ(values.size(), 2u);
    EXPECT_EQ(values[0], -2.5);
    EXPECT_EQ(values[1], 0.0);
    EXPECT_TRUE(std::signbit(values[1]));
}

} // namespace
