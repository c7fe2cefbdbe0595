#pragma once
// FinallyNode<T, F>: remembers its upstream's latest value and, in the stop phase of the first
// run that reaches it (failed runs included), calls f(pointer to that value, or nullptr when the
// upstream never ticked). Fires at most once in the node's lifetime. Python:
// Stream.finally(func).

#include "wingfoil/engine/stream.h"

#include <memory>
#include <optional>

namespace wingfoil {

template <class T, class F>
class FinallyNode : public Node {
public:
    FinallyNode(std::shared_ptr<Stream<T>> upstream, F func)
        : upstream_(std::move(upstream)), func_(std::move(func)) {
        add_upstream(upstream_);
    }

    bool cycle(Graph&) override {
        last_ = upstream_->value();
        return true;
    }

    void stop(Graph&) override {
        if (fired_) {
            return;
        }
        fired_ = true;
        func_(last_ ? &*last_ : static_cast<const T*>(nullptr));
    }

    std::string type_name() const override { return "FinallyNode"; }

private:
    std::shared_ptr<Stream<T>> upstream_;
    F func_;
    std::optional<T> last_;
    bool fired_ = false;
};

template <class S, class F>
auto finally(std::shared_ptr<S> upstream_ptr, F func) {
    using T = value_type_of<S>;
    std::shared_ptr<Stream<T>> upstream = std::move(upstream_ptr);
    return std::make_shared<FinallyNode<T, F>>(std::move(upstream), std::move(func));
}

} // namespace wingfoil
