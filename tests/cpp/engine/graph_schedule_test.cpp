// Differential tests for the Graph scheduler: random acyclic graphs (several hundred nodes, mixed
// active and passive edges, nodes that tick or not by a fixed rule) run on the engine and on a
// plain reference model of spec 2.2-2.3 (layers, (layer, index) order, dirty marking through
// active edges only); the order of node runs in every cycle must match. Also fan-outs that span
// many words of the dirty set. Seeds are fixed and printed on failure.

#include "wingfoil/engine/graph.h"

#include "support/journal.h"
#include "support/probe_node.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace {

using wingfoil::Graph;
using wingfoil::NanoTime;
using wingfoil::RunOptions;
using wingfoil::testing::Journal;
using wingfoil::testing::ProbeNode;
using Strings = std::vector<std::string>;

// Whether node `i` ticks when it runs at time `t`: a fixed pseudo-random rule, same for both sides.
bool ticks(std::size_t i, NanoTime t) {
    std::uint64_t h = (static_cast<std::uint64_t>(i) * 0x9E3779B97F4A7C15ull) ^
                      (static_cast<std::uint64_t>(t) * 0xC2B2AE3D27D4EB4Full);
    h ^= h >> 29;
    return (h % 4) != 0;
}

struct Spec {
    struct Edge {
        std::size_t from;
        bool active;
    };
    std::vector<std::vector<Edge>> upstreams; // per node, creation order
    std::vector<std::vector<NanoTime>> due;   // per source: the times it is due
};

Spec random_spec(std::uint32_t seed, std::size_t nodes, std::size_t sources, NanoTime horizon) {
    std::mt19937 rng(seed);
    Spec spec;
    spec.upstreams.resize(nodes);
    spec.due.resize(nodes);
    for (std::size_t i = 0; i < nodes; ++i) {
        if (i < sources) {
            for (NanoTime t = 0; t < horizon; ++t) {
                if (rng() % 3 == 0) {
                    spec.due[i].push_back(t);
                }
            }
            continue;
        }
        std::size_t count = 1 + rng() % 3;
        for (std::size_t k = 0; k < count; ++k) {
            // Mostly recent nodes, sometimes far back, so layers vary and edges cross words.
            std::size_t back = (rng() % 4 == 0) ? rng() % i : rng() % std::min<std::size_t>(i, 8);
            spec.upstreams[i].push_back(Spec::Edge{i - 1 - back % i, rng() % 5 != 0});
        }
    }
    return spec;
}

// The reference: "name@t" for every node run, cycle by cycle, in (layer, index) order. With every
// node a root in creation order, and upstreams always created first, index = creation order.
Strings reference_runs(const Spec& spec) {
    std::size_t n = spec.upstreams.size();
    std::vector<std::size_t> layer(n, 0);
    std::vector<std::vector<std::size_t>> downs(n);
    for (std::size_t i = 0; i < n; ++i) {
        for (const auto& edge : spec.upstreams[i]) {
            layer[i] = std::max(layer[i], layer[edge.from] + 1);
            if (edge.active) {
                downs[edge.from].push_back(i);
            }
        }
    }
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) {
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return layer[a] < layer[b]; });
    std::map<NanoTime, std::vector<std::size_t>> due_at;
    for (std::size_t i = 0; i < n; ++i) {
        for (NanoTime t : spec.due[i]) {
            due_at[t].push_back(i);
        }
    }
    Strings runs;
    for (const auto& [t, due] : due_at) {
        std::vector<bool> dirty(n, false);
        for (std::size_t i : due) {
            dirty[i] = true;
        }
        for (std::size_t i : order) {
            if (!dirty[i]) {
                continue;
            }
            runs.push_back("n" + std::to_string(i) + ".cycle@" + std::to_string(t));
            if (ticks(i, t)) {
                for (std::size_t d : downs[i]) {
                    dirty[d] = true;
                }
            }
        }
    }
    return runs;
}

Strings engine_runs(const Spec& spec) {
    auto journal = std::make_shared<Journal>();
    std::vector<std::shared_ptr<ProbeNode>> nodes;
    std::vector<std::shared_ptr<wingfoil::Node>> roots;
    for (std::size_t i = 0; i < spec.upstreams.size(); ++i) {
        auto node = std::make_shared<ProbeNode>("n" + std::to_string(i), journal);
        node->start_offsets = spec.due[i];
        for (const auto& edge : spec.upstreams[i]) {
            node->after(nodes[edge.from], edge.active);
        }
        node->on_cycle = [i](ProbeNode&, Graph& graph) {
            return ticks(i, graph.time() - graph.start_time());
        };
        nodes.push_back(node);
        roots.push_back(node);
    }
    Graph graph(roots);
    graph.run(RunOptions::historical());
    return journal->matching(".cycle");
}

TEST(GraphSchedule, RandomGraphsRunNodesInTheReferenceOrder) {
    for (std::uint32_t seed : {1u, 2u, 3u, 42u, 2024u, 77777u}) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        Spec spec = random_spec(seed, 600, 12, 40);
        Strings expected = reference_runs(spec);
        ASSERT_GT(expected.size(), 500u) << "the random graph should do real work";
        EXPECT_EQ(engine_runs(spec), expected);
    }
}

TEST(GraphSchedule, SmallDenseGraphsRunNodesInTheReferenceOrder) {
    for (std::uint32_t seed = 100; seed < 140; ++seed) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        Spec spec = random_spec(seed, 70, 3, 6);
        EXPECT_EQ(engine_runs(spec), reference_runs(spec));
    }
}

// One source with 300 downstreams: they span five words of the dirty set, and each runs once per
// cycle in index order.
TEST(GraphSchedule, FanOutAcrossManyWordsRunsEveryDownstreamOnce) {
    auto journal = std::make_shared<Journal>();
    auto src = wingfoil::testing::probe_source("src", journal, {0, 5});
    std::vector<std::shared_ptr<wingfoil::Node>> roots;
    Strings expected_cycle;
    for (int i = 0; i < 300; ++i) {
        std::string name = "d" + std::to_string(i);
        roots.push_back(wingfoil::testing::probe_after(name, journal, {src}));
        expected_cycle.push_back(name + ".cycle@0");
    }
    Graph graph(roots);
    graph.run(RunOptions::historical());

    Strings at_zero;
    for (const auto& entry : journal->matching(".cycle@0")) {
        if (entry.rfind("d", 0) == 0) {
            at_zero.push_back(entry);
        }
    }
    EXPECT_EQ(at_zero, expected_cycle);
    EXPECT_EQ(journal->matching(".cycle@5").size(), 301u);
}

} // namespace
