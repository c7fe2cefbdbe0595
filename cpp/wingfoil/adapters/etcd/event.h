#pragma once
// EtcdEvent: one change etcd_sub hands to the graph, and the two containers around it.
// EtcdEventBatch is what the subscriber's I/O thread queues at once (the snapshot, or one watch
// answer), so its events always reach the graph in the same tick; EtcdEvents is the flat list a
// tick carries. Plain data.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace wingfoil::adapters::etcd {

enum class EtcdEventKind { put, del };

/// Python: {"kind": "put" | "delete", "key": str, "value": bytes, "revision": int}.
struct EtcdEvent {
    EtcdEventKind kind = EtcdEventKind::put;
    std::string key;   ///< raw bytes (Python decodes them as UTF-8, replacing invalid bytes)
    std::string value; ///< empty for deletes
    /// The write's mod revision; for snapshot events, the snapshot's revision.
    std::int64_t revision = 0;

    bool operator==(const EtcdEvent&) const = default;
};

/// Events that must stay together in one tick.
struct EtcdEventBatch {
    std::vector<EtcdEvent> events;
};

/// What an etcd_sub tick carries in C++: every event drained in the cycle, in arrival order.
struct EtcdEvents {
    EtcdEvents() = default;

    /// Flattens the batches drained in one cycle. Cost: one move per event.
    explicit EtcdEvents(std::vector<EtcdEventBatch> batches) {
        std::size_t total = 0;
        for (const auto& batch : batches) {
            total += batch.events.size();
        }
        events.reserve(total);
        for (auto& batch : batches) {
            for (auto& event : batch.events) {
                events.push_back(std::move(event));
            }
        }
    }

    std::vector<EtcdEvent> events;
};

} // namespace wingfoil::adapters::etcd
