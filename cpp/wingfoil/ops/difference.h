#pragma once
// DifferenceStream<T>: from the second upstream tick on, ticks with value - previous value.
// Python: Stream.difference().

#include "wingfoil/engine/stream.h"
#include "wingfoil/ops/value_traits.h"

#include <memory>

namespace wingfoil {

template <class T>
class DifferenceStream : public Stream<T> {
public:
    explicit DifferenceStream(std::shared_ptr<Stream<T>> upstream)
        : upstream_(std::move(upstream)) {
        this->add_upstream(upstream_);
    }

    bool cycle(Graph&) override {
        const T& v = upstream_->value();
        if (!has_previous_) {
            previous_ = v;
            has_previous_ = true;
            return false;
        }
        this->value_ = ValueTraits<T>::subtract(v, previous_);
        previous_ = v;
        return true;
    }

    std::string type_name() const override { return "DifferenceStream"; }

private:
    std::shared_ptr<Stream<T>> upstream_;
    T previous_{};
    bool has_previous_ = false;
};

template <class S>
auto difference(std::shared_ptr<S> upstream_ptr) {
    using T = value_type_of<S>;
    std::shared_ptr<Stream<T>> upstream = std::move(upstream_ptr);
    return std::make_shared<DifferenceStream<T>>(std::move(upstream));
}

} // namespace wingfoil
