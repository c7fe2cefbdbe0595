// Tests for EtcdClient and EtcdWatch against a real etcd started by the test (skipped only when
// the etcd binary is not installed): every call the adapters use, the errors etcd answers with,
// and a watch that loses its server.

#include "wingfoil/adapters/etcd/client.h"

#include "adapters/etcd/etcd_server.h"
#include "wingfoil/core/error.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace {

using namespace wingfoil::adapters::etcd;
using namespace std::chrono_literals;
using wingfoil::ConnectionError;
using wingfoil::RuntimeError;
using wingfoil::testing::EtcdServer;

class EtcdClientTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (EtcdServer::available()) {
            server_ = std::make_unique<EtcdServer>();
        }
    }
    static void TearDownTestSuite() { server_.reset(); }

    void SetUp() override {
        WF_REQUIRE_ETCD();
        prefix_ = std::string("client_test/") +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name() + "/";
    }

    EtcdClient client() { return EtcdClient(server_->endpoint()); }

    static std::unique_ptr<EtcdServer> server_;
    std::string prefix_;
};

std::unique_ptr<EtcdServer> EtcdClientTest::server_;

TEST_F(EtcdClientTest, PutThenGetAndRangeReturnTheWrites) {
    EtcdClient c = client();
    std::int64_t rev_a = c.put(prefix_ + "a", "1");
    std::int64_t rev_b = c.put(prefix_ + "b", std::string("\0\xff", 2));
    EXPECT_GT(rev_b, rev_a);

    RangeResult one = c.get(prefix_ + "a");
    ASSERT_EQ(one.kvs.size(), 1u);
    EXPECT_EQ(one.kvs[0].value, "1");
    EXPECT_EQ(one.kvs[0].mod_revision, rev_a);

    RangeResult all = c.range_prefix(prefix_);
    EXPECT_GE(all.header.revision, rev_b);
    ASSERT_EQ(all.kvs.size(), 2u);
    EXPECT_EQ(all.kvs[0].key, prefix_ + "a");
    EXPECT_EQ(all.kvs[1].key, prefix_ + "b");
    EXPECT_EQ(all.kvs[1].value, std::string("\0\xff", 2));

    EXPECT_TRUE(c.get(prefix_ + "missing").kvs.empty());
}

TEST_F(EtcdClientTest, PutIfAbsentWritesNewKeysOnly) {
    EtcdClient c = client();
    EXPECT_TRUE(c.put_if_absent(prefix_ + "k", "first"));
    EXPECT_FALSE(c.put_if_absent(prefix_ + "k", "second"));
    EXPECT_EQ(c.get(prefix_ + "k").kvs.at(0).value, "first");
}

TEST_F(EtcdClientTest, EtcdErrorAnswerIsARuntimeErrorWithEtcdsMessage) {
    EtcdClient c = client();
    try {
        c.put("", "v");
        FAIL() << "no error";
    } catch (const RuntimeError& e) {
        EXPECT_EQ(std::string(e.what()), "etcd put at " + server_->endpoint() +
                                             " failed: etcdserver: key is not provided "
                                             "(HTTP 400, gRPC code 3)");
    }
}

TEST_F(EtcdClientTest, LeaseGrantKeepAliveAndRevokeRemoveAttachedKeys) {
    EtcdClient c = client();
    LeaseGrant lease = c.lease_grant(30);
    EXPECT_EQ(lease.ttl, 30);
    c.put(prefix_ + "leased", "v", lease.id);
    EXPECT_EQ(c.get(prefix_ + "leased").kvs.at(0).lease, lease.id);
    EXPECT_GT(c.lease_keep_alive(lease.id), 0);

    EXPECT_TRUE(c.lease_revoke(lease.id));
    EXPECT_TRUE(c.get(prefix_ + "leased").kvs.empty());
    EXPECT_FALSE(c.lease_revoke(lease.id)); // already gone: not an error
    EXPECT_EQ(c.lease_keep_alive(lease.id), 0);
}

TEST_F(EtcdClientTest, PutUnderUnknownLeaseIsARuntimeError) {
    EtcdClient c = client();
    EXPECT_THROW(c.put(prefix_ + "k", "v", 12345), RuntimeError);
}

TEST_F(EtcdClientTest, WatchDeliversPutsAndDeletesFromItsStartRevision) {
    EtcdClient c = client();
    std::int64_t first = c.put(prefix_ + "x", "1");
    c.put(prefix_ + "y", "2");
    c.put("elsewhere/" + prefix_, "not watched");

    auto watch = c.watch_prefix(prefix_, first);
    WatchMessage created;
    ASSERT_TRUE(watch->open(created));
    EXPECT_TRUE(created.created);
    EtcdClient writer = client();
    writer.put(prefix_ + "z", "3");
    std::int64_t updated_at = writer.put(prefix_ + "x", "4");

    std::vector<WatchEvent> events;
    WatchMessage message;
    while (events.size() < 4 && watch->next(message)) {
        for (auto& e : message.events) {
            events.push_back(e);
        }
    }
    ASSERT_EQ(events.size(), 4u);
    EXPECT_EQ(events[0].kv.key, prefix_ + "x");
    EXPECT_EQ(events[0].kv.mod_revision, first);
    EXPECT_EQ(events[1].kv.key, prefix_ + "y");
    EXPECT_EQ(events[2].kv.key, prefix_ + "z");
    EXPECT_EQ(events[3].kv.value, "4");
    EXPECT_EQ(events[3].kv.mod_revision, updated_at);
    for (std::size_t i = 1; i < events.size(); ++i) {
        EXPECT_GT(events[i].kv.mod_revision, events[i - 1].kv.mod_revision);
    }
}

TEST_F(EtcdClientTest, WatchSeesDeleteEvents) {
    EtcdClient c = client();
    c.put(prefix_ + "gone", "v");
    auto watch = c.watch_prefix(prefix_, 0);
    WatchMessage created;
    ASSERT_TRUE(watch->open(created));
    HttpClient raw(parse_http_endpoint(server_->endpoint()));
    std::string body = range_request(prefix_ + "gone", "");
    ASSERT_EQ(raw.post("/v3/kv/deleterange", body, 2000ms, "delete").status, 200);

    WatchMessage message;
    ASSERT_TRUE(watch->next(message));
    ASSERT_EQ(message.events.size(), 1u);
    EXPECT_TRUE(message.events[0].is_delete);
    EXPECT_EQ(message.events[0].kv.key, prefix_ + "gone");
    EXPECT_EQ(message.events[0].kv.value, "");
}

TEST_F(EtcdClientTest, WatchFromACompactedRevisionIsARuntimeError) {
    EtcdClient c = client();
    std::int64_t old = c.put(prefix_ + "a", "1");
    std::int64_t now = c.put(prefix_ + "a", "2");
    HttpClient raw(parse_http_endpoint(server_->endpoint()));
    std::string compact = "{\"revision\":\"" + std::to_string(now) + "\"}";
    ASSERT_EQ(raw.post("/v3/kv/compaction", compact, 2000ms, "compact").status, 200);

    auto watch = c.watch_prefix(prefix_, old);
    WatchMessage created;
    try {
        // etcd acknowledges the watch first or cancels it at once, depending on timing.
        if (watch->open(created)) {
            WatchMessage message;
            watch->next(message);
        }
        FAIL() << "no error";
    } catch (const RuntimeError& e) {
        EXPECT_NE(std::string(e.what()).find("compacted"), std::string::npos) << e.what();
    }
}

TEST_F(EtcdClientTest, WatchCancelFromAnotherThreadEndsNext) {
    EtcdClient c = client();
    auto watch = c.watch_prefix(prefix_, 0);
    WatchMessage created;
    ASSERT_TRUE(watch->open(created));
    std::thread canceller([&] {
        std::this_thread::sleep_for(50ms);
        watch->cancel();
    });
    WatchMessage message;
    EXPECT_FALSE(watch->next(message));
    canceller.join();
}

TEST(EtcdClient, UnreachableEndpointIsAConnectionError) {
    // Port 1 on loopback: nothing listens there.
    EtcdClient c("http://127.0.0.1:1");
    EXPECT_THROW(c.range_prefix("x"), ConnectionError);
    EXPECT_THROW(c.watch_prefix("x", 0)->open(*std::make_unique<WatchMessage>()),
                 ConnectionError);
}

TEST(EtcdClient, RejectsHttpsAndNonPositiveTimeouts) {
    EXPECT_THROW(EtcdClient("https://127.0.0.1:2379"), wingfoil::ValueError);
    EXPECT_THROW(EtcdClient("127.0.0.1:2379", 0ms), wingfoil::ValueError);
}

TEST(EtcdWatchLoss, KilledServerEndsTheWatchWithAConnectionError) {
    WF_REQUIRE_ETCD();
    EtcdServer server;
    EtcdClient c(server.endpoint());
    auto watch = c.watch_prefix("k/", 0);
    WatchMessage created;
    ASSERT_TRUE(watch->open(created));
    server.kill();
    WatchMessage message;
    EXPECT_THROW(watch->next(message), ConnectionError);
}

} // namespace
