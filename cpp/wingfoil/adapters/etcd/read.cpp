#include "wingfoil/adapters/etcd/read.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <utility>

namespace wingfoil::adapters::etcd::detail {

namespace {

constexpr Millis kFirstPause{100};
constexpr Millis kLongestPause{1000};

} // namespace

EtcdSubscription::EtcdSubscription(std::string_view endpoint, std::string prefix,
                                   EtcdSubOptions options)
    : client_(endpoint, options.timeout), prefix_(std::move(prefix)), options_(options) {
    if (options_.reconnect_window.count() < 0) {
        throw ValueError("etcd_sub reconnect window must not be negative");
    }
}

EtcdSubscription::~EtcdSubscription() { stop(); }

EtcdEventBatch EtcdSubscription::snapshot() {
    RangeResult range = client_.range_prefix(prefix_);
    delivered_ = range.header.revision;
    cluster_id_ = range.header.cluster_id;
    EtcdEventBatch batch;
    batch.events.reserve(range.kvs.size());
    for (auto& kv : range.kvs) {
        batch.events.push_back(EtcdEvent{EtcdEventKind::put, std::move(kv.key),
                                         std::move(kv.value), range.header.revision});
    }
    return batch;
}

void EtcdSubscription::start_watch(BatchSink on_batch, ErrorSink on_error) {
    stop();
    on_batch_ = std::move(on_batch);
    on_error_ = std::move(on_error);
    {
        std::lock_guard lock(mutex_);
        stopping_ = false;
    }
    thread_ = std::thread([this] { watch_loop(); });
}

void EtcdSubscription::stop() noexcept {
    std::shared_ptr<EtcdWatch> watch;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        watch = watch_;
    }
    wake_.notify_all();
    if (watch) {
        watch->cancel();
    }
    if (thread_.joinable()) {
        thread_.join();
    }
    std::lock_guard lock(mutex_);
    watch_.reset();
}

void EtcdSubscription::watch_loop() {
    using Clock = std::chrono::steady_clock;
    std::optional<Clock::time_point> lost_since;
    Millis next_pause = kFirstPause;
    for (;;) {
        std::string lost;
        bool timed_out = false;
        try {
            std::shared_ptr<EtcdWatch> watch = client_.watch_prefix(prefix_, delivered_ + 1);
            {
                std::lock_guard lock(mutex_);
                if (stopping_) {
                    return;
                }
                watch_ = watch;
            }
            WatchMessage message;
            if (!watch->open(message)) {
                return;
            }
            check_same_store(message);
            lost_since.reset();
            next_pause = kFirstPause;
            while (watch->next(message)) {
                EtcdEventBatch batch;
                for (auto& event : message.events) {
                    if (event.kv.mod_revision <= delivered_) {
                        continue; // delivered before the watch was re-opened
                    }
                    batch.events.push_back(EtcdEvent{
                        event.is_delete ? EtcdEventKind::del : EtcdEventKind::put,
                        std::move(event.kv.key), std::move(event.kv.value),
                        event.kv.mod_revision});
                }
                if (!batch.events.empty()) {
                    delivered_ = batch.events.back().revision;
                    on_batch_(std::move(batch));
                }
            }
            return; // cancelled
        } catch (const ConnectionError& e) {
            lost = e.what();
        } catch (const TimeoutError& e) {
            lost = e.what();
            timed_out = true;
        } catch (...) {
            std::lock_guard lock(mutex_);
            if (!stopping_) {
                on_error_(std::current_exception());
            }
            return;
        }

        // The watch was lost, or could not be re-opened: try again until the window closes.
        auto now = Clock::now();
        if (!lost_since) {
            lost_since = now;
        }
        if (now - *lost_since >= options_.reconnect_window) {
            std::string text = "etcd_sub at " + client_.url() + " lost its watch on prefix '" +
                               prefix_ + "' and could not re-open it within " +
                               format_seconds(options_.reconnect_window) + "; last error: " + lost;
            std::lock_guard lock(mutex_);
            if (!stopping_) {
                on_error_(timed_out ? std::make_exception_ptr(TimeoutError(text))
                                    : std::make_exception_ptr(ConnectionError(text)));
            }
            return;
        }
        if (!pause(next_pause)) {
            return;
        }
        next_pause = std::min(next_pause * 2, kLongestPause);
    }
}

void EtcdSubscription::check_same_store(const WatchMessage& created) const {
    if (created.header.cluster_id != 0 && cluster_id_ != 0 &&
        created.header.cluster_id != cluster_id_) {
        throw RuntimeError("etcd_sub at " + client_.url() +
                           ": the server now belongs to another etcd cluster (id " +
                           std::to_string(created.header.cluster_id) + ", was " +
                           std::to_string(cluster_id_) + "); cannot resume the watch");
    }
    if (created.header.revision < delivered_) {
        throw RuntimeError("etcd_sub at " + client_.url() + ": the store's revision (" +
                           std::to_string(created.header.revision) +
                           ") is below the last revision delivered (" +
                           std::to_string(delivered_) +
                           "), so etcd lost data; cannot resume the watch without gaps");
    }
}

bool EtcdSubscription::pause(Millis pause) {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, pause, [this] { return stopping_; });
}

} // namespace wingfoil::adapters::etcd::detail
