// etcd_sub and Stream.etcd_pub for Python. etcd_sub's stream carries the C++ batches drained in a
// cycle and turns them into a list of event dicts only when Python reads it, so its watch thread
// never touches Python and the node needs no GIL. etcd_pub turns each tick's dict (or list of
// dicts) into C++ entries on the engine thread, with the GIL, and raises TypeError/KeyError/
// ValueError for input it cannot write; its worker thread only sees C++ strings.

#include "bindings/bind.h"
#include "bindings/py_bytes.h"
#include "bindings/py_value.h"
#include "bindings/stream_handle.h"
#include "wingfoil/adapters/etcd/event.h"
#include "wingfoil/adapters/etcd/read.h"
#include "wingfoil/adapters/etcd/write.h"
#include "wingfoil/core/error.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wingfoil::adapters::etcd {

// PyValue builds an etcd_sub tick from the drained std::vector<EtcdEventBatch> through its lazy
// list conversion, which calls to_python(batches) unqualified: this overload is found there by
// argument-dependent lookup (EtcdEventBatch lives in this namespace) and, being an exact
// non-template match, is preferred to the generic one that would make a list of lists.
pybind11::object to_python(const std::vector<EtcdEventBatch>& batches);

} // namespace wingfoil::adapters::etcd

namespace wingfoil::py {

using adapters::etcd::EtcdEntry;
using adapters::etcd::EtcdEvent;
using adapters::etcd::EtcdEventBatch;
using adapters::etcd::EtcdEventKind;
using adapters::etcd::EtcdPubNode;
using adapters::etcd::EtcdPubOptions;
using adapters::etcd::EtcdSubOptions;
using adapters::etcd::EtcdSubStream;

namespace {

/// An interned str, made once and kept for the life of the process.
PyObject* interned(const char* text) {
    PyObject* s = PyUnicode_InternFromString(text);
    if (s == nullptr) {
        throw pyb::error_already_set();
    }
    return s;
}

pyb::object event_dict(const EtcdEvent& event) {
    static PyObject* const kKind = interned("kind");
    static PyObject* const kKey = interned("key");
    static PyObject* const kValue = interned("value");
    static PyObject* const kRevision = interned("revision");
    static PyObject* const kPut = interned("put");
    static PyObject* const kDelete = interned("delete");

    pyb::dict out;
    auto set = [&](PyObject* name, PyObject* item) {
        if (item == nullptr) {
            throw pyb::error_already_set();
        }
        int rc = PyDict_SetItem(out.ptr(), name, item);
        Py_DECREF(item);
        if (rc != 0) {
            throw pyb::error_already_set();
        }
    };
    PyObject* kind = event.kind == EtcdEventKind::put ? kPut : kDelete;
    Py_INCREF(kind);
    set(kKind, kind);
    set(kKey, PyUnicode_DecodeUTF8(event.key.data(), static_cast<Py_ssize_t>(event.key.size()),
                                   "replace"));
    set(kValue, PyBytes_FromStringAndSize(event.value.data(),
                                          static_cast<Py_ssize_t>(event.value.size())));
    set(kRevision, PyLong_FromLongLong(event.revision));
    return std::move(out);
}

/// etcd_pub's view of a Python tick: a dict {"key": str, "value": bytes-like}, or a list of
/// them. GIL required (the node is marked as needing it).
class PyEtcdEntries {
public:
    void operator()(const PyValue& value, std::vector<EtcdEntry>& out) const {
        PyObject* obj = value.borrow();
        if (PyDict_Check(obj)) {
            out.push_back(entry_of(obj));
            return;
        }
        if (PyList_Check(obj)) {
            Py_ssize_t n = PyList_GET_SIZE(obj);
            for (Py_ssize_t i = 0; i < n; ++i) {
                PyObject* item = PyList_GET_ITEM(obj, i);
                if (!PyDict_Check(item)) {
                    throw TypeError("etcd_pub: list item " + std::to_string(i) + " is a " +
                                    type_name_of(item) +
                                    ", expected a dict {'key': str, 'value': bytes}");
                }
                out.push_back(entry_of(item));
            }
            return;
        }
        throw TypeError("etcd_pub expects a dict {'key': str, 'value': bytes} or a list of such "
                        "dicts per tick, got " + type_name_of(obj));
    }

private:
    static EtcdEntry entry_of(PyObject* dict) {
        EtcdEntry entry;
        PyObject* key = PyDict_GetItemString(dict, "key"); // borrowed
        if (key == nullptr) {
            throw KeyError("etcd_pub: a dict has no 'key' (expected {'key': str, 'value': "
                           "bytes})");
        }
        if (!PyUnicode_Check(key)) {
            throw TypeError("etcd_pub: 'key' must be a str, got " + type_name_of(key));
        }
        Py_ssize_t size = 0;
        const char* text = PyUnicode_AsUTF8AndSize(key, &size);
        if (text == nullptr) {
            throw pyb::error_already_set();
        }
        entry.key.assign(text, static_cast<std::size_t>(size));
        PyObject* value = PyDict_GetItemString(dict, "value"); // borrowed
        if (value == nullptr) {
            throw KeyError("etcd_pub: the dict for key '" + entry.key + "' has no 'value'");
        }
        entry.value = bytes_of(value, entry.key);
        return entry;
    }

    static std::string bytes_of(PyObject* value, const std::string& key) {
        std::string scratch;
        std::string_view bytes =
            bytes_like(value, scratch, "etcd_pub: the value for key '" + key + "'");
        return std::string(bytes);
    }
};

std::chrono::milliseconds to_millis(double seconds, const char* what) {
    if (!(seconds >= 0) || seconds > 1e9) {
        throw ValueError(std::string(what) + " must be a finite number of seconds >= 0");
    }
    return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000.0 + 0.5));
}

} // namespace

void bind_etcd(pyb::module_& m) {
    m.def(
        "py_etcd_sub",
        [](const std::string& endpoint, const std::string& prefix, double reconnect_window) {
            EtcdSubOptions options;
            options.reconnect_window = to_millis(reconnect_window, "etcd_sub reconnect_window");
            auto node = std::make_shared<EtcdSubStream<PyValue>>(endpoint, prefix, options);
            return make_handle(node, false);
        },
        pyb::arg("endpoint"), pyb::arg("prefix"), pyb::arg("reconnect_window") = 30.0,
        "Native etcd_sub; use wingfoil.etcd_sub.");
    m.def(
        "_etcd_pub",
        [](const StreamHandle& self, const std::string& endpoint, std::optional<double> lease_ttl,
           bool force) {
            auto up = visit(self, [](auto s) -> std::shared_ptr<Stream<PyValue>> {
                using T = typename decltype(s)::element_type::value_type;
                if constexpr (is_object<T>) {
                    return s;
                } else {
                    return nullptr;
                }
            });
            if (!up) {
                throw pyb::type_error("etcd_pub needs a stream of dicts {'key': str, 'value': "
                                      "bytes}; this stream carries numbers");
            }
            EtcdPubOptions options;
            options.lease_ttl = lease_ttl;
            options.force = force;
            auto node = std::make_shared<EtcdPubNode<PyValue, PyEtcdEntries>>(up, endpoint,
                                                                              options);
            node->set_needs_gil(true);
            return NodeHandle{node};
        },
        pyb::arg("self"), pyb::arg("endpoint"), pyb::arg("lease_ttl") = pyb::none(),
        pyb::arg("force") = true);
}

} // namespace wingfoil::py

namespace wingfoil::adapters::etcd {

pybind11::object to_python(const std::vector<EtcdEventBatch>& batches) {
    std::size_t total = 0;
    for (const auto& batch : batches) {
        total += batch.events.size();
    }
    pybind11::list out(total);
    std::size_t i = 0;
    for (const auto& batch : batches) {
        for (const auto& event : batch.events) {
            PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i++),
                            py::event_dict(event).release().ptr());
        }
    }
    return std::move(out);
}

} // namespace wingfoil::adapters::etcd
