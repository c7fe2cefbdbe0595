// Tests for AverageStream (Python: Stream.average()): the running mean by the incremental update
// m += (x - m) / k, bit for bit, for integer and floating inputs.

#include "wingfoil/ops/average.h"

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

TEST(AverageStream, MatchesTheIncrementalMeanBitForBit) {
    auto src = script<double>({{0, 0.1}, {1, 0.2}, {2, 0.3}});
    auto out = record<double>(wf::average(src));
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (Doubles{0.1, 0.15000000000000002, 0.2}));
}

TEST(AverageStream, AveragesIntegersAsDoubles) {
    auto src = script<std::int64_t>({{0, 1}, {1, 2}, {2, 3}, {3, 4}});
    auto out = record<double>(wf::average(src));
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (Doubles{1.0, 1.5, 2.0, 2.5}));
}

TEST(AverageStream, KeepsItsMeanAcrossRuns) {
    auto src = script<std::int64_t>({{0, 2}, {1, 4}});
    auto mean = wf::average(src);
    Graph graph({mean});
    graph.run(RunOptions::historical());
    graph.run(RunOptions::historical());

    EXPECT_EQ(mean->value(), 3.0);
    EXPECT_EQ(mean->tick_count(), 4u);
}

} // namespace
