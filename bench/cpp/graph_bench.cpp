// Engine cycle cost in historical mode, in nanoseconds per node-cycle. Every node of every shape
// ticks in every cycle: a ticker(0) source, a count, then native map / bimap nodes.
//
// One benchmark iteration is one graph cycle: each timed step runs the graph for a batch of
// cycles (KeepRunningBatch), so the per-run wiring, setup and teardown are amortised over many
// cycles. The counter per_node_cycle is CPU time / (cycles * nodes), printed in seconds with an
// SI prefix (e.g. "2.9ns").
//
// Shapes:
//   BM_GraphCycle_Fan10x10       ticker, count, 10 branches of 10 maps, folded by 9 bimaps (111)
//   BM_GraphCycle_Chain100       ticker, count, 98 maps in a line (100 nodes)
//   BM_GraphCycle_Scaling/<n>    the same chain with n nodes
//   BM_GraphCycle_Wide/<n>       ticker, count and n-2 maps all reading the count
//   BM_Baseline_VirtualCalls/<n> the chain's cycle() calls in a plain loop, without the engine:
//                                the floor that the engine's bookkeeping is added to

#include "wingfoil/engine/graph.h"
#include "wingfoil/ops/operators.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace {

namespace wf = wingfoil;
using IntStream = std::shared_ptr<wf::Stream<std::int64_t>>;

// A graph and how many nodes run in each of its cycles.
struct Shape {
    std::shared_ptr<wf::Node> root;
    std::int64_t nodes = 0;
};

Shape fan(int branches, int depth) {
    IntStream source = wf::count(wf::ticker(0));
    std::vector<IntStream> tails;
    for (int b = 0; b < branches; ++b) {
        IntStream tail = source;
        for (int d = 0; d < depth; ++d) {
            tail = wf::map(tail, [b](std::int64_t x) { return x + b; });
        }
        tails.push_back(tail);
    }
    IntStream folded = tails[0];
    for (int b = 1; b < branches; ++b) {
        folded = wf::bimap(
            folded, tails[b], [](std::int64_t x, std::int64_t y) { return x ^ y; });
    }
    return Shape{folded, 2 + branches * depth + (branches - 1)};
}

Shape chain(std::int64_t nodes) {
    IntStream tail = wf::count(wf::ticker(0));
    for (std::int64_t i = 2; i < nodes; ++i) {
        tail = wf::map(tail, [](std::int64_t x) { return x + 1; });
    }
    return Shape{tail, std::max<std::int64_t>(nodes, 2)};
}

Shape wide(std::int64_t nodes) {
    IntStream source = wf::count(wf::ticker(0));
    std::vector<std::shared_ptr<wf::Node>> leaves;
    for (std::int64_t i = 2; i < nodes; ++i) {
        leaves.push_back(wf::map(source, [](std::int64_t x) { return x * 3; }));
    }
    // A single root over all leaves would add a node with n-2 upstreams; a graph of many roots
    // keeps every node a plain map.
    struct Roots : wf::Node {
        explicit Roots(const std::vector<std::shared_ptr<wf::Node>>& all) {
            for (const auto& leaf : all) {
                add_upstream(leaf, false);
            }
        }
        bool cycle(wf::Graph&) override { return false; }
        std::string type_name() const override { return "Roots"; }
    };
    return Shape{std::make_shared<Roots>(leaves), std::max<std::int64_t>(nodes, 2)};
}

// Enough cycles per run that wiring a large graph costs a few percent at most.
std::uint64_t cycles_per_run(std::int64_t nodes) {
    return static_cast<std::uint64_t>(std::max<std::int64_t>(1'000, 20'000'000 / nodes));
}

// Time / (iterations * nodes): an inverted rate of `nodes` per iteration, shown in seconds.
benchmark::Counter per_node_cycle(std::int64_t nodes) {
    return benchmark::Counter(static_cast<double>(nodes),
                              benchmark::Counter::kIsIterationInvariantRate |
                                  benchmark::Counter::kInvert);
}

void run_cycles(benchmark::State& state, const Shape& shape) {
    wf::Graph graph({shape.root});
    const std::uint64_t batch = cycles_per_run(shape.nodes);
    while (state.KeepRunningBatch(static_cast<benchmark::IterationCount>(batch))) {
        graph.run(wf::RunOptions::historical().for_cycles(batch));
    }
    state.counters["per_node_cycle"] = per_node_cycle(shape.nodes);
    state.counters["nodes"] = static_cast<double>(shape.nodes);
}

void BM_GraphCycle_Fan10x10(benchmark::State& state) { run_cycles(state, fan(10, 10)); }
BENCHMARK(BM_GraphCycle_Fan10x10);

void BM_GraphCycle_Chain100(benchmark::State& state) { run_cycles(state, chain(100)); }
BENCHMARK(BM_GraphCycle_Chain100);

void BM_GraphCycle_Scaling(benchmark::State& state) { run_cycles(state, chain(state.range(0))); }
BENCHMARK(BM_GraphCycle_Scaling)->Arg(10)->Arg(100)->Arg(1'000)->Arg(10'000);

void BM_GraphCycle_Wide(benchmark::State& state) { run_cycles(state, wide(state.range(0))); }
BENCHMARK(BM_GraphCycle_Wide)->Arg(100)->Arg(10'000);

// The chain's map nodes called through Node* in order, as the engine would, minus everything
// else the engine does (dirty marks, tick flags, the time queue). Needs a Graph only as the
// argument of cycle(), which map ignores.
void BM_Baseline_VirtualCalls(benchmark::State& state) {
    const std::int64_t n = state.range(0);
    IntStream head = wf::count(wf::ticker(0));
    std::vector<std::shared_ptr<wf::Node>> nodes;
    IntStream tail = head;
    for (std::int64_t i = 0; i < n; ++i) {
        tail = wf::map(tail, [](std::int64_t x) { return x + 1; });
        nodes.push_back(tail);
    }
    std::vector<wf::Node*> order;
    for (const auto& node : nodes) {
        order.push_back(node.get());
    }
    wf::Graph unused({});
    for (auto _ : state) {
        for (wf::Node* node : order) {
            benchmark::DoNotOptimize(node->cycle(unused));
        }
    }
    benchmark::DoNotOptimize(tail->value());
    state.counters["per_node_cycle"] = per_node_cycle(n);
}
BENCHMARK(BM_Baseline_VirtualCalls)->Arg(100)->Arg(10'000);

} // namespace

BENCHMARK_MAIN();
