#pragma once
// Node: the unit of work in a graph. A node holds its upstream edges; the Graph that runs it
// assigns its index, layer and schedule position at the start of every run. All methods are
// called on the engine thread only.

#include "wingfoil/core/nano_time.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace wingfoil {

class Graph;
class Node;

/// An upstream edge. Active edges trigger the downstream when the upstream ticks; passive edges
/// are only read (the sampled side of `sample`). Both count for layering.
struct Edge {
    std::shared_ptr<Node> node;
    bool active = true;
};

class Node {
public:
    Node() = default;
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;
    /// Releases the upstream edges iteratively, so dropping the last reference to a chain of a
    /// million nodes does not recurse a million destructors deep.
    virtual ~Node();

    /// One step in a cycle. Returns true when the node ticked (produced a value or an event).
    virtual bool cycle(Graph& graph) = 0;

    /// Lifecycle hooks, called for every node in index order. `start` is where sources queue
    /// their first callback; `stop` runs after a failed run too.
    virtual void setup(Graph&) {}
    virtual void start(Graph&) {}
    virtual void stop(Graph&) {}
    virtual void teardown(Graph&) {}

    /// A short type name for error context and logs, e.g. "MapStream".
    virtual std::string type_name() const = 0;

    /// The upstream edges used to wire this run. Called once per run during discovery; nodes
    /// whose upstreams are decided late (user-defined streams) override it.
    virtual std::vector<Edge> wire_upstreams() { return upstreams_; }

    /// True when cycling this node may touch Python objects (the bindings set it).
    bool needs_gil() const noexcept { return needs_gil_; }
    void set_needs_gil(bool value) noexcept { needs_gil_ = value; }

    /// How many times this node has ticked in its lifetime (across runs).
    std::uint64_t tick_count() const noexcept { return tick_count_; }

    /// True once the node holds a value: it has ticked, or it was given one (constant, or the
    /// first upstream value of a delay). Hosts use it to show "no value yet" (Python's None).
    bool has_value() const noexcept { return has_value_; }

    /// This run's registration index (post-order discovery), valid during a run.
    std::uint32_t index() const noexcept { return index_; }

protected:
    void add_upstream(std::shared_ptr<Node> node, bool active = true) {
        upstreams_.push_back(Edge{std::move(node), active});
    }

    /// For nodes that take a value without ticking (or start with one).
    void mark_has_value() noexcept { has_value_ = true; }

private:
    friend class Graph;

    std::vector<Edge> upstreams_;
    bool needs_gil_ = false;
    std::uint64_t tick_count_ = 0;
    bool has_value_ = false;
    // Per-run slots written by Graph while wiring; meaningless outside a run.
    std::uint32_t index_ = 0;
    std::uint32_t position_ = 0;        // place in the (layer, index) schedule
    std::uint64_t ticked_in_cycle_ = 0; // cycle serial of the last tick, 0 = never in this run
    std::uint64_t wired_run_ = 0;       // serial of the run that last registered this node
    bool on_wiring_stack_ = false;      // being discovered: reaching it again means a cycle
    // The graph running this node, if any: a node runs in one graph at a time. Claimed with a
    // compare-exchange when a run wires, released when it ends.
    std::atomic<const Graph*> running_in_{nullptr};
};

} // namespace wingfoil
