#pragma once
// AverageStream<T>: the running mean of the upstream values, updated as m += (x - m) / k so it
// matches the reference bit for bit. Python: Stream.average().

#include "wingfoil/engine/stream.h"
#include "wingfoil/ops/value_traits.h"

#include <cstdint>
#include <memory>

namespace wingfoil {

template <class T>
class AverageStream : public Stream<double> {
public:
    explicit AverageStream(std::shared_ptr<Stream<T>> upstream) : upstream_(std::move(upstream)) {
        add_upstream(upstream_);
    }

    bool cycle(Graph&) override {
        double x = ValueTraits<T>::to_double(upstream_->value());
        ++count_;
        mean_ += (x - mean_) / static_cast<double>(count_);
        value_ = mean_;
        return true;
    }

    std::string type_name() const override { return "AverageStream"; }

private:
    std::shared_ptr<Stream<T>> upstream_;
    double mean_ = 0.0;
    std::uint64_t count_ = 0;
};

template <class S>
auto average(std::shared_ptr<S> upstream_ptr) {
    using T = value_type_of<S>;
    std::shared_ptr<Stream<T>> upstream = std::move(upstream_ptr);
    return std::make_shared<AverageStream<T>>(std::move(upstream));
}

} // namespace wingfoil
