// Tests for ReadyNotifier: the epoch counts notifications; a notification made before the wait
// is not lost; a sleeping or spinning engine thread is woken by another thread; waits with no
// notification return by their deadline. Waits that should end at once have a long deadline, so a
// lost wake-up shows up as a test that fails on its epoch check after a long wait, never as a
// timing assertion.

#include "wingfoil/engine/ready_notifier.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

namespace {

using wingfoil::ReadyNotifier;
using Clock = ReadyNotifier::Clock;
using namespace std::chrono_literals;

TEST(ReadyNotifier, EpochCountsNotifications) {
    ReadyNotifier notifier;
    std::uint32_t first = notifier.epoch();
    notifier.notify();
    notifier.notify();
    EXPECT_EQ(notifier.epoch(), first + 2);
}

TEST(ReadyNotifier, NotificationBeforeTheWaitIsNotLost) {
    ReadyNotifier notifier;
    std::uint32_t seen = notifier.epoch();
    notifier.notify();
    notifier.wait_until(seen, Clock::now() + 30s);
    EXPECT_NE(notifier.epoch(), seen);
}

TEST(ReadyNotifier, WaitWithoutNotificationReturnsAndLeavesTheEpoch) {
    ReadyNotifier notifier;
    std::uint32_t seen = notifier.epoch();
    notifier.wait_until(seen, Clock::now() + 20ms);
    EXPECT_EQ(notifier.epoch(), seen);
}

TEST(ReadyNotifier, WaitWithAPastDeadlineReturns) {
    ReadyNotifier notifier;
    std::uint32_t seen = notifier.epoch();
    notifier.wait_until(seen, Clock::now() - 1s);
    notifier.spin_until(seen, Clock::now() - 1s);
    EXPECT_EQ(notifier.epoch(), seen);
}

// Repeats the race between falling asleep and being notified many times: each round must end
// with the waiter awake and aware of the notification.
TEST(ReadyNotifier, SleepingWaiterIsWokenByAnotherThread) {
    ReadyNotifier notifier;
    for (int round = 0; round < 200; ++round) {
        std::atomic<bool> about_to_wait{false};
        std::uint32_t seen = notifier.epoch();
        std::uint32_t after = seen;
        std::thread waiter([&] {
            about_to_wait.store(true);
            notifier.wait_until(seen, Clock::now() + 30s);
            after = notifier.epoch();
        });
        while (!about_to_wait.load()) {
            std::this_thread::yield();
        }
        notifier.notify();
        waiter.join();
        ASSERT_NE(after, seen) << "round " << round;
    }
}

TEST(ReadyNotifier, SpinningWaiterIsWokenByAnotherThread) {
    ReadyNotifier notifier;
    std::uint32_t seen = notifier.epoch();
    std::uint32_t after = seen;
    std::thread waiter([&] {
        notifier.spin_until(seen, Clock::now() + 30s);
        after = notifier.epoch();
    });
    notifier.notify();
    waiter.join();
    EXPECT_NE(after, seen);
}

} // namespace
