// Tests for DistinctStream (Python: Stream.distinct()): the first value is always emitted, even
// one equal to the default value; later values equal to the last emitted one are suppressed; a
// value that never equals itself (NaN) is always emitted.

#include "wingfoil/ops/distinct.h"

#include "support/recorder.h"
#include "support/script_source.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace {

namespace wf = wingfoil;
using wf::NanoTime;
using wf::RunOptions;
using wf::testing::record;
using wf::testing::script;
using Ints = std::vector<std::int64_t>;
using Times = std::vector<NanoTime>;

TEST(DistinctStream, SuppressesValuesEqualToTheLastEmittedOne) {
    auto src = script<std::int64_t>({{0, 1}, {1, 1}, {2, 2}, {3, 2}, {4, 2}, {5, 1}, {6, 3}});
    auto out = record<std::int64_t>(wf::distinct(src));
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (Ints{1, 2, 1, 3}));
    EXPECT_EQ(out->offsets(), (Times{0, 2, 5, 6}));
}

TEST(DistinctStream, AlwaysEmitsTheFirstValueEvenWhenItEqualsTheDefault) {
    auto src = script<std::int64_t>({{0, 0}, {1, 0}, {2, 3}});
    auto out = record<std::int64_t>(wf::distinct(src));
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (Ints{0, 3}));
}

TEST(DistinctStream, ComparesStringsByValue) {
    using S = std::string;
    auto src = script<S>({{0, S("a")}, {1, S("a")}, {2, S("b")}, {3, S("a")}});
    auto out = record<S>(wf::distinct(src));
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (std::vector<S>{"a", "b", "a"}));
}

TEST(DistinctStream, EmitsNanEveryTimeBecauseItNeverEqualsItself) {
    constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
    auto src = script<double>({{0, kNan}, {1, kNan}, {2, 1.0}, {3, 1.0}});
    auto out = record<double>(wf::distinct(src));
    wf::testing::run_once({out}, RunOptions::historical());

    auto values = out->values();
    ASSERT_EQ(values.size(), 3u);
    EXPECT_TRUE(std::isnan(values[0]));
    EXPECT_TRUE(std::isnan(values[1]));
    EXPECT_EQ(values[2], 1.0);
}

} // namespace
