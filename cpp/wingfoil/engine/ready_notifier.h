#pragma once
// ReadyNotifier: how I/O threads wake a sleeping realtime engine. Producers bump a counter and, if
// the engine said it is asleep, wake it with a futex. The engine reads the counter before it
// decides to sleep and sleeps only while the counter still has that value, so a wake-up that
// races with falling asleep is never lost.
//
// Memory ordering: notify() is a seq_cst increment followed by a seq_cst load of sleepers_; the
// engine stores sleepers_ then re-reads the counter (both seq_cst), so one side always sees the
// other.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace wingfoil {

class ReadyNotifier {
public:
    using Clock = std::chrono::steady_clock;

    /// Any thread. A relaxed-cost increment; a syscall only when the engine is asleep.
    void notify() noexcept;

    /// The counter value to pass to wait_until. Engine thread.
    std::uint32_t epoch() const noexcept { return epoch_.load(std::memory_order_seq_cst); }

    /// Blocks until notify() has been called since `seen` was read, or until `deadline`. Engine
    /// thread. Spurious early returns are allowed; callers re-check their conditions.
    void wait_until(std::uint32_t seen, Clock::time_point deadline) noexcept;

    /// Spins until notify() or `deadline`, without entering the kernel. Engine thread.
    void spin_until(std::uint32_t seen, Clock::time_point deadline) const noexcept;

private:
    alignas(64) std::atomic<std::uint32_t> epoch_{0};
    alignas(64) std::atomic<std::uint32_t> sleepers_{0};
};

} // namespace wingfoil
