#pragma once
// PyWrapperStream: Stream(obj), the node behind CustomStream and duck-typed Python streams. The
// object supplies upstreams() (read at every run's wiring; each entry is an active upstream),
// cycle() -> bool, and peek(). GIL: always needed.

#include "bindings/py_value.h"
#include "wingfoil/engine/stream.h"

#include <pybind11/pybind11.h>

namespace wingfoil::py {

class PyWrapperStream : public Stream<PyValue> {
public:
    explicit PyWrapperStream(pyb::object inner);

    std::vector<Edge> wire_upstreams() override;
    void setup(Graph& graph) override;
    bool cycle(Graph& graph) override;
    std::string type_name() const override;

    /// The wrapped object's current value: calls obj.peek().
    pyb::object peek() const;

    const pyb::object& inner() const { return inner_; }

private:
    pyb::object inner_;
};

} // namespace wingfoil::py
