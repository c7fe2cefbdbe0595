#pragma once
// EtcdLease: an etcd lease held for as long as the object lives. The constructor grants it; a
// thread of its own renews it every third of the granted TTL; revoke() (or the destructor)
// stops renewing and revokes it, which deletes every key attached to it. Used by etcd_pub, and
// the building block for registering a service name under a lease.
//
// Renewal policy: a failed renewal is retried on the next turn; the lease counts as lost when etcd
// says it no longer exists, or when no renewal succeeded for a whole TTL. A lost lease is
// reported by check().
//
// Threads: construct, check, revoke and destroy from one owner thread; the renewal thread is
// internal. check() is one atomic load while the lease is healthy.

#include "wingfoil/adapters/etcd/client.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <string_view>
#include <thread>

namespace wingfoil::adapters::etcd {

class EtcdLease {
public:
    /// Grants a lease of `ttl_seconds` (>= 1) at `endpoint` and starts renewing it. Every etcd
    /// call is limited by `timeout`. Throws like EtcdClient::lease_grant (prefixed with
    /// "etcd lease_grant").
    EtcdLease(std::string_view endpoint, std::int64_t ttl_seconds,
              Millis timeout = kDefaultTimeout);
    /// Revokes the lease if revoke() was not called; errors are ignored here.
    ~EtcdLease();
    EtcdLease(const EtcdLease&) = delete;
    EtcdLease& operator=(const EtcdLease&) = delete;

    std::int64_t id() const noexcept { return grant_.id; }
    /// The TTL etcd granted, in seconds (may exceed the one asked for).
    std::int64_t ttl() const noexcept { return grant_.ttl; }

    /// Throws RuntimeError if the lease was lost (expired, revoked by someone else, or not
    /// renewable for a whole TTL). One atomic load otherwise.
    void check() const;

    /// Stops renewing and revokes the lease. Returns false if etcd no longer had it (or it was
    /// already revoked by this object). Throws ConnectionError, TimeoutError or RuntimeError if
    /// etcd could not be told; the keys then expire after the TTL.
    bool revoke();

private:
    void renew_loop();
    void stop_renewing() noexcept;
    void fail(std::string text);

    EtcdClient client_; // the renewal thread's while it runs; the owner's after
    LeaseGrant grant_;
    bool revoked_ = false;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;              // guarded by mutex_
    std::exception_ptr failure_;         // guarded by mutex_
    std::atomic<bool> failed_{false};    // set once failure_ is
    std::thread renewer_;
};

} // namespace wingfoil::adapters::etcd
