#include "wingfoil/adapters/etcd/write.h"

#include "wingfoil/core/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace wingfoil::adapters::etcd {

std::int64_t lease_ttl_seconds(double lease_ttl) {
    if (std::isnan(lease_ttl) || std::isinf(lease_ttl) || lease_ttl < 0) {
        std::ostringstream text;
        text << "etcd_pub lease_ttl must be a finite number of seconds >= 0, got " << lease_ttl;
        throw ValueError(text.str());
    }
    double seconds = std::ceil(lease_ttl);
    // etcd keeps TTLs as int64 seconds; anything near that is as good as forever.
    constexpr double kMax = 9.0e15;
    return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::min(seconds, kMax)));
}

namespace detail {

EtcdWriter::EtcdWriter(std::string_view endpoint, EtcdPubOptions options)
    : endpoint_(endpoint), options_(options) {
    EtcdClient check(endpoint_, options_.timeout); // validates endpoint and timeout
    if (options_.lease_ttl) {
        ttl_seconds_ = lease_ttl_seconds(*options_.lease_ttl);
    }
}

EtcdWriter::~EtcdWriter() {
    try {
        finish();
    } catch (...) {
        // A destructor has nobody to tell; finish() is called by the node's stop().
    }
}

void EtcdWriter::start() {
    finish(); // a node that runs again starts from a clean state
    failure_ = nullptr;
    failed_.store(false);
    reported_ = false;
    closing_ = false;
    queue_.clear();
    if (ttl_seconds_ > 0) {
        lease_ = std::make_unique<EtcdLease>(endpoint_, ttl_seconds_, options_.timeout);
    }
    worker_ = std::thread([this] { work(); });
}

void EtcdWriter::submit(std::vector<EtcdEntry>& entries) {
    throw_if_failed();
    for (const auto& entry : entries) {
        if (entry.key.empty()) {
            entries.clear();
            throw ValueError("etcd_pub: an entry has an empty key (etcd needs a non-empty key)");
        }
    }
    if (entries.empty()) {
        return;
    }
    {
        std::lock_guard lock(mutex_);
        for (auto& entry : entries) {
            queue_.push_back(std::move(entry));
        }
    }
    entries.clear();
    wake_.notify_one();
}

void EtcdWriter::finish() {
    if (!worker_.joinable()) {
        return;
    }
    {
        std::lock_guard lock(mutex_);
        closing_ = true;
    }
    wake_.notify_one();
    worker_.join();

    // The lease goes after the last write, whether or not the run failed, so leased keys never
    // outlive the run.
    std::exception_ptr revoke_error;
    if (lease_) {
        try {
            lease_->check();
        } catch (...) {
            record(std::current_exception());
        }
        try {
            lease_->revoke();
        } catch (...) {
            revoke_error = std::current_exception();
        }
        lease_.reset();
    }
    throw_if_failed();
    if (revoke_error) {
        std::rethrow_exception(revoke_error);
    }
}

void EtcdWriter::throw_if_failed() {
    if (lease_ && !failed_.load(std::memory_order_acquire)) {
        try {
            lease_->check();
        } catch (...) {
            record(std::current_exception());
        }
    }
    if (reported_ || !failed_.load(std::memory_order_acquire)) {
        return;
    }
    reported_ = true;
    std::lock_guard lock(mutex_);
    std::rethrow_exception(failure_);
}

void EtcdWriter::record(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    if (!failure_) {
        failure_ = std::move(error);
        failed_.store(true, std::memory_order_release);
    }
}

void EtcdWriter::work() {
    EtcdClient client(endpoint_, options_.timeout);
    std::int64_t lease = lease_ ? lease_->id() : 0;
    std::deque<EtcdEntry> batch;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return closing_ || !queue_.empty(); });
            if (queue_.empty()) {
                return; // closing, and everything was written
            }
            batch.swap(queue_);
        }
        try {
            for (const auto& entry : batch) {
                if (options_.force) {
                    client.put(entry.key, entry.value, lease);
                } else if (!client.put_if_absent(entry.key, entry.value, lease)) {
                    throw RuntimeError("etcd conditional write failed: key already exists (use "
                                       "force=True to overwrite): " + entry.key);
                }
            }
        } catch (...) {
            // The run fails; what is still queued is not written.
            record(std::current_exception());
            return;
        }
        batch.clear();
    }
}

} // namespace detail

} // namespace wingfoil::adapters::etcd
