// Tests for Graph time and run bounds: historical cycle times (first cycle at the earliest
// callback, +1 ns for callbacks at or before the current time, shared cycles for equal times), the
// duration bound (every cycle with time <= start + duration and no other), the cycles bound
// including 0, exhaustion, stop requests, the last-cycle flag, and the basic realtime clock rules.

#include "wingfoil/engine/graph.h"

#include "support/journal.h"
#include "support/probe_node.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace {

using wingfoil::Graph;
using wingfoil::kNanosPerSecond;
using wingfoil::NanoTime;
using wingfoil::RunOptions;
using wingfoil::testing::Journal;
using wingfoil::testing::probe_after;
using wingfoil::testing::probe_source;
using wingfoil::testing::ProbeNode;
using Times = std::vector<NanoTime>;
using Strings = std::vector<std::string>;

constexpr NanoTime kStart = 1'700'000'000 * kNanosPerSecond;
constexpr NanoTime kMs = 1'000'000;

// A hand-rolled ticker named "tick".
std::shared_ptr<ProbeNode> periodic(const std::shared_ptr<Journal>& journal, NanoTime period) {
    return wingfoil::testing::probe_periodic("tick", journal, period);
}

// Offsets from kStart of the cycles `node` ran in.
Times offsets(const ProbeNode& node, NanoTime start = kStart) {
    Times out;
    for (NanoTime t : node.cycle_times()) {
        out.push_back(t - start);
    }
    return out;
}

TEST(Graph, HistoricalRunStartsAtTheStartOption) {
    auto journal = std::make_shared<Journal>();
    auto src = probe_source("src", journal, {0, 5});
    Graph graph({src});
    graph.run(RunOptions::historical(kStart));

    EXPECT_EQ(src->cycle_times(), (Times{kStart, kStart + 5}));
}

TEST(Graph, FirstCycleIsAtTheEarliestQueuedCallbackNotAtStart) {
    auto journal = std::make_shared<Journal>();
    auto src = probe_source("src", journal, {250, 400});
    Graph graph({src});
    graph.run(RunOptions::historical(kStart));

    EXPECT_EQ(offsets(*src), (Times{250, 400}));
}

TEST(Graph, StartTimeIsTheStartOptionDuringAHistoricalRun) {
    auto journal = std::make_shared<Journal>();
    auto src = probe_source("src", journal, {3});
    NanoTime seen = 0;
    src->on_start = [&seen](ProbeNode&, Graph& graph) { seen = graph.start_time(); };
    Graph graph({src});
    graph.run(RunOptions::historical(kStart));

    EXPECT_EQ(seen, kStart);
    EXPECT_FALSE(graph.realtime());
}

TEST(Graph, CallbackAtTheCurrentTimeFiresOneNanosecondLater) {
    auto journal = std::make_shared<Journal>();
    auto src = probe_source("src", journal, {100});
    src->on_cycle = [](ProbeNode& self, Graph& graph) {
        if (self.cycle_times().size() < 3) {
            graph.add_callback(graph.time(), self);
        }
        return true;
    };
    Graph graph({src});
    graph.run(RunOptions::historical(kStart));

    EXPECT_EQ(offsets(*src), (Times{100, 101, 102}));
}

TEST(Graph, CallbackInThePastFiresOneNanosecondLater) {
    auto journal = std::make_shared<Journal>();
    auto src = probe_source("src", journal, {100});
    src->on_cycle = [](ProbeNode& self, Graph& graph) {
        if (self.cycle_times().size() == 1) {
            graph.add_callback(graph.time() - 50, self);
        }
        return true;
    };
    Graph graph({src});
    graph.run(RunOptions::historical(kStart));

    EXPECT_EQ(offsets(*src), (Times{100, 101}));
}

TEST(Graph, SourcesDueAtTheSameTimeShareOneCycle) {
    auto journal = std::make_shared<Journal>();
    auto a = probe_source("a", journal, {0, 600});
    auto b = probe_source("b", journal, {600});
    auto both = probe_after("both", journal, {a, b});
    Graph graph({both});
    graph.run(RunOptions::historical(kStart));

    EXPECT_EQ(graph.cycle_count(), 2u);
    EXPECT_EQ(offsets(*both), (Times{0, 600}));
}

TEST(Graph, EveryCallbackDueByTheCycleTimeFiresInThatCycle) {
    auto journal = std::make_shared<Journal>();
    // At t=10 `a` queues itself for t=10 (due next cycle, forced to 11) while `b` is due at 11.
    auto a = probe_source("a", journal, {10});
    a->on_cycle = [](ProbeNode& self, Graph& graph) {
        if (self.cycle_times().size() == 1) {
            graph.add_callback(graph.time(), self);
        }
        return true;
    };
    auto b = probe_source("b", journal, {11});
    Graph graph({a, b});
    graph.run(RunOptions::historical(kStart));

    EXPECT_EQ(offsets(*a), (Times{10, 11}));
    EXPECT_EQ(offsets(*b), (Times{11}));
    EXPECT_EQ(graph.cycle_count(), 2u);
}

TEST(Graph, ZeroPeriodSourceTicksOneNanosecondApart) {
    auto journal = std::make_shared<Journal>();
    auto tick = periodic(journal, 0);
    Graph graph({tick});
    graph.run(RunOptions::historical(kStart).for_cycles(4));

    EXPECT_EQ(offsets(*tick), (Times{0, 1, 2, 3}));
}

TEST(Graph, HistoricalRunEndsWhenNothingIsQueued) {
    auto journal = std::make_shared<Journal>();
    auto src = probe_source("src", journal, {0, 7, 9});
    Graph graph({src});
    graph.run(RunOptions::historical(kStart));

    EXPECT_EQ(graph.cycle_count(), 3u);
    EXPECT_EQ(journal->entries().back(), "src.teardown");
}

TEST(Graph, CyclesBoundRunsExactlyThatManyCycles) {
    auto journal = std::make_shared<Journal>();
    auto tick = periodic(journal, 100 * kMs);
    Graph graph({tick});
    graph.run(RunOptions::historical(kStart).for_cycles(5));

    EXPECT_EQ(graph.cycle_count(), 5u);
    EXPECT_EQ(offsets(*tick), (Times{0, 100 * kMs, 200 * kMs, 300 * kMs, 400 * kMs}));
}

TEST(Graph, CyclesBoundAboveTheAvailableWorkEndsOnExhaustion) {
    auto journal = std::make_shared<Journal>();
    auto src = probe_source("src", journal, {0, 1});
    Graph graph({src});
    graph.run(RunOptions::historical(kStart).for_cycles(10));

    EXPECT_EQ(graph.cycle_count(), 2u);
}

TEST(Graph, ZeroCyclesRunsNoCycleButTheWholeLifecycle) {
    auto journal = std::make_shared<Journal>();
    auto tick = periodic(journal, 100 * kMs);
    // Were `cycles=0` read as "unbounded", this stop keeps the failing run short.
    auto stopper = probe_after("stopper", journal, {tick});
    stopper->on_cycle = [](ProbeNode&, Graph& graph) {
        graph.request_stop();
        return true;
    };
    Graph graph({stopper});
    graph.run(RunOptions::historical(kStart).for_cycles(0));

    EXPECT_EQ(graph.cycle_count(), 0u);
    EXPECT_EQ(journal->entries(),
              (Strings{"tick.setup", "stopper.setup", "tick.start", "stopper.start", "tick.stop",
                       "stopper.stop", "tick.teardown", "stopper.teardown"}));
}

// D6: ticker(0.1 s) with duration 0.35 s ticks at 0, 0.1, 0.2 and 0.3 s, and no cycle past the end.
TEST(Graph, DurationRunsEveryCycleAtOrBeforeTheEndAndNoOther) {
    auto journal = std::make_shared<Journal>();
    auto tick = periodic(journal, 100 * kMs);
    Graph graph({tick});
    graph.run(RunOptions::historical(kStart).for_duration(350 * kMs));

    EXPECT_EQ(offsets(*tick), (Times{0, 100 * kMs, 200 * kMs, 300 * kMs}));
}

TEST(Graph, DurationIncludesACycleExactlyAtTheEnd) {
    auto journal = std::make_shared<Journal>();
    auto tick = periodic(journal, 10 * kMs);
    Graph graph({tick});
    graph.run(RunOptions::historical(kStart).for_duration(50 * kMs));

    EXPECT_EQ(tick->cycle_times().size(), 6u);
    EXPECT_EQ(offsets(*tick).back(), 50 * kMs);
}

TEST(Graph, ZeroDurationRunsExactlyOneCycleAtStart) {
    auto journal = std::make_shared<Journal>();
    auto tick = periodic(journal, 0);
    Graph graph({tick});
    graph.run(RunOptions::historical(kStart).for_duration(0));

    EXPECT_EQ(offsets(*tick), (Times{0}));
}

TEST(Graph, DurationRunsOfOneSecondTickElevenTimes) {
    auto journal = std::make_shared<Journal>();
    auto tick = periodic(journal, 100 * kMs);
    Graph graph({tick});
    graph.run(RunOptions::historical(kStart).for_duration(kNanosPerSecond));

    EXPECT_EQ(tick->cycle_times().size(), 11u);
}

TEST(Graph, LastCycleFlagIsSetOnlyInTheLastCycleOfACyclesBound) {
    auto journal = std::make_shared<Journal>();
    auto tick = periodic(journal, kMs);
    auto watcher = probe_after("watch", journal, {tick});
    std::vector<bool> flags;
    watcher->on_cycle = [&flags](ProbeNode&, Graph& graph) {
        flags.push_back(graph.is_last_cycle());
        return true;
    };
    Graph graph({watcher});
    graph.run(RunOptions::historical(kStart).for_cycles(3));

    EXPECT_EQ(flags, (std::vector<bool>{false, false, true}));
}

TEST(Graph, LastCycleFlagIsSetInTheLastCycleWithinADuration) {
    auto journal = std::make_shared<Journal>();
    auto tick = periodic(journal, 100 * kMs);
    auto watcher = probe_after("watch", journal, {tick});
    std::vector<bool> flags;
    watcher->on_cycle = [&flags](ProbeNode&, Graph& graph) {
        flags.push_back(graph.is_last_cycle());
        return true;
    };
    Graph graph({watcher});
    graph.run(RunOptions::historical(kStart).for_duration(350 * kMs));

    EXPECT_EQ(flags, (std::vector<bool>{false, false, false, true}));
}

TEST(Graph, LastCycleFlagIsNotSetWhenTheRunEndsByExhaustion) {
    auto journal = std::make_shared<Journal>();
    auto src = probe_source("src", journal, {0, 1});
    std::vector<bool> flags;
    src->on_cycle = [&flags](ProbeNode&, Graph& graph) {
        flags.push_back(graph.is_last_cycle());
        return true;
    };
    Graph graph({src});
    graph.run(RunOptions::historical(kStart));

    EXPECT_EQ(flags, (std::vector<bool>{false, false}));
}

TEST(Graph, StopRequestEndsTheRunAfterTheCurrentCycle) {
    auto journal = std::make_shared<Journal>();
    auto tick = periodic(journal, kMs);
    auto stopper = probe_after("stopper", journal, {tick});
    std::vector<bool> flags;
    stopper->on_cycle = [&flags](ProbeNode& self, Graph& graph) {
        flags.push_back(graph.is_last_cycle());
        if (self.cycle_times().size() == 3) {
            graph.request_stop();
        }
        return true;
    };
    auto after = probe_after("after", journal, {stopper});
    Graph graph({after});
    graph.run(RunOptions::historical(kStart).for_cycles(100));

    EXPECT_EQ(graph.cycle_count(), 3u);
    // The rest of the stopping cycle still runs, and that cycle is not flagged last.
    EXPECT_EQ(after->cycle_times().size(), 3u);
    EXPECT_EQ(flags, (std::vector<bool>{false, false, false}));
}

TEST(Graph, StopRequestInOneBranchStopsEveryBranch) {
    auto journal = std::make_shared<Journal>();
    auto fast = periodic(journal, kMs);
    auto stopper = probe_after("stopper", journal, {fast});
    stopper->on_cycle = [](ProbeNode& self, Graph& graph) {
        if (self.cycle_times().size() == 2) {
            graph.request_stop();
        }
        return true;
    };
    auto other = probe_source("other", journal, {0, 5 * kMs});
    Graph graph({stopper, other});
    graph.run(RunOptions::historical(kStart));

    EXPECT_EQ(offsets(*other), (Times{0}));
    EXPECT_EQ(graph.cycle_count(), 2u);
}

TEST(Graph, RealtimeRunUsesUnixEpochTimeAndStrictlyIncreasingCycles) {
    auto journal = std::make_shared<Journal>();
    auto tick = periodic(journal, 0);
    Graph graph({tick});
    NanoTime before = wingfoil::to_nanos(std::chrono::system_clock::now().time_since_epoch());
    graph.run(RunOptions::live().for_cycles(20));
    NanoTime after = wingfoil::to_nanos(std::chrono::system_clock::now().time_since_epoch());

    const Times& times = tick->cycle_times();
    ASSERT_EQ(times.size(), 20u);
    EXPECT_GE(times.front(), before);
    EXPECT_LE(times.back(), after);
    for (std::size_t i = 1; i < times.size(); ++i) {
        EXPECT_GT(times[i], times[i - 1]);
    }
}

TEST(Graph, RealtimeDurationRunsNoCycleAfterTheEnd) {
    auto journal = std::make_shared<Journal>();
    auto tick = periodic(journal, kMs);
    NanoTime start = 0;
    tick->on_start = [&start](ProbeNode&, Graph& graph) { start = graph.start_time(); };
    Graph graph({tick});
    graph.run(RunOptions::live().for_duration(30 * kMs));

    ASSERT_FALSE(tick->cycle_times().empty());
    EXPECT_TRUE(graph.realtime());
    EXPECT_GE(tick->cycle_times().front(), start);
    EXPECT_LE(tick->cycle_times().back(), start + 30 * kMs);
}

TEST(Graph, RealtimeCallbacksNeverFireEarly) {
    auto journal = std::make_shared<Journal>();
    auto src = probe_source("src", journal, {5 * kMs, 10 * kMs});
    NanoTime start = 0;
    src->on_start = [&start](ProbeNode&, Graph& graph) { start = graph.start_time(); };
    Graph graph({src});
    graph.run(RunOptions::live().for_cycles(2));

    ASSERT_EQ(src->cycle_times().size(), 2u);
    EXPECT_GE(src->cycle_times()[0], start + 5 * kMs);
    EXPECT_GE(src->cycle_times()[1], start + 10 * kMs);
}

} // namespace
