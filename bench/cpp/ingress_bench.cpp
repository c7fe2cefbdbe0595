// Ingress latency: from a push on a std::thread to the for_each callback that sees the value in a
// realtime graph, for both wait strategies. Reported as p50, p99, p99.9 and max in microseconds.
//
// The producer sends one stamped item, waits until the callback has seen it, pauses so the engine
// goes back to waiting (asleep on the futex, or spinning), and sends the next: each sample is the
// idle-to-first-tick path, not queueing behind earlier items. Stamps are steady_clock readings
// (about 20 ns each, vDSO) taken just before push() and inside the callback.
//
// On a machine with two cores the busy-poll engine and the producer each hold one; numbers from a
// loaded machine show the scheduler as much as the engine.

#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/receiver_stream.h"
#include "wingfoil/ops/for_each.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace wf = wingfoil;
using Clock = std::chrono::steady_clock;

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
        .count();
}

class StampFeed : public wf::ReceiverStream<std::int64_t> {
public:
    std::string type_name() const override { return "StampFeed"; }
};

// The q-quantile (0..1) of sorted samples, in microseconds.
double quantile_us(const std::vector<std::int64_t>& sorted, double q) {
    if (sorted.empty()) {
        return 0.0;
    }
    auto i = static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1));
    return static_cast<double>(sorted[i]) / 1e3;
}

void BM_IngressLatency(benchmark::State& state, wf::WaitStrategy wait) {
    constexpr std::uint64_t kItemsPerRun = 5'000;
    constexpr auto kGap = std::chrono::microseconds(50);
    std::vector<std::int64_t> latencies;
    latencies.reserve(kItemsPerRun * 8);

    for (auto _ : state) {
        auto feed = std::make_shared<StampFeed>();
        std::atomic<std::uint64_t> seen{0};
        auto sink = wf::for_each(
            feed, [&](const std::vector<std::int64_t>& burst, wf::NanoTime) {
                std::int64_t arrived = now_ns();
                for (std::int64_t stamp : burst) {
                    latencies.push_back(arrived - stamp);
                }
                seen.fetch_add(burst.size(), std::memory_order_release);
            });
        wf::Graph graph({sink});
        std::thread producer([&] {
            // Items pushed before start are delivered too, but would not measure a wake-up.
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            for (std::uint64_t i = 0; i < kItemsPerRun; ++i) {
                feed->push(now_ns());
                while (seen.load(std::memory_order_acquire) <= i) {
                }
                std::this_thread::sleep_for(kGap);
            }
        });
        wf::RunOptions options = wf::RunOptions::live().for_cycles(kItemsPerRun);
        options.wait = wait;
        graph.run(options);
        producer.join();
    }

    std::sort(latencies.begin(), latencies.end());
    state.counters["p50_us"] = quantile_us(latencies, 0.50);
    state.counters["p99_us"] = quantile_us(latencies, 0.99);
    state.counters["p99.9_us"] = quantile_us(latencies, 0.999);
    state.counters["max_us"] = quantile_us(latencies, 1.0);
    state.counters["samples"] = static_cast<double>(latencies.size());
}

BENCHMARK_CAPTURE(BM_IngressLatency, sleep, wf::WaitStrategy::sleep)
    ->Iterations(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_IngressLatency, busy_poll, wf::WaitStrategy::busy_poll)
    ->Iterations(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
