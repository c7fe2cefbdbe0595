#pragma once
// EtcdSubStream<Out>: etcd_sub, a real-time source of the changes under a key prefix. At start it
// reads the prefix (Range) and queues every key as a "put" event stamped with the snapshot's
// revision, as one batch; then an I/O thread watches the prefix from the snapshot's revision + 1,
// so no change is missed or seen twice, and queues each watch answer's events as one batch. The
// node ticks once per cycle with everything queued (Out is built from the drained batches).
//
// When etcd goes away mid-run (restart, crash, network), the thread re-opens the watch from the
// last revision it delivered + 1, retrying with a growing pause (0.1 s to 1 s), so the graph sees
// every change exactly once across the outage. It gives up, failing the run with the last error,
// when the watch cannot be re-opened within `reconnect_window`, when etcd has compacted the
// revisions it would need, or when the server answering is not the one it was watching (another
// cluster id, or a store revision below the last one delivered: data lost).
//
// Limitation: nothing in the graph shows that the watch is being re-opened (there is no status
// stream); the node just does not tick meanwhile.
//
// Threads: the node's methods run on the engine thread; the watch thread only touches C++ values
// and the node's queue. stop() cancels the watch and joins the thread promptly.

#include "wingfoil/adapters/etcd/client.h"
#include "wingfoil/adapters/etcd/event.h"
#include "wingfoil/core/error.h"
#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/receiver_stream.h"

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace wingfoil::adapters::etcd {

struct EtcdSubOptions {
    /// The time limit of the Range and of opening the watch (not of waiting for changes).
    Millis timeout = kDefaultTimeout;
    /// How long the watch thread keeps trying to re-open a lost watch before failing the run.
    Millis reconnect_window{30000};
};

namespace detail {

/// The part of EtcdSubStream that does not depend on Out: the snapshot and the watch thread.
class EtcdSubscription {
public:
    using BatchSink = std::function<void(EtcdEventBatch)>;
    using ErrorSink = std::function<void(std::exception_ptr)>;

    /// Validates the endpoint and options (ValueError); no I/O.
    EtcdSubscription(std::string_view endpoint, std::string prefix, EtcdSubOptions options);
    /// stop().
    ~EtcdSubscription();
    EtcdSubscription(const EtcdSubscription&) = delete;
    EtcdSubscription& operator=(const EtcdSubscription&) = delete;

    /// Engine thread: reads the prefix (blocking, within the time limit) and returns it as put
    /// events stamped with the snapshot's revision, in key order.
    EtcdEventBatch snapshot();
    /// Engine thread, after snapshot(): starts the watch thread, which hands batches and its
    /// final error to the sinks.
    void start_watch(BatchSink on_batch, ErrorSink on_error);
    /// Engine thread: cancels the watch and joins the thread. Idempotent.
    void stop() noexcept;

private:
    void watch_loop();
    /// One watch session, from open to loss. Returns false when asked to stop.
    bool watch_once();
    void check_same_store(const WatchMessage& created) const;
    /// Sleeps up to `pause` unless asked to stop; returns false when asked to stop.
    bool pause(Millis pause);

    EtcdClient client_;
    std::string prefix_;
    EtcdSubOptions options_;
    std::int64_t delivered_ = 0;  // last revision handed on; the watch thread's once started
    std::uint64_t cluster_id_ = 0;
    BatchSink on_batch_;
    ErrorSink on_error_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;                 // guarded by mutex_
    std::shared_ptr<EtcdWatch> watch_;      // guarded by mutex_; the open watch, for cancel
    std::thread thread_;
};

} // namespace detail

template <class Out = EtcdEvents>
class EtcdSubStream : public ReceiverStream<EtcdEventBatch, Out> {
public:
    /// Python: etcd_sub(endpoint, prefix). No I/O here; throws ValueError for a malformed
    /// endpoint.
    EtcdSubStream(std::string_view endpoint, std::string prefix, EtcdSubOptions options = {})
        : subscription_(endpoint, std::move(prefix), options) {}

    /// Reads the snapshot (failing the run if etcd cannot be reached) and starts watching.
    /// Historical runs are rejected with ValueError.
    void start(Graph& graph) override {
        if (!graph.realtime()) {
            throw ValueError("etcd_sub supports real-time mode only (run with realtime=True): it "
                             "follows live changes in etcd");
        }
        Base::start(graph);
        EtcdEventBatch snapshot = subscription_.snapshot();
        if (!snapshot.events.empty()) {
            this->push(std::move(snapshot));
        }
        subscription_.start_watch([this](EtcdEventBatch batch) { this->push(std::move(batch)); },
                                  [this](std::exception_ptr e) { this->push_error(e); });
    }

    void stop(Graph& graph) override {
        subscription_.stop();
        Base::stop(graph);
    }

    std::string type_name() const override { return "EtcdSubStream"; }

private:
    using Base = ReceiverStream<EtcdEventBatch, Out>;

    detail::EtcdSubscription subscription_;
};

} // namespace wingfoil::adapters::etcd
