#include "bindings/gil.h"

#include <pybind11/pybind11.h>

namespace wingfoil::py {

namespace {

constexpr auto kSignalCheckInterval = std::chrono::milliseconds(50);

} // namespace

void GilHooks::begin_run(bool needs_gil) {
    released_for_run_ = !needs_gil;
    if (released_for_run_) {
        saved_ = PyEval_SaveThread();
    }
}

void GilHooks::end_run() noexcept {
    if (saved_ != nullptr) {
        PyEval_RestoreThread(saved_);
        saved_ = nullptr;
    }
}

void GilHooks::before_wait() {
    if (!released_for_run_) {
        saved_ = PyEval_SaveThread();
    }
}

void GilHooks::after_wait() {
    if (released_for_run_) {
        check_signals_released();
        return;
    }
    PyEval_RestoreThread(saved_);
    saved_ = nullptr;
    check_signals_holding_gil();
}

void GilHooks::poll() {
    if (released_for_run_) {
        check_signals_released();
    } else {
        check_signals_holding_gil();
    }
}

void GilHooks::check_signals_holding_gil() {
    if (PyErr_CheckSignals() != 0) {
        throw pybind11::error_already_set();
    }
}

void GilHooks::check_signals_released() {
    auto now = std::chrono::steady_clock::now();
    if (now < next_check_) {
        return;
    }
    next_check_ = now + kSignalCheckInterval;
    pybind11::gil_scoped_acquire gil;
    check_signals_holding_gil();
}

} // namespace wingfoil::py
