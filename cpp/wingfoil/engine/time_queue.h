#pragma once
// TimeQueue: the scheduled callbacks of one run, a min-heap of (time, schedule position). Engine
// thread only. Equal times come out in no particular order; the cycle runs every due node in
// schedule order anyway.

#include "wingfoil/core/nano_time.h"

#include <cstdint>
#include <queue>
#include <vector>

namespace wingfoil {

class TimeQueue {
public:
    struct Entry {
        NanoTime time;
        std::uint32_t position;
        bool operator>(const Entry& other) const noexcept { return time > other.time; }
    };

    /// O(log n).
    void push(NanoTime time, std::uint32_t position) { heap_.push(Entry{time, position}); }

    bool empty() const noexcept { return heap_.empty(); }

    /// The earliest queued time; kNeverTime when empty.
    NanoTime earliest() const noexcept { return heap_.empty() ? kNeverTime : heap_.top().time; }

    /// Removes every entry due at or before `time`, calling `on_due(position)` for each.
    template <class F>
    void pop_due(NanoTime time, F&& on_due) {
        while (!heap_.empty() && heap_.top().time <= time) {
            std::uint32_t position = heap_.top().position;
            heap_.pop();
            on_due(position);
        }
    }

    void clear() { heap_ = {}; }

private:
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap_;
};

} // namespace wingfoil
