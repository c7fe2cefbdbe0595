#pragma once
// Turning a failed run into the Python exception run() raises: the original error keeps its type,
// message and traceback; a PEP 678 note names the node, phase, cycle and time; errors raised
// while cleaning up are attached as further notes. C++ wingfoil errors map onto the matching
// built-in exceptions. GIL required.

#include "wingfoil/engine/graph.h"

#include <exception>

namespace wingfoil::py {

/// Sets the Python error for `error` with its notes and throws pybind11::error_already_set.
[[noreturn]] void raise_run_error(std::exception_ptr error, const Graph& graph);

/// Registers the translation of wingfoil::Error types for calls outside run().
void register_error_translators();

} // namespace wingfoil::py
