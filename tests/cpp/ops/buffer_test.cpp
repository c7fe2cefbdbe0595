// Tests for BufferStream (Python: Stream.buffer(capacity)): full batches at capacity (0 and 1
// both give single items), the flush of a partial batch in the run's last cycle (cycles and
// historical duration bounds) and only when the upstream ticks in it, no flush on exhaustion or a
// limit stop, and leftovers carried into the next run.

#include "wingfoil/ops/buffer.h"

#include "support/recorder.h"
#include "support/script_source.h"
#include "wingfoil/ops/bimap.h"
#include "wingfoil/ops/count.h"
#include "wingfoil/ops/limit.h"
#include "wingfoil/ops/ticker.h"

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
using Batch = std::vector<std::int64_t>;
using Batches = std::vector<Batch>;
using Times = std::vector<NanoTime>;

constexpr NanoTime kMs = 1'000'000;

std::shared_ptr<wf::Stream<std::int64_t>> counting_ticker(NanoTime period) {
    return wf::count(wf::ticker(period));
}

TEST(BufferStream, EmitsABatchEachTimeCapacityIsReached) {
    auto out = record<Batch>(wf::buffer(counting_ticker(kMs), 3));
    wf::testing::run_once({out}, RunOptions::historical().for_cycles(6));

    EXPECT_EQ(out->values(), (Batches{{1, 2, 3}, {4, 5, 6}}));
    EXPECT_EQ(out->offsets(), (Times{2 * kMs, 5 * kMs}));
}

TEST(BufferStream, FlushesAPartialBatchInTheLastCycleOfACyclesBound) {
    auto out = record<Batch>(wf::buffer(counting_ticker(100 * kMs), 3));
    wf::testing::run_once({out}, RunOptions::historical().for_cycles(7));

    EXPECT_EQ(out->values(), (Batches{{1, 2, 3}, {4, 5, 6}, {7}}));
}

TEST(BufferStream, CapacityZeroAndOneEmitSingleItems) {
    auto zero = record<Batch>(wf::buffer(counting_ticker(100 * kMs), 0));
    auto one = record<Batch>(wf::buffer(counting_ticker(100 * kMs), 1));
    wf::testing::run_once({zero, one}, RunOptions::historical().for_cycles(3));

    EXPECT_EQ(zero->values(), (Batches{{1}, {2}, {3}}));
    EXPECT_EQ(one->values(), (Batches{{1}, {2}, {3}}));
}

// Duration 0.35 s on a 0.1 s ticker: the last cycle is at 0.3 s and carries a tick, so [4] flushes.
TEST(BufferStream, FlushesInTheLastCycleWithinAHistoricalDuration) {
    auto out = record<Batch>(wf::buffer(counting_ticker(100 * kMs), 3));
    wf::testing::run_once({out}, RunOptions::historical().for_duration(350 * kMs));

    EXPECT_EQ(out->values(), (Batches{{1, 2, 3}, {4}}));
    EXPECT_EQ(out->offsets(), (Times{200 * kMs, 300 * kMs}));
}

// The last of three cycles (0.2 s) has no input for the buffer, so nothing is flushed.
TEST(BufferStream, DoesNotFlushWhenItsUpstreamDoesNotTickInTheLastCycle) {
    auto buffered = wf::buffer(counting_ticker(250 * kMs), 10);
    auto fast = counting_ticker(100 * kMs);
    auto both = wf::bimap(buffered, fast,
                                               [](const Batch&, std::int64_t q) { return q; });
    wf::testing::run_once({both}, RunOptions::historical().for_cycles(3));

    EXPECT_EQ(buffered->tick_count(), 0u);
    EXPECT_FALSE(buffered->has_value());
}

TEST(BufferStream, DoesNotFlushWhenTheRunEndsByExhaustion) {
    auto src = script<std::int64_t>({{0, 1}, {1, 2}});
    auto buffered = wf::buffer(src, 3);
    wf::testing::run_once({buffered}, RunOptions::historical());

    EXPECT_EQ(buffered->tick_count(), 0u);
}

TEST(BufferStream, DoesNotFlushWhenALimitStopsTheRun) {
    auto limited = wf::limit(counting_ticker(100 * kMs), 7);
    auto out = record<Batch>(wf::buffer(limited, 3));
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (Batches{{1, 2, 3}, {4, 5, 6}}));
}

// Run 1 (two cycles) buffers [1] without flushing; run 2's single cycle is its last and carries
// the next value, so the leftover comes out with it.
TEST(BufferStream, LeftoversCarryIntoTheNextRun) {
    auto src = counting_ticker(200 * kMs);
    auto buffered = wf::buffer(src, 5);
    auto out = record<Batch>(buffered);
    auto both = wf::bimap(src, counting_ticker(100 * kMs),
                                                      [](std::int64_t, std::int64_t q) {
                                                          return q;
                                                      });
    Graph graph({out, both});
    graph.run(RunOptions::historical().for_cycles(2));
    EXPECT_TRUE(out->values().empty());

    graph.run(RunOptions::historical().for_cycles(1));
    EXPECT_EQ(out->values(), (Batches{{1, 2}}));
}

} // namespace
