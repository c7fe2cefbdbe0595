#pragma once
// SampleStream<T>: whenever `trigger` ticks, ticks with the sampled stream's current value. The
// sampled stream is a passive upstream: its own ticks trigger nothing. Python:
// Stream.sample(trigger).

#include "wingfoil/engine/stream.h"

#include <memory>

namespace wingfoil {

template <class T>
class SampleStream : public Stream<T> {
public:
    SampleStream(std::shared_ptr<Stream<T>> sampled, std::shared_ptr<Node> trigger)
        : sampled_(std::move(sampled)) {
        this->add_upstream(std::move(trigger), true);
        this->add_upstream(sampled_, false);
    }

    bool cycle(Graph&) override {
        this->value_ = sampled_->value();
        return true;
    }

    std::string type_name() const override { return "SampleStream"; }

private:
    std::shared_ptr<Stream<T>> sampled_;
};

template <class S>
auto sample(std::shared_ptr<S> sampled_ptr, std::shared_ptr<Node> trigger) {
    using T = value_type_of<S>;
    std::shared_ptr<Stream<T>> sampled = std::move(sampled_ptr);
    return std::make_shared<SampleStream<T>>(std::move(sampled), std::move(trigger));
}

} // namespace wingfoil
