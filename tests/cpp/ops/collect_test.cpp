// Tests for CollectStream (Python: Stream.collect()): each tick's value holds every upstream value
// so far in the node's lifetime (across runs); a snapshot already handed out never changes.

#include "wingfoil/ops/collect.h"

#include "support/recorder.h"
#include "support/script_source.h"
#include "wingfoil/ops/count.h"
#include "wingfoil/ops/ticker.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace {

namespace wf = wingfoil;
using wf::Graph;
using wf::ListSnapshot;
using wf::RunOptions;
using wf::testing::script;
using Ints = std::vector<std::int64_t>;

template <class T>
std::vector<T> items(const ListSnapshot<T>& snapshot) {
    return std::vector<T>(snapshot.begin(), snapshot.end());
}

TEST(CollectStream, EachTickHoldsEveryValueSoFar) {
    auto src = script<std::int64_t>({{0, 5}, {1, 6}, {2, 7}});
    auto collected = wf::collect(src);
    auto out = wf::testing::record<ListSnapshot<std::int64_t>>(collected);
    wf::testing::run_once({out}, RunOptions::historical());

    auto seen = out->values();
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(items(seen[0]), (Ints{5}));
    EXPECT_EQ(items(seen[1]), (Ints{5, 6}));
    EXPECT_EQ(items(seen[2]), (Ints{5, 6, 7}));
}

// ticker(0.1).count().collect(): a snapshot read after a run is unchanged by the next run.
TEST(CollectStream, SnapshotsAlreadyHandedOutNeverChange) {
    auto collected = wf::collect(wf::count(wf::ticker(100)));
    Graph graph({collected});
    graph.run(RunOptions::historical().for_cycles(2));
    ListSnapshot<std::int64_t> before = collected->value();
    graph.run(RunOptions::historical().for_cycles(1));

    EXPECT_EQ(items(before), (Ints{1, 2}));
    EXPECT_EQ(items(collected->value()), (Ints{1, 2, 3}));
    EXPECT_FALSE(before == collected->value());
}

TEST(CollectStream, AccumulatesAcrossRuns) {
    auto collected = wf::collect(wf::count(wf::ticker(100)));
    Graph graph({collected});
    graph.run(RunOptions::historical().for_cycles(3));
    graph.run(RunOptions::historical().for_cycles(3));

    EXPECT_EQ(items(collected->value()), (Ints{1, 2, 3, 4, 5, 6}));
}

TEST(CollectStream, HasNoValueAndAnEmptySnapshotBeforeItsFirstTick) {
    auto collected = wf::collect(script<std::string>({{0, std::string("x")}}));
    EXPECT_FALSE(collected->has_value());
    EXPECT_TRUE(collected->value().empty());
    EXPECT_EQ(collected->value().size(), 0u);
}

} // namespace
