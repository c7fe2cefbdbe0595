// Tests for ConstantStream (Python: constant(val)): holds its value from construction, ticks once
// per run in the first cycle at the start time, and again in every later run.

#include "wingfoil/ops/constant.h"

#include "support/recorder.h"
#include "wingfoil/ops/count.h"
#include "wingfoil/ops/ticker.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace {

namespace wf = wingfoil;
using wf::Graph;
using wf::kNanosPerSecond;
using wf::NanoTime;
using wf::RunOptions;
using wf::testing::record;
using Times = std::vector<NanoTime>;

constexpr NanoTime kStart = 1'700'000'000 * kNanosPerSecond;

TEST(ConstantStream, HoldsItsValueBeforeAnyRun) {
    auto c = wf::constant(std::string("seven"));
    EXPECT_EQ(c->value(), "seven");
    EXPECT_TRUE(c->has_value());
    EXPECT_EQ(c->tick_count(), 0u);
}

TEST(ConstantStream, TicksOnceAtTheStartTime) {
    auto out = record<int>(wf::constant(42));
    Graph graph({out});
    graph.run(RunOptions::historical(kStart));

    EXPECT_EQ(out->times(), (Times{kStart}));
    EXPECT_EQ(out->values(), (std::vector<int>{42}));
    EXPECT_EQ(graph.cycle_count(), 1u);
}

TEST(ConstantStream, TicksOnlyInTheFirstCycleOfABusyRun) {
    auto c = wf::constant(1.5);
    auto out = record<double>(c);
    auto busy = wf::count(wf::ticker(10));
    Graph graph({out, busy});
    graph.run(RunOptions::historical(kStart).for_cycles(5));

    EXPECT_EQ(out->times(), (Times{kStart}));
    EXPECT_EQ(busy->value(), 5);
}

TEST(ConstantStream, TicksAgainInEveryRun) {
    auto c = wf::constant(3);
    auto out = record<int>(c);
    Graph graph({out});
    graph.run(RunOptions::historical(0));
    graph.run(RunOptions::historical(kStart));

    EXPECT_EQ(out->times(), (Times{0, kStart}));
    EXPECT_EQ(c->tick_count(), 2u);
    EXPECT_EQ(c->value(), 3);
}

} // namespace
