// MpscQueue<T> against its baseline, a std::mutex around a std::deque.
//
//   BM_MpscQueue_PushPop / BM_MutexDeque_PushPop
//       one thread, one push then one pop per iteration: the uncontended cost of a hand-off.
//   BM_MpscQueue_Contended/<producers> / BM_MutexDeque_Contended/<producers>
//       <producers> threads push a batch while the benchmark thread pops it: one iteration is
//       one item delivered (items_per_second is the throughput). Thread start-up is inside the
//       timed region and amortised over the batch.

#include "wingfoil/core/mpsc_queue.h"

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace {

// The baseline: the obvious locked queue, with the same try_pop contract.
template <class T>
class MutexDeque {
public:
    void push(T value) {
        std::lock_guard<std::mutex> lock(mutex_);
        items_.push_back(std::move(value));
    }

    bool try_pop(T& out) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (items_.empty()) {
            return false;
        }
        out = std::move(items_.front());
        items_.pop_front();
        return true;
    }

private:
    std::mutex mutex_;
    std::deque<T> items_;
};

template <class Queue>
void push_pop(benchmark::State& state) {
    Queue queue;
    std::uint64_t value = 0;
    std::uint64_t out = 0;
    for (auto _ : state) {
        queue.push(value++);
        benchmark::DoNotOptimize(queue.try_pop(out));
    }
    benchmark::DoNotOptimize(out);
    state.SetItemsProcessed(state.iterations());
}

template <class Queue>
void contended(benchmark::State& state) {
    const int producers = static_cast<int>(state.range(0));
    constexpr std::uint64_t kPerProducer = 50'000;
    const std::uint64_t batch = kPerProducer * static_cast<std::uint64_t>(producers);
    while (state.KeepRunningBatch(static_cast<benchmark::IterationCount>(batch))) {
        Queue queue;
        std::vector<std::thread> threads;
        for (int p = 0; p < producers; ++p) {
            threads.emplace_back([&queue] {
                for (std::uint64_t i = 0; i < kPerProducer; ++i) {
                    queue.push(i);
                }
            });
        }
        std::uint64_t received = 0;
        std::uint64_t out = 0;
        while (received < batch) {
            if (queue.try_pop(out)) {
                ++received;
            }
        }
        for (auto& t : threads) {
            t.join();
        }
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_MpscQueue_PushPop(benchmark::State& state) {
    push_pop<wingfoil::MpscQueue<std::uint64_t>>(state);
}
BENCHMARK(BM_MpscQueue_PushPop);

void BM_MutexDeque_PushPop(benchmark::State& state) {
    push_pop<MutexDeque<std::uint64_t>>(state);
}
BENCHMARK(BM_MutexDeque_PushPop);

void BM_MpscQueue_Contended(benchmark::State& state) {
    contended<wingfoil::MpscQueue<std::uint64_t>>(state);
}
BENCHMARK(BM_MpscQueue_Contended)->Arg(1)->Arg(2)->Arg(4)->UseRealTime();

void BM_MutexDeque_Contended(benchmark::State& state) {
    contended<MutexDeque<std::uint64_t>>(state);
}
BENCHMARK(BM_MutexDeque_Contended)->Arg(1)->Arg(2)->Arg(4)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
