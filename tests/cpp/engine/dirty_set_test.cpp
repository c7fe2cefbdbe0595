// Tests for DirtySet: ascending visit order, marks counted once, marks added during a drain (to
// higher positions, also in later words) visited in the same pass, clear, any, and resize.

#include "wingfoil/engine/dirty_set.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

using wingfoil::DirtySet;
using Positions = std::vector<std::uint32_t>;

Positions drain(DirtySet& set) {
    Positions out;
    set.drain([&out](std::uint32_t position) { out.push_back(position); });
    return out;
}

TEST(DirtySet, FreshSetHasNothingMarked) {
    DirtySet set;
    set.resize(130);
    EXPECT_FALSE(set.any());
    EXPECT_TRUE(drain(set).empty());
}

TEST(DirtySet, DrainVisitsMarkedPositionsInAscendingOrderOnce) {
    DirtySet set;
    set.resize(300);
    for (std::uint32_t p : {299u, 5u, 64u, 63u, 5u, 128u, 0u}) {
        set.mark(p);
    }
    EXPECT_TRUE(set.any());
    EXPECT_EQ(drain(set), (Positions{0, 5, 63, 64, 128, 299}));
    EXPECT_FALSE(set.any());
    EXPECT_TRUE(drain(set).empty());
}

TEST(DirtySet, MarksMadeDuringADrainAreVisitedInTheSamePass) {
    DirtySet set;
    set.resize(1'000);
    set.mark(2);
    Positions visited;
    set.drain([&](std::uint32_t position) {
        visited.push_back(position);
        if (position == 2) {
            set.mark(3);   // same word
            set.mark(700); // a later word beyond the current high mark
        } else if (position == 700) {
            set.mark(999);
        }
    });
    EXPECT_EQ(visited, (Positions{2, 3, 700, 999}));
    EXPECT_FALSE(set.any());
}

TEST(DirtySet, ClearForgetsEveryMark) {
    DirtySet set;
    set.resize(200);
    set.mark(3);
    set.mark(150);
    set.clear();
    EXPECT_FALSE(set.any());
    EXPECT_TRUE(drain(set).empty());
    set.mark(4);
    EXPECT_EQ(drain(set), (Positions{4}));
}

TEST(DirtySet, ResizeDropsOldMarks) {
    DirtySet set;
    set.resize(64);
    set.mark(10);
    set.resize(500);
    EXPECT_FALSE(set.any());
    set.mark(499);
    EXPECT_EQ(drain(set), (Positions{499}));
}

TEST(DirtySet, EveryPositionOfALargeSetCanBeMarkedAndVisited) {
    constexpr std::uint32_t kSize = 10'000;
    DirtySet set;
    set.resize(kSize);
    for (std::uint32_t p = kSize; p-- > 0;) {
        set.mark(p);
    }
    Positions visited = drain(set);
    ASSERT_EQ(visited.size(), kSize);
    for (std::uint32_t p = 0; p < kSize; ++p) {
        ASSERT_EQ(visited[p], p);
    }
}

} // namespace
