// Tests for ListSnapshot<T>: a view of the first n items of a shared append-only vector, unchanged
// by later appends, compared by content.

#include "wingfoil/ops/list_snapshot.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace {

using wingfoil::ListSnapshot;

TEST(ListSnapshot, ViewsTheFirstItemsAndIgnoresLaterAppends) {
    auto items = std::make_shared<std::vector<int>>(std::vector<int>{1, 2});
    ListSnapshot<int> first(items, 2);
    items->push_back(3);
    ListSnapshot<int> second(items, 3);

    EXPECT_EQ(first.size(), 2u);
    EXPECT_EQ(std::vector<int>(first.begin(), first.end()), (std::vector<int>{1, 2}));
    EXPECT_EQ(second[2], 3);
    EXPECT_FALSE(first == second);
}

TEST(ListSnapshot, EqualityComparesContentNotStorage) {
    auto a = std::make_shared<std::vector<int>>(std::vector<int>{4, 5});
    auto b = std::make_shared<std::vector<int>>(std::vector<int>{4, 5, 6});
    EXPECT_TRUE(ListSnapshot<int>(a, 2) == ListSnapshot<int>(b, 2));
    EXPECT_FALSE(ListSnapshot<int>(a, 2) == ListSnapshot<int>(b, 3));
}

TEST(ListSnapshot, DefaultSnapshotIsEmpty) {
    ListSnapshot<int> empty;
    EXPECT_TRUE(empty.empty());
    EXPECT_EQ(empty.begin(), empty.end());
    EXPECT_TRUE(empty == ListSnapshot<int>(std::make_shared<std::vector<int>>(), 0));
}

} // namespace
