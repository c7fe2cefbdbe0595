#include "wingfoil/engine/ready_notifier.h"

#include <climits>
#include <ctime>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace wingfoil {

namespace {

void futex_wake_all(std::atomic<std::uint32_t>* word) noexcept {
    syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word), FUTEX_WAKE_PRIVATE, INT_MAX,
            nullptr, nullptr, 0);
}

void futex_wait(std::atomic<std::uint32_t>* word, std::uint32_t expected,
                const timespec* timeout) noexcept {
    syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word), FUTEX_WAIT_PRIVATE, expected,
            timeout, nullptr, 0);
}

void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

} // namespace

void ReadyNotifier::notify() noexcept {
    epoch_.fetch_add(1, std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) != 0) {
        futex_wake_all(&epoch_);
    }
}

void ReadyNotifier::wait_until(std::uint32_t seen, Clock::time_point deadline) noexcept {
    auto remaining = deadline - Clock::now();
    if (remaining <= Clock::duration::zero()) {
        return;
    }
    sleepers_.fetch_add(1, std::memory_order_seq_cst);
    if (epoch_.load(std::memory_order_seq_cst) == seen) {
        auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(remaining).count();
        timespec timeout{static_cast<time_t>(ns / 1'000'000'000),
                         static_cast<long>(ns % 1'000'000'000)};
        futex_wait(&epoch_, seen, &timeout);
    }
    sleepers_.fetch_sub(1, std::memory_order_seq_cst);
}

void ReadyNotifier::spin_until(std::uint32_t seen, Clock::time_point deadline) const noexcept {
    while (epoch_.load(std::memory_order_acquire) == seen && Clock::now() < deadline) {
        cpu_relax();
    }
}

} // namespace wingfoil
