// Tests for DataframeStream (Python: Stream.dataframe()): each tick holds every (cycle time, value)
// row so far, with absolute times since the epoch; earlier snapshots never change.

#include "wingfoil/ops/dataframe.h"

#include "support/recorder.h"
#include "support/script_source.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

namespace wf = wingfoil;
using wf::Graph;
using wf::kNanosPerSecond;
using wf::ListSnapshot;
using wf::NanoTime;
using wf::RunOptions;
using wf::Timed;
using wf::testing::script;
using Rows = std::vector<Timed<std::int64_t>>;

constexpr NanoTime kStart = 100 * kNanosPerSecond;

Rows rows(const ListSnapshot<Timed<std::int64_t>>& snapshot) {
    return Rows(snapshot.begin(), snapshot.end());
}

TEST(DataframeStream, RowsCarryAbsoluteCycleTimes) {
    auto src = script<std::int64_t>({{0, 1}, {250, 2}});
    auto frame = wf::dataframe(src);
    Graph graph({frame});
    graph.run(RunOptions::historical(kStart));

    EXPECT_EQ(rows(frame->value()), (Rows{{kStart, 1}, {kStart + 250, 2}}));
    EXPECT_EQ(frame->tick_count(), 2u);
}

TEST(DataframeStream, EarlierSnapshotsKeepTheirRows) {
    auto src = script<std::int64_t>({{0, 1}, {1, 2}, {2, 3}});
    auto frame = wf::dataframe(src);
    auto out = wf::testing::record<ListSnapshot<Timed<std::int64_t>>>(frame);
    wf::testing::run_once({out}, RunOptions::historical());

    auto seen = out->values();
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(rows(seen[0]), (Rows{{0, 1}}));
    EXPECT_EQ(rows(seen[1]), (Rows{{0, 1}, {1, 2}}));
    EXPECT_EQ(rows(seen[2]), (Rows{{0, 1}, {1, 2}, {2, 3}}));
}

} // namespace
