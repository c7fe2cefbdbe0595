#pragma once
// BimapStream<A, B, Out, F>: whenever a or b (or both) ticks, value = f(a value, b value), read
// after both have run this cycle. Always ticks. Python: bimap(a, b, func).

#include "wingfoil/engine/stream.h"

#include <memory>
#include <type_traits>

namespace wingfoil {

template <class A, class B, class Out, class F>
class BimapStream : public Stream<Out> {
public:
    BimapStream(std::shared_ptr<Stream<A>> a, std::shared_ptr<Stream<B>> b, F func)
        : a_(std::move(a)), b_(std::move(b)), func_(std::move(func)) {
        this->add_upstream(a_);
        this->add_upstream(b_);
    }

    bool cycle(Graph&) override {
        this->value_ = func_(a_->value(), b_->value());
        return true;
    }

    std::string type_name() const override { return "BimapStream"; }

private:
    std::shared_ptr<Stream<A>> a_;
    std::shared_ptr<Stream<B>> b_;
    F func_;
};

template <class SA, class SB, class F>
auto bimap(std::shared_ptr<SA> a_ptr, std::shared_ptr<SB> b_ptr, F func) {
    using A = value_type_of<SA>;
    using B = value_type_of<SB>;
    std::shared_ptr<Stream<A>> a = std::move(a_ptr);
    std::shared_ptr<Stream<B>> b = std::move(b_ptr);
    using Out = std::decay_t<std::invoke_result_t<F&, const A&, const B&>>;
    return std::make_shared<BimapStream<A, B, Out, F>>(std::move(a), std::move(b),
                                                       std::move(func));
}

} // namespace wingfoil
