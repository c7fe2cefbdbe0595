// Tests for EtcdPubNode (etcd_pub in C++, no Python) against a real etcd started by the test:
// writes in order, leases revoked after clean and failed runs, put-if-absent, the errors, and
// the TTL rounding rule.

#include "wingfoil/adapters/etcd/write.h"

#include "adapters/etcd/etcd_server.h"
#include "wingfoil/core/error.h"
#include "wingfoil/engine/graph.h"
#include "wingfoil/ops/constant.h"
#include "wingfoil/ops/count.h"
#include "wingfoil/ops/map.h"
#include "wingfoil/ops/ticker.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace {

using namespace wingfoil::adapters::etcd;
using namespace std::chrono_literals;
using wingfoil::ConnectionError;
using wingfoil::Graph;
using wingfoil::RunOptions;
using wingfoil::RuntimeError;
using wingfoil::ValueError;
using wingfoil::testing::EtcdServer;

using Entries = std::vector<EtcdEntry>;

/// Every event under `prefix` from `from_revision` up to the store's current revision.
std::vector<WatchEvent> history(const std::string& endpoint, const std::string& prefix,
                                std::int64_t from_revision) {
    EtcdClient client(endpoint);
    std::int64_t now = client.range_prefix(prefix).header.revision;
    std::vector<WatchEvent> out;
    if (now < from_revision) {
        return out;
    }
    auto watch = client.watch_prefix(prefix, from_revision);
    WatchMessage message;
    watch->open(message);
    while ((out.empty() || out.back().kv.mod_revision < now) && watch->next(message)) {
        out.insert(out.end(), message.events.begin(), message.events.end());
    }
    return out;
}

std::int64_t current_revision(const std::string& endpoint) {
    return EtcdClient(endpoint).range_prefix("").header.revision;
}

TEST(EtcdPubNode, WritesEveryEntryInOrderBeforeRunReturns) {
    WF_REQUIRE_ETCD();
    EtcdServer server;
    auto source = wingfoil::constant(Entries{{"w/a", "1"}, {"w/b", std::string("\0\x01", 2)},
                                             {"w/a", "2"}});
    auto pub = std::make_shared<EtcdPubNode<Entries>>(source, server.endpoint());
    Graph({pub}).run(RunOptions::historical(0).for_cycles(1));

    RangeResult r = EtcdClient(server.endpoint()).range_prefix("w/");
    ASSERT_EQ(r.kvs.size(), 2u);
    EXPECT_EQ(r.kvs[0].value, "2"); // the later write to w/a wins
    EXPECT_EQ(r.kvs[0].version, 2);
    EXPECT_EQ(r.kvs[1].value, std::string("\0\x01", 2));
    EXPECT_EQ(r.kvs[0].lease, 0);
}

TEST(EtcdPubNode, LeasedKeysAreWrittenUnderTheLeaseAndGoneAfterACleanRun) {
    WF_REQUIRE_ETCD();
    EtcdServer server;
    std::int64_t before = current_revision(server.endpoint());
    EtcdPubOptions options;
    options.lease_ttl = 60; // far longer than the test: only a revoke removes the keys
    auto source = wingfoil::constant(Entries{{"l/a", "1"}, {"l/b", "2"}});
    auto pub = std::make_shared<EtcdPubNode<Entries>>(source, server.endpoint(), options);
    Graph({pub}).run(RunOptions::historical(0).for_cycles(1));

    EXPECT_TRUE(EtcdClient(server.endpoint()).range_prefix("l/").kvs.empty());
    auto events = history(server.endpoint(), "l/", before + 1);
    ASSERT_EQ(events.size(), 4u);
    EXPECT_FALSE(events[0].is_delete);
    EXPECT_NE(events[0].kv.lease, 0);
    EXPECT_EQ(events[1].kv.lease, events[0].kv.lease);
    EXPECT_TRUE(events[2].is_delete);
    EXPECT_TRUE(events[3].is_delete);
}

TEST(EtcdPubNode, LeaseIsRevokedWhenAnotherNodeFailsTheRun) {
    WF_REQUIRE_ETCD();
    EtcdServer server;
    std::int64_t before = current_revision(server.endpoint());
    EtcdPubOptions options;
    options.lease_ttl = 60;
    std::shared_ptr<wingfoil::Stream<std::int64_t>> counter =
        wingfoil::count(wingfoil::ticker(1'000'000));
    auto entries = wingfoil::map(counter, [](std::int64_t n) {
        return EtcdEntry{"f/" + std::to_string(n), "v"};
    });
    auto pub = std::make_shared<EtcdPubNode<EtcdEntry>>(entries, server.endpoint(), options);
    auto failing = wingfoil::map(counter, [](std::int64_t n) {
        if (n == 3) {
            throw RuntimeError("boom");
        }
        return n;
    });
    EXPECT_THROW(Graph(std::vector<std::shared_ptr<wingfoil::Node>>{pub, failing}).run(
                     RunOptions::historical(0).for_cycles(10)),
                 RuntimeError);

    EXPECT_TRUE(EtcdClient(server.endpoint()).range_prefix("f/").kvs.empty());
    auto events = history(server.endpoint(), "f/", before + 1);
    ASSERT_GE(events.size(), 4u); // at least f/1 and f/2 written, then deleted by the revoke
    EXPECT_FALSE(events[0].is_delete);
    EXPECT_TRUE(events.back().is_delete);
}

TEST(EtcdPubNode, ForceFalseWritesAbsentKeysAndFailsOnAnExistingOne) {
    WF_REQUIRE_ETCD();
    EtcdServer server;
    EtcdClient client(server.endpoint());
    client.put("c/taken", "old");
    EtcdPubOptions options;
    options.force = false;
    options.lease_ttl = 60;
    auto source = wingfoil::constant(Entries{{"c/new", "1"}, {"c/taken", "new"}});
    auto pub = std::make_shared<EtcdPubNode<Entries>>(source, server.endpoint(), options);
    try {
        Graph({pub}).run(RunOptions::historical(0).for_cycles(1));
        FAIL() << "no error";
    } catch (const RuntimeError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "etcd conditional write failed: key already exists (use force=True to "
                  "overwrite): c/taken");
    }
    EXPECT_EQ(client.get("c/taken").kvs.at(0).value, "old");
    EXPECT_TRUE(client.get("c/new").kvs.empty()); // written under the lease, then revoked
}

TEST(EtcdPubNode, UnreachableEtcdFailsTheRun) {
    auto source = wingfoil::constant(EtcdEntry{"k", "v"});
    auto pub = std::make_shared<EtcdPubNode<EtcdEntry>>(source, "http://127.0.0.1:1");
    EXPECT_THROW(Graph({pub}).run(RunOptions::historical(0).for_cycles(1)), ConnectionError);

    EtcdPubOptions leased;
    leased.lease_ttl = 5;
    auto with_lease =
        std::make_shared<EtcdPubNode<EtcdEntry>>(source, "http://127.0.0.1:1", leased);
    EXPECT_THROW(Graph({with_lease}).run(RunOptions::historical(0).for_cycles(1)),
                 ConnectionError);
}

TEST(EtcdPubNode, EmptyKeyIsAValueError) {
    WF_REQUIRE_ETCD();
    EtcdServer server;
    auto source = wingfoil::constant(EtcdEntry{"", "v"});
    auto pub = std::make_shared<EtcdPubNode<EtcdEntry>>(source, server.endpoint());
    EXPECT_THROW(Graph({pub}).run(RunOptions::historical(0).for_cycles(1)), ValueError);
}

TEST(LeaseTtlSeconds, RoundsUpToWholeSecondsAtLeastOne) {
    EXPECT_EQ(lease_ttl_seconds(2.1), 3);
    EXPECT_EQ(lease_ttl_seconds(2.9), 3);
    EXPECT_EQ(lease_ttl_seconds(3.0), 3);
    EXPECT_EQ(lease_ttl_seconds(0.5), 1);
    EXPECT_EQ(lease_ttl_seconds(0.0), 1);
}

TEST(LeaseTtlSeconds, RejectsNegativeNanAndInfinite) {
    EXPECT_THROW(lease_ttl_seconds(-1.0), ValueError);
    EXPECT_THROW(lease_ttl_seconds(std::nan("")), ValueError);
    EXPECT_THROW(lease_ttl_seconds(std::numeric_limits<double>::infinity()), ValueError);
}

TEST(EtcdPubNode, ConstructionValidatesEndpointAndLeaseTtl) {
    auto source = wingfoil::constant(EtcdEntry{"k", "v"});
    EXPECT_THROW(EtcdPubNode<EtcdEntry>(source, "https://127.0.0.1:2379"), ValueError);
    EtcdPubOptions options;
    options.lease_ttl = -1;
    EXPECT_THROW(EtcdPubNode<EtcdEntry>(source, "127.0.0.1:2379", options), ValueError);
}

} // namespace
