#pragma once
// TickerNode: a source that ticks every `period` nanoseconds, starting at the run's start time.
// Python: ticker(seconds). Drift-free: the k-th tick is due at first tick + k * period exactly.
// Each run re-anchors on its own first tick. A period of 0 ticks every cycle (1 ns apart in
// historical mode).

#include "wingfoil/core/error.h"
#include "wingfoil/engine/graph.h"

#include <memory>

namespace wingfoil {

class TickerNode : public Node {
public:
    explicit TickerNode(NanoTime period) : period_(period) {
        if (period < 0) {
            throw ValueError("ticker period can not be negative");
        }
    }

    void start(Graph& graph) override {
        first_in_run_ = true;
        graph.add_callback(graph.start_time(), *this);
    }

    bool cycle(Graph& graph) override {
        // Saturating: a tick that would fall after the year 2262 (the end of int64 ns) is never
        // queued, rather than wrapping round to a time in the past.
        next_ = saturating_add(first_in_run_ ? graph.time() : next_, period_);
        first_in_run_ = false;
        if (next_ != kNeverTime) {
            graph.add_callback(next_, *this);
        }
        return true;
    }

    std::string type_name() const override { return "TickerNode"; }

private:
    NanoTime period_;
    NanoTime next_ = 0;
    bool first_in_run_ = true;
};

/// A ticker with the given period in nanoseconds.
inline std::shared_ptr<TickerNode> ticker(NanoTime period) {
    return std::make_shared<TickerNode>(period);
}

} // namespace wingfoil
