#pragma once
// DelayStream<T>: re-emits each upstream value `delay` nanoseconds later. Python:
// Stream.delay(seconds). A delay of 0 passes values through in the same cycle. With a positive
// delay, the first upstream value also becomes this stream's value at once, without a tick (so a
// passive reader sees it before the first emission); when several delayed values fall due in one
// cycle it ticks once, with the latest of them. Values not yet due when a run ends are dropped.
// A negative delay is a ValueError at construction.

#include "wingfoil/core/error.h"
#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/stream.h"

#include <deque>
#include <memory>
#include <utility>

namespace wingfoil {

template <class T>
class DelayStream : public Stream<T> {
public:
    DelayStream(std::shared_ptr<Stream<T>> upstream, NanoTime delay)
        : upstream_(std::move(upstream)), delay_(delay) {
        if (delay < 0) {
            throw ValueError("delay can not be negative");
        }
        this->add_upstream(upstream_);
    }

    void start(Graph&) override { pending_.clear(); }

    bool cycle(Graph& graph) override {
        if (delay_ == 0) {
            this->value_ = upstream_->value();
            return true;
        }
        if (graph.ticked(*upstream_)) {
            if (!seen_first_) {
                this->value_ = upstream_->value();
                this->mark_has_value();
                seen_first_ = true;
            }
            NanoTime due = saturating_add(graph.time(), delay_);
            if (due != kNeverTime) { // past the end of int64 time it can never fall due
                pending_.emplace_back(due, upstream_->value());
                graph.add_callback(due, *this);
            }
        }
        bool any = false;
        while (!pending_.empty() && pending_.front().first <= graph.time()) {
            this->value_ = std::move(pending_.front().second);
            pending_.pop_front();
            any = true;
        }
        return any;
    }

    std::string type_name() const override { return "DelayStream"; }

private:
    std::shared_ptr<Stream<T>> upstream_;
    NanoTime delay_;
    std::deque<std::pair<NanoTime, T>> pending_; // due time ascending
    bool seen_first_ = false;
};

template <class S>
auto delay(std::shared_ptr<S> upstream_ptr, NanoTime delay) {
    using T = value_type_of<S>;
    std::shared_ptr<Stream<T>> upstream = std::move(upstream_ptr);
    return std::make_shared<DelayStream<T>>(std::move(upstream), delay);
}

} // namespace wingfoil
