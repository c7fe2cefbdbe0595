#include "bindings/errors.h"

#include "wingfoil/core/error.h"

#include <pybind11/pybind11.h>

#include <string>

namespace wingfoil::py {

namespace pyb = pybind11;

namespace {

PyObject* python_type_of(const wingfoil::Error& e) {
    if (dynamic_cast<const FileNotFoundError*>(&e)) {
        return PyExc_FileNotFoundError;
    }
    if (dynamic_cast<const ConnectionError*>(&e)) {
        return PyExc_ConnectionError;
    }
    if (dynamic_cast<const IoError*>(&e)) {
        return PyExc_OSError;
    }
    if (dynamic_cast<const ValueError*>(&e)) {
        return PyExc_ValueError;
    }
    if (dynamic_cast<const TypeError*>(&e)) {
        return PyExc_TypeError;
    }
    if (dynamic_cast<const KeyError*>(&e)) {
        return PyExc_KeyError;
    }
    if (dynamic_cast<const TimeoutError*>(&e)) {
        return PyExc_TimeoutError;
    }
    if (dynamic_cast<const OverflowError*>(&e)) {
        return PyExc_OverflowError;
    }
    return PyExc_RuntimeError;
}

/// Makes `error` the current Python error, whatever it is.
void set_python_error(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (pyb::error_already_set& e) {
        e.restore();
    } catch (const wingfoil::Error& e) {
        PyErr_SetString(python_type_of(e), e.what());
    } catch (const pyb::builtin_exception& e) {
        e.set_error();
    } catch (const std::exception& e) {
        PyErr_SetString(PyExc_RuntimeError, e.what());
    } catch (...) {
        PyErr_SetString(PyExc_RuntimeError, "unknown C++ exception");
    }
}

/// A one-line "Type: message" for an error attached as a note.
std::string describe(std::exception_ptr error) {
    set_python_error(error);
    pyb::error_already_set fetched;
    return fetched.what();
}

void add_note(PyObject* exc, const std::string& text) {
    PyObject* r = PyObject_CallMethod(exc, "add_note", "s", text.c_str());
    if (r == nullptr) {
        PyErr_Clear(); // Python < 3.11 has no notes; the error itself is what matters
    } else {
        Py_DECREF(r);
    }
}

} // namespace

void raise_run_error(std::exception_ptr error, const Graph& graph) {
    std::vector<std::string> notes;
    if (!graph.failure().phase.empty()) {
        notes.push_back("wingfoil: " + graph.failure().describe());
    }
    for (const auto& extra : graph.cleanup_errors()) {
        notes.push_back("wingfoil: while cleaning up after this error, another was raised: " +
                        describe(extra));
    }
    set_python_error(error);
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    PyErr_NormalizeException(&type, &value, &traceback);
    if (traceback != nullptr) {
        PyException_SetTraceback(value, traceback);
    }
    for (const auto& note : notes) {
        add_note(value, note);
    }
    PyErr_Restore(type, value, traceback);
    throw pyb::error_already_set();
}

void register_error_translators() {
    pyb::register_exception_translator([](std::exception_ptr p) {
        try {
            std::rethrow_exception(p);
        } catch (const wingfoil::Error& e) {
            PyErr_SetString(python_type_of(e), e.what());
        }
    });
}

} // namespace wingfoil::py
