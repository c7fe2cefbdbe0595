#pragma once
// NegateStream<T>: on each upstream tick, value = -value (arithmetic negation, not logical).
// Python: Stream.not(), so not(True) is -1.

#include "wingfoil/engine/stream.h"
#include "wingfoil/ops/value_traits.h"

#include <memory>

namespace wingfoil {

template <class T>
class NegateStream : public Stream<T> {
public:
    explicit NegateStream(std::shared_ptr<Stream<T>> upstream) : upstream_(std::move(upstream)) {
        this->add_upstream(upstream_);
    }

    bool cycle(Graph&) override {
        this->value_ = ValueTraits<T>::negate(upstream_->value());
        return true;
    }

    std::string type_name() const override { return "NegateStream"; }

private:
    std::shared_ptr<Stream<T>> upstream_;
};

template <class S>
auto negate(std::shared_ptr<S> upstream_ptr) {
    using T = value_type_of<S>;
    std::shared_ptr<Stream<T>> upstream = std::move(upstream_ptr);
    return std::make_shared<NegateStream<T>>(std::move(upstream));
}

} // namespace wingfoil
