// moving_average: wires and runs wingfoil graphs from C++ alone, with no Python anywhere.
//
// 1. Historical: a 100 ms ticker replayed from 2024-01-02T09:30:00Z for two seconds drives a
//    synthetic price; a user-written node (MovingAverage) smooths it over the last five prices;
//    bimap pairs price and average, filter keeps the moments the price is above its average,
//    for_each prints them and collect keeps them.
// 2. Realtime: a feed node (a ReceiverStream subclass) owns a producer thread that pushes prices
//    while the graph runs on the wall clock; the engine receives them in bursts and a small node
//    stops the run once every price has arrived.
//
// Each part checks its result against a plain loop and the program exits non-zero on a mismatch,
// so the ctest that runs it fails if the engine computes something else.

#include "wingfoil/core/nano_time.h"
#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/receiver_stream.h"
#include "wingfoil/ops/operators.h"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <exception>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace wf = wingfoil;

namespace {

constexpr wf::NanoTime kMs = 1'000'000;
constexpr std::size_t kWindow = 5;

// The synthetic price of the n-th tick: a deterministic zig-zag around 100.
double price_of(std::int64_t n) { return 100.0 + static_cast<double>((n * 37) % 11) - 5.0; }

// A user-defined operator: the mean of the last `window` upstream values. Writing a node is
// subclassing Stream<Out>, adding upstreams in the constructor and implementing cycle().
class MovingAverage : public wf::Stream<double> {
public:
    MovingAverage(std::shared_ptr<wf::Stream<double>> upstream, std::size_t window)
        : upstream_(std::move(upstream)), window_(window) {
        add_upstream(upstream_);
    }

    bool cycle(wf::Graph&) override {
        recent_.push_back(upstream_->value());
        total_ += recent_.back();
        if (recent_.size() > window_) {
            total_ -= recent_.front();
            recent_.pop_front();
        }
        value_ = total_ / static_cast<double>(recent_.size());
        return true;
    }

    std::string type_name() const override { return "MovingAverage"; }

private:
    std::shared_ptr<wf::Stream<double>> upstream_;
    std::size_t window_;
    std::deque<double> recent_;
    double total_ = 0.0;
};

struct Quote {
    double price = 0.0;
    double average = 0.0;
    bool operator==(const Quote&) const = default;
};

// The historical part; returns true when the graph's output matches a plain loop.
bool run_historical() {
    const wf::NanoTime start = 1'704'187'800 * wf::kNanosPerSecond; // 2024-01-02T09:30:00Z
    auto ticks = wf::count(wf::ticker(100 * kMs));
    auto price = wf::map(ticks, price_of);
    auto average = std::make_shared<MovingAverage>(price, kWindow);
    auto quote = wf::bimap(price, average, [](double p, double a) {
        return Quote{p, a};
    });
    auto above = wf::filter(quote, [](const Quote& q) { return q.price > q.average; });
    auto printed = wf::for_each(above, [](const Quote& q, wf::NanoTime t) {
        std::printf("  %s  price %6.2f  above its %zu-tick average %7.3f\n",
                    wf::format_iso(t).c_str(), q.price, kWindow, q.average);
    });
    auto kept = wf::collect(above);

    std::printf("historical: ticker(100 ms) from %s for 2 s\n", wf::format_iso(start).c_str());
    wf::Graph graph({printed, kept});
    graph.run(wf::RunOptions::historical(start).for_duration(2 * wf::kNanosPerSecond));

    // The same computation as a plain loop: 21 ticks (0 s to 2 s inclusive).
    std::vector<Quote> expected;
    std::deque<double> recent;
    for (std::int64_t n = 1; n <= 21; ++n) {
        recent.push_back(price_of(n));
        if (recent.size() > kWindow) {
            recent.pop_front();
        }
        double sum = 0.0;
        for (double p : recent) {
            sum += p;
        }
        Quote q{price_of(n), sum / static_cast<double>(recent.size())};
        if (q.price > q.average) {
            expected.push_back(q);
        }
    }
    std::vector<Quote> got(kept->value().begin(), kept->value().end());
    bool ok = ticks->value() == 21 && graph.cycle_count() == 21 && got.size() == expected.size();
    for (std::size_t i = 0; ok && i < got.size(); ++i) {
        ok = std::fabs(got[i].price - expected[i].price) < 1e-12 &&
             std::fabs(got[i].average - expected[i].average) < 1e-9;
    }
    std::printf("historical: %lld ticks, %zu above average (expected %zu): %s\n",
                static_cast<long long>(ticks->value()), got.size(), expected.size(),
                ok ? "ok" : "MISMATCH");
    return ok;
}

// A realtime source: a producer thread, started in start() and joined in stop(), pushes prices
// into the engine's lock-free queue; the engine ticks once per burst of arrivals.
class PriceFeed : public wf::ReceiverStream<double> {
public:
    explicit PriceFeed(std::vector<double> prices) : prices_(std::move(prices)) {}

    void start(wf::Graph& graph) override {
        ReceiverStream::start(graph);
        producer_ = std::thread([this] {
            for (double p : prices_) {
                push(p);
                std::this_thread::sleep_for(std::chrono::microseconds(200));
            }
        });
    }

    void stop(wf::Graph& graph) override {
        if (producer_.joinable()) {
            producer_.join();
        }
        ReceiverStream::stop(graph);
    }

    std::string type_name() const override { return "PriceFeed"; }

private:
    std::vector<double> prices_;
    std::thread producer_;
};

// Running totals over every burst: how many prices, how many bursts, their sum.
struct Totals {
    std::size_t prices = 0;
    std::size_t bursts = 0;
    double sum = 0.0;
};

// Ends the run once `expected` prices have been counted.
class StopWhenComplete : public wf::Node {
public:
    StopWhenComplete(std::shared_ptr<wf::Stream<Totals>> totals, std::size_t expected)
        : totals_(std::move(totals)), expected_(expected) {
        add_upstream(totals_);
    }

    bool cycle(wf::Graph& graph) override {
        if (totals_->value().prices >= expected_) {
            graph.request_stop();
        }
        return true;
    }

    std::string type_name() const override { return "StopWhenComplete"; }

private:
    std::shared_ptr<wf::Stream<Totals>> totals_;
    std::size_t expected_;
};

// The realtime part; returns true when every pushed price arrived.
bool run_realtime() {
    std::vector<double> prices;
    double expected_sum = 0.0;
    for (std::int64_t n = 1; n <= 500; ++n) {
        prices.push_back(price_of(n));
        expected_sum += price_of(n);
    }
    auto feed = std::make_shared<PriceFeed>(prices);
    auto totals = wf::map(feed, [t = Totals{}](
                                                         const std::vector<double>& burst) mutable {
        for (double p : burst) {
            t.sum += p;
        }
        t.prices += burst.size();
        ++t.bursts;
        return t;
    });
    auto stopper = std::make_shared<StopWhenComplete>(totals, prices.size());

    std::printf("realtime: a producer thread pushes %zu prices\n", prices.size());
    wf::Graph graph({stopper});
    // The duration is a safety net: the stopper ends the run once everything has arrived.
    graph.run(wf::RunOptions::live().for_duration(30 * wf::kNanosPerSecond));

    const Totals& t = totals->value();
    bool ok = t.prices == prices.size() && std::fabs(t.sum - expected_sum) < 1e-6;
    std::printf("realtime: received %zu prices in %zu bursts, mean %.4f (expected %.4f): %s\n",
                t.prices, t.bursts, t.prices ? t.sum / static_cast<double>(t.prices) : 0.0,
                expected_sum / static_cast<double>(prices.size()), ok ? "ok" : "MISMATCH");
    return ok;
}

} // namespace

int main() {
    try {
        bool ok = run_historical();
        ok = run_realtime() && ok;
        return ok ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "moving_average failed: %s\n", e.what());
        return 2;
    }
}
