#pragma once
// ProbeNode: a scriptable Stream<std::int64_t> for engine tests. Every lifecycle call and every
// cycle is written to a shared Journal ("name.setup", "name.cycle@t"), then handed to an optional
// hook that may queue callbacks, request a stop or throw. By default a cycle ticks and the value
// counts this node's ticks. Engine thread only, like any node.

#include "support/journal.h"
#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/stream.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace wingfoil::testing {

class ProbeNode : public Stream<std::int64_t> {
public:
    using Hook = std::function<void(ProbeNode&, Graph&)>;
    using CycleHook = std::function<bool(ProbeNode&, Graph&)>;

    ProbeNode(std::string name, std::shared_ptr<Journal> journal)
        : name_(std::move(name)), journal_(std::move(journal)) {}

    /// Adds an upstream edge (active unless said otherwise); returns this node for chaining.
    ProbeNode& after(std::shared_ptr<Node> upstream, bool active = true) {
        add_upstream(std::move(upstream), active);
        return *this;
    }

    /// Times (offsets from the run's start time) queued as callbacks in every start phase.
    std::vector<NanoTime> start_offsets;

    /// Optional behaviour per phase; a throwing hook makes the phase fail.
    Hook on_setup;
    Hook on_start;
    Hook on_stop;
    Hook on_teardown;
    /// Decides whether the cycle ticks; without it every cycle ticks.
    CycleHook on_cycle;

    void setup(Graph& graph) override { step("setup", on_setup, graph); }

    void start(Graph& graph) override {
        for (NanoTime offset : start_offsets) {
            graph.add_callback(graph.start_time() + offset, *this);
        }
        step("start", on_start, graph);
    }

    void stop(Graph& graph) override { step("stop", on_stop, graph); }
    void teardown(Graph& graph) override { step("teardown", on_teardown, graph); }

    bool cycle(Graph& graph) override {
        cycle_times_.push_back(graph.time());
        journal_->add(name_ + ".cycle@" + std::to_string(graph.time() - graph.start_time()));
        bool ticks = on_cycle ? on_cycle(*this, graph) : true;
        if (ticks) {
            value_ = value_ + 1;
        }
        return ticks;
    }

    std::string type_name() const override { return "ProbeNode"; }

    const std::string& name() const noexcept { return name_; }

    /// Absolute times of every cycle this node ran in, across runs.
    const std::vector<NanoTime>& cycle_times() const noexcept { return cycle_times_; }

private:
    void step(const char* phase, const Hook& hook, Graph& graph) {
        journal_->add(name_ + "." + phase);
        if (hook) {
            hook(*this, graph);
        }
    }

    std::string name_;
    std::shared_ptr<Journal> journal_;
    std::vector<NanoTime> cycle_times_;
};

/// A probe with no upstreams that is due at each of `offsets` from the start time.
inline std::shared_ptr<ProbeNode> probe_source(std::string name, std::shared_ptr<Journal> journal,
                                               std::vector<NanoTime> offsets) {
    auto node = std::make_shared<ProbeNode>(std::move(name), std::move(journal));
    node->start_offsets = std::move(offsets);
    return node;
}

/// A probe that runs whenever one of `upstreams` (all active) ticks.
inline std::shared_ptr<ProbeNode> probe_after(std::string name, std::shared_ptr<Journal> journal,
                                              std::vector<std::shared_ptr<Node>> upstreams) {
    auto node = std::make_shared<ProbeNode>(std::move(name), std::move(journal));
    for (auto& upstream : upstreams) {
        node->after(std::move(upstream));
    }
    return node;
}

/// A source due at start that re-queues itself `period` after each of its cycles (a hand-rolled
/// ticker whose journal and hooks tests can inspect).
inline std::shared_ptr<ProbeNode> probe_periodic(std::string name,
                                                 std::shared_ptr<Journal> journal,
                                                 NanoTime period) {
    auto node = probe_source(std::move(name), std::move(journal), {0});
    node->on_cycle = [period](ProbeNode& self, Graph& graph) {
        graph.add_callback(graph.time() + period, self);
        return true;
    };
    return node;
}

} // namespace wingfoil::testing
