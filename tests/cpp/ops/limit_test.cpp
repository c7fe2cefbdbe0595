// Tests for LimitStream (Python: Stream.limit(n)): passes the first n upstream ticks of its
// lifetime, then stops the whole run at the next one without ticking; limit(0) stops at the first
// tick; the counter persists across runs.

#include "wingfoil/ops/limit.h"

#include "support/recorder.h"
#include "wingfoil/ops/collect.h"
#include "wingfoil/ops/count.h"
#include "wingfoil/ops/ticker.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

namespace wf = wingfoil;
using wf::Graph;
using wf::NanoTime;
using wf::RunOptions;
using wf::testing::record;
using Ints = std::vector<std::int64_t>;
using Times = std::vector<NanoTime>;

constexpr NanoTime kMs = 1'000'000;

TEST(LimitStream, PassesTheFirstTicksThenStopsAnUnboundedRun) {
    auto limited = wf::limit(wf::count(wf::ticker(10 * kMs)), 3);
    auto out = record<std::int64_t>(limited);
    Graph graph({out});
    graph.run(RunOptions::historical());

    EXPECT_EQ(out->values(), (Ints{1, 2, 3}));
    EXPECT_EQ(graph.cycle_count(), 4u);
    EXPECT_EQ(limited->tick_count(), 3u);
    EXPECT_EQ(limited->value(), 3);
}

TEST(LimitStream, LimitZeroStopsAtTheFirstTickWithoutTicking) {
    auto limited = wf::limit(wf::count(wf::ticker(10)), 0);
    Graph graph({limited});
    graph.run(RunOptions::historical());

    EXPECT_EQ(graph.cycle_count(), 1u);
    EXPECT_EQ(limited->tick_count(), 0u);
    EXPECT_FALSE(limited->has_value());
}

// Two branches of one graph: the faster limit ends the run for both (a at 0, 10, 20; its 4th
// tick at 30 ms stops; b ticked at 0 and 20 ms).
TEST(LimitStream, StopInOneBranchEndsEveryBranch) {
    auto a = record<std::int64_t>(wf::limit(wf::count(wf::ticker(10 * kMs)), 3));
    auto b = record<std::int64_t>(wf::limit(wf::count(wf::ticker(20 * kMs)), 2));
    Graph graph({a, b});
    graph.run(RunOptions::historical());

    EXPECT_EQ(a->values(), (Ints{1, 2, 3}));
    EXPECT_EQ(b->values(), (Ints{1, 2}));
    EXPECT_EQ(a->offsets(), (Times{0, 10 * kMs, 20 * kMs}));
}

TEST(LimitStream, CounterPersistsSoALaterRunStopsAtOnce) {
    auto limited = wf::limit(wf::count(wf::ticker(10)), 2);
    auto out = record<std::int64_t>(limited);
    Graph graph({out});
    graph.run(RunOptions::historical());
    graph.run(RunOptions::historical());

    EXPECT_EQ(out->values(), (Ints{1, 2}));
    EXPECT_EQ(graph.cycle_count(), 1u);
}

TEST(LimitStream, BoundReachedFirstLeavesTheRemainingAllowance) {
    auto limited = wf::limit(wf::count(wf::ticker(10)), 5);
    auto out = record<std::int64_t>(limited);
    Graph graph({out});
    graph.run(RunOptions::historical().for_cycles(3));
    graph.run(RunOptions::historical());

    EXPECT_EQ(out->values(), (Ints{1, 2, 3, 4, 5}));
}

} // namespace
