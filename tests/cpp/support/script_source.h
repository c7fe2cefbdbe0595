#pragma once
// ScriptSource<T>: a source stream for operator tests that ticks with scripted values at scripted
// times, given as offsets from each run's start time. Every run replays the whole script. Engine
// thread only.

#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/stream.h"

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace wingfoil::testing {

template <class T>
class ScriptSource : public Stream<T> {
public:
    using Step = std::pair<NanoTime, T>;

    /// `script`: (offset from start, value), offsets strictly increasing.
    explicit ScriptSource(std::vector<Step> script) : script_(std::move(script)) {
        for (std::size_t i = 1; i < script_.size(); ++i) {
            if (script_[i].first <= script_[i - 1].first) {
                throw std::invalid_argument("ScriptSource offsets must be strictly increasing");
            }
        }
    }

    void start(Graph& graph) override {
        next_ = 0;
        for (const auto& step : script_) {
            graph.add_callback(graph.start_time() + step.first, *this);
        }
    }

    bool cycle(Graph& graph) override {
        if (next_ == script_.size() || graph.start_time() + script_[next_].first > graph.time()) {
            return false;
        }
        this->value_ = script_[next_++].second;
        return true;
    }

    std::string type_name() const override { return "ScriptSource"; }

private:
    std::vector<Step> script_;
    std::size_t next_ = 0; // next step to emit in this run
};

/// A shared ScriptSource<T> from (offset, value) steps.
template <class T>
std::shared_ptr<ScriptSource<T>> script(std::vector<std::pair<NanoTime, T>> steps) {
    return std::make_shared<ScriptSource<T>>(std::move(steps));
}

} // namespace wingfoil::testing
