#include "wingfoil/adapters/etcd/lease.h"

#include "wingfoil/core/error.h"

#include <algorithm>
#include <chrono>
#include <utility>

namespace wingfoil::adapters::etcd {

EtcdLease::EtcdLease(std::string_view endpoint, std::int64_t ttl_seconds, Millis timeout)
    : client_(endpoint, timeout) {
    grant_ = client_.lease_grant(ttl_seconds);
    renewer_ = std::thread([this] { renew_loop(); });
}

EtcdLease::~EtcdLease() {
    try {
        revoke();
    } catch (...) {
        // The keys expire after the TTL instead; a destructor has nobody to tell.
    }
}

void EtcdLease::check() const {
    if (!failed_.load(std::memory_order_acquire)) {
        return;
    }
    std::lock_guard lock(mutex_);
    std::rethrow_exception(failure_);
}

bool EtcdLease::revoke() {
    stop_renewing();
    if (revoked_) {
        return false;
    }
    revoked_ = true;
    return client_.lease_revoke(grant_.id);
}

void EtcdLease::stop_renewing() noexcept {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (renewer_.joinable()) {
        renewer_.join();
    }
}

void EtcdLease::fail(std::string text) {
    std::lock_guard lock(mutex_);
    failure_ = std::make_exception_ptr(RuntimeError(std::move(text)));
    failed_.store(true, std::memory_order_release);
}

void EtcdLease::renew_loop() {
    using Clock = std::chrono::steady_clock;
    const auto ttl = std::chrono::seconds(grant_.ttl);
    const auto interval = std::max<Millis>(Millis(grant_.ttl * 1000 / 3), Millis(100));
    auto last_renewed = Clock::now();
    std::string lease = "etcd lease " + std::to_string(grant_.id) + " at " + client_.url();
    std::unique_lock lock(mutex_);
    for (;;) {
        if (wake_.wait_for(lock, interval, [this] { return stopping_; })) {
            return;
        }
        lock.unlock();
        std::string error;
        try {
            if (client_.lease_keep_alive(grant_.id) > 0) {
                last_renewed = Clock::now();
            } else {
                fail(lease + " expired or was revoked by someone else; the keys written under "
                             "it are gone");
                return;
            }
        } catch (const std::exception& e) {
            error = e.what();
        }
        if (!error.empty() && Clock::now() - last_renewed >= ttl) {
            fail(lease + " could not be renewed for its whole TTL of " +
                 std::to_string(grant_.ttl) + " s, so its keys have probably expired (last "
                 "error: " + error + ")");
            return;
        }
        lock.lock();
    }
}

} // namespace wingfoil::adapters::etcd
