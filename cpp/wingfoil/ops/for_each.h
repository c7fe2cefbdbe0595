#pragma once
// ForEachNode<T, F>: calls f(value, cycle time) on each upstream tick. A node without a value.
// Python: Stream.for_each(func), which receives float seconds since the epoch.

#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/stream.h"

#include <memory>

namespace wingfoil {

template <class T, class F>
class ForEachNode : public Node {
public:
    ForEachNode(std::shared_ptr<Stream<T>> upstream, F func)
        : upstream_(std::move(upstream)), func_(std::move(func)) {
        add_upstream(upstream_);
    }

    bool cycle(Graph& graph) override {
        func_(upstream_->value(), graph.time());
        return true;
    }

    std::string type_name() const override { return "ForEachNode"; }

private:
    std::shared_ptr<Stream<T>> upstream_;
    F func_;
};

template <class S, class F>
auto for_each(std::shared_ptr<S> upstream_ptr, F func) {
    using T = value_type_of<S>;
    std::shared_ptr<Stream<T>> upstream = std::move(upstream_ptr);
    return std::make_shared<ForEachNode<T, F>>(std::move(upstream), std::move(func));
}

} // namespace wingfoil
