#pragma once
// DistinctStream<T>: ticks with the upstream value when it differs from the last value it emitted.
// The first value is always emitted. Python: Stream.distinct().

#include "wingfoil/engine/stream.h"
#include "wingfoil/ops/value_traits.h"

#include <memory>

namespace wingfoil {

template <class T>
class DistinctStream : public Stream<T> {
public:
    explicit DistinctStream(std::shared_ptr<Stream<T>> upstream) : upstream_(std::move(upstream)) {
        this->add_upstream(upstream_);
    }

    bool cycle(Graph&) override {
        const T& v = upstream_->value();
        if (emitted_ && ValueTraits<T>::equal(v, this->value_)) {
            return false;
        }
        this->value_ = v;
        emitted_ = true;
        return true;
    }

    std::string type_name() const override { return "DistinctStream"; }

private:
    std::shared_ptr<Stream<T>> upstream_;
    bool emitted_ = false; // value_ holds the last emitted value once true
};

template <class S>
auto distinct(std::shared_ptr<S> upstream_ptr) {
    using T = value_type_of<S>;
    std::shared_ptr<Stream<T>> upstream = std::move(upstream_ptr);
    return std::make_shared<DistinctStream<T>>(std::move(upstream));
}

} // namespace wingfoil
