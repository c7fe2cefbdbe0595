#pragma once
// MapStream<In, Out, F>: on each upstream tick, value = f(upstream value); always ticks.
// Python: Stream.map(func). Cost: one call of f plus a move-assign of Out.

#include "wingfoil/engine/stream.h"

#include <memory>
#include <type_traits>

namespace wingfoil {

template <class In, class Out, class F>
class MapStream : public Stream<Out> {
public:
    MapStream(std::shared_ptr<Stream<In>> upstream, F func)
        : upstream_(std::move(upstream)), func_(std::move(func)) {
        this->add_upstream(upstream_);
    }

    bool cycle(Graph&) override {
        this->value_ = func_(upstream_->value());
        return true;
    }

    std::string type_name() const override { return "MapStream"; }

private:
    std::shared_ptr<Stream<In>> upstream_;
    F func_;
};

template <class S, class F>
auto map(std::shared_ptr<S> upstream_ptr, F func) {
    using In = value_type_of<S>;
    std::shared_ptr<Stream<In>> upstream = std::move(upstream_ptr);
    using Out = std::decay_t<std::invoke_result_t<F&, const In&>>;
    return std::make_shared<MapStream<In, Out, F>>(std::move(upstream), std::move(func));
}

} // namespace wingfoil
