#pragma once
// WithTimeStream<T, Out>: on each upstream tick, ticks with (cycle time, value). Python:
// Stream.with_time(), which hands out float seconds since the epoch.

#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/stream.h"
#include "wingfoil/ops/timed.h"

#include <memory>

namespace wingfoil {

template <class T, class Out = Timed<T>>
class WithTimeStream : public Stream<Out> {
public:
    explicit WithTimeStream(std::shared_ptr<Stream<T>> upstream)
        : upstream_(std::move(upstream)) {
        this->add_upstream(upstream_);
    }

    bool cycle(Graph& graph) override {
        this->value_ = Out(Timed<T>{graph.time(), upstream_->value()});
        return true;
    }

    std::string type_name() const override { return "WithTimeStream"; }

private:
    std::shared_ptr<Stream<T>> upstream_;
};

template <class S>
auto with_time(std::shared_ptr<S> upstream_ptr) {
    using T = value_type_of<S>;
    std::shared_ptr<Stream<T>> upstream = std::move(upstream_ptr);
    return std::make_shared<WithTimeStream<T>>(std::move(upstream));
}

} // namespace wingfoil
