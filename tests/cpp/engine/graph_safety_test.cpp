// Regression tests: a node claimed by a running graph cannot join another run, a loop through
// wire_upstreams() is a ValueError, dropping a very long chain does not recurse per node, and
// ticks past the end of int64 time are never scheduled.

#include "wingfoil/core/error.h"
#include "wingfoil/engine/graph.h"
#include "wingfoil/ops/operators.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace {

using namespace wingfoil;

/// A node whose upstreams are decided at wiring time, like a user-defined Python stream.
class LateWiredNode : public Node {
public:
    std::vector<Edge> extra;
    std::vector<Edge> wire_upstreams() override { return extra; }
    bool cycle(Graph&) override { return true; }
    std::string type_name() const override { return "LateWiredNode"; }
};

TEST(GraphSafety, LoopThroughWireUpstreamsIsAValueError) {
    auto late = std::make_shared<LateWiredNode>();
    auto after = count(late);
    late->extra.push_back(Edge{ticker(kNanosPerSecond), true});
    late->extra.push_back(Edge{after, true});

    Graph graph(std::vector<std::shared_ptr<Node>>{after});
    EXPECT_THROW(graph.run(RunOptions::historical().for_cycles(1)), ValueError);

    late->extra.pop_back(); // no loop any more: the same nodes wire and run
    graph.run(RunOptions::historical().for_cycles(2));
    EXPECT_EQ(after->value(), 2);
    late->extra.clear(); // break the ownership cycle the test built
}

TEST(GraphSafety, NodeRunningInOneGraphCannotJoinAnotherRun) {
    std::shared_ptr<Stream<std::int64_t>> source = count(ticker(kNanosPerSecond));
    bool refused = false;
    auto nested = for_each(source, [&](std::int64_t, NanoTime) {
        Graph inner(std::vector<std::shared_ptr<Node>>{source});
        try {
            inner.run(RunOptions::historical().for_cycles(1));
        } catch (const RuntimeError&) {
            refused = true;
        }
    });

    Graph outer(std::vector<std::shared_ptr<Node>>{nested});
    outer.run(RunOptions::historical().for_cycles(1));

    EXPECT_TRUE(refused);
    Graph again(std::vector<std::shared_ptr<Node>>{source}); // released when the outer run ended
    again.run(RunOptions::historical().for_cycles(1));
    EXPECT_EQ(source->value(), 2);
}

TEST(GraphSafety, DroppingAMillionNodeChainDoesNotRecursePerNode) {
    std::shared_ptr<Stream<std::int64_t>> chain = count(ticker(kNanosPerSecond));
    for (int i = 0; i < 1'000'000; ++i) {
        chain = distinct(chain);
    }
    chain.reset(); // would overflow the stack if each destructor released its upstream
    SUCCEED();
}

TEST(GraphSafety, TicksPastTheEndOfInt64TimeAreNeverScheduled) {
    auto ticks = count(ticker(5'000'000'000'000'000'000));
    Graph graph(std::vector<std::shared_ptr<Node>>{ticks});
    graph.run(RunOptions::historical().for_duration(9'200'000'000'000'000'000));
    EXPECT_EQ(ticks->value(), 2);
}

} // namespace
