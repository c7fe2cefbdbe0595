// Tests for BimapStream (Python: bimap(a, b, func)): runs once in any cycle where a, b or both
// tick, with both current values; a side without a value yet gives its default (or its initial
// value for constant); bimap(a, a) runs once per cycle.

#include "wingfoil/ops/bimap.h"

#include "support/recorder.h"
#include "support/script_source.h"
#include "wingfoil/ops/constant.h"
#include "wingfoil/ops/count.h"
#include "wingfoil/ops/filter.h"
#include "wingfoil/ops/ticker.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace {

namespace wf = wingfoil;
using wf::NanoTime;
using wf::RunOptions;
using wf::testing::record;
using wf::testing::script;
using Pair = std::pair<std::int64_t, std::int64_t>;
using Pairs = std::vector<Pair>;
using Times = std::vector<NanoTime>;

auto make_pair_of() {
    return [](std::int64_t a, std::int64_t b) { return Pair{a, b}; };
}

TEST(BimapStream, RunsOnceWhenEitherOrBothSidesTick) {
    auto a = script<std::int64_t>({{0, 1}, {10, 2}, {30, 3}});
    auto b = script<std::int64_t>({{10, 100}, {20, 200}});
    auto out = record<Pair>(wf::bimap(a, b, make_pair_of()));
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (Pairs{{1, 0}, {2, 100}, {2, 200}, {3, 200}}));
    EXPECT_EQ(out->offsets(), (Times{0, 10, 20, 30}));
}

// bimap(constant(1), ticker(0.1).count().filter(x > 1)) over three cycles.
TEST(BimapStream, ReadsTheInitialValueOfAConstantAndTheDefaultOfAnEmptySide) {
    auto filtered = wf::filter(wf::count(wf::ticker(100)),
                                             [](std::int64_t x) { return x > 1; });
    auto out = record<Pair>(wf::bimap(wf::constant<std::int64_t>(1),
                                                                   filtered, make_pair_of()));
    wf::testing::run_once({out}, RunOptions::historical().for_cycles(3));

    EXPECT_EQ(out->values(), (Pairs{{1, 0}, {1, 2}, {1, 3}}));
}

TEST(BimapStream, SameStreamOnBothSidesRunsOncePerCycle) {
    auto a = script<std::int64_t>({{0, 1}, {10, 2}});
    int calls = 0;
    auto twice = wf::bimap(a, a, [&calls](std::int64_t x,
                                                                       std::int64_t y) {
        ++calls;
        return x + y;
    });
    auto out = record<std::int64_t>(twice);
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(calls, 2);
    EXPECT_EQ(out->values(), (std::vector<std::int64_t>{2, 4}));
}

} // namespace
