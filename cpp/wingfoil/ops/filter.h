#pragma once
// FilterStream<T, F>: on each upstream tick, ticks with the upstream value when keep(value) is
// true; otherwise does not tick and keeps its last accepted value. Python: Stream.filter(func).

#include "wingfoil/engine/stream.h"

#include <memory>

namespace wingfoil {

template <class T, class F>
class FilterStream : public Stream<T> {
public:
    FilterStream(std::shared_ptr<Stream<T>> upstream, F keep)
        : upstream_(std::move(upstream)), keep_(std::move(keep)) {
        this->add_upstream(upstream_);
    }

    bool cycle(Graph&) override {
        const T& v = upstream_->value();
        if (!keep_(v)) {
            return false;
        }
        this->value_ = v;
        return true;
    }

    std::string type_name() const override { return "FilterStream"; }

private:
    std::shared_ptr<Stream<T>> upstream_;
    F keep_;
};

template <class S, class F>
auto filter(std::shared_ptr<S> upstream_ptr, F keep) {
    using T = value_type_of<S>;
    std::shared_ptr<Stream<T>> upstream = std::move(upstream_ptr);
    return std::make_shared<FilterStream<T, F>>(std::move(upstream), std::move(keep));
}

} // namespace wingfoil
