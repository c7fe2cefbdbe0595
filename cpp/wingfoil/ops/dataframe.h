#pragma once
// DataframeStream<T, Out>: like collect, but each item is (cycle time, value). Python:
// Stream.dataframe(), whose rows carry float seconds since the epoch.

#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/stream.h"
#include "wingfoil/ops/list_snapshot.h"
#include "wingfoil/ops/timed.h"

#include <memory>
#include <vector>

namespace wingfoil {

template <class T, class Out = ListSnapshot<Timed<T>>>
class DataframeStream : public Stream<Out> {
public:
    explicit DataframeStream(std::shared_ptr<Stream<T>> upstream)
        : upstream_(std::move(upstream)) {
        this->add_upstream(upstream_);
    }

    bool cycle(Graph& graph) override {
        rows_->push_back(Timed<T>{graph.time(), upstream_->value()});
        this->value_ = Out(ListSnapshot<Timed<T>>(rows_, rows_->size()));
        return true;
    }

    std::string type_name() const override { return "DataframeStream"; }

private:
    std::shared_ptr<Stream<T>> upstream_;
    std::shared_ptr<std::vector<Timed<T>>> rows_ = std::make_shared<std::vector<Timed<T>>>();
};

template <class S>
auto dataframe(std::shared_ptr<S> upstream_ptr) {
    using T = value_type_of<S>;
    std::shared_ptr<Stream<T>> upstream = std::move(upstream_ptr);
    return std::make_shared<DataframeStream<T>>(std::move(upstream));
}

} // namespace wingfoil
