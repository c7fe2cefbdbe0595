#pragma once
// CollectStream<T, Out>: on each upstream tick, ticks with every value received so far in the
// node's lifetime. The values live in one append-only vector; each tick's value is an O(1)
// ListSnapshot of its first n items, converted to Out (the bindings turn it into a Python list
// only when Python reads it). Python: Stream.collect().

#include "wingfoil/engine/stream.h"
#include "wingfoil/ops/list_snapshot.h"

#include <memory>
#include <vector>

namespace wingfoil {

template <class T, class Out = ListSnapshot<T>>
class CollectStream : public Stream<Out> {
public:
    explicit CollectStream(std::shared_ptr<Stream<T>> upstream) : upstream_(std::move(upstream)) {
        this->add_upstream(upstream_);
    }

    bool cycle(Graph&) override {
        items_->push_back(upstream_->value());
        this->value_ = Out(ListSnapshot<T>(items_, items_->size()));
        return true;
    }

    std::string type_name() const override { return "CollectStream"; }

private:
    std::shared_ptr<Stream<T>> upstream_;
    std::shared_ptr<std::vector<T>> items_ = std::make_shared<std::vector<T>>();
};

template <class S>
auto collect(std::shared_ptr<S> upstream_ptr) {
    using T = value_type_of<S>;
    std::shared_ptr<Stream<T>> upstream = std::move(upstream_ptr);
    return std::make_shared<CollectStream<T>>(std::move(upstream));
}

} // namespace wingfoil
