#pragma once
// Reading a Python value as payload bytes, the one rule every byte-carrying sink shares (zmq_pub,
// etcd_pub): bytes and bytearray as they are; any other sequence of ints 0-255 (list, tuple,
// memoryview of bytes...) copied; str and everything else a TypeError naming the type. GIL
// required.

#include <Python.h>

#include <string>
#include <string_view>

namespace wingfoil::py {

/// The bytes of `obj`: a view into it for bytes/bytearray (valid while `obj` is alive and
/// unchanged), otherwise a view of `scratch`, filled from the sequence. `what` starts every error
/// message, e.g. "zmq_pub value" or "etcd_pub: the value for key 'k'".
std::string_view bytes_like(PyObject* obj, std::string& scratch, const std::string& what);

} // namespace wingfoil::py
