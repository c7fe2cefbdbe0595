#pragma once
// ConstantStream<T>: holds `value` from construction on and ticks once per run, in the first
// cycle, at the start time. Python: constant(val).

#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/stream.h"

#include <memory>

namespace wingfoil {

template <class T>
class ConstantStream : public Stream<T> {
public:
    explicit ConstantStream(T value) : Stream<T>(std::move(value)) {}

    void start(Graph& graph) override { graph.add_callback(graph.start_time(), *this); }
    bool cycle(Graph&) override { return true; }
    std::string type_name() const override { return "ConstantStream"; }
};

template <class T>
std::shared_ptr<ConstantStream<T>> constant(T value) {
    return std::make_shared<ConstantStream<T>>(std::move(value));
}

} // namespace wingfoil
