// Tests for EtcdLease against a real etcd started by the test: the lease outlives its TTL while
// held, revoking deletes its keys, and a lease revoked behind its back is reported by check().

#include "wingfoil/adapters/etcd/lease.h"

#include "adapters/etcd/etcd_server.h"
#include "wingfoil/core/error.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace {

using namespace wingfoil::adapters::etcd;
using namespace std::chrono_literals;
using wingfoil::ConnectionError;
using wingfoil::RuntimeError;
using wingfoil::testing::EtcdServer;

TEST(EtcdLease, IsRenewedBeyondItsTtlAndRevokeDeletesItsKeys) {
    WF_REQUIRE_ETCD();
    EtcdServer server;
    EtcdClient client(server.endpoint());
    EtcdLease lease(server.endpoint(), 1);
    EXPECT_GE(lease.ttl(), 1); // etcd may raise it to its minimum
    client.put("leased/k", "v", lease.id());

    // Without renewals the key would be gone after the TTL.
    std::this_thread::sleep_for(std::chrono::seconds(lease.ttl() * 2));
    EXPECT_NO_THROW(lease.check());
    EXPECT_EQ(client.get("leased/k").kvs.size(), 1u);

    EXPECT_TRUE(lease.revoke());
    EXPECT_TRUE(client.get("leased/k").kvs.empty());
    EXPECT_FALSE(lease.revoke());
}

TEST(EtcdLease, DestructorRevokes) {
    WF_REQUIRE_ETCD();
    EtcdServer server;
    EtcdClient client(server.endpoint());
    {
        EtcdLease lease(server.endpoint(), 60);
        client.put("leased/k", "v", lease.id());
    }
    EXPECT_TRUE(client.get("leased/k").kvs.empty());
}

TEST(EtcdLease, LeaseRevokedBySomeoneElseIsReportedByCheck) {
    WF_REQUIRE_ETCD();
    EtcdServer server;
    EtcdLease lease(server.endpoint(), 3); // renewed every second
    EtcdClient(server.endpoint()).lease_revoke(lease.id());
    auto until = std::chrono::steady_clock::now() + 10s;
    bool reported = false;
    while (!reported && std::chrono::steady_clock::now() < until) {
        try {
            lease.check();
            std::this_thread::sleep_for(50ms);
        } catch (const RuntimeError& e) {
            reported = true;
            EXPECT_NE(std::string(e.what()).find("expired or was revoked"), std::string::npos)
                << e.what();
        }
    }
    EXPECT_TRUE(reported);
}

TEST(EtcdLease, GrantAgainstUnreachableEndpointIsAConnectionError) {
    EXPECT_THROW(EtcdLease("http://127.0.0.1:1", 5), ConnectionError);
}

} // namespace
