// Tests for DifferenceStream (Python: Stream.difference()): no tick on the first upstream value,
// then value minus the previous upstream value on every later tick, with the previous value kept
// across runs.

#include "wingfoil/ops/difference.h"

#include "support/recorder.h"
#include "support/script_source.h"

#include <gtest/gtest.h>

#include <cstdint>
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

TEST(DifferenceStream, EmitsTheChangeFromTheSecondTickOn) {
    auto src = script<std::int64_t>({{0, 1}, {10, 4}, {20, 9}, {30, 16}});
    auto diff = wf::difference(src);
    auto out = record<std::int64_t>(diff);
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (Ints{3, 5, 7}));
    EXPECT_EQ(out->offsets(), (Times{10, 20, 30}));
}

TEST(DifferenceStream, DoesNotTickOnASingleValue) {
    auto src = script<std::int64_t>({{0, 5}});
    auto diff = wf::difference(src);
    wf::testing::run_once({diff}, RunOptions::historical());

    EXPECT_EQ(diff->tick_count(), 0u);
    EXPECT_FALSE(diff->has_value());
}

TEST(DifferenceStream, SubtractsDoubles) {
    auto src = script<double>({{0, 3.0}, {1, 1.5}, {2, 4.0}});
    auto out = record<double>(wf::difference(src));
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (std::vector<double>{-1.5, 2.5}));
}

TEST(DifferenceStream, RemembersThePreviousValueAcrossRuns) {
    auto src = script<std::int64_t>({{0, 1}, {10, 4}});
    auto out = record<std::int64_t>(wf::difference(src));
    Graph graph({out});
    graph.run(RunOptions::historical());
    graph.run(RunOptions::historical());

    EXPECT_EQ(out->values(), (Ints{3, -3, 3}));
}

} // namespace
