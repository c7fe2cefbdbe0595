#pragma once
// BufferStream<T, Out>: collects upstream values and emits them as one batch when `capacity` are
// held, or in the run's last cycle when any are held. Out is built from the std::vector<T> batch.
// Python: Stream.buffer(capacity). Leftover values stay for the next run.

#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/stream.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace wingfoil {

template <class T, class Out = std::vector<T>>
class BufferStream : public Stream<Out> {
public:
    BufferStream(std::shared_ptr<Stream<T>> upstream, std::uint64_t capacity)
        : upstream_(std::move(upstream)), capacity_(capacity) {
        this->add_upstream(upstream_);
    }

    bool cycle(Graph& graph) override {
        held_.push_back(upstream_->value());
        if (held_.size() < capacity_ && !graph.is_last_cycle()) {
            return false;
        }
        this->value_ = Out(std::move(held_));
        held_ = {};
        return true;
    }

    std::string type_name() const override { return "BufferStream"; }

private:
    std::shared_ptr<Stream<T>> upstream_;
    std::uint64_t capacity_;
    std::vector<T> held_;
};

template <class S>
auto buffer(std::shared_ptr<S> upstream_ptr, std::uint64_t capacity) {
    using T = value_type_of<S>;
    std::shared_ptr<Stream<T>> upstream = std::move(upstream_ptr);
    return std::make_shared<BufferStream<T>>(std::move(upstream), capacity);
}

} // namespace wingfoil
