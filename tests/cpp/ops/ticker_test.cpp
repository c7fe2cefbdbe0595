// Tests for TickerNode (Python: ticker(seconds)): the first tick at the run's start time, one tick
// per period after it without drift, period 0 ticking 1 ns apart, re-anchoring in every run,
// rejection of a negative period, and a realtime ticker.

#include "wingfoil/ops/ticker.h"

#include "support/recorder.h"
#include "support/script_source.h"
#include "wingfoil/core/error.h"
#include "wingfoil/ops/count.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

namespace wf = wingfoil;
using wf::Graph;
using wf::kNanosPerSecond;
using wf::NanoTime;
using wf::RunOptions;
using wf::testing::record;
using wf::testing::script;
using Times = std::vector<NanoTime>;
using Ints = std::vector<std::int64_t>;

constexpr NanoTime kStart = 1'700'000'000 * kNanosPerSecond;
constexpr NanoTime kMs = 1'000'000;

TEST(TickerNode, TicksAtStartAndThenEveryPeriod) {
    auto ticks = record<std::int64_t>(wf::count(wf::ticker(100 * kMs)));
    Graph graph({ticks});
    graph.run(RunOptions::historical(kStart).for_cycles(4));

    EXPECT_EQ(ticks->offsets(), (Times{0, 100 * kMs, 200 * kMs, 300 * kMs}));
    EXPECT_EQ(ticks->values(), (Ints{1, 2, 3, 4}));
}

TEST(TickerNode, FirstTickIsTheStartTimeWithoutAlignmentToThePeriod) {
    constexpr NanoTime kHalf = kStart + kNanosPerSecond / 2;
    auto ticks = record<std::int64_t>(wf::count(wf::ticker(100 * kMs)));
    Graph graph({ticks});
    graph.run(RunOptions::historical(kHalf).for_cycles(2));

    EXPECT_EQ(ticks->times(), (Times{kHalf, kHalf + 100 * kMs}));
}

TEST(TickerNode, ZeroPeriodTicksEveryNanosecond) {
    auto ticks = record<std::int64_t>(wf::count(wf::ticker(0)));
    Graph graph({ticks});
    graph.run(RunOptions::historical(kStart).for_cycles(3));

    EXPECT_EQ(ticks->offsets(), (Times{0, 1, 2}));
}

TEST(TickerNode, ExtraCyclesFromOtherSourcesDoNotShiftTheTicks) {
    auto ticks = record<std::int64_t>(wf::count(wf::ticker(100)));
    auto other = script<int>({{150, 1}, {250, 2}, {251, 3}});
    Graph graph({ticks, other});
    graph.run(RunOptions::historical(kStart).for_duration(300));

    EXPECT_EQ(ticks->offsets(), (Times{0, 100, 200, 300}));
}

TEST(TickerNode, EachRunReanchorsOnItsOwnFirstTick) {
    auto ticks = record<std::int64_t>(wf::count(wf::ticker(100)));
    Graph graph({ticks});
    graph.run(RunOptions::historical(0).for_cycles(3));
    graph.run(RunOptions::historical(kStart).for_cycles(2));

    EXPECT_EQ(ticks->times(), (Times{0, 100, 200, kStart, kStart + 100}));
    EXPECT_EQ(ticks->values(), (Ints{1, 2, 3, 4, 5}));
}

TEST(TickerNode, NegativePeriodIsRejectedWithValueError) {
    try {
        wf::ticker(-1);
        ADD_FAILURE() << "ticker(-1) was accepted";
    } catch (const wf::ValueError& e) {
        EXPECT_STREQ(e.what(), "ticker period can not be negative");
    }
}

TEST(TickerNode, HasNoValueOfItsOwnButCountsItsTicks) {
    auto ticker = wf::ticker(kMs);
    Graph graph({ticker});
    graph.run(RunOptions::historical(kStart).for_cycles(5));

    EXPECT_EQ(ticker->tick_count(), 5u);
    EXPECT_EQ(ticker->type_name(), "TickerNode");
}

TEST(TickerNode, RealtimeTickerTicksAtStartThenNotBeforeEachPeriod) {
    auto ticks = record<std::int64_t>(wf::count(wf::ticker(2 * kMs)));
    Graph graph({ticks});
    graph.run(RunOptions::live().for_cycles(4));

    const Times offsets = ticks->offsets();
    ASSERT_EQ(offsets.size(), 4u);
    EXPECT_GE(offsets[0], 0);
    for (std::size_t k = 1; k < offsets.size(); ++k) {
        EXPECT_GE(offsets[k], offsets[0] + static_cast<NanoTime>(k) * 2 * kMs) << "tick " << k;
    }
}

} // namespace
