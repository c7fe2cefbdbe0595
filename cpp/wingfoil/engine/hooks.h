#pragma once
// EngineHooks: how a host language plugs into the run loop without the engine knowing it. The
// Python bindings release the GIL in before_wait, take it back and check for Ctrl-C in
// after_wait, and check signals from poll. All calls come from the engine thread; any of them may
// throw to end the run (the error then takes the normal failure path).

namespace wingfoil {

class EngineHooks {
public:
    virtual ~EngineHooks() = default;

    /// After wiring, before setup. `needs_gil` tells whether any node may touch Python objects,
    /// so a host can release its interpreter lock for the whole run when none does.
    virtual void begin_run(bool /*needs_gil*/) {}

    /// After teardown, before the run's wiring is released. Must not throw.
    virtual void end_run() noexcept {}

    /// Just before the engine blocks (realtime waits).
    virtual void before_wait() {}

    /// Just after a blocking wait returns.
    virtual void after_wait() {}

    /// Called every few thousand cycles while the engine is busy, so a long historical run can
    /// still be interrupted. Should be cheap when there is nothing to do.
    virtual void poll() {}
};

} // namespace wingfoil
