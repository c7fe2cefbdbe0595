// Tests for TimeQueue: earliest time, popping everything due at or before a time (and nothing
// later), equal times, the empty queue, and clear.

#include "wingfoil/engine/time_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace {

using wingfoil::kNeverTime;
using wingfoil::NanoTime;
using wingfoil::TimeQueue;
using Positions = std::vector<std::uint32_t>;

Positions pop_due(TimeQueue& queue, NanoTime time) {
    Positions out;
    queue.pop_due(time, [&out](std::uint32_t position) { out.push_back(position); });
    return out;
}

TEST(TimeQueue, EmptyQueueReportsNeverTimeAndPopsNothing) {
    TimeQueue queue;
    EXPECT_TRUE(queue.empty());
    EXPECT_EQ(queue.earliest(), kNeverTime);
    EXPECT_TRUE(pop_due(queue, kNeverTime).empty());
}

TEST(TimeQueue, EarliestIsTheSmallestQueuedTime) {
    TimeQueue queue;
    queue.push(30, 1);
    queue.push(10, 2);
    queue.push(20, 3);
    EXPECT_FALSE(queue.empty());
    EXPECT_EQ(queue.earliest(), 10);
}

TEST(TimeQueue, PopDueTakesEntriesAtOrBeforeTheTimeInTimeOrder) {
    TimeQueue queue;
    queue.push(30, 3);
    queue.push(10, 1);
    queue.push(20, 2);
    queue.push(40, 4);

    EXPECT_EQ(pop_due(queue, 20), (Positions{1, 2}));
    EXPECT_EQ(queue.earliest(), 30);
    EXPECT_EQ(pop_due(queue, 29), Positions{});
    EXPECT_EQ(pop_due(queue, 30), (Positions{3}));
    EXPECT_EQ(pop_due(queue, kNeverTime), (Positions{4}));
    EXPECT_TRUE(queue.empty());
}

TEST(TimeQueue, EqualTimesAreAllPoppedTogether) {
    TimeQueue queue;
    queue.push(5, 7);
    queue.push(5, 3);
    queue.push(5, 7);
    queue.push(6, 1);
    Positions due = pop_due(queue, 5);
    std::sort(due.begin(), due.end());
    EXPECT_EQ(due, (Positions{3, 7, 7}));
    EXPECT_EQ(queue.earliest(), 6);
}

TEST(TimeQueue, AcceptsNegativeAndExtremeTimes) {
    TimeQueue queue;
    queue.push(kNeverTime, 1);
    queue.push(-100, 2);
    EXPECT_EQ(queue.earliest(), -100);
    EXPECT_EQ(pop_due(queue, 0), (Positions{2}));
    EXPECT_EQ(queue.earliest(), kNeverTime);
}

TEST(TimeQueue, ClearForgetsEverything) {
    TimeQueue queue;
    queue.push(1, 1);
    queue.push(2, 2);
    queue.clear();
    EXPECT_TRUE(queue.empty());
    EXPECT_EQ(queue.earliest(), kNeverTime);
}

TEST(TimeQueue, RandomPushesComeOutSortedByTime) {
    std::mt19937_64 rng(20240102);
    std::uniform_int_distribution<NanoTime> time(0, 1'000'000);
    TimeQueue queue;
    std::vector<NanoTime> times;
    for (std::uint32_t i = 0; i < 5'000; ++i) {
        NanoTime t = time(rng);
        times.push_back(t);
        queue.push(t, i);
    }
    std::vector<NanoTime> popped;
    while (!queue.empty()) {
        NanoTime t = queue.earliest();
        queue.pop_due(t, [&](std::uint32_t position) { popped.push_back(times[position]); });
    }
    std::sort(times.begin(), times.end());
    EXPECT_EQ(popped, times);
}

} // namespace
