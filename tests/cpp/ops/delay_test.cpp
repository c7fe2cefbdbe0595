// Tests for DelayStream (Python: Stream.delay(seconds)): a zero delay passes values through in
// the same cycle; a positive delay emits each value exactly `delay` later, takes the first value
// at once without ticking, keeps a historical run alive, uses up cycles, and drops what is not
// due when a run ends; a negative delay is rejected.

#include "wingfoil/ops/delay.h"

#include "support/recorder.h"
#include "support/script_source.h"
#include "wingfoil/core/error.h"
#include "wingfoil/ops/bimap.h"
#include "wingfoil/ops/constant.h"
#include "wingfoil/ops/count.h"
#include "wingfoil/ops/ticker.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace {

namespace wf = wingfoil;
using wf::Graph;
using wf::kNanosPerSecond;
using wf::NanoTime;
using wf::RunOptions;
using wf::testing::record;
using wf::testing::script;
using Ints = std::vector<std::int64_t>;
using Times = std::vector<NanoTime>;
using Pair = std::pair<std::int64_t, std::int64_t>;

constexpr NanoTime kMs = 1'000'000;

TEST(DelayStream, ZeroDelayPassesValuesThroughInTheSameCycle) {
    auto src = script<std::int64_t>({{0, 1}, {10, 2}});
    auto out = record<std::int64_t>(wf::delay(src, 0));
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (Ints{1, 2}));
    EXPECT_EQ(out->offsets(), (Times{0, 10}));
}

// 0.25 s delay of a 0.1 s ticker's count: 1 at 0.25 s and 2 at 0.35 s within six cycles.
TEST(DelayStream, EmitsEachValueExactlyTheDelayLater) {
    auto delayed = wf::delay(wf::count(wf::ticker(100 * kMs)), 250 * kMs);
    auto out = record<std::int64_t>(delayed);
    wf::testing::run_once({out}, RunOptions::historical().for_cycles(6));

    EXPECT_EQ(out->values(), (Ints{1, 2}));
    EXPECT_EQ(out->offsets(), (Times{250 * kMs, 350 * kMs}));
}

TEST(DelayStream, PendingEmissionsKeepAHistoricalRunAlive) {
    auto out = record<int>(wf::delay(wf::constant(7), kNanosPerSecond / 2));
    Graph graph({out});
    graph.run(RunOptions::historical());

    EXPECT_EQ(out->values(), (std::vector<int>{7}));
    EXPECT_EQ(out->offsets(), (Times{kNanosPerSecond / 2}));
    EXPECT_EQ(graph.cycle_count(), 2u);
}

TEST(DelayStream, EqualValuesAreEachDelivered) {
    auto src = script<std::int64_t>({{0, 5}, {10, 5}, {20, 5}});
    auto out = record<std::int64_t>(wf::delay(src, 100));
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (Ints{5, 5, 5}));
    EXPECT_EQ(out->offsets(), (Times{100, 110, 120}));
}

// a = ticker(1 s).count(); bimap(a, a.delay(2.5 s)) over six cycles: the delayed side shows the
// first value from the very first cycle, before its first emission.
TEST(DelayStream, TakesTheFirstValueAtOnceWithoutTicking) {
    auto a = wf::count(wf::ticker(kNanosPerSecond));
    auto delayed = wf::delay(a, 5 * kNanosPerSecond / 2);
    auto pairs = wf::bimap(
        a, delayed, [](std::int64_t x, std::int64_t y) { return Pair{x, y}; });
    auto out = record<Pair>(pairs);
    wf::testing::run_once({out}, RunOptions::historical().for_cycles(6));

    EXPECT_EQ(out->values(),
              (std::vector<Pair>{{1, 1}, {2, 1}, {3, 1}, {3, 1}, {4, 1}, {4, 2}}));
    EXPECT_EQ(delayed->tick_count(), 2u);
    EXPECT_TRUE(delayed->has_value());
}

TEST(DelayStream, EmissionsUseUpCycles) {
    auto src = script<std::int64_t>({{0, 1}, {100, 2}});
    auto delayed = wf::delay(src, 250);
    auto out = record<std::int64_t>(delayed);
    Graph graph({out});
    graph.run(RunOptions::historical().for_cycles(3));

    EXPECT_EQ(out->values(), (Ints{1}));
    EXPECT_EQ(out->offsets(), (Times{250}));
}

// Run 1 ends before anything is due. Run 2 starts later than every stale due time: a stale value
// would be emitted in run 2's first cycle; only run 2's own values may come out.
TEST(DelayStream, ValuesNotDueWhenARunEndsAreDropped) {
    auto delayed = wf::delay(wf::count(wf::ticker(10)), 100);
    auto out = record<std::int64_t>(delayed);
    Graph graph({out});
    graph.run(RunOptions::historical(0).for_duration(50));
    EXPECT_TRUE(out->values().empty());

    graph.run(RunOptions::historical(1000).for_duration(120));
    EXPECT_EQ(out->values(), (Ints{7, 8, 9}));
    EXPECT_EQ(out->offsets(), (Times{100, 110, 120}));
}

TEST(DelayStream, NegativeDelayIsRejectedWithValueError) {
    auto src = script<std::int64_t>({{0, 1}});
    try {
        wf::delay(src, -1);
        ADD_FAILURE() << "delay(-1) was accepted";
    } catch (const wf::ValueError& e) {
        EXPECT_STREQ(e.what(), "delay can not be negative");
    }
}

} // namespace
