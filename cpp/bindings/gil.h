#pragma once
// GilHooks: the EngineHooks the Python bindings install for a run. With Python code in the
// graph, the GIL is held for whole cycles and released only while the engine waits; without it,
// the GIL is released for the whole run and taken back briefly every ~50 ms to check for Ctrl-C.
// Signals are checked after every wait and every few thousand cycles; a pending KeyboardInterrupt
// ends the run through the normal failure path. Engine thread only.

#include "wingfoil/engine/hooks.h"

#include <Python.h>

#include <chrono>

namespace wingfoil::py {

class GilHooks : public EngineHooks {
public:
    void begin_run(bool needs_gil) override;
    void end_run() noexcept override;
    void before_wait() override;
    void after_wait() override;
    void poll() override;

private:
    void check_signals_holding_gil();
    void check_signals_released();

    PyThreadState* saved_ = nullptr; // non-null while this thread has released the GIL
    bool released_for_run_ = false;
    std::chrono::steady_clock::time_point next_check_{};
};

} // namespace wingfoil::py
