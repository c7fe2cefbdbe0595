// Tests for Node outside a run: the upstream edges it was built with (active and passive, in
// declaration order) and the needs-GIL flag hosts set.

#include "wingfoil/engine/node.h"

#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/stream.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>

namespace {

using wingfoil::Graph;
using wingfoil::Node;
using wingfoil::Stream;

class Source : public Stream<int> {
public:
    bool cycle(Graph&) override { return true; }
    std::string type_name() const override { return "Source"; }
};

class Joined : public Node {
public:
    Joined(std::shared_ptr<Node> a, std::shared_ptr<Node> b) {
        add_upstream(std::move(a));
        add_upstream(std::move(b), false);
    }
    bool cycle(Graph&) override { return true; }
    std::string type_name() const override { return "Joined"; }
};

TEST(Node, WireUpstreamsReturnsTheEdgesInDeclarationOrder) {
    auto a = std::make_shared<Source>();
    auto b = std::make_shared<Source>();
    Joined j(a, b);
    auto edges = j.wire_upstreams();
    ASSERT_EQ(edges.size(), 2u);
    EXPECT_EQ(edges[0].node, a);
    EXPECT_TRUE(edges[0].active);
    EXPECT_EQ(edges[1].node, b);
    EXPECT_FALSE(edges[1].active);
}

TEST(Node, NeedsGilFlagIsOffUntilSet) {
    Source s;
    EXPECT_FALSE(s.needs_gil());
    s.set_needs_gil(true);
    EXPECT_TRUE(s.needs_gil());
}

} // namespace
