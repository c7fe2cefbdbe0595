// Tests for the etcd registration of ZeroMQ publishers against a real etcd started by the test:
// announce puts name -> endpoint under a lease, withdraw deletes it at once, lookup reads it back,
// and each failure is a RuntimeError naming the step.

#include "wingfoil/adapters/zmq_etcd/registration.h"

#include "adapters/etcd/etcd_server.h"
#include "wingfoil/core/error.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace wingfoil::adapters;
using wingfoil::RuntimeError;
using wingfoil::ValueError;
using wingfoil::testing::EtcdServer;

TEST(EtcdRegistration, AnnouncePutsTheEndpointUnderALeaseAndWithdrawDeletesIt) {
    WF_REQUIRE_ETCD();
    EtcdServer server;
    zmq_etcd::EtcdRegistration registration("svc/quotes", server.endpoint());

    registration.announce("tcp://127.0.0.1:5570");

    etcd::EtcdClient client(server.endpoint());
    auto found = client.get("svc/quotes");
    ASSERT_EQ(found.kvs.size(), 1u);
    EXPECT_EQ(found.kvs[0].value, "tcp://127.0.0.1:5570");
    EXPECT_NE(found.kvs[0].lease, 0);
    EXPECT_EQ(zmq_etcd::lookup_publisher("svc/quotes", server.endpoint()),
              "tcp://127.0.0.1:5570");

    registration.withdraw();
    EXPECT_TRUE(client.get("svc/quotes").kvs.empty());
    registration.withdraw(); // a second withdraw is harmless
}

TEST(EtcdRegistration, LookupOfAnAbsentNameNamesIt) {
    WF_REQUIRE_ETCD();
    EtcdServer server;
    try {
        zmq_etcd::lookup_publisher("svc/nobody", server.endpoint());
        FAIL() << "expected RuntimeError";
    } catch (const RuntimeError& e) {
        EXPECT_NE(std::string(e.what()).find("no publisher named \"svc/nobody\""),
                  std::string::npos)
            << e.what();
    }
}

TEST(EtcdRegistration, UnreachableEtcdIsARuntimeErrorNamingTheStep) {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    zmq_etcd::EtcdRegistration registration("svc/x", "http://127.0.0.1:1");
    try {
        registration.announce("tcp://127.0.0.1:5570");
        FAIL() << "expected RuntimeError";
    } catch (const RuntimeError& e) {
        EXPECT_NE(std::string(e.what()).find("lease_grant failed"), std::string::npos)
            << e.what();
    }
    EXPECT_THROW(zmq_etcd::lookup_publisher("svc/x", "http://127.0.0.1:1"), RuntimeError);
}

TEST(EtcdRegistration, RejectsAnEmptyNameAndAMalformedEndpoint) {
    EXPECT_THROW(zmq_etcd::EtcdRegistration("", "http://127.0.0.1:2379"), ValueError);
    EXPECT_THROW(zmq_etcd::EtcdRegistration("n", "https://127.0.0.1:2379"), ValueError);
}

} // namespace
