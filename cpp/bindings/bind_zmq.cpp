// zmq_sub and Stream.zmq_pub for Python. The subscriber's data stream carries the C++ burst
// (std::vector<std::string>) and turns it into list[bytes] only when Python reads it, so the
// receiver thread never touches Python and a data stream read by native operators needs no GIL.
// The status stream holds "connected"/"disconnected" as str. zmq_pub accepts bytes, bytearray or
// a sequence of ints 0-255 per tick and raises TypeError naming the type of anything else.

#include "bindings/bind.h"
#include "bindings/py_bytes.h"
#include "bindings/py_value.h"
#include "bindings/stream_handle.h"
#include "wingfoil/adapters/zmq/read.h"
#include "wingfoil/adapters/zmq/write.h"
#include "wingfoil/adapters/zmq_etcd/registration.h"
#include "wingfoil/core/error.h"

#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace wingfoil::py {

using adapters::zmq::ZmqStatus;

namespace {

/// zmq_pub's view of a Python value as payload bytes (see bytes_like). GIL required (the node
/// is marked as needing it).
struct PyPayloadBytes {
    std::string_view operator()(const PyValue& value, std::string& scratch) const {
        return bytes_like(value.borrow(), scratch, "zmq_pub value");
    }
};

/// The status as Python sees it. GIL required (the status node is marked as needing it).
struct PyStatusText {
    PyValue operator()(ZmqStatus status) const {
        const std::string_view text = to_string(status);
        return PyValue(pyb::str(text.data(), text.size()));
    }
};

/// A port argument: an int (or anything with __index__) in 0..65535.
std::uint16_t to_port(pyb::handle obj) {
    if (!PyIndex_Check(obj.ptr())) {
        throw pyb::type_error("zmq_pub port must be an int, got " + type_name_of(obj.ptr()));
    }
    auto index = pyb::reinterpret_steal<pyb::object>(PyNumber_Index(obj.ptr()));
    if (!index) {
        throw pyb::error_already_set();
    }
    int overflow = 0;
    const long long port = PyLong_AsLongLongAndOverflow(index.ptr(), &overflow);
    if (port == -1 && PyErr_Occurred()) {
        throw pyb::error_already_set();
    }
    if (overflow != 0 || port < 0 || port > 65535) {
        throw OverflowError("zmq_pub port must be 0 to 65535, got " +
                            pyb::str(index).cast<std::string>());
    }
    return static_cast<std::uint16_t>(port);
}

const char* kind_name(Kind kind) {
    switch (kind) {
    case Kind::int64:
        return "int";
    case Kind::float64:
        return "float";
    case Kind::object:
        break;
    }
    return "object";
}

} // namespace

void bind_zmq(pyb::module_& m) {
    m.def(
        "py_zmq_sub",
        [](const std::string& address) {
            auto streams = adapters::zmq::zmq_sub<PyValue, PyValue, PyStatusText>(address);
            return pyb::make_tuple(make_handle(streams.data, false),
                                   make_handle(streams.status, true));
        },
        pyb::arg("address"),
        "Native zmq_sub; use wingfoil.zmq_sub. Returns (data, status); no I/O until the run.");
    m.def(
        "_zmq_pub",
        [](const StreamHandle& self, pyb::handle port_arg) {
            const std::uint16_t port = to_port(port_arg);
            if (self.kind != Kind::object) {
                throw pyb::type_error(std::string("zmq_pub needs a stream of bytes values; this "
                                                  "stream carries ") +
                                      kind_name(self.kind) + " values");
            }
            auto node = adapters::zmq::zmq_pub<PyValue, PyPayloadBytes>(self.as<PyValue>(), port);
            node->set_needs_gil(true);
            return NodeHandle{node};
        },
        pyb::arg("stream"), pyb::arg("port"));
    m.def(
        "_zmq_pub_etcd",
        [](const StreamHandle& self, const std::string& name, const std::string& address,
           pyb::handle port_arg, const std::string& etcd_endpoint) {
            const std::uint16_t port = to_port(port_arg);
            if (self.kind != Kind::object) {
                throw pyb::type_error(std::string("zmq_pub_etcd needs a stream of bytes values; "
                                                  "this stream carries ") +
                                      kind_name(self.kind) + " values");
            }
            auto registration =
                std::make_unique<adapters::zmq_etcd::EtcdRegistration>(name, etcd_endpoint);
            auto node = std::make_shared<adapters::zmq::ZmqPublisherNode<PyValue, PyPayloadBytes>>(
                self.as<PyValue>(), port, PyPayloadBytes{}, address, std::move(registration));
            node->set_needs_gil(true);
            return NodeHandle{node};
        },
        pyb::arg("stream"), pyb::arg("name"), pyb::arg("address"), pyb::arg("port"),
        pyb::arg("endpoint"));
    m.def(
        "_zmq_lookup_etcd",
        [](const std::string& name, const std::string& etcd_endpoint) {
            pyb::gil_scoped_release release; // up to 5 s of network I/O
            return adapters::zmq_etcd::lookup_publisher(name, etcd_endpoint);
        },
        pyb::arg("name"), pyb::arg("endpoint"));
}

} // namespace wingfoil::py
