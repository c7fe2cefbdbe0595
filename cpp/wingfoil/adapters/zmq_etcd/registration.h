#pragma once
// ZeroMQ publishers found through etcd. EtcdRegistration announces a bound publisher under a name
// (the key `name`, value the bound endpoint such as "tcp://127.0.0.1:5570", attached to a 30 s
// lease renewed every 10 s) and withdraws it by revoking the lease, so the key vanishes the moment
// the publisher stops, cleanly or not, and about 30 s after a crash. lookup_publisher() reads the
// address back, once, for a subscriber.
//
// Threads: announce/withdraw on the engine thread (the lease has its own renewal thread);
// lookup_publisher from any thread. Every etcd call is limited to the client's timeout (5 s).

#include "wingfoil/adapters/etcd/client.h"
#include "wingfoil/adapters/etcd/lease.h"
#include "wingfoil/adapters/zmq/write.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace wingfoil::adapters::zmq_etcd {

/// The lease a registration lives under; renewed every third of it.
inline constexpr std::int64_t kRegistrationTtlSeconds = 30;

class EtcdRegistration final : public zmq::PublisherRegistration {
public:
    /// No I/O. Throws ValueError for a malformed etcd endpoint or an empty name.
    EtcdRegistration(std::string name, std::string etcd_endpoint);

    /// Grants the lease and puts name -> endpoint under it. Throws RuntimeError naming the
    /// step ("etcd lease_grant failed: ...", "etcd put failed: ...").
    void announce(const std::string& endpoint) override;

    /// Revokes the lease (the key vanishes at once). Throws RuntimeError if etcd could not be
    /// told; the key then expires with the lease.
    void withdraw() override;

private:
    std::string name_;
    std::string etcd_endpoint_;
    std::unique_ptr<etcd::EtcdLease> lease_;
};

/// The address registered under exactly `name`. Throws RuntimeError when the name is absent
/// ("no publisher named \"<name>\" found in etcd"), etcd cannot be reached or does not answer
/// in time ("etcd get failed: ..."), or the value is not UTF-8.
std::string lookup_publisher(const std::string& name, const std::string& etcd_endpoint);

} // namespace wingfoil::adapters::zmq_etcd
