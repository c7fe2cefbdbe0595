#include "bindings/py_bytes.h"

#include "bindings/py_value.h"
#include "wingfoil/core/error.h"

#include <pybind11/pybind11.h>

namespace wingfoil::py {

namespace pyb = pybind11;

namespace {

std::string needs(const std::string& what) {
    return what + " must be bytes, bytearray or a sequence of ints 0-255";
}

// Item `i` of `seq` as a byte; TypeError naming the item otherwise.
unsigned char byte_at(PyObject* seq, PyObject* item, Py_ssize_t i, const std::string& what) {
    const std::string where =
        needs(what) + "; item " + std::to_string(i) + " of the " + type_name_of(seq) + " value ";
    if (!PyIndex_Check(item)) {
        throw TypeError(where + "is a " + type_name_of(item) + ", not an int");
    }
    auto index = pyb::reinterpret_steal<pyb::object>(PyNumber_Index(item));
    if (!index) {
        throw pyb::error_already_set();
    }
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(index.ptr(), &overflow);
    if (v == -1 && PyErr_Occurred()) {
        throw pyb::error_already_set();
    }
    if (overflow != 0 || v < 0 || v > 255) {
        throw TypeError(where + "is " + pyb::str(index).cast<std::string>() + ", outside 0-255");
    }
    return static_cast<unsigned char>(v);
}

} // namespace

std::string_view bytes_like(PyObject* obj, std::string& scratch, const std::string& what) {
    if (PyBytes_Check(obj)) {
        return {PyBytes_AS_STRING(obj), static_cast<std::size_t>(PyBytes_GET_SIZE(obj))};
    }
    if (PyByteArray_Check(obj)) {
        return {PyByteArray_AS_STRING(obj), static_cast<std::size_t>(PyByteArray_GET_SIZE(obj))};
    }
    if (PyUnicode_Check(obj)) {
        throw TypeError(what + " must be bytes, got str (encode text first, for example "
                               "value.encode())");
    }
    auto items = PySequence_Check(obj)
                     ? pyb::reinterpret_steal<pyb::object>(PySequence_Fast(obj, ""))
                     : pyb::object();
    if (!items) {
        PyErr_Clear();
        throw TypeError(needs(what) + ", got " + type_name_of(obj));
    }
    const Py_ssize_t size = PySequence_Fast_GET_SIZE(items.ptr());
    PyObject** cells = PySequence_Fast_ITEMS(items.ptr());
    scratch.clear();
    scratch.reserve(static_cast<std::size_t>(size));
    for (Py_ssize_t i = 0; i < size; ++i) {
        scratch.push_back(static_cast<char>(byte_at(obj, cells[i], i, what)));
    }
    return scratch;
}

} // namespace wingfoil::py
