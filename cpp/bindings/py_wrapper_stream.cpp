#include "bindings/py_wrapper_stream.h"

#include "bindings/py_callable.h"
#include "bindings/stream_handle.h"

namespace wingfoil::py {

PyWrapperStream::PyWrapperStream(pyb::object inner) : inner_(std::move(inner)) {
    set_needs_gil(true);
    mark_has_value(); // its value is whatever peek() returns, from the start
}

std::vector<Edge> PyWrapperStream::wire_upstreams() {
    pyb::object listed = inner_.attr("upstreams")();
    std::vector<Edge> edges;
    for (pyb::handle item : listed) {
        if (pyb::isinstance<StreamHandle>(item)) {
            edges.push_back(Edge{item.cast<const StreamHandle&>().node, true});
        } else if (pyb::isinstance<NodeHandle>(item)) {
            edges.push_back(Edge{item.cast<const NodeHandle&>().node, true});
        } else {
            throw pyb::type_error("Unexpected upstream type: upstreams() must return Stream or "
                                  "Node objects, got " +
                                  std::string(Py_TYPE(item.ptr())->tp_name));
        }
    }
    return edges;
}

void PyWrapperStream::setup(Graph&) { value_ = PyValue(peek()); }

bool PyWrapperStream::cycle(Graph&) {
    pyb::object result = inner_.attr("cycle")();
    bool ticked = false;
    if (!is_bool_like(result.ptr(), ticked)) {
        throw pyb::type_error("cycle() must return bool, got " +
                              std::string(Py_TYPE(result.ptr())->tp_name));
    }
    // Limitation: downstream nodes see the value peek() returned right after this node's last
    // cycle() (or at setup), not a fresh peek() at each read; peek_value() from Python does call
    // peek() every time.
    value_ = PyValue(peek());
    return ticked;
}

std::string PyWrapperStream::type_name() const {
    return std::string("PyStream(") + Py_TYPE(inner_.ptr())->tp_name + ")";
}

pyb::object PyWrapperStream::peek() const { return inner_.attr("peek")(); }

} // namespace wingfoil::py
