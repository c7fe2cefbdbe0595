// Tests for InspectStream (Python: Stream.inspect(func)): f sees each upstream value before the
// node ticks with that same value; no call without an upstream tick.

#include "wingfoil/ops/inspect.h"

#include "support/recorder.h"
#include "support/script_source.h"
#include "wingfoil/ops/filter.h"
#include "wingfoil/ops/for_each.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace {

namespace wf = wingfoil;
using wf::RunOptions;
using wf::testing::script;
using Ints = std::vector<std::int64_t>;

TEST(InspectStream, CallsTheFunctionThenTicksWithTheSameValue) {
    auto src = script<std::int64_t>({{0, 3}, {10, 4}});
    Ints inspected;
    auto watched = wf::inspect(src, [&inspected](std::int64_t v) {
        inspected.push_back(v);
    });
    // What the downstream sees, and how many calls of f had happened by then.
    std::vector<std::pair<std::int64_t, std::size_t>> downstream;
    auto sink = wf::for_each(watched, [&](std::int64_t v, wf::NanoTime) {
        downstream.emplace_back(v, inspected.size());
    });
    wf::testing::run_once({sink}, RunOptions::historical());

    EXPECT_EQ(inspected, (Ints{3, 4}));
    EXPECT_EQ(downstream, (std::vector<std::pair<std::int64_t, std::size_t>>{{3, 1}, {4, 2}}));
    EXPECT_EQ(watched->tick_count(), 2u);
}

TEST(InspectStream, IsNotCalledWhenItsUpstreamDoesNotTick) {
    auto src = script<std::int64_t>({{0, 1}, {1, 2}, {2, 3}});
    auto odd = wf::filter(src, [](std::int64_t x) { return x % 2 == 1; });
    Ints inspected;
    auto watched = wf::inspect(odd, [&inspected](std::int64_t v) {
        inspected.push_back(v);
    });
    wf::testing::run_once({watched}, RunOptions::historical());

    EXPECT_EQ(inspected, (Ints{1, 3}));
}

} // namespace
