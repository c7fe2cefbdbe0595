// Tests for zmq_sub (ZmqReceiverStream, ZmqDataStream, ZmqStatusStream) against a raw cppzmq
// publisher on a free loopback port: delivery order, the clean end on EndOfStream, ignored
// variants, the errors (undecodable frame, Error frame, historical mode, malformed address), the
// status stream across a publisher crash and rebind, and a second run of the same streams.

#include "wingfoil/adapters/zmq/read.h"

#include "adapters/zmq/peer.h"
#include "wingfoil/adapters/zmq/codec.h"
#include "wingfoil/core/error.h"
#include "wingfoil/engine/graph.h"
#include "wingfoil/ops/for_each.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace wingfoil;
using namespace wingfoil::adapters::zmq;
using wingfoil::testing::RawPublisher;
using wingfoil::testing::stop_when;

// Bounds every realtime run; the tests end earlier, on EndOfStream or an error.
constexpr NanoTime kRunBound = 20 * kNanosPerSecond;

// A subscriber wired to sinks that record what it emits; the run stops at "disconnected".
struct Subscriber {
    ZmqSubStreams<std::vector<std::string>, ZmqStatus> streams;
    std::vector<std::string> payloads;
    std::vector<ZmqStatus> statuses;
    std::size_t data_ticks = 0;
    std::atomic<bool> saw_disconnected{false};
    std::vector<std::shared_ptr<Node>> roots;

    explicit Subscriber(std::string address, bool stop_on_disconnect = true)
        : streams(zmq_sub(std::move(address))) {
        roots.push_back(for_each(streams.data, [this](const std::vector<std::string>& batch,
                                                      NanoTime) {
            ++data_ticks;
            payloads.insert(payloads.end(), batch.begin(), batch.end());
        }));
        roots.push_back(for_each(streams.status, [this](ZmqStatus status, NanoTime) {
            statuses.push_back(status);
            if (status == ZmqStatus::disconnected) {
                saw_disconnected = true;
            }
        }));
        if (stop_on_disconnect) {
            roots.push_back(stop_when(streams.status, [](ZmqStatus status) {
                return status == ZmqStatus::disconnected;
            }));
        }
    }

    void run(NanoTime bound = kRunBound) {
        Graph graph(roots);
        graph.run(RunOptions::live().for_duration(bound));
    }
};

// Runs `subscriber` while `peer_script` drives the publisher on another thread.
template <class Script>
void run_with_peer(Subscriber& subscriber, Script peer_script) {
    std::thread peer(peer_script);
    try {
        subscriber.run();
    } catch (...) {
        peer.join();
        throw;
    }
    peer.join();
}

TEST(ZmqBatch, KeepsPayloadOrderAndOnlyTheLastStatus) {
    std::vector<ZmqItem> items;
    items.emplace_back(ZmqStatus::connected);
    items.emplace_back(std::string("a"));
    items.emplace_back(ZmqStatus::disconnected);
    items.emplace_back(std::string(""));
    const ZmqBatch batch(std::move(items));
    EXPECT_EQ(batch.data, (std::vector<std::string>{"a", ""}));
    ASSERT_TRUE(batch.status.has_value());
    EXPECT_EQ(*batch.status, ZmqStatus::disconnected);
}

TEST(ZmqSub, DeliversEveryPayloadInOrderThenEndsCleanlyOnEndOfStream) {
    RawPublisher peer;
    Subscriber sub(peer.address());
    std::vector<std::string> sent;
    for (int i = 0; i < 2000; ++i) {
        sent.push_back(std::to_string(i));
    }
    sent.push_back(""); // an empty payload is delivered as an empty string
    run_with_peer(sub, [&] {
        ASSERT_TRUE(peer.wait_for_subscriber());
        for (const auto& payload : sent) {
            peer.send(encode_realtime_value(payload));
        }
        peer.send(encode_end_of_stream());
    });
    EXPECT_EQ(sub.payloads, sent);
    EXPECT_GE(sub.data_ticks, 1u);
    ASSERT_FALSE(sub.statuses.empty());
    EXPECT_EQ(sub.statuses.back(), ZmqStatus::disconnected);
}

TEST(ZmqSub, IgnoresCheckPointAndHistoricalVariants) {
    RawPublisher peer;
    Subscriber sub(peer.address());
    run_with_peer(sub, [&] {
        ASSERT_TRUE(peer.wait_for_subscriber());
        peer.send(encode_check_point(1));
        peer.send(encode_historical_value("old", 2));
        peer.send(encode_historical_batch({{"older", 3}}));
        peer.send(encode_realtime_value("live"));
        peer.send(encode_end_of_stream());
    });
    EXPECT_EQ(sub.payloads, (std::vector<std::string>{"live"}));
}

TEST(ZmqSub, UndecodableFrameFailsTheRunNamingTheFrame) {
    RawPublisher peer;
    Subscriber sub(peer.address());
    try {
        run_with_peer(sub, [&] {
            ASSERT_TRUE(peer.wait_for_subscriber());
            peer.send(encode_realtime_value("fine"));
            peer.send("not valid bincode");
        });
        FAIL() << "the run did not fail";
    } catch (const ValueError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find(peer.address()), std::string::npos) << message;
        EXPECT_NE(message.find("frame 2 could not be decoded"), std::string::npos) << message;
        EXPECT_NE(message.find("6e 6f 74 20"), std::string::npos) << message;
        EXPECT_NE(message.find("unknown Message variant index 544501614"), std::string::npos)
            << message;
    }
}

TEST(ZmqSub, ErrorFrameFailsTheRunWithThePublishersText) {
    RawPublisher peer;
    Subscriber sub(peer.address());
    try {
        run_with_peer(sub, [&] {
            ASSERT_TRUE(peer.wait_for_subscriber());
            peer.send(encode_error("upstream exploded"));
        });
        FAIL() << "the run did not fail";
    } catch (const RuntimeError& e) {
        EXPECT_NE(std::string(e.what()).find("the publisher sent an error: upstream exploded"),
                  std::string::npos)
            << e.what();
    }
}

TEST(ZmqSub, HistoricalRunIsRejectedMentioningRealTime) {
    Subscriber sub("tcp://127.0.0.1:1");
    Graph graph(sub.roots);
    try {
        graph.run(RunOptions::historical(0).for_duration(kNanosPerSecond));
        FAIL() << "the historical run did not fail";
    } catch (const ValueError& e) {
        EXPECT_NE(std::string(e.what()).find("real-time"), std::string::npos) << e.what();
    }
    EXPECT_EQ(graph.failure().phase, "start");
}

TEST(ZmqSub, MalformedAddressIsAcceptedAtConstructionAndRejectedAtStart) {
    for (const char* address : {"foo", "tcp://127.0.0.1", "nosuch://x:1"}) {
        Subscriber sub(address); // no I/O yet, so no error
        Graph graph(sub.roots);
        try {
            graph.run(RunOptions::live().for_duration(kRunBound));
            ADD_FAILURE() << address << " was accepted";
        } catch (const ValueError& e) {
            EXPECT_NE(std::string(e.what()).find(std::string("'") + address + "'"),
                      std::string::npos)
                << e.what();
            EXPECT_EQ(graph.failure().phase, "start") << address;
        }
    }
}

TEST(ZmqSub, NothingTicksWhileNoPublisherExists) {
    // An IPC path that nobody binds: libzmq keeps retrying, and no status is emitted.
    const std::string address = "ipc://" + std::string(::testing::TempDir()) +
                                "wingfoil-zmq-nobody-" + std::to_string(::getpid());
    Subscriber sub(address);
    sub.run(300 * 1'000'000);
    EXPECT_TRUE(sub.statuses.empty());
    EXPECT_TRUE(sub.payloads.empty());
}

TEST(ZmqSub, CrashedPublisherReportsDisconnectedThenConnectedAfterARebind) {
    auto first = std::make_unique<RawPublisher>();
    const std::string address = first->address();
    Subscriber sub(address, /*stop_on_disconnect=*/false);
    sub.roots.push_back(stop_when(sub.streams.data, [](const std::vector<std::string>& batch) {
        return !batch.empty() && batch.back() == "after";
    }));
    // Outlives the run: closing it early could put a second "disconnected" in the same batch
    // as the reconnect, and only a batch's last status ticks.
    std::unique_ptr<RawPublisher> second;
    run_with_peer(sub, [&] {
        ASSERT_TRUE(first->wait_for_subscriber());
        first->send(encode_realtime_value("before"));
        first->close(); // no EndOfStream: a crash as far as the subscriber can tell
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (!sub.saw_disconnected) {
            ASSERT_LT(std::chrono::steady_clock::now(), give_up) << "no disconnected status";
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        // The port was just released; a rebind can race the kernel for a moment.
        for (int attempt = 0; !second; ++attempt) {
            try {
                second = std::make_unique<RawPublisher>(address);
            } catch (const ::zmq::error_t&) {
                ASSERT_LT(attempt, 200) << "could not rebind " << address;
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
        }
        ASSERT_TRUE(second->wait_for_subscriber());
        second->send(encode_realtime_value("after"));
    });
    EXPECT_EQ(sub.payloads, (std::vector<std::string>{"before", "after"}));
    ASSERT_GE(sub.statuses.size(), 2u);
    const auto disconnected =
        std::find(sub.statuses.begin(), sub.statuses.end(), ZmqStatus::disconnected);
    ASSERT_NE(disconnected, sub.statuses.end());
    EXPECT_NE(std::find(disconnected, sub.statuses.end(), ZmqStatus::connected),
              sub.statuses.end());
}

TEST(ZmqSub, TheSameStreamsRunTwice) {
    RawPublisher peer;
    Subscriber sub(peer.address());
    for (const char* payload : {"first run", "second run"}) {
        run_with_peer(sub, [&] {
            ASSERT_TRUE(peer.wait_for_subscriber());
            peer.send(encode_realtime_value(payload));
            peer.send(encode_end_of_stream());
        });
    }
    EXPECT_EQ(sub.payloads, (std::vector<std::string>{"first run", "second run"}));
}

} // namespace
