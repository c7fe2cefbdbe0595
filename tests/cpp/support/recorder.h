#pragma once
// Recorder<T>: a sink for operator tests that keeps (cycle time, value) for every tick of its
// upstream, across runs, plus the tick times relative to each run's start. Engine thread only;
// read it after run() returns.

#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/stream.h"
#include "wingfoil/ops/timed.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace wingfoil::testing {

template <class T>
class Recorder : public Node {
public:
    explicit Recorder(std::shared_ptr<Stream<T>> upstream) : upstream_(std::move(upstream)) {
        add_upstream(upstream_);
    }

    bool cycle(Graph& graph) override {
        seen_.push_back(Timed<T>{graph.time(), upstream_->value()});
        offsets_.push_back(graph.time() - graph.start_time());
        return true;
    }

    std::string type_name() const override { return "Recorder"; }

    /// Every recorded value, oldest first.
    std::vector<T> values() const {
        std::vector<T> out;
        for (const auto& entry : seen_) {
            out.push_back(entry.value);
        }
        return out;
    }

    /// Absolute cycle times of the recorded values.
    std::vector<NanoTime> times() const {
        std::vector<NanoTime> out;
        for (const auto& entry : seen_) {
            out.push_back(entry.time);
        }
        return out;
    }

    /// Cycle times relative to the start time of the run they happened in.
    const std::vector<NanoTime>& offsets() const noexcept { return offsets_; }

private:
    std::shared_ptr<Stream<T>> upstream_;
    std::vector<Timed<T>> seen_;
    std::vector<NanoTime> offsets_;
};

/// A Recorder on `upstream`; pass the value type explicitly when `upstream` is a derived stream.
template <class T>
std::shared_ptr<Recorder<T>> record(std::shared_ptr<Stream<T>> upstream) {
    return std::make_shared<Recorder<T>>(std::move(upstream));
}

/// Runs a fresh Graph over `roots` once with `options`.
inline void run_once(std::vector<std::shared_ptr<Node>> roots, const RunOptions& options) {
    Graph graph(std::move(roots));
    graph.run(options);
}

} // namespace wingfoil::testing
