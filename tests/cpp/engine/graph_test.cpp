// Tests for Graph wiring and the cycle: post-order discovery and indices, duplicate roots, layers,
// the (layer, index) schedule, active versus passive edges, glitch-free diamonds and "at most
// once per cycle". Time rules and run bounds are in graph_time_test.cpp; lifecycle and failures
// in graph_lifecycle_test.cpp.

#include "wingfoil/engine/graph.h"

#include "support/journal.h"
#include "support/probe_node.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace {

using wingfoil::Graph;
using wingfoil::RunOptions;
using wingfoil::testing::Journal;
using wingfoil::testing::probe_after;
using wingfoil::testing::probe_source;
using wingfoil::testing::ProbeNode;
using Strings = std::vector<std::string>;

TEST(Graph, DiscoveryIndexesUpstreamsBeforeTheirDownstreams) {
    auto journal = std::make_shared<Journal>();
    auto src = probe_source("src", journal, {0});
    auto mid = probe_after("mid", journal, {src});
    auto out = probe_after("out", journal, {mid});
    Graph graph({out});
    graph.run(RunOptions::historical());

    EXPECT_EQ(src->index(), 0u);
    EXPECT_EQ(mid->index(), 1u);
    EXPECT_EQ(out->index(), 2u);
    EXPECT_EQ(journal->matching(".setup"), (Strings{"src.setup", "mid.setup", "out.setup"}));
}

// root has upstreams [x active, y passive, z active]; x <- p and y <- q. Active upstreams are
// visited first in declaration order, then passive ones: p x z q y root.
TEST(Graph, DiscoveryVisitsActiveUpstreamsBeforePassiveOnes) {
    auto journal = std::make_shared<Journal>();
    auto p = probe_source("p", journal, {0});
    auto q = probe_source("q", journal, {0});
    auto x = probe_after("x", journal, {p});
    auto y = probe_after("y", journal, {q});
    auto z = probe_source("z", journal, {0});
    auto root = std::make_shared<ProbeNode>("root", journal);
    root->after(x).after(y, false).after(z);
    Graph graph({root});
    graph.run(RunOptions::historical());

    EXPECT_EQ(journal->matching(".setup"), (Strings{"p.setup", "x.setup", "z.setup", "q.setup",
                                                    "y.setup", "root.setup"}));
    EXPECT_EQ(root->index(), 5u);
}

TEST(Graph, RootsAreDiscoveredInListOrder) {
    auto journal = std::make_shared<Journal>();
    auto a = probe_source("a", journal, {0});
    auto b = probe_source("b", journal, {0});
    auto c = probe_source("c", journal, {0});
    Graph graph({c, a, b});
    graph.run(RunOptions::historical());

    EXPECT_EQ(journal->matching(".setup"), (Strings{"c.setup", "a.setup", "b.setup"}));
    EXPECT_EQ(c->index(), 0u);
    EXPECT_EQ(a->index(), 1u);
    EXPECT_EQ(b->index(), 2u);
}

TEST(Graph, DuplicateRootsAndSharedUpstreamsAreRegisteredOnce) {
    auto journal = std::make_shared<Journal>();
    auto src = probe_source("src", journal, {0});
    auto left = probe_after("left", journal, {src});
    auto right = probe_after("right", journal, {src});
    Graph graph({left, src, left, right, right});
    graph.run(RunOptions::historical());

    EXPECT_EQ(journal->matching(".setup"), (Strings{"src.setup", "left.setup", "right.setup"}));
    EXPECT_EQ(journal->matching(".cycle"),
              (Strings{"src.cycle@0", "left.cycle@0", "right.cycle@0"}));
}

TEST(Graph, EmptyGraphRunsAndReturns) {
    Graph graph({});
    graph.run(RunOptions::historical());
    EXPECT_EQ(graph.cycle_count(), 0u);
}

// src -> m1 -> m2 and src -> s. Indices: src 0, m1 1, m2 2, s 3. Layers: src 0, m1 1, s 1, m2 2.
// The cycle follows (layer, index): s (index 3, layer 1) runs before m2 (index 2, layer 2).
TEST(Graph, CycleRunsNodesInLayerThenIndexOrder) {
    auto journal = std::make_shared<Journal>();
    auto src = probe_source("src", journal, {0});
    auto m1 = probe_after("m1", journal, {src});
    auto m2 = probe_after("m2", journal, {m1});
    auto s = probe_after("s", journal, {src});
    Graph graph({m2, s});
    graph.run(RunOptions::historical());

    EXPECT_EQ(s->index(), 3u);
    EXPECT_EQ(journal->matching(".cycle"),
              (Strings{"src.cycle@0", "m1.cycle@0", "s.cycle@0", "m2.cycle@0"}));
}

TEST(Graph, FanOutFromOneUpstreamRunsInAscendingIndex) {
    auto journal = std::make_shared<Journal>();
    auto src = probe_source("src", journal, {0});
    auto a = probe_after("a", journal, {src});
    auto b = probe_after("b", journal, {src});
    auto c = probe_after("c", journal, {src});
    Graph graph({c, b, a});
    graph.run(RunOptions::historical());

    // Discovery from roots c, b, a gives c index 1, b 2, a 3.
    EXPECT_EQ(journal->matching(".cycle"),
              (Strings{"src.cycle@0", "c.cycle@0", "b.cycle@0", "a.cycle@0"}));
}

TEST(Graph, PassiveEdgeNeverTriggersItsReader) {
    auto journal = std::make_shared<Journal>();
    auto sampled = probe_source("sampled", journal, {0, 10, 20});
    auto trigger = probe_source("trigger", journal, {15});
    auto reader = std::make_shared<ProbeNode>("reader", journal);
    reader->after(trigger).after(sampled, false);
    Graph graph({reader});
    graph.run(RunOptions::historical());

    EXPECT_EQ(journal->matching("reader.cycle"), (Strings{"reader.cycle@15"}));
}

// A passive upstream still counts for layers: the reader runs after the whole passive chain, so in
// a cycle where both sides tick it reads the chain's new value.
TEST(Graph, PassiveUpstreamRunsBeforeItsReaderInTheSameCycle) {
    auto journal = std::make_shared<Journal>();
    auto src = probe_source("src", journal, {0});
    auto c1 = probe_after("c1", journal, {src});
    auto c2 = probe_after("c2", journal, {c1});
    auto reader = std::make_shared<ProbeNode>("reader", journal);
    std::vector<std::int64_t> read;
    reader->after(src).after(c2, false);
    reader->on_cycle = [&read, c2](ProbeNode&, Graph&) {
        read.push_back(c2->value());
        return true;
    };
    Graph graph({reader});
    graph.run(RunOptions::historical());

    EXPECT_EQ(journal->matching(".cycle"),
              (Strings{"src.cycle@0", "c1.cycle@0", "c2.cycle@0", "reader.cycle@0"}));
    EXPECT_EQ(read, (std::vector<std::int64_t>{1}));
}

// src -> left, src -> right, (left, right) -> join: join runs once per cycle and sees both
// updates of that cycle, never a half-updated pair.
TEST(Graph, DiamondSeesBothUpstreamUpdatesInOneCycle) {
    auto journal = std::make_shared<Journal>();
    auto src = probe_source("src", journal, {0, 10, 20});
    auto left = probe_after("left", journal, {src});
    auto right = probe_after("right", journal, {src});
    auto join = probe_after("join", journal, {left, right});
    std::vector<std::pair<std::int64_t, std::int64_t>> seen;
    join->on_cycle = [&seen, left, right](ProbeNode&, Graph&) {
        seen.emplace_back(left->value(), right->value());
        return true;
    };
    Graph graph({join});
    graph.run(RunOptions::historical());

    EXPECT_EQ(journal->matching("join.cycle"),
              (Strings{"join.cycle@0", "join.cycle@10", "join.cycle@20"}));
    EXPECT_EQ(seen, (std::vector<std::pair<std::int64_t, std::int64_t>>{{1, 1}, {2, 2}, {3, 3}}));
}

TEST(Graph, NodeRunsOnceWhenSeveralUpstreamsTickInTheSameCycle) {
    auto journal = std::make_shared<Journal>();
    auto a = probe_source("a", journal, {0, 5});
    auto b = probe_source("b", journal, {0, 7});
    auto both = probe_after("both", journal, {a, b});
    Graph graph({both});
    graph.run(RunOptions::historical());

    EXPECT_EQ(journal->matching("both.cycle"),
              (Strings{"both.cycle@0", "both.cycle@5", "both.cycle@7"}));
}

TEST(Graph, SameUpstreamListedTwiceTriggersOneRun) {
    auto journal = std::make_shared<Journal>();
    auto src = probe_source("src", journal, {0, 1});
    auto twice = probe_after("twice", journal, {src, src});
    Graph graph({twice});
    graph.run(RunOptions::historical());

    EXPECT_EQ(journal->matching("twice.cycle"), (Strings{"twice.cycle@0", "twice.cycle@1"}));
}

TEST(Graph, NodeThatRunsWithoutTickingStopsPropagation) {
    auto journal = std::make_shared<Journal>();
    auto src = probe_source("src", journal, {0, 10, 20});
    auto gate = probe_after("gate", journal, {src});
    gate->on_cycle = [](ProbeNode&, Graph& graph) { return graph.time() != 10; };
    auto out = probe_after("out", journal, {gate});
    Graph graph({out});
    graph.run(RunOptions::historical());

    EXPECT_EQ(journal->matching("out.cycle"), (Strings{"out.cycle@0", "out.cycle@20"}));
    EXPECT_EQ(gate->tick_count(), 2u);
    EXPECT_EQ(out->value(), 2);
}

TEST(Graph, NodesThatAreNotDirtyDoNotRun) {
    auto journal = std::make_shared<Journal>();
    auto fast = probe_source("fast", journal, {0, 1, 2});
    auto slow = probe_source("slow", journal, {1});
    auto on_fast = probe_after("on_fast", journal, {fast});
    auto on_slow = probe_after("on_slow", journal, {slow});
    Graph graph({on_fast, on_slow});
    graph.run(RunOptions::historical());

    EXPECT_EQ(journal->matching("on_slow.cycle"), (Strings{"on_slow.cycle@1"}));
    EXPECT_EQ(graph.cycle_count(), 3u);
}

TEST(Graph, TickedIsTrueOnlyForUpstreamsThatTickedThisCycle) {
    auto journal = std::make_shared<Journal>();
    auto a = probe_source("a", journal, {0, 10});
    auto b = probe_source("b", journal, {10, 20});
    auto both = probe_after("both", journal, {a, b});
    std::vector<std::string> flags;
    both->on_cycle = [&flags, a, b](ProbeNode&, Graph& graph) {
        flags.push_back(std::string(graph.ticked(*a) ? "a" : "-") + (graph.ticked(*b) ? "b" : "-"));
        return true;
    };
    Graph graph({both});
    graph.run(RunOptions::historical());

    EXPECT_EQ(flags, (Strings{"a-", "ab", "-b"}));
}

TEST(Graph, TickCountAndHasValueFollowTicks) {
    auto journal = std::make_shared<Journal>();
    auto src = probe_source("src", journal, {0, 1, 2});
    auto never = probe_after("never", journal, {src});
    never->on_cycle = [](ProbeNode&, Graph&) { return false; };
    EXPECT_FALSE(src->has_value());
    Graph graph({never});
    graph.run(RunOptions::historical());

    EXPECT_EQ(src->tick_count(), 3u);
    EXPECT_TRUE(src->has_value());
    EXPECT_EQ(never->tick_count(), 0u);
    EXPECT_FALSE(never->has_value());
}

TEST(Graph, DeepChainIsWiredWithoutExhaustingTheStack) {
    auto journal = std::make_shared<Journal>();
    std::shared_ptr<ProbeNode> tail = probe_source("n0", journal, {0});
    auto head = tail;
    constexpr int kDepth = 100'000;
    for (int i = 1; i < kDepth; ++i) {
        tail = probe_after("n", journal, {tail});
    }
    Graph graph({tail});
    graph.run(RunOptions::historical());

    EXPECT_EQ(tail->index(), static_cast<std::uint32_t>(kDepth - 1));
    EXPECT_EQ(tail->value(), 1);
}

} // namespace
