// Tests for FilterStream (Python: Stream.filter(keep_func)): ticks only with accepted values,
// keeps the last accepted value while rejecting, and does not trigger its downstreams on a
// rejection.

#include "wingfoil/ops/filter.h"

#include "support/recorder.h"
#include "support/script_source.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

namespace wf = wingfoil;
using wf::NanoTime;
using wf::RunOptions;
using wf::testing::record;
using wf::testing::script;
using Ints = std::vector<std::int64_t>;
using Times = std::vector<NanoTime>;

TEST(FilterStream, TicksOnlyWithValuesThePredicateAccepts) {
    auto src = script<std::int64_t>({{0, 5}, {10, -1}, {20, 8}, {30, -3}});
    auto positive = wf::filter(src, [](std::int64_t x) { return x > 0; });
    auto out = record<std::int64_t>(positive);
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (Ints{5, 8}));
    EXPECT_EQ(out->offsets(), (Times{0, 20}));
    EXPECT_EQ(positive->tick_count(), 2u);
}

TEST(FilterStream, KeepsTheLastAcceptedValueWhileRejecting) {
    auto src = script<std::int64_t>({{0, 5}, {10, -1}});
    auto positive = wf::filter(src, [](std::int64_t x) { return x > 0; });
    wf::testing::run_once({positive}, RunOptions::historical());

    EXPECT_EQ(positive->value(), 5);
}

TEST(FilterStream, CallsThePredicateOncePerUpstreamTick) {
    auto src = script<std::int64_t>({{0, 1}, {10, 2}, {20, 3}});
    Ints seen;
    auto f = wf::filter(src, [&seen](std::int64_t x) {
        seen.push_back(x);
        return false;
    });
    wf::testing::run_once({f}, RunOptions::historical());

    EXPECT_EQ(seen, (Ints{1, 2, 3}));
    EXPECT_FALSE(f->has_value());
    EXPECT_EQ(f->tick_count(), 0u);
}

} // namespace
