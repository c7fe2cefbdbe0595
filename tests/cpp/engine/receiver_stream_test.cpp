// Tests for ReceiverStream: ingress from other threads into a realtime run. Values pushed by a
// std::thread arrive in order, grouped in bursts, none lost (100k items, with both wait
// strategies); an error pushed by a producer fails the run with that very error and cleanup still
// joins the producer; items pushed before start or between runs are not lost. Every live run has a
// generous duration bound so a lost wake-up fails the test instead of hanging it.

#include "wingfoil/engine/receiver_stream.h"

#include "wingfoil/core/error.h"
#include "wingfoil/engine/graph.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using wingfoil::Graph;
using wingfoil::kNanosPerSecond;
using wingfoil::Node;
using wingfoil::ReceiverStream;
using wingfoil::RunOptions;
using wingfoil::Stream;
using wingfoil::WaitStrategy;
using Burst = std::vector<std::int64_t>;

// Long enough never to end a healthy test; short enough that a lost item fails it.
constexpr wingfoil::NanoTime kSafetyBound = 30 * kNanosPerSecond;

class IntReceiver : public ReceiverStream<std::int64_t> {
public:
    std::string type_name() const override { return "IntReceiver"; }
};

// A receiver that owns its producer: started in start(), joined in stop(), as adapters do. It
// pushes 0..count-1 and then, when asked, an error.
class ThreadedReceiver : public ReceiverStream<std::int64_t> {
public:
    ThreadedReceiver(std::int64_t count, std::exception_ptr error_after)
        : count_(count), error_after_(std::move(error_after)) {}

    void start(Graph& graph) override {
        ReceiverStream::start(graph);
        producer_ = std::thread([this] {
            for (std::int64_t i = 0; i < count_; ++i) {
                push(i);
            }
            if (error_after_) {
                push_error(error_after_);
            }
        });
    }

    void stop(Graph& graph) override {
        if (producer_.joinable()) {
            producer_.join();
            joined = true;
        }
        ReceiverStream::stop(graph);
    }

    std::string type_name() const override { return "ThreadedReceiver"; }

    bool joined = false;

private:
    std::int64_t count_;
    std::exception_ptr error_after_;
    std::thread producer_;
};

// Keeps every burst it sees and stops the run once `target` items have arrived.
class BurstCollector : public Node {
public:
    BurstCollector(std::shared_ptr<Stream<Burst>> upstream, std::size_t target)
        : upstream_(std::move(upstream)), target_(target) {
        add_upstream(upstream_);
    }

    bool cycle(Graph& graph) override {
        bursts.push_back(upstream_->value());
        items += upstream_->value().size();
        if (items >= target_) {
            graph.request_stop();
        }
        return true;
    }

    std::string type_name() const override { return "BurstCollector"; }

    /// Every item of every burst, in arrival order.
    Burst flattened() const {
        Burst out;
        for (const auto& burst : bursts) {
            out.insert(out.end(), burst.begin(), burst.end());
        }
        return out;
    }

    std::vector<Burst> bursts;
    std::size_t items = 0;

private:
    std::shared_ptr<Stream<Burst>> upstream_;
    std::size_t target_;
};

// Raises a flag in its start phase, so a test thread knows the run has begun.
class StartFlag : public Node {
public:
    explicit StartFlag(std::atomic<bool>& flag) : flag_(flag) {}
    void start(Graph&) override { flag_.store(true); }
    bool cycle(Graph&) override { return false; }
    std::string type_name() const override { return "StartFlag"; }

private:
    std::atomic<bool>& flag_;
};

Burst iota(std::int64_t from, std::int64_t to) {
    Burst out;
    for (std::int64_t i = from; i < to; ++i) {
        out.push_back(i);
    }
    return out;
}

// Pushes `count` items from a second thread into a live run and checks all arrive in order.
void expect_all_items_arrive(WaitStrategy wait) {
    constexpr std::int64_t kCount = 100'000;
    auto receiver = std::make_shared<IntReceiver>();
    auto collector = std::make_shared<BurstCollector>(receiver, kCount);
    std::atomic<bool> running{false};
    auto flag = std::make_shared<StartFlag>(running);
    Graph graph({collector, flag});

    // The producer waits for the run to start so the pushes race the engine, not run() setup.
    std::thread producer([&] {
        while (!running.load()) {
            std::this_thread::yield();
        }
        for (std::int64_t i = 0; i < kCount; ++i) {
            receiver->push(i);
        }
    });
    RunOptions options = RunOptions::live().for_duration(kSafetyBound);
    options.wait = wait;
    graph.run(options);
    producer.join();

    EXPECT_EQ(collector->items, static_cast<std::size_t>(kCount));
    EXPECT_EQ(collector->flattened(), iota(0, kCount));
    EXPECT_LE(collector->bursts.size(), static_cast<std::size_t>(kCount));
    for (const auto& burst : collector->bursts) {
        EXPECT_FALSE(burst.empty()) << "the receiver ticked with an empty burst";
    }
    EXPECT_EQ(receiver->tick_count(), collector->bursts.size());
}

TEST(ReceiverStream, ItemsFromAnotherThreadArriveInOrderWhenTheEngineSleeps) {
    expect_all_items_arrive(WaitStrategy::sleep);
}

TEST(ReceiverStream, ItemsFromAnotherThreadArriveInOrderWhenTheEngineBusyPolls) {
    expect_all_items_arrive(WaitStrategy::busy_poll);
}

TEST(ReceiverStream, ProducerOwnedByTheNodeDeliversEverythingAndIsJoined) {
    constexpr std::int64_t kCount = 10'000;
    auto receiver = std::make_shared<ThreadedReceiver>(kCount, nullptr);
    auto collector = std::make_shared<BurstCollector>(receiver, kCount);
    Graph graph({collector});
    graph.run(RunOptions::live().for_duration(kSafetyBound));

    EXPECT_EQ(collector->flattened(), iota(0, kCount));
    EXPECT_TRUE(receiver->joined);
}

TEST(ReceiverStream, PushedErrorFailsTheRunWithThatErrorAfterCleanup) {
    auto error = std::make_exception_ptr(wingfoil::ConnectionError("peer vanished"));
    auto receiver = std::make_shared<ThreadedReceiver>(50, error);
    auto collector = std::make_shared<BurstCollector>(receiver, 1'000'000);
    Graph graph({collector});

    std::exception_ptr thrown;
    try {
        graph.run(RunOptions::live().for_duration(kSafetyBound));
    } catch (...) {
        thrown = std::current_exception();
    }
    ASSERT_TRUE(thrown) << "the run ended without the pushed error";
    try {
        std::rethrow_exception(thrown);
    } catch (const wingfoil::ConnectionError& e) {
        EXPECT_STREQ(e.what(), "peer vanished");
    } catch (...) {
        ADD_FAILURE() << "the run failed with a different error type";
    }
    EXPECT_EQ(thrown, error) << "the pushed exception object itself is rethrown";
    EXPECT_EQ(graph.failure().phase, "cycle");
    EXPECT_EQ(graph.failure().node_type, "ThreadedReceiver");
    EXPECT_TRUE(receiver->joined);
    EXPECT_LE(collector->items, 50u);
}

TEST(ReceiverStream, ItemsPushedBeforeStartAreDelivered) {
    auto receiver = std::make_shared<IntReceiver>();
    receiver->push(1);
    receiver->push(2);
    receiver->push(3);
    auto collector = std::make_shared<BurstCollector>(receiver, 3);
    Graph graph({collector});
    graph.run(RunOptions::live().for_duration(kSafetyBound));

    EXPECT_EQ(collector->flattened(), (Burst{1, 2, 3}));
    EXPECT_EQ(collector->bursts.size(), 1u);
}

TEST(ReceiverStream, ItemsPushedBetweenRunsAreDeliveredInTheNextRun) {
    auto receiver = std::make_shared<IntReceiver>();
    auto collector = std::make_shared<BurstCollector>(receiver, 1);
    Graph graph({collector});
    receiver->push(10);
    graph.run(RunOptions::live().for_duration(kSafetyBound));
    ASSERT_EQ(collector->flattened(), (Burst{10}));

    // The collector's target is already met, so the second run stops at its first burst.
    receiver->push(20);
    receiver->push(21);
    graph.run(RunOptions::live().for_duration(kSafetyBound));
    EXPECT_EQ(collector->flattened(), (Burst{10, 20, 21}));
}

TEST(ReceiverStream, ValueIsTheLatestBurstAndStaysUntilTheNextOne) {
    auto receiver = std::make_shared<IntReceiver>();
    receiver->push(7);
    receiver->push(8);
    auto collector = std::make_shared<BurstCollector>(receiver, 2);
    Graph graph({collector});
    graph.run(RunOptions::live().for_duration(kSafetyBound));

    EXPECT_EQ(receiver->value(), (Burst{7, 8}));
    EXPECT_TRUE(receiver->has_value());
}

} // namespace
