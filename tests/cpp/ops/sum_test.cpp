// Tests for SumStream (Python: Stream.sum()): the running sum as double from 0.0, for integer and
// floating inputs, kept across runs.

#include "wingfoil/ops/sum.h"

#include "support/recorder.h"
#include "support/script_source.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

namespace wf = wingfoil;
using wf::Graph;
using wf::RunOptions;
using wf::testing::record;
using wf::testing::script;
using Doubles = std::vector<double>;

TEST(SumStream, SumsIntegersAsDoubles) {
    auto src = script<std::int64_t>({{0, 1}, {1, 2}, {2, 3}});
    auto out = record<double>(wf::sum(src));
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (Doubles{1.0, 3.0, 6.0}));
}

TEST(SumStream, SumsDoublesInArrivalOrder) {
    auto src = script<double>({{0, 0.1}, {1, 0.2}, {2, -0.5}});
    auto out = record<double>(wf::sum(src));
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (Doubles{0.1, 0.1 + 0.2, (0.1 + 0.2) - 0.5}));
}

TEST(SumStream, KeepsItsTotalAcrossRuns) {
    auto src = script<std::int64_t>({{0, 2}, {1, 3}});
    auto total = wf::sum(src);
    Graph graph({total});
    graph.run(RunOptions::historical());
    graph.run(RunOptions::historical());

    EXPECT_EQ(total->value(), 10.0);
}

TEST(SumStream, HasNoValueBeforeItsFirstInput) {
    auto total = wf::sum(script<std::int64_t>({{0, 1}}));
    EXPECT_FALSE(total->has_value());
    EXPECT_EQ(total->value(), 0.0);
}

} // namespace
