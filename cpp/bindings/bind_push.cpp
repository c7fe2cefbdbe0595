// push_source(): a realtime source that other Python threads feed. push(value) queues the value
// on the engine's lock-free ingress path and wakes the engine; the stream ticks once per cycle
// with the list of every value pushed since its last tick, in push order. Nothing is dropped.

#include "bindings/bind.h"
#include "bindings/py_value.h"
#include "bindings/stream_handle.h"
#include "wingfoil/core/error.h"
#include "wingfoil/engine/receiver_stream.h"

#include <pybind11/pybind11.h>

#include <memory>

namespace wingfoil::py {

namespace {

class PyPushStream : public ReceiverStream<PyValue, PyValue> {
public:
    PyPushStream() { set_needs_gil(true); }

    void start(Graph& graph) override {
        if (!graph.realtime()) {
            throw ValueError("push_source supports real-time mode only (run with realtime=True)");
        }
        ReceiverStream::start(graph);
    }

    std::string type_name() const override { return "PushStream"; }
};

/// What Python holds to feed the stream.
struct PushHandle {
    std::shared_ptr<PyPushStream> node;
};

} // namespace

void bind_push(pyb::module_& m) {
    pyb::class_<PushHandle>(m, "PushSource",
                            "A realtime source fed from other threads; see push_source().")
        .def("push", [](const PushHandle& self, pyb::object value) {
            self.node->push(PyValue(std::move(value)));
        }, pyb::arg("value"),
           "Queues one value for the graph. Any thread; never blocks; lock-free. The queue is "
           "unbounded, so nothing is dropped: a producer that outpaces the graph grows memory.")
        .def_property_readonly("stream", [](const PushHandle& self) {
            return StreamHandle{self.node, Kind::object};
        }, "The stream: ticks with the list of values pushed since its last tick.");
    m.def("push_source", [] { return PushHandle{std::make_shared<PyPushStream>()}; },
          "A realtime source that other threads feed with push(value).");
}

} // namespace wingfoil::py
