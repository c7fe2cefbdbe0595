// The extension module wingfoil._wingfoil.

#include "bindings/bind.h"
#include "bindings/errors.h"

#include <pybind11/pybind11.h>

PYBIND11_MODULE(_wingfoil, m) {
    m.doc() = "wingfoil's native engine. Import `wingfoil`, not this module.";
    wingfoil::py::register_error_translators();
    wingfoil::py::bind_streams(m);
    wingfoil::py::bind_graph(m);
    wingfoil::py::bind_csv(m);
    wingfoil::py::bind_push(m);
    wingfoil::py::bind_zmq(m);
    wingfoil::py::bind_etcd(m);
}
