// Tests for EtcdSubStream (etcd_sub in C++, no Python) against a real etcd started by the test:
// snapshot then live changes in order, one tick for the snapshot, no gaps or duplicates when
// writes race the start, recovery across an etcd restart, and the errors.

#include "wingfoil/adapters/etcd/read.h"

#include "adapters/etcd/etcd_server.h"
#include "wingfoil/core/error.h"
#include "wingfoil/engine/graph.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <ostream>
#include <thread>
#include <vector>

namespace wingfoil::adapters::etcd {

// Readable failure messages.
void PrintTo(const EtcdEvent& e, std::ostream* os) {
    *os << (e.kind == EtcdEventKind::put ? "put " : "delete ") << e.key << "=" << e.value << " @"
        << e.revision;
}

} // namespace wingfoil::adapters::etcd

namespace {

using namespace wingfoil::adapters::etcd;
using namespace std::chrono_literals;
using wingfoil::ConnectionError;
using wingfoil::Graph;
using wingfoil::Node;
using wingfoil::RunOptions;
using wingfoil::testing::EtcdServer;

using Sub = EtcdSubStream<EtcdEvents>;

/// Keeps every tick of an etcd_sub and asks the graph to stop once `done(ticks)` holds. Its
/// `on_tick` runs on the engine thread after each tick is recorded.
class Collector : public Node {
public:
    Collector(std::shared_ptr<Sub> sub, std::function<bool(const std::vector<EtcdEvents>&)> done)
        : sub_(std::move(sub)), done_(std::move(done)) {
        add_upstream(sub_);
    }

    bool cycle(Graph& graph) override {
        ticks.push_back(sub_->value());
        if (on_tick) {
            on_tick(ticks.size());
        }
        if (done_(ticks)) {
            graph.request_stop();
        }
        return true;
    }

    std::string type_name() const override { return "Collector"; }

    std::vector<EtcdEvent> events() const {
        std::vector<EtcdEvent> out;
        for (const auto& tick : ticks) {
            out.insert(out.end(), tick.events.begin(), tick.events.end());
        }
        return out;
    }

    std::vector<EtcdEvents> ticks;
    std::function<void(std::size_t)> on_tick;

private:
    std::shared_ptr<Sub> sub_;
    std::function<bool(const std::vector<EtcdEvents>&)> done_;
};

std::size_t total(const std::vector<EtcdEvents>& ticks) {
    std::size_t n = 0;
    for (const auto& t : ticks) {
        n += t.events.size();
    }
    return n;
}

RunOptions live_for(std::chrono::seconds limit) {
    return RunOptions::live().for_duration(
        std::chrono::duration_cast<std::chrono::nanoseconds>(limit).count());
}

TEST(EtcdSubStream, SnapshotIsOneTickThenLiveChangesFollowInOrder) {
    WF_REQUIRE_ETCD();
    EtcdServer server;
    EtcdClient client(server.endpoint());
    client.put("app/a", "1");
    client.put("app/b", "2");
    std::int64_t snap = client.put("other/x", "not watched"); // the snapshot's revision

    auto sub = std::make_shared<Sub>(server.endpoint(), "app/");
    auto collector = std::make_shared<Collector>(
        sub, [](const auto& ticks) { return total(ticks) >= 5; });
    std::int64_t rev_c = 0, rev_a = 0, rev_del = 0;
    collector->on_tick = [&](std::size_t n) {
        if (n == 1) {
            EtcdClient writer(server.endpoint());
            rev_c = writer.put("app/c", "3");
            rev_a = writer.put("app/a", "4");
            HttpClient raw(parse_http_endpoint(server.endpoint()));
            auto answer = raw.post("/v3/kv/deleterange", range_request("app/b", ""), 2000ms, "del");
            rev_del = parse_header_answer(answer.body).revision;
        }
    };
    Graph({collector}).run(live_for(20s));

    ASSERT_GE(collector->ticks.size(), 2u);
    const auto& first = collector->ticks[0].events;
    ASSERT_EQ(first.size(), 2u) << "the snapshot is delivered as one tick";
    EXPECT_EQ(first[0], (EtcdEvent{EtcdEventKind::put, "app/a", "1", snap}));
    EXPECT_EQ(first[1], (EtcdEvent{EtcdEventKind::put, "app/b", "2", snap}));
    auto events = collector->events();
    ASSERT_EQ(events.size(), 5u);
    EXPECT_EQ(events[2], (EtcdEvent{EtcdEventKind::put, "app/c", "3", rev_c}));
    EXPECT_EQ(events[3], (EtcdEvent{EtcdEventKind::put, "app/a", "4", rev_a}));
    EXPECT_EQ(events[4], (EtcdEvent{EtcdEventKind::del, "app/b", "", rev_del}));
}

TEST(EtcdSubStream, WritesRacingTheStartAreSeenExactlyOnce) {
    WF_REQUIRE_ETCD();
    EtcdServer server;
    constexpr int kKeys = 400;
    std::atomic<int> written{0};
    std::thread writer([&] {
        EtcdClient client(server.endpoint());
        for (int i = 0; i < kKeys; ++i) {
            client.put("race/" + std::to_string(1000 + i), std::to_string(i));
            written = i + 1;
        }
    });
    while (written < 50) {
        std::this_thread::sleep_for(1ms);
    }

    auto sub = std::make_shared<Sub>(server.endpoint(), "race/");
    auto collector = std::make_shared<Collector>(
        sub, [](const auto& ticks) { return total(ticks) >= kKeys; });
    Graph({collector}).run(live_for(30s));
    writer.join();

    std::map<std::string, int> seen;
    std::int64_t last_live = 0;
    auto events = collector->events();
    std::int64_t snapshot_rev = events.at(0).revision;
    for (const auto& e : events) {
        ++seen[e.key];
        if (e.revision != snapshot_rev) {
            EXPECT_GT(e.revision, last_live) << "live events come in revision order";
            last_live = e.revision;
        }
    }
    EXPECT_EQ(events.size(), static_cast<std::size_t>(kKeys));
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(kKeys));
    for (const auto& [key, n] : seen) {
        EXPECT_EQ(n, 1) << key;
    }
}

TEST(EtcdSubStream, ResumesAfterAnEtcdRestartWithoutGapsOrDuplicates) {
    WF_REQUIRE_ETCD();
    EtcdServer server;
    EtcdClient(server.endpoint()).put("r/0", "seed");

    auto sub = std::make_shared<Sub>(server.endpoint(), "r/");
    auto collector = std::make_shared<Collector>(
        sub, [](const auto& ticks) { return total(ticks) >= 5; });
    collector->on_tick = [&](std::size_t n) {
        if (n == 1) {
            // A write the watch may or may not deliver before etcd dies; then writes made while
            // the subscriber cannot reach etcd, which only a resumed watch can deliver.
            EtcdClient(server.endpoint()).put("r/1", "before");
            server.start_elsewhere();
            EtcdClient away(server.endpoint());
            away.put("r/2", "while away");
            away.put("r/3", "while away");
            server.return_home();
            EtcdClient(server.endpoint()).put("r/4", "after");
        }
    };
    Graph({collector}).run(live_for(30s));

    std::vector<std::string> keys;
    for (const auto& e : collector->events()) {
        keys.push_back(e.key);
    }
    EXPECT_EQ(keys, (std::vector<std::string>{"r/0", "r/1", "r/2", "r/3", "r/4"}));
}

TEST(EtcdSubscription, ChangesBetweenTheSnapshotAndTheWatchAreDeliveredOnce) {
    WF_REQUIRE_ETCD();
    EtcdServer server;
    EtcdClient client(server.endpoint());
    client.put("s/a", "1");
    detail::EtcdSubscription subscription(server.endpoint(), "s/", {});
    EtcdEventBatch snapshot = subscription.snapshot();
    ASSERT_EQ(snapshot.events.size(), 1u);
    std::int64_t b = client.put("s/b", "2"); // after the snapshot, before the watch exists

    std::mutex mutex;
    std::condition_variable changed;
    std::vector<EtcdEvent> seen;
    subscription.start_watch(
        [&](EtcdEventBatch batch) {
            std::lock_guard lock(mutex);
            seen.insert(seen.end(), batch.events.begin(), batch.events.end());
            changed.notify_all();
        },
        [](std::exception_ptr) {});
    std::int64_t c = client.put("s/c", "3");
    {
        std::unique_lock lock(mutex);
        changed.wait_for(lock, 10s, [&] { return seen.size() >= 2; });
    }
    subscription.stop();
    EXPECT_EQ(seen, (std::vector<EtcdEvent>{{EtcdEventKind::put, "s/b", "2", b},
                                            {EtcdEventKind::put, "s/c", "3", c}}));
}

TEST(EtcdSubStream, EtcdThatDoesNotComeBackFailsTheRunAfterTheReconnectWindow) {
    WF_REQUIRE_ETCD();
    EtcdServer server;
    EtcdClient(server.endpoint()).put("gone/0", "seed");
    EtcdSubOptions options;
    options.reconnect_window = 500ms;
    auto sub = std::make_shared<Sub>(server.endpoint(), "gone/", options);
    auto collector = std::make_shared<Collector>(sub, [](const auto&) { return false; });
    collector->on_tick = [&](std::size_t) { server.kill(); };
    try {
        Graph({collector}).run(live_for(30s));
        FAIL() << "no error";
    } catch (const ConnectionError& e) {
        EXPECT_NE(std::string(e.what()).find("could not re-open it within 0.5 s"),
                  std::string::npos)
            << e.what();
    }
}

TEST(EtcdSubStream, UnreachableEtcdFailsTheRunAtStart) {
    auto sub = std::make_shared<Sub>("http://127.0.0.1:1", "x/");
    auto collector = std::make_shared<Collector>(sub, [](const auto&) { return true; });
    EXPECT_THROW(Graph({collector}).run(live_for(5s)), ConnectionError);
}

TEST(EtcdSubStream, HistoricalRunIsRejectedMentioningRealTime) {
    auto sub = std::make_shared<Sub>("http://127.0.0.1:1", "x/");
    auto collector = std::make_shared<Collector>(sub, [](const auto&) { return true; });
    try {
        Graph({collector}).run(RunOptions::historical(0).for_cycles(1));
        FAIL() << "no error";
    } catch (const wingfoil::ValueError& e) {
        EXPECT_NE(std::string(e.what()).find("real-time"), std::string::npos);
    }
}

} // namespace
