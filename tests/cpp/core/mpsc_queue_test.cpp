// Tests for MpscQueue<T>: FIFO order, emptiness, element lifetimes (every constructed element is
// destroyed exactly once, including those left in the queue), copy-only and move-only element
// types, and a many-producer stress run where every item arrives exactly once in per-producer
// order.

#include "wingfoil/core/mpsc_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using wingfoil::MpscQueue;

// Counts live instances, so a test can check that the queue neither leaks nor double-destroys.
// Moved-from instances are live too until destroyed.
class Tracked {
public:
    static std::atomic<std::int64_t> live;

    Tracked() noexcept { live.fetch_add(1, std::memory_order_relaxed); }
    Tracked(std::uint32_t producer, std::uint64_t seq) noexcept : producer_(producer), seq_(seq) {
        live.fetch_add(1, std::memory_order_relaxed);
    }
    Tracked(const Tracked& other) noexcept : producer_(other.producer_), seq_(other.seq_) {
        live.fetch_add(1, std::memory_order_relaxed);
    }
    Tracked(Tracked&& other) noexcept : producer_(other.producer_), seq_(other.seq_) {
        other.seq_ = kMovedFrom;
        live.fetch_add(1, std::memory_order_relaxed);
    }
    Tracked& operator=(const Tracked&) noexcept = default;
    Tracked& operator=(Tracked&& other) noexcept {
        producer_ = other.producer_;
        seq_ = other.seq_;
        other.seq_ = kMovedFrom;
        return *this;
    }
    ~Tracked() { live.fetch_sub(1, std::memory_order_relaxed); }

    std::uint32_t producer() const noexcept { return producer_; }
    std::uint64_t seq() const noexcept { return seq_; }

    static constexpr std::uint64_t kMovedFrom = ~std::uint64_t{0};

private:
    std::uint32_t producer_ = 0;
    std::uint64_t seq_ = 0;
};

std::atomic<std::int64_t> Tracked::live{0};

// Declares copy operations only, so every "move" inside the queue is a copy.
struct CopyOnly {
    explicit CopyOnly(int v = 0) noexcept : value(v) {}
    CopyOnly(const CopyOnly& other) noexcept : value(other.value) {}
    CopyOnly& operator=(const CopyOnly& other) noexcept {
        value = other.value;
        return *this;
    }
    int value;
};

TEST(MpscQueue, NewQueueIsEmptyAndPopsNothing) {
    MpscQueue<int> queue;
    int out = -1;
    EXPECT_TRUE(queue.empty());
    EXPECT_FALSE(queue.try_pop(out));
    EXPECT_EQ(out, -1);
}

TEST(MpscQueue, PopsInPushOrderThenReportsEmpty) {
    MpscQueue<std::string> queue;
    queue.push("a");
    queue.push("b");
    queue.push("c");
    EXPECT_FALSE(queue.empty());

    std::string out;
    std::vector<std::string> popped;
    while (queue.try_pop(out)) {
        popped.push_back(out);
    }
    EXPECT_EQ(popped, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_TRUE(queue.empty());
}

TEST(MpscQueue, InterleavedPushAndPopKeepOrder) {
    MpscQueue<int> queue;
    int out = 0;
    queue.push(1);
    ASSERT_TRUE(queue.try_pop(out));
    EXPECT_EQ(out, 1);
    queue.push(2);
    queue.push(3);
    ASSERT_TRUE(queue.try_pop(out));
    EXPECT_EQ(out, 2);
    queue.push(4);
    ASSERT_TRUE(queue.try_pop(out));
    EXPECT_EQ(out, 3);
    ASSERT_TRUE(queue.try_pop(out));
    EXPECT_EQ(out, 4);
    EXPECT_FALSE(queue.try_pop(out));
}

TEST(MpscQueue, DestroysItemsStillQueuedWhenDestroyed) {
    ASSERT_EQ(Tracked::live.load(), 0);
    {
        MpscQueue<Tracked> queue;
        for (std::uint64_t i = 0; i < 100; ++i) {
            queue.push(Tracked(0, i));
        }
        Tracked out;
        ASSERT_TRUE(queue.try_pop(out));
        EXPECT_EQ(out.seq(), 0u);
    }
    EXPECT_EQ(Tracked::live.load(), 0);
}

TEST(MpscQueue, PoppedItemLeavesNoCopyBehindInTheQueue) {
    ASSERT_EQ(Tracked::live.load(), 0);
    MpscQueue<Tracked> queue;
    queue.push(Tracked(0, 7));
    Tracked out;
    ASSERT_TRUE(queue.try_pop(out));
    // Only `out` is alive: the queue dropped its own copy when the value was taken.
    EXPECT_EQ(Tracked::live.load(), 1);
    EXPECT_EQ(out.seq(), 7u);
}

TEST(MpscQueue, CarriesMoveOnlyValues) {
    MpscQueue<std::unique_ptr<int>> queue;
    queue.push(std::make_unique<int>(41));
    queue.push(std::make_unique<int>(42));
    std::unique_ptr<int> out;
    ASSERT_TRUE(queue.try_pop(out));
    ASSERT_NE(out, nullptr);
    EXPECT_EQ(*out, 41);
    ASSERT_TRUE(queue.try_pop(out));
    EXPECT_EQ(*out, 42);
}

TEST(MpscQueue, CarriesCopyOnlyValues) {
    MpscQueue<CopyOnly> queue;
    CopyOnly a(5);
    queue.push(a);
    queue.push(CopyOnly(6));
    CopyOnly out;
    ASSERT_TRUE(queue.try_pop(out));
    EXPECT_EQ(out.value, 5);
    ASSERT_TRUE(queue.try_pop(out));
    EXPECT_EQ(out.value, 6);
}

// Several producers push while one consumer pops: each item arrives exactly once, each producer's
// items arrive in the order it pushed them, and no element outlives the queue.
TEST(MpscQueue, ManyProducersDeliverEveryItemOnceInPerProducerOrder) {
    constexpr std::uint32_t kProducers = 4;
    constexpr std::uint64_t kPerProducer = 100'000;
    ASSERT_EQ(Tracked::live.load(), 0);
    {
        MpscQueue<Tracked> queue;
        std::atomic<bool> go{false};
        std::vector<std::thread> producers;
        for (std::uint32_t p = 0; p < kProducers; ++p) {
            producers.emplace_back([&queue, &go, p] {
                while (!go.load(std::memory_order_acquire)) {
                    std::this_thread::yield();
                }
                for (std::uint64_t i = 0; i < kPerProducer; ++i) {
                    queue.push(Tracked(p, i));
                }
            });
        }

        std::vector<std::uint64_t> next(kProducers, 0);
        std::uint64_t received = 0;
        std::uint64_t out_of_order = 0;
        std::uint64_t bad_producer = 0;
        go.store(true, std::memory_order_release);
        Tracked out;
        while (received < kProducers * kPerProducer) {
            if (!queue.try_pop(out)) {
                std::this_thread::yield();
                continue;
            }
            ++received;
            if (out.producer() >= kProducers) {
                ++bad_producer;
                continue;
            }
            if (out.seq() != next[out.producer()]) {
                ++out_of_order;
            }
            next[out.producer()] = out.seq() + 1;
        }
        for (auto& t : producers) {
            t.join();
        }

        EXPECT_EQ(bad_producer, 0u);
        EXPECT_EQ(out_of_order, 0u);
        for (std::uint32_t p = 0; p < kProducers; ++p) {
            EXPECT_EQ(next[p], kPerProducer) << "producer " << p;
        }
        EXPECT_FALSE(queue.try_pop(out)) << "an item was delivered twice";
        EXPECT_TRUE(queue.empty());
    }
    EXPECT_EQ(Tracked::live.load(), 0);
}

} // namespace
