#pragma once
// InspectStream<T, F>: calls f(value) on each upstream tick, then ticks with the same value.
// Python: Stream.inspect(func).

#include "wingfoil/engine/stream.h"

#include <memory>

namespace wingfoil {

template <class T, class F>
class InspectStream : public Stream<T> {
public:
    InspectStream(std::shared_ptr<Stream<T>> upstream, F func)
        : upstream_(std::move(upstream)), func_(std::move(func)) {
        this->add_upstream(upstream_);
    }

    bool cycle(Graph&) override {
        func_(upstream_->value());
        this->value_ = upstream_->value();
        return true;
    }

    std::string type_name() const override { return "InspectStream"; }

private:
    std::shared_ptr<Stream<T>> upstream_;
    F func_;
};

template <class S, class F>
auto inspect(std::shared_ptr<S> upstream_ptr, F func) {
    using T = value_type_of<S>;
    std::shared_ptr<Stream<T>> upstream = std::move(upstream_ptr);
    return std::make_shared<InspectStream<T, F>>(std::move(upstream), std::move(func));
}

} // namespace wingfoil
