#pragma once
// Calling user callables from operators. Each functor holds a Python callable and calls it with
// vectorcall (no argument tuple), converting native values to Python only at this point. A
// Python exception becomes pybind11::error_already_set, which the engine carries out of run()
// unchanged. GIL: held by the caller (graphs with Python code hold it for the whole cycle).

#include "bindings/py_value.h"
#include "wingfoil/core/nano_time.h"

#include <pybind11/pybind11.h>

#include <string>

namespace wingfoil::py {

/// Calls fn(args...) with borrowed argument references; returns a new reference.
inline pyb::object call(const pyb::object& fn, PyObject* a) {
    PyObject* args[2] = {nullptr, a};
    PyObject* r = PyObject_Vectorcall(fn.ptr(), args + 1, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET,
                                      nullptr);
    if (r == nullptr) {
        throw pyb::error_already_set();
    }
    return pyb::reinterpret_steal<pyb::object>(r);
}

inline pyb::object call(const pyb::object& fn, PyObject* a, PyObject* b) {
    PyObject* args[3] = {nullptr, a, b};
    PyObject* r = PyObject_Vectorcall(fn.ptr(), args + 1, 2 | PY_VECTORCALL_ARGUMENTS_OFFSET,
                                      nullptr);
    if (r == nullptr) {
        throw pyb::error_already_set();
    }
    return pyb::reinterpret_steal<pyb::object>(r);
}

/// The argument as a Python object: a new object for native values...
template <class T>
inline pyb::object argument(const T& v) {
    return to_python(v);
}

/// ...and a borrowed reference for Python values (the value outlives the call): no reference
/// count traffic on the hot path.
inline pyb::handle argument(const PyValue& v) { return pyb::handle(v.borrow()); }

/// map(func): value -> func(value).
struct PyMap {
    pyb::object fn;
    template <class T>
    PyValue operator()(const T& v) const {
        return PyValue(call(fn, argument(v).ptr()));
    }
};

/// True for a Python bool or a numpy.bool_ (checked by type name; numpy is not a dependency).
bool is_bool_like(PyObject* obj, bool& value);

/// filter(pred): pred(value) must return a bool; anything else is a TypeError.
struct PyPredicate {
    pyb::object fn;
    std::string what; // "filter predicate", for the error message
    template <class T>
    bool operator()(const T& v) const {
        pyb::object r = call(fn, argument(v).ptr());
        bool keep = false;
        if (!is_bool_like(r.ptr(), keep)) {
            throw pyb::type_error(what + " must return bool, got " +
                                  std::string(Py_TYPE(r.ptr())->tp_name));
        }
        return keep;
    }
};

/// inspect(func): func(value), result ignored.
struct PyInspect {
    pyb::object fn;
    template <class T>
    void operator()(const T& v) const {
        call(fn, argument(v).ptr());
    }
};

/// for_each(func): func(value, seconds since the epoch), result ignored.
struct PyForEach {
    pyb::object fn;
    template <class T>
    void operator()(const T& v, NanoTime t) const {
        pyb::object seconds = to_python(to_seconds(t));
        call(fn, argument(v).ptr(), seconds.ptr());
    }
};

/// finally(func): func(last value, or None when the upstream never ticked).
struct PyFinally {
    pyb::object fn;
    template <class T>
    void operator()(const T* v) const {
        if (v == nullptr) {
            call(fn, Py_None);
        } else {
            call(fn, argument(*v).ptr());
        }
    }
};

} // namespace wingfoil::py
