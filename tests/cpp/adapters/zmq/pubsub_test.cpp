// Loopback test of the two halves together: a wingfoil graph publishing with zmq_pub and another
// wingfoil graph, on its own thread, subscribing with zmq_sub. Every payload received is checked
// to be the next integer, and the publisher's clean stop must end the subscriber's run without
// an error, its status finishing on "disconnected".

#include "adapters/zmq/peer.h"
#include "wingfoil/adapters/zmq/read.h"
#include "wingfoil/adapters/zmq/write.h"
#include "wingfoil/engine/graph.h"
#include "wingfoil/ops/count.h"
#include "wingfoil/ops/for_each.h"
#include "wingfoil/ops/map.h"
#include "wingfoil/ops/ticker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace wingfoil;
using namespace wingfoil::adapters::zmq;
using wingfoil::testing::counter;
using wingfoil::testing::stop_when;

constexpr NanoTime kRunBound = 20 * kNanosPerSecond;
constexpr std::size_t kWanted = 200;

// Runs on the publisher's engine thread with every tick: shares the bound port and stops the
// publisher's run once the subscriber has what it needs.
class PublisherControl final : public Node {
public:
    PublisherControl(std::shared_ptr<Stream<std::string>> values,
                     std::shared_ptr<ZmqPublisherNode<std::string>> pub)
        : pub_(std::move(pub)) {
        add_upstream(std::move(values));
    }

    bool cycle(Graph& graph) override {
        port.store(pub_->publisher().port());
        if (stop.load()) {
            graph.request_stop();
        }
        return true;
    }

    std::string type_name() const override { return "PublisherControl"; }

    std::atomic<std::uint16_t> port{0};
    std::atomic<bool> stop{false};

private:
    std::shared_ptr<ZmqPublisherNode<std::string>> pub_;
};

TEST(ZmqPubSub, WingfoilSubscriberReceivesAWingfoilPublisherInOrderAndEndsCleanly) {
    auto values =
        map(counter(1'000'000), [](std::int64_t n) { return std::to_string(n); });
    auto pub = zmq_pub<std::string>(values, 0);
    auto control = std::make_shared<PublisherControl>(values, pub);
    std::exception_ptr publisher_error;
    std::thread publisher([&] {
        try {
            Graph graph(std::vector<std::shared_ptr<Node>>{pub, control});
            graph.run(RunOptions::live().for_duration(kRunBound));
        } catch (...) {
            publisher_error = std::current_exception();
        }
    });
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (control->port.load() == 0 && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_NE(control->port.load(), 0) << "the publisher never started";

    auto sub = zmq_sub("tcp://127.0.0.1:" + std::to_string(control->port.load()));
    std::vector<std::string> payloads;
    std::vector<ZmqStatus> statuses;
    auto data_sink = for_each(sub.data, [&](const std::vector<std::string>& batch, NanoTime) {
        payloads.insert(payloads.end(), batch.begin(), batch.end());
        if (payloads.size() >= kWanted) {
            control->stop = true;
        }
    });
    auto status_sink =
        for_each(sub.status, [&](ZmqStatus status, NanoTime) { statuses.push_back(status); });
    auto end = stop_when(sub.status, [](ZmqStatus s) { return s == ZmqStatus::disconnected; });
    Graph graph(std::vector<std::shared_ptr<Node>>{data_sink, status_sink, end});
    EXPECT_NO_THROW(graph.run(RunOptions::live().for_duration(kRunBound)));
    control->stop = true; // in case the subscriber ended early, release the publisher
    publisher.join();

    EXPECT_FALSE(publisher_error);
    ASSERT_GE(payloads.size(), kWanted);
    const std::int64_t first = std::stoll(payloads.front());
    for (std::size_t i = 0; i < payloads.size(); ++i) {
        ASSERT_EQ(payloads[i], std::to_string(first + static_cast<std::int64_t>(i))) << i;
    }
    ASSERT_FALSE(statuses.empty());
    EXPECT_EQ(statuses.back(), ZmqStatus::disconnected);
}

} // namespace
