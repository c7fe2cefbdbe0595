#pragma once
// PyValue: the value type of every Python-object stream. It holds either a Python object or a
// deferred conversion (LazyPy) that builds the Python object only when Python reads it, so
// collect(), dataframe(), buffer() and with_time() over native streams run without touching the
// interpreter. Conversions to Python (to_python) for every value type the bindings know live
// here too, together with the ValueTraits<PyValue> used by distinct, difference, not, sum and
// average.
//
// Threads: a PyValue holding an object may only be copied or destroyed with the GIL held. A lazy
// one may be handled anywhere; its cached object is released under the GIL it acquires.

#include "wingfoil/core/nano_time.h"
#include "wingfoil/ops/list_snapshot.h"
#include "wingfoil/ops/timed.h"
#include "wingfoil/ops/value_traits.h"

#include <pybind11/pybind11.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace wingfoil::py {

namespace pyb = pybind11;

/// The Python type name of `obj`, for error messages.
inline std::string type_name_of(PyObject* obj) { return Py_TYPE(obj)->tp_name; }

/// A Python object built on first read and then cached (shared by every copy of the value).
class LazyPy {
public:
    virtual ~LazyPy() {
        if (cache_ != nullptr) {
            PyGILState_STATE state = PyGILState_Ensure();
            Py_DECREF(cache_);
            PyGILState_Release(state);
        }
    }

    /// Borrowed reference; GIL required.
    PyObject* get() const {
        if (cache_ == nullptr) {
            cache_ = make().release().ptr();
        }
        return cache_;
    }

protected:
    virtual pyb::object make() const = 0;

private:
    mutable PyObject* cache_ = nullptr;
};

class PyValue;

inline pyb::object to_python(std::int64_t v) {
    return pyb::reinterpret_steal<pyb::object>(PyLong_FromLongLong(v));
}
inline pyb::object to_python(double v) {
    return pyb::reinterpret_steal<pyb::object>(PyFloat_FromDouble(v));
}
inline pyb::object to_python(bool v) { return pyb::bool_(v); }
inline pyb::object to_python(const std::string& v) { return pyb::bytes(v); }
pyb::object to_python(const PyValue& v);
} // namespace wingfoil::py
namespace wingfoil::adapters::csv {
struct CsvRow;
}
namespace wingfoil::py {
pyb::object to_python(const adapters::csv::CsvRow& row);
template <class T>
pyb::object to_python(const Timed<T>& v);
template <class T>
pyb::object to_python(const ListSnapshot<T>& v);
template <class T>
pyb::object to_python(const std::vector<T>& v);

class PyValue {
public:
    PyValue() = default;
    PyValue(pyb::object obj) : obj_(std::move(obj)) {}
    template <class T>
    PyValue(ListSnapshot<T> items);
    template <class T>
    PyValue(std::vector<T> items);
    template <class T>
    PyValue(Timed<T> item);
    PyValue(adapters::csv::CsvRow row);

    /// Borrowed reference to the Python value (None when empty); GIL required.
    PyObject* borrow() const {
        if (obj_) {
            return obj_.ptr();
        }
        if (lazy_) {
            return lazy_->get();
        }
        return Py_None;
    }

    /// New reference to the Python value; GIL required.
    pyb::object object() const { return pyb::reinterpret_borrow<pyb::object>(borrow()); }

private:
    pyb::object obj_;
    std::shared_ptr<const LazyPy> lazy_;
};

inline pyb::object to_python(const PyValue& v) { return v.object(); }

template <class T>
pyb::object to_python(const Timed<T>& v) {
    return pyb::make_tuple(to_python(to_seconds(v.time)), to_python(v.value));
}

template <class Range>
pyb::object list_from(const Range& items) {
    pyb::list out(items.size());
    std::size_t i = 0;
    for (const auto& item : items) {
        PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i++), to_python(item).release().ptr());
    }
    return std::move(out);
}

template <class T>
pyb::object to_python(const ListSnapshot<T>& v) {
    return list_from(v);
}

template <class T>
pyb::object to_python(const std::vector<T>& v) {
    return list_from(v);
}

/// Defers to_python(value) of any convertible value until first read.
template <class T>
class LazyConversion final : public LazyPy {
public:
    explicit LazyConversion(T value) : value_(std::move(value)) {}

protected:
    pyb::object make() const override { return to_python(value_); }

private:
    T value_;
};

template <class T>
PyValue::PyValue(ListSnapshot<T> items)
    : lazy_(std::make_shared<LazyConversion<ListSnapshot<T>>>(std::move(items))) {}

template <class T>
PyValue::PyValue(std::vector<T> items)
    : lazy_(std::make_shared<LazyConversion<std::vector<T>>>(std::move(items))) {}

template <class T>
PyValue::PyValue(Timed<T> item)
    : lazy_(std::make_shared<LazyConversion<Timed<T>>>(std::move(item))) {}

} // namespace wingfoil::py

#include "wingfoil/adapters/csv/row.h"

namespace wingfoil::py {

inline PyValue::PyValue(adapters::csv::CsvRow row)
    : lazy_(std::make_shared<LazyConversion<adapters::csv::CsvRow>>(std::move(row))) {}

} // namespace wingfoil::py

namespace wingfoil {

/// Python semantics for the generic operators: ==, binary -, unary -, float().
template <>
struct ValueTraits<py::PyValue> {
    using PyValue = py::PyValue;

    /// A comparison that raises counts as "not equal".
    static bool equal(const PyValue& a, const PyValue& b) {
        int result = PyObject_RichCompareBool(a.borrow(), b.borrow(), Py_EQ);
        if (result < 0) {
            PyErr_Clear();
            return false;
        }
        return result == 1;
    }

    static PyValue subtract(const PyValue& a, const PyValue& b) {
        PyObject* r = PyNumber_Subtract(a.borrow(), b.borrow());
        if (r == nullptr) {
            throw pybind11::error_already_set();
        }
        return PyValue(pybind11::reinterpret_steal<pybind11::object>(r));
    }

    static PyValue negate(const PyValue& a) {
        PyObject* r = PyNumber_Negative(a.borrow());
        if (r == nullptr) {
            throw pybind11::error_already_set();
        }
        return PyValue(pybind11::reinterpret_steal<pybind11::object>(r));
    }

    /// float(value) as the C API does it: __float__ or __index__; str and None raise TypeError.
    static double to_double(const PyValue& a) {
        double d = PyFloat_AsDouble(a.borrow());
        if (d == -1.0 && PyErr_Occurred()) {
            throw pybind11::error_already_set();
        }
        return d;
    }
};

} // namespace wingfoil
