#pragma once
// LimitStream<T>: passes the first `limit` upstream ticks of its lifetime; at the next one it does
// not tick and stops the whole run after the current cycle. Python: Stream.limit(n).

#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/stream.h"

#include <cstdint>
#include <memory>

namespace wingfoil {

template <class T>
class LimitStream : public Stream<T> {
public:
    LimitStream(std::shared_ptr<Stream<T>> upstream, std::uint64_t limit)
        : upstream_(std::move(upstream)), limit_(limit) {
        this->add_upstream(upstream_);
    }

    bool cycle(Graph& graph) override {
        if (passed_ >= limit_) {
            graph.request_stop();
            return false;
        }
        ++passed_;
        this->value_ = upstream_->value();
        return true;
    }

    std::string type_name() const override { return "LimitStream"; }

private:
    std::shared_ptr<Stream<T>> upstream_;
    std::uint64_t limit_;
    std::uint64_t passed_ = 0;
};

template <class S>
auto limit(std::shared_ptr<S> upstream_ptr, std::uint64_t n) {
    using T = value_type_of<S>;
    std::shared_ptr<Stream<T>> upstream = std::move(upstream_ptr);
    return std::make_shared<LimitStream<T>>(std::move(upstream), n);
}

} // namespace wingfoil
