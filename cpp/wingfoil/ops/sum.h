#pragma once
// SumStream<T>: the running sum of the upstream values as double, from 0.0. Python: Stream.sum().

#include "wingfoil/engine/stream.h"
#include "wingfoil/ops/value_traits.h"

#include <memory>

namespace wingfoil {

template <class T>
class SumStream : public Stream<double> {
public:
    explicit SumStream(std::shared_ptr<Stream<T>> upstream) : upstream_(std::move(upstream)) {
        add_upstream(upstream_);
    }

    bool cycle(Graph&) override {
        total_ += ValueTraits<T>::to_double(upstream_->value());
        value_ = total_;
        return true;
    }

    std::string type_name() const override { return "SumStream"; }

private:
    std::shared_ptr<Stream<T>> upstream_;
    double total_ = 0.0;
};

template <class S>
auto sum(std::shared_ptr<S> upstream_ptr) {
    using T = value_type_of<S>;
    std::shared_ptr<Stream<T>> upstream = std::move(upstream_ptr);
    return std::make_shared<SumStream<T>>(std::move(upstream));
}

} // namespace wingfoil
