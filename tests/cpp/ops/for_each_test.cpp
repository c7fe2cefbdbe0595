// Tests for ForEachNode (Python: Stream.for_each(func)): f(value, absolute cycle time) on every
// upstream tick and at no other time.

#include "wingfoil/ops/for_each.h"

#include "support/script_source.h"
#include "wingfoil/ops/filter.h"

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
using wf::testing::script;
using Calls = std::vector<std::pair<std::int64_t, NanoTime>>;

constexpr NanoTime kStart = 1'700'000'000 * kNanosPerSecond;

TEST(ForEachNode, CallsTheFunctionWithEachValueAndItsCycleTime) {
    auto src = script<std::int64_t>({{0, 1}, {100, 2}});
    Calls calls;
    auto sink = wf::for_each(src, [&calls](std::int64_t v, NanoTime t) {
        calls.emplace_back(v, t);
    });
    Graph graph({sink});
    graph.run(RunOptions::historical(kStart));

    EXPECT_EQ(calls, (Calls{{1, kStart}, {2, kStart + 100}}));
    EXPECT_EQ(sink->tick_count(), 2u);
}

TEST(ForEachNode, IsNotCalledWhenItsUpstreamDoesNotTick) {
    auto src = script<std::int64_t>({{0, 1}, {1, 2}, {2, 3}});
    auto even = wf::filter(src, [](std::int64_t x) { return x % 2 == 0; });
    Calls calls;
    auto sink = wf::for_each(even, [&calls](std::int64_t v, NanoTime t) {
        calls.emplace_back(v, t);
    });
    Graph graph({sink});
    graph.run(RunOptions::historical());

    EXPECT_EQ(calls, (Calls{{2, 1}}));
}

} // namespace
