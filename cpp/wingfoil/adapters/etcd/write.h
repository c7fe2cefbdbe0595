#pragma once
// EtcdPubNode<T, Entries>: etcd_pub, a sink that writes key-value entries to etcd. Each upstream
// tick becomes zero or more entries (the Entries policy decides how) that the engine thread hands
// to a worker thread through a queue; the worker writes them in order with Put, or with a
// put-if-absent transaction when `force` is false. With a lease TTL, a lease is granted when the
// node starts, kept alive while it runs, and revoked when it stops, after a failure too, so
// leased keys vanish when the run ends. stop() closes the queue and blocks until the worker has
// written everything queued: when run() returns, every write has happened. A failed write fails
// the run, at the node's next cycle or at the latest when it stops. Works in both run modes.
//
// Threads: the node's methods run on the engine thread; the worker and the lease's renewal
// thread only touch C++ strings and their own connections.
//
// Entries is a policy with `void operator()(const T& value, std::vector<EtcdEntry>& out)` that
// appends the value's entries or throws; EtcdEntryList handles EtcdEntry and vectors of it.

#include "wingfoil/adapters/etcd/client.h"
#include "wingfoil/adapters/etcd/lease.h"
#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/stream.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace wingfoil::adapters::etcd {

/// One write: `value` under `key` (raw bytes both).
struct EtcdEntry {
    std::string key;
    std::string value;
};

struct EtcdPubOptions {
    /// Attach every key to a lease of this many seconds (rounded up, at least 1), or none.
    std::optional<double> lease_ttl;
    /// true: Put, overwriting. false: write only keys that do not exist yet; an existing key
    /// fails the run.
    bool force = true;
    /// The time limit of every etcd call.
    Millis timeout = kDefaultTimeout;
};

/// The lease TTL etcd_pub asks for: `lease_ttl` rounded up to whole seconds, at least 1. Throws
/// ValueError naming the value if it is negative, NaN or infinite.
std::int64_t lease_ttl_seconds(double lease_ttl);

/// The default Entries policy: an EtcdEntry is one entry, a vector is one entry per element.
struct EtcdEntryList {
    void operator()(const EtcdEntry& entry, std::vector<EtcdEntry>& out) const {
        out.push_back(entry);
    }
    void operator()(const std::vector<EtcdEntry>& entries, std::vector<EtcdEntry>& out) const {
        out.insert(out.end(), entries.begin(), entries.end());
    }
};

namespace detail {

/// The worker behind EtcdPubNode: a queue, a thread that writes, and the optional lease.
/// start/submit/finish are called from one (engine) thread.
class EtcdWriter {
public:
    /// Validates the endpoint and options (ValueError); no I/O.
    EtcdWriter(std::string_view endpoint, EtcdPubOptions options);
    /// finish() if still running; errors are ignored here.
    ~EtcdWriter();
    EtcdWriter(const EtcdWriter&) = delete;
    EtcdWriter& operator=(const EtcdWriter&) = delete;

    /// Grants the lease (if any), blocking for at most the time limit, and starts the worker.
    void start();
    /// Queues `entries` (moved out; the vector is left empty). Throws ValueError for an empty
    /// key, and first rethrows a failure of the worker or of the lease.
    void submit(std::vector<EtcdEntry>& entries);
    /// Closes the queue, waits until the worker has written everything queued, then revokes the
    /// lease. Rethrows the first failure not reported yet. Does nothing if not started.
    void finish();

private:
    void work();
    void throw_if_failed();
    void record(std::exception_ptr error);

    std::string endpoint_;
    EtcdPubOptions options_;
    std::int64_t ttl_seconds_ = 0;          // 0: no lease
    std::unique_ptr<EtcdLease> lease_;      // set between start and finish
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<EtcdEntry> queue_;           // guarded by mutex_
    bool closing_ = false;                  // guarded by mutex_
    std::exception_ptr failure_;            // guarded by mutex_; the worker's first failure
    std::atomic<bool> failed_{false};       // set once failure_ is
    bool reported_ = false;                 // engine thread: failure_ was thrown already
    std::thread worker_;
};

} // namespace detail

template <class T, class Entries = EtcdEntryList>
class EtcdPubNode : public Node {
public:
    /// Python: Stream.etcd_pub(endpoint, lease_ttl=None, force=True). No I/O here; throws
    /// ValueError for a malformed endpoint or an invalid lease TTL.
    EtcdPubNode(std::shared_ptr<Stream<T>> upstream, std::string_view endpoint,
                EtcdPubOptions options = {}, Entries entries = {})
        : upstream_(std::move(upstream)), entries_(std::move(entries)),
          writer_(endpoint, std::move(options)) {
        add_upstream(upstream_);
    }

    void start(Graph&) override { writer_.start(); }

    bool cycle(Graph&) override {
        entries_(upstream_->value(), batch_);
        writer_.submit(batch_);
        return true;
    }

    void stop(Graph&) override {
        batch_.clear();
        writer_.finish();
    }

    std::string type_name() const override { return "EtcdPubNode"; }

private:
    std::shared_ptr<Stream<T>> upstream_;
    Entries entries_;
    detail::EtcdWriter writer_;
    std::vector<EtcdEntry> batch_; // reused between ticks
};

} // namespace wingfoil::adapters::etcd
