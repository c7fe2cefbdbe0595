#pragma once
// TimeQueue: the scheduled callbacks of one run, a min-heap of (time, schedule position). Engine
// thread only. Equal times come out in no particular order; the cycle runs every due node in
// schedule order anyway.

#include "wingfoil/core/nano_time.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

namespace wingfoil {

class TimeQueue {
public:
    struct Entry {
        NanoTime time;
        std::uint32_t position;
        bool operator>(const Entry& other) const noexcept { return time > other.time; }
    };

    /// O(log n); a push into an empty queue (a lone ticker re-arming) is one append.
    void push(NanoTime time, std::uint32_t position) {
        heap_.push_back(Entry{time, position});
        if (heap_.size() > 1) {
            std::push_heap(heap_.begin(), heap_.end(), std::greater<>{});
        }
    }

    bool empty() const noexcept { return heap_.empty(); }

    /// The earliest queued time; kNeverTime when empty.
    NanoTime earliest() const noexcept { return heap_.empty() ? kNeverTime : heap_.front().time; }

    /// Removes every entry due at or before `time`, calling `on_due(position)` for each.
    template <class F>
    void pop_due(NanoTime time, F&& on_due) {
        while (!heap_.empty() && heap_.front().time <= time) {
            std::uint32_t position = heap_.front().position;
            if (heap_.size() > 1) {
                std::pop_heap(heap_.begin(), heap_.end(), std::greater<>{});
            }
            heap_.pop_back();
            on_due(position);
        }
    }

    void clear() { heap_.clear(); }

private:
    std::vector<Entry> heap_; // a binary min-heap on time (std::push_heap / std::pop_heap)
};

} // namespace wingfoil
