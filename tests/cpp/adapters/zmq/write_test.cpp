// Tests for zmq_pub (ZmqPublisher, ZmqPublisherNode) against a raw cppzmq SUB peer: the bound
// endpoint, bind failures, slow-joiner buffering (first frames kept, stale frames dropped), the
// EndOfStream at close, historical mode refused before anything is bound, and a graph publishing
// std::string and byte-vector payloads.

#include "wingfoil/adapters/zmq/write.h"

#include "adapters/zmq/peer.h"
#include "wingfoil/adapters/zmq/codec.h"
#include "wingfoil/core/error.h"
#include "wingfoil/engine/graph.h"
#include "wingfoil/ops/count.h"
#include "wingfoil/ops/for_each.h"
#include "wingfoil/ops/map.h"
#include "wingfoil/ops/ticker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace wingfoil;
using namespace wingfoil::adapters::zmq;
using wingfoil::testing::counter;
using wingfoil::testing::RawSubscriber;

constexpr NanoTime kRunBound = 20 * kNanosPerSecond;

// Publishes `payload` every few milliseconds until a subscriber has joined (bounded).
void publish_until_joined(ZmqPublisher& publisher, const std::string& payload) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (!publisher.joined()) {
        ASSERT_LT(std::chrono::steady_clock::now(), give_up) << "no subscriber joined";
        publisher.publish(payload);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

TEST(ZmqPublisher, BindsLoopbackAndReportsTheChosenPort) {
    ZmqPublisher publisher(0);
    EXPECT_FALSE(publisher.is_open());
    publisher.open();
    EXPECT_TRUE(publisher.is_open());
    EXPECT_NE(publisher.port(), 0);
    EXPECT_EQ(publisher.endpoint(), "tcp://127.0.0.1:" + std::to_string(publisher.port()));
    publisher.close();
    EXPECT_FALSE(publisher.is_open());
    publisher.close(); // idempotent
}

TEST(ZmqPublisher, BindFailureNamesTheEndpointAndTheCause) {
    ZmqPublisher first(0);
    first.open();
    ZmqPublisher second(first.port());
    try {
        second.open();
        FAIL() << "a second bind of port " << first.port() << " succeeded";
    } catch (const ConnectionError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("tcp://127.0.0.1:" + std::to_string(first.port())),
                  std::string::npos)
            << message;
        EXPECT_NE(message.find("Address already in use"), std::string::npos) << message;
    }
    EXPECT_FALSE(second.is_open());
}

TEST(ZmqPublisher, FirstFramesAreBufferedUntilASubscriberJoins) {
    ZmqPublisher publisher(0);
    publisher.open();
    publisher.publish("first"); // nobody is connected yet: buffered, not dropped
    RawSubscriber peer(publisher.endpoint());
    publish_until_joined(publisher, "more");
    publisher.publish("last");
    EXPECT_EQ(peer.recv(), encode_realtime_value("first"));
    std::optional<std::string> frame;
    while ((frame = peer.recv()) && *frame == encode_realtime_value("more")) {
    }
    EXPECT_EQ(frame, encode_realtime_value("last"));
}

TEST(ZmqPublisher, BufferedFramesOlderThanTheWindowAreDropped) {
    ZmqPublisher publisher(0);
    publisher.open();
    publisher.publish("stale");
    std::this_thread::sleep_for(ZmqPublisher::kBufferWindow + std::chrono::milliseconds(100));
    RawSubscriber peer(publisher.endpoint());
    publish_until_joined(publisher, "fresh");
    EXPECT_EQ(peer.recv(), encode_realtime_value("fresh"));
}

TEST(ZmqPublisher, CloseSendsEndOfStreamAfterTheData) {
    ZmqPublisher publisher(0);
    publisher.open();
    RawSubscriber peer(publisher.endpoint());
    publish_until_joined(publisher, "x");
    publisher.publish("y");
    publisher.close();
    std::vector<std::string> frames;
    while (auto frame = peer.recv()) {
        frames.push_back(*frame);
        if (*frame == encode_end_of_stream()) {
            break;
        }
    }
    ASSERT_GE(frames.size(), 2u);
    EXPECT_EQ(frames[frames.size() - 2], encode_realtime_value("y"));
    EXPECT_EQ(frames.back(), encode_end_of_stream());
}

TEST(ZmqPublisherNode, HistoricalRunIsRejectedBeforeAnythingIsBound) {
    // The port is taken: a node that tried to bind would fail with ConnectionError instead.
    ZmqPublisher blocker(0);
    blocker.open();
    auto text = map(counter(kNanosPerSecond), [](std::int64_t n) {
        return std::to_string(n);
    });
    auto node = zmq_pub<std::string>(text, blocker.port());
    Graph graph(std::vector<std::shared_ptr<Node>>{node});
    try {
        graph.run(RunOptions::historical(0).for_duration(5 * kNanosPerSecond));
        FAIL() << "the historical run did not fail";
    } catch (const ValueError& e) {
        EXPECT_NE(std::string(e.what()).find("real-time"), std::string::npos) << e.what();
    }
    EXPECT_EQ(graph.failure().phase, "start");
}

TEST(ZmqPublisherNode, BindFailureFailsTheRunAtStart) {
    ZmqPublisher blocker(0);
    blocker.open();
    auto text = map(counter(kNanosPerSecond), [](std::int64_t n) {
        return std::to_string(n);
    });
    Graph graph(std::vector<std::shared_ptr<Node>>{zmq_pub<std::string>(text, blocker.port())});
    EXPECT_THROW(graph.run(RunOptions::live().for_duration(kRunBound)), ConnectionError);
    EXPECT_EQ(graph.failure().phase, "start");
}

// Cycles with every published value: shares the publisher's bound port with the peer thread and
// ends the run once the peer has seen enough frames. Engine thread.
template <class T>
class Watch final : public Node {
public:
    Watch(std::shared_ptr<Stream<T>> values, std::shared_ptr<ZmqPublisherNode<T>> pub)
        : pub_(std::move(pub)) {
        add_upstream(std::move(values));
    }

    bool cycle(Graph& graph) override {
        port.store(pub_->publisher().port());
        if (enough.load()) {
            graph.request_stop();
        }
        return true;
    }

    std::string type_name() const override { return "Watch"; }

    std::atomic<std::uint16_t> port{0};
    std::atomic<bool> enough{false};

private:
    std::shared_ptr<ZmqPublisherNode<T>> pub_;
};

// Runs a graph that publishes make(n) for n = 1, 2, ... every 2 ms until `frames` frames have
// reached a raw subscriber; returns the payloads it received, in order.
template <class Make>
std::vector<std::string> publish_from_graph(Make make, std::size_t frames) {
    using T = std::decay_t<decltype(make(std::int64_t{1}))>;
    auto values = map(counter(2'000'000), make);
    auto node = zmq_pub<T>(values, 0);
    auto watch = std::make_shared<Watch<T>>(values, node);
    std::vector<std::string> received;
    std::thread peer([&] {
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (watch->port.load() == 0 && std::chrono::steady_clock::now() < give_up) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        if (watch->port.load() == 0) {
            ADD_FAILURE() << "the publisher never reported its port";
            return;
        }
        RawSubscriber sub("tcp://127.0.0.1:" + std::to_string(watch->port.load()));
        while (auto frame = sub.recv()) {
            const DecodedFrame decoded = decode_frame(*frame);
            if (decoded.kind == MessageKind::end_of_stream) {
                break;
            }
            received.emplace_back(decoded.bytes);
            if (received.size() == frames) {
                watch->enough = true;
            }
        }
    });
    Graph graph(std::vector<std::shared_ptr<Node>>{node, watch});
    graph.run(RunOptions::live().for_duration(kRunBound));
    peer.join();
    return received;
}

TEST(ZmqPublisherNode, GraphPublishesOneFramePerTickThenEndOfStream) {
    const auto received =
        publish_from_graph([](std::int64_t n) { return std::to_string(n); }, 50);
    ASSERT_GE(received.size(), 50u);
    const std::int64_t first = std::stoll(received.front());
    for (std::size_t i = 0; i < received.size(); ++i) {
        EXPECT_EQ(received[i], std::to_string(first + static_cast<std::int64_t>(i)));
    }
}

TEST(ZmqPublisherNode, ByteVectorPayloadsArePublishedAsIs) {
    const auto received = publish_from_graph(
        [](std::int64_t n) {
            return std::vector<std::uint8_t>{0, 255, static_cast<std::uint8_t>(n & 0xFF)};
        },
        10);
    ASSERT_GE(received.size(), 10u);
    for (const auto& payload : received) {
        ASSERT_EQ(payload.size(), 3u);
        EXPECT_EQ(payload[0], '\0');
        EXPECT_EQ(static_cast<unsigned char>(payload[1]), 255);
    }
}

} // namespace
