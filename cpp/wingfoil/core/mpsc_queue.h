#pragma once
// MpscQueue<T>: an unbounded lock-free queue for many producer threads and one consumer thread
// (the engine). Producers link a new cell with one atomic exchange on the head; the consumer walks
// from the tail. A push that is still being linked can be invisible to the consumer for a moment;
// producers therefore wake the engine only after push() returns, and the engine re-checks after
// every wake-up, so nothing is lost.
//
// Memory ordering: the exchange on head_ is acq_rel so producers serialise; the store to `next`
// is release and the consumer's load of `next` is acquire, so a popped value is fully visible.

#include <atomic>
#include <new>
#include <optional>
#include <type_traits>
#include <utility>

namespace wingfoil {

template <class T>
class MpscQueue {
    static_assert(std::is_nothrow_move_constructible_v<T>,
                  "MpscQueue<T> requires T to be nothrow move constructible");

public:
    MpscQueue() : head_(new Cell), tail_(head_.load(std::memory_order_relaxed)) {}

    MpscQueue(const MpscQueue&) = delete;
    MpscQueue& operator=(const MpscQueue&) = delete;

    ~MpscQueue() {
        Cell* cell = tail_;
        while (cell != nullptr) {
            Cell* next = cell->next.load(std::memory_order_relaxed);
            delete cell;
            cell = next;
        }
    }

    /// Appends a value. Any thread. One allocation and one atomic exchange.
    void push(T value) {
        Cell* cell = new Cell;
        cell->value.emplace(std::move(value));
        Cell* prev = head_.exchange(cell, std::memory_order_acq_rel);
        prev->next.store(cell, std::memory_order_release);
    }

    /// Takes the oldest value into `out`. Consumer thread only. False when nothing is visible.
    bool try_pop(T& out) noexcept {
        Cell* next = tail_->next.load(std::memory_order_acquire);
        if (next == nullptr) {
            return false;
        }
        out = std::move(*next->value);
        next->value.reset();
        delete tail_;
        tail_ = next;
        return true;
    }

    /// True when the consumer would find nothing. Consumer thread only.
    bool empty() const noexcept {
        return tail_->next.load(std::memory_order_acquire) == nullptr;
    }

private:
    struct Cell {
        std::atomic<Cell*> next{nullptr};
        std::optional<T> value;
    };

    // Producers hammer head_ while the consumer owns tail_: keep them on separate cache lines.
    alignas(64) std::atomic<Cell*> head_;
    alignas(64) Cell* tail_; // consumer only; a sentinel whose value has been taken
};

} // namespace wingfoil
