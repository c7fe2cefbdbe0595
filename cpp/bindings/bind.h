#pragma once
// One bind_* function per area; module.cpp calls them all.

#include <pybind11/pybind11.h>

namespace wingfoil::py {

void bind_streams(pybind11::module_& m);
void bind_graph(pybind11::module_& m);
void bind_csv(pybind11::module_& m);
void bind_push(pybind11::module_& m);
void bind_zmq(pybind11::module_& m);
void bind_etcd(pybind11::module_& m);

} // namespace wingfoil::py
