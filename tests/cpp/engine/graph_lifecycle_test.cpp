// Tests for the Graph lifecycle: setup, start, stop and teardown in index order; running a graph
// again (node state kept, wiring rebuilt); cleanup after a failure in setup, start, a cycle or
// cleanup itself (stop and teardown still run for every node set up, the original exception is
// rethrown, later errors land in cleanup_errors()); the failure() context; and EngineHooks.

#include "wingfoil/engine/graph.h"

#include "support/journal.h"
#include "support/probe_node.h"
#include "wingfoil/core/error.h"

#include <gtest/gtest.h>

#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using wingfoil::EngineHooks;
using wingfoil::Graph;
using wingfoil::NanoTime;
using wingfoil::RunOptions;
using wingfoil::testing::Journal;
using wingfoil::testing::probe_after;
using wingfoil::testing::probe_source;
using wingfoil::testing::ProbeNode;
using Strings = std::vector<std::string>;

// An error type only these tests throw, carrying an id so a test can tell which throw surfaced.
struct Boom : std::runtime_error {
    explicit Boom(int tag) : std::runtime_error("boom " + std::to_string(tag)), id(tag) {}
    int id;
};

// Runs `graph` historically and returns the exception it threw; fails the test if none.
std::exception_ptr run_expecting_failure(Graph& graph, const RunOptions& options) {
    try {
        graph.run(options);
    } catch (...) {
        return std::current_exception();
    }
    ADD_FAILURE() << "run() returned normally";
    return nullptr;
}

// The Boom id inside `error`, or -1 for anything else.
int boom_id(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const Boom& e) {
        return e.id;
    } catch (...) {
        return -1;
    }
}

// Three nodes a <- b <- c (indices 0, 1, 2), with `a` due at 0, 1 and 2.
struct Chain {
    std::shared_ptr<Journal> journal = std::make_shared<Journal>();
    std::shared_ptr<ProbeNode> a = probe_source("a", journal, {0, 1, 2});
    std::shared_ptr<ProbeNode> b = probe_after("b", journal, {a});
    std::shared_ptr<ProbeNode> c = probe_after("c", journal, {b});
};

TEST(Graph, LifecycleRunsEachPhaseForEveryNodeInIndexOrder) {
    Chain g;
    g.a->start_offsets = {0};
    Graph graph({g.c});
    graph.run(RunOptions::historical());

    EXPECT_EQ(g.journal->entries(),
              (Strings{"a.setup", "b.setup", "c.setup", "a.start", "b.start", "c.start",
                       "a.cycle@0", "b.cycle@0", "c.cycle@0", "a.stop", "b.stop", "c.stop",
                       "a.teardown", "b.teardown", "c.teardown"}));
}

TEST(Graph, RunningAgainKeepsNodeStateAndRebuildsTheWiring) {
    Chain g;
    Graph graph({g.c});
    graph.run(RunOptions::historical().for_cycles(2));
    graph.run(RunOptions::historical(1000).for_cycles(2));

    EXPECT_EQ(g.c->value(), 4);
    EXPECT_EQ(g.c->tick_count(), 4u);
    EXPECT_EQ(g.journal->matching("c.cycle"),
              (Strings{"c.cycle@0", "c.cycle@1", "c.cycle@0", "c.cycle@1"}));
    EXPECT_EQ(g.journal->matching("a.setup").size(), 2u);
    EXPECT_EQ(g.journal->matching("a.teardown").size(), 2u);
}

TEST(Graph, NodeSharedByTwoGraphsKeepsItsStateAcrossThem) {
    Chain g;
    Graph first({g.b});
    first.run(RunOptions::historical());
    Graph second({g.c});
    second.run(RunOptions::historical());

    EXPECT_EQ(g.b->value(), 6);
    EXPECT_EQ(g.c->value(), 3);
    EXPECT_EQ(g.c->index(), 2u);
}

TEST(Graph, FailureInACycleSkipsTheRestOfThatCycleAndCleansUp) {
    Chain g;
    g.b->on_cycle = [](ProbeNode& self, Graph&) {
        if (self.cycle_times().size() == 2) {
            throw Boom(1);
        }
        return true;
    };
    Graph graph({g.c});
    auto error = run_expecting_failure(graph, RunOptions::historical());

    EXPECT_EQ(boom_id(error), 1);
    EXPECT_EQ(g.journal->matching("c.cycle"), (Strings{"c.cycle@0"}));
    EXPECT_EQ(g.journal->matching(".stop"), (Strings{"a.stop", "b.stop", "c.stop"}));
    EXPECT_EQ(g.journal->matching(".teardown"),
              (Strings{"a.teardown", "b.teardown", "c.teardown"}));
    EXPECT_EQ(g.journal->entries().back(), "c.teardown");
}

TEST(Graph, FailureContextNamesTheNodePhaseCycleTimeAndUpstreams) {
    Chain g;
    g.b->on_cycle = [](ProbeNode& self, Graph&) {
        if (self.cycle_times().size() == 2) {
            throw Boom(1);
        }
        return true;
    };
    Graph graph({g.c});
    run_expecting_failure(graph, RunOptions::historical(5'000'000'000));

    const auto& failure = graph.failure();
    EXPECT_EQ(failure.phase, "cycle");
    EXPECT_EQ(failure.index, 1u);
    EXPECT_EQ(failure.node_type, "ProbeNode");
    EXPECT_EQ(failure.cycle, 1u);
    EXPECT_EQ(failure.time, NanoTime{5'000'000'001});
    EXPECT_EQ(failure.neighbours, "[0] ProbeNode");
    EXPECT_EQ(failure.describe(), "raised in node [1] ProbeNode during cycle 2 at "
                                  "t=1970-01-01T00:00:05.000000001Z (upstreams: [0] ProbeNode)");
}

TEST(Graph, FailureInStartStopsAndTearsDownEveryNodeAndRunsNoCycle) {
    Chain g;
    g.b->on_start = [](ProbeNode&, Graph&) { throw wingfoil::ConnectionError("refused"); };
    Graph graph({g.c});
    auto error = run_expecting_failure(graph, RunOptions::historical());

    EXPECT_THROW(std::rethrow_exception(error), wingfoil::ConnectionError);
    EXPECT_TRUE(g.journal->matching(".cycle").empty());
    EXPECT_EQ(g.journal->matching(".start"), (Strings{"a.start", "b.start"}));
    EXPECT_EQ(g.journal->matching(".stop"), (Strings{"a.stop", "b.stop", "c.stop"}));
    EXPECT_EQ(g.journal->matching(".teardown"),
              (Strings{"a.teardown", "b.teardown", "c.teardown"}));
    EXPECT_EQ(graph.failure().phase, "start");
    EXPECT_EQ(graph.failure().index, 1u);
    EXPECT_EQ(graph.failure().describe(),
              "raised in node [1] ProbeNode during start (upstreams: [0] ProbeNode)");
}

TEST(Graph, FailureInSetupCleansUpOnlyTheNodesAlreadySetUp) {
    Chain g;
    g.b->on_setup = [](ProbeNode&, Graph&) { throw Boom(2); };
    Graph graph({g.c});
    auto error = run_expecting_failure(graph, RunOptions::historical());

    EXPECT_EQ(boom_id(error), 2);
    EXPECT_EQ(g.journal->entries(), (Strings{"a.setup", "b.setup", "a.stop", "a.teardown"}));
    EXPECT_EQ(graph.failure().phase, "setup");
    EXPECT_EQ(graph.failure().index, 1u);
}

TEST(Graph, CleanupErrorsAreCollectedWithoutReplacingTheOriginal) {
    Chain g;
    g.c->on_cycle = [](ProbeNode&, Graph&) -> bool { throw Boom(1); };
    g.a->on_stop = [](ProbeNode&, Graph&) { throw Boom(2); };
    g.b->on_teardown = [](ProbeNode&, Graph&) { throw Boom(3); };
    Graph graph({g.c});
    auto error = run_expecting_failure(graph, RunOptions::historical());

    EXPECT_EQ(boom_id(error), 1);
    ASSERT_EQ(graph.cleanup_errors().size(), 2u);
    EXPECT_EQ(boom_id(graph.cleanup_errors()[0]), 2);
    EXPECT_EQ(boom_id(graph.cleanup_errors()[1]), 3);
    EXPECT_EQ(graph.failure().phase, "cycle");
    EXPECT_EQ(graph.failure().index, 2u);
    // A failing stop does not keep the other nodes from stopping and tearing down.
    EXPECT_EQ(g.journal->matching(".stop"), (Strings{"a.stop", "b.stop", "c.stop"}));
    EXPECT_EQ(g.journal->matching(".teardown"),
              (Strings{"a.teardown", "b.teardown", "c.teardown"}));
}

TEST(Graph, ErrorInStopAfterASuccessfulRunIsRethrownAfterTeardown) {
    Chain g;
    g.b->on_stop = [](ProbeNode&, Graph&) { throw Boom(4); };
    Graph graph({g.c});
    auto error = run_expecting_failure(graph, RunOptions::historical());

    EXPECT_EQ(boom_id(error), 4);
    EXPECT_EQ(graph.failure().phase, "stop");
    EXPECT_EQ(graph.failure().index, 1u);
    EXPECT_TRUE(graph.cleanup_errors().empty());
    EXPECT_EQ(g.journal->matching(".teardown"),
              (Strings{"a.teardown", "b.teardown", "c.teardown"}));
}

TEST(Graph, GraphRunsAgainAfterAFailedRunWithAFreshFailureRecord) {
    Chain g;
    bool fail = true;
    g.c->on_cycle = [&fail](ProbeNode&, Graph&) {
        if (fail) {
            throw Boom(5);
        }
        return true;
    };
    g.a->on_stop = [&fail](ProbeNode&, Graph&) {
        if (fail) {
            throw Boom(6);
        }
    };
    Graph graph({g.c});
    run_expecting_failure(graph, RunOptions::historical());
    ASSERT_EQ(graph.cleanup_errors().size(), 1u);

    fail = false;
    graph.run(RunOptions::historical());
    EXPECT_TRUE(graph.cleanup_errors().empty());
    EXPECT_TRUE(graph.failure().phase.empty());
    EXPECT_EQ(graph.cycle_count(), 3u);
}

// Records the hook calls a host would see.
class RecordingHooks : public EngineHooks {
public:
    explicit RecordingHooks(std::shared_ptr<Journal> journal) : journal_(std::move(journal)) {}
    void begin_run(bool needs_gil) override {
        journal_->add(needs_gil ? "hooks.begin(gil)" : "hooks.begin");
    }
    void end_run() noexcept override { journal_->add("hooks.end"); }
    void poll() override { ++polls; }
    int polls = 0;

private:
    std::shared_ptr<Journal> journal_;
};

TEST(Graph, HooksBracketTheRunAndSeeWhetherAnyNodeNeedsTheGil) {
    Chain g;
    RecordingHooks hooks(g.journal);
    Graph graph({g.c});
    graph.run(RunOptions::historical(), &hooks);
    g.b->set_needs_gil(true);
    graph.run(RunOptions::historical(), &hooks);

    auto entries = g.journal->matching("hooks.");
    EXPECT_EQ(entries, (Strings{"hooks.begin", "hooks.end", "hooks.begin(gil)", "hooks.end"}));
    EXPECT_EQ(g.journal->entries().front(), "hooks.begin");
}

TEST(Graph, PollHookIsCalledWhileALongHistoricalRunIsBusy) {
    auto journal = std::make_shared<Journal>();
    auto tick = wingfoil::testing::probe_periodic("tick", journal, 1);
    RecordingHooks hooks(journal);
    Graph graph({tick});
    graph.run(RunOptions::historical().for_cycles(20'000), &hooks);

    EXPECT_GE(hooks.polls, 2);
}

TEST(Graph, EndRunHookIsCalledAfterAFailedRun) {
    Chain g;
    g.c->on_cycle = [](ProbeNode&, Graph&) -> bool { throw Boom(7); };
    RecordingHooks hooks(g.journal);
    Graph graph({g.c});
    EXPECT_THROW(graph.run(RunOptions::historical(), &hooks), Boom);
    EXPECT_EQ(g.journal->entries().back(), "hooks.end");
}

TEST(Graph, ErrorThrownByAPollHookEndsTheRunAndCleansUp) {
    auto journal = std::make_shared<Journal>();
    auto tick = wingfoil::testing::probe_periodic("tick", journal, 1);
    struct Interrupting : EngineHooks {
        void poll() override { throw wingfoil::RuntimeError("interrupted"); }
    } hooks;
    Graph graph({tick});
    EXPECT_THROW(graph.run(RunOptions::historical(), &hooks), wingfoil::RuntimeError);
    EXPECT_EQ(journal->entries().back(), "tick.teardown");
    EXPECT_EQ(journal->matching(".stop"), (Strings{"tick.stop"}));
}

} // namespace
