// Tests for MapStream (Python: Stream.map(func)): f applied on every upstream tick, always
// ticking (also when the result does not change), never running without an upstream tick, and
// changing the value type.

#include "wingfoil/ops/map.h"

#include "support/recorder.h"
#include "support/script_source.h"
#include "wingfoil/ops/filter.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace {

namespace wf = wingfoil;
using wf::Graph;
using wf::NanoTime;
using wf::RunOptions;
using wf::testing::record;
using wf::testing::script;
using Ints = std::vector<std::int64_t>;
using Times = std::vector<NanoTime>;

TEST(MapStream, AppliesTheFunctionOnEachUpstreamTick) {
    auto src = script<std::int64_t>({{0, 1}, {10, 2}, {20, 3}});
    auto out = record<std::int64_t>(wf::map(src, [](std::int64_t x) {
        return x * 10;
    }));
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (Ints{10, 20, 30}));
    EXPECT_EQ(out->offsets(), (Times{0, 10, 20}));
}

TEST(MapStream, TicksEvenWhenTheResultDoesNotChange) {
    auto src = script<std::int64_t>({{0, 1}, {10, 2}, {20, 3}});
    auto same = wf::map(src, [](std::int64_t) { return 0; });
    auto out = record<int>(same);
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (std::vector<int>{0, 0, 0}));
    EXPECT_EQ(same->tick_count(), 3u);
}

TEST(MapStream, DoesNotRunWhenItsUpstreamDoesNotTick) {
    auto src = script<std::int64_t>({{0, 1}, {10, 2}, {20, 3}, {30, 4}});
    auto even = wf::filter(src, [](std::int64_t x) { return x % 2 == 0; });
    int calls = 0;
    auto mapped = wf::map(even, [&calls](std::int64_t x) {
        ++calls;
        return -x;
    });
    auto out = record<std::int64_t>(mapped);
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(calls, 2);
    EXPECT_EQ(out->values(), (Ints{-2, -4}));
    EXPECT_EQ(out->offsets(), (Times{10, 30}));
}

TEST(MapStream, CanChangeTheValueType) {
    auto src = script<std::int64_t>({{0, 7}, {1, 42}});
    auto text = wf::map(src, [](std::int64_t x) { return "#" + std::to_string(x); });
    auto out = record<std::string>(text);
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (std::vector<std::string>{"#7", "#42"}));
}

TEST(MapStream, HasNoValueBeforeItsFirstTick) {
    auto src = script<std::int64_t>({{0, 1}});
    auto mapped = wf::map(src, [](std::int64_t x) { return x; });
    EXPECT_FALSE(mapped->has_value());
    EXPECT_EQ(mapped->type_name(), "MapStream");
}

} // namespace
