// Tests for CountStream (Python: Node.count(), Stream.count()): 1, 2, 3... per upstream tick,
// counting ticks and not runs, working on value-less nodes, and continuing across runs.

#include "wingfoil/ops/count.h"

#include "support/recorder.h"
#include "support/script_source.h"
#include "wingfoil/ops/filter.h"
#include "wingfoil/ops/ticker.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

namespace wf = wingfoil;
using wf::Graph;
using wf::RunOptions;
using wf::testing::record;
using wf::testing::script;
using Ints = std::vector<std::int64_t>;

TEST(CountStream, CountsTheTicksOfANodeWithoutAValue) {
    auto counted = record<std::int64_t>(wf::count(wf::ticker(5)));
    wf::testing::run_once({counted}, RunOptions::historical().for_cycles(4));

    EXPECT_EQ(counted->values(), (Ints{1, 2, 3, 4}));
}

TEST(CountStream, CountsTicksNotRunsOfItsUpstream) {
    auto src = script<std::int64_t>({{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}});
    auto odd = wf::filter(src, [](std::int64_t x) { return x % 2 == 1; });
    auto counted = record<std::int64_t>(wf::count(odd));
    wf::testing::run_once({counted}, RunOptions::historical());

    EXPECT_EQ(counted->values(), (Ints{1, 2, 3}));
}

TEST(CountStream, KeepsCountingAcrossRuns) {
    auto counter = wf::count(wf::ticker(100));
    Graph graph({counter});
    graph.run(RunOptions::historical().for_cycles(3));
    graph.run(RunOptions::historical().for_cycles(3));

    EXPECT_EQ(counter->value(), 6);
}

TEST(CountStream, HasNoValueBeforeTheFirstTick) {
    auto counter = wf::count(wf::ticker(1));
    EXPECT_FALSE(counter->has_value());
    EXPECT_EQ(counter->value(), 0);
}

} // namespace
