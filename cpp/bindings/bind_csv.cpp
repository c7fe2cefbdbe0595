// csv_read and Stream.csv_write for Python. Rows become dicts (header order, every value a str)
// only when Python reads them; csv_write takes dicts and writes str() of each value.

#include "bindings/bind.h"
#include "bindings/py_callable.h"
#include "bindings/py_value.h"
#include "bindings/stream_handle.h"
#include "wingfoil/adapters/csv/read.h"
#include "wingfoil/adapters/csv/write.h"

#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>

namespace wingfoil::py {

using adapters::csv::CsvHeader;
using adapters::csv::CsvReadStream;
using adapters::csv::CsvRow;
using adapters::csv::CsvWriteNode;
using adapters::csv::TimeFormat;

namespace {

/// The header names as Python str objects, converted once per file.
PyObject* header_keys(const CsvHeader& header) {
    if (!header.host_cache) {
        pyb::list keys;
        for (const auto& name : header.names) {
            keys.append(pyb::str(name));
        }
        PyObject* raw = keys.release().ptr();
        header.host_cache = std::shared_ptr<void>(raw, [](void* p) {
            PyGILState_STATE state = PyGILState_Ensure();
            Py_DECREF(static_cast<PyObject*>(p));
            PyGILState_Release(state);
        });
    }
    return static_cast<PyObject*>(header.host_cache.get());
}

/// csv_write's view of a Python value: a dict's keys make the header; other values are skipped
/// with one warning per node.
class PyDictFields {
public:
    bool header(const PyValue& value, std::vector<std::string>& names) {
        PyObject* obj = value.borrow();
        if (!PyDict_Check(obj)) {
            warn_skipped(obj);
            return false;
        }
        PyObject *key, *unused;
        Py_ssize_t pos = 0;
        while (PyDict_Next(obj, &pos, &key, &unused)) {
            keys_.append(pyb::handle(key));
            names.push_back(pyb::str(pyb::handle(key)).cast<std::string>());
        }
        return true;
    }

    bool cells(const PyValue& value, std::vector<std::string>& cells) {
        PyObject* obj = value.borrow();
        if (!PyDict_Check(obj)) {
            warn_skipped(obj);
            return false;
        }
        cells.resize(static_cast<std::size_t>(PyList_GET_SIZE(keys_.ptr())));
        for (std::size_t i = 0; i < cells.size(); ++i) {
            PyObject* key = PyList_GET_ITEM(keys_.ptr(), static_cast<Py_ssize_t>(i));
            PyObject* item = PyDict_GetItemWithError(obj, key);
            if (item == nullptr) {
                if (PyErr_Occurred()) {
                    throw pyb::error_already_set();
                }
                cells[i].clear();
                continue;
            }
            cells[i] = pyb::str(pyb::handle(item)).cast<std::string>();
        }
        return true;
    }

private:
    void warn_skipped(PyObject* obj) {
        if (warned_) {
            return;
        }
        warned_ = true;
        std::string message = std::string("csv_write skips values that are not dicts; got ") +
                              Py_TYPE(obj)->tp_name + " (warned once per csv_write node)";
        if (PyErr_WarnEx(PyExc_RuntimeWarning, message.c_str(), 1) != 0) {
            throw pyb::error_already_set();
        }
    }

    pyb::list keys_;
    bool warned_ = false;
};

} // namespace

pyb::object to_python(const CsvRow& row) {
    PyObject* keys = header_keys(*row.header);
    pyb::dict out;
    for (std::size_t i = 0; i < row.fields.size(); ++i) {
        const std::string& field = row.fields[i];
        PyObject* text = PyUnicode_DecodeUTF8(field.data(), static_cast<Py_ssize_t>(field.size()),
                                              "strict");
        if (text == nullptr) {
            throw pyb::error_already_set();
        }
        int rc = PyDict_SetItem(out.ptr(), PyList_GET_ITEM(keys, static_cast<Py_ssize_t>(i)), text);
        Py_DECREF(text);
        if (rc != 0) {
            throw pyb::error_already_set();
        }
    }
    return std::move(out);
}

void bind_csv(pyb::module_& m) {
    m.def("py_csv_read", [](const std::string& path, const std::string& time_column,
                            std::int64_t unit_ns, std::int64_t offset_ns) {
        auto node = std::make_shared<CsvReadStream<PyValue>>(path, time_column,
                                                             TimeFormat{unit_ns, offset_ns});
        return make_handle(node, false);
    }, pyb::arg("path"), pyb::arg("time_column"), pyb::arg("unit_ns") = 1,
       pyb::arg("offset_ns") = 0,
       "Native csv_read; use wingfoil.csv_read, which also accepts time units and dates.");
    m.def("_csv_write", [](const StreamHandle& self, const std::string& path) {
        auto up = visit(self, [](auto s) -> std::shared_ptr<Stream<PyValue>> {
            using T = typename decltype(s)::element_type::value_type;
            if constexpr (is_object<T>) {
                return s;
            } else {
                return nullptr;
            }
        });
        if (!up) {
            throw pyb::type_error("csv_write needs a stream of dicts; this stream carries numbers");
        }
        auto node = std::make_shared<CsvWriteNode<PyValue, PyDictFields>>(up, path, PyDictFields{});
        node->set_needs_gil(true);
        return NodeHandle{node};
    });
}

} // namespace wingfoil::py
