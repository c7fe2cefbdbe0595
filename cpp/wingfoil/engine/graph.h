#pragma once
// Graph: wires the nodes reachable from its roots and runs them. Each run() builds the wiring anew
// (discovery, layers, schedule), then does setup, start, the cycle loop, stop and teardown for
// every node in index order. Cleanup always runs, also after a failure, and the first error is
// rethrown. run() and the accessors for nodes are engine-thread only; wake() is the one method
// I/O threads may call.

#include "wingfoil/core/mpsc_queue.h"
#include "wingfoil/core/nano_time.h"
#include "wingfoil/engine/dirty_set.h"
#include "wingfoil/engine/hooks.h"
#include "wingfoil/engine/node.h"
#include "wingfoil/engine/ready_notifier.h"
#include "wingfoil/engine/run_options.h"
#include "wingfoil/engine/time_queue.h"
#include "wingfoil/engine/wall_clock.h"

#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <vector>

namespace wingfoil {

/// Where a failed run failed: enough to find the node in a large graph.
struct FailureContext {
    std::string phase;       ///< "setup", "start", "cycle", "stop" or "teardown"
    std::uint32_t index = 0; ///< the failing node's registration index
    std::string node_type;
    std::uint64_t cycle = 0; ///< cycles completed before the failure
    NanoTime time = 0;       ///< engine time of the failing cycle
    std::string neighbours;  ///< its upstreams, e.g. "[1] CountStream, [3] MapStream"

    /// One line, e.g. "raised in node [7] MapStream during cycle 12 at t=...".
    std::string describe() const;
};

class Graph {
public:
    explicit Graph(std::vector<std::shared_ptr<Node>> roots);
    Graph(const Graph&) = delete;
    Graph& operator=(const Graph&) = delete;
    ~Graph();

    /// Runs until a bound, exhaustion (historical), a stop request or an error. Rethrows the
    /// first error after stop and teardown ran for every node that was set up. `hooks` may be
    /// null. Not re-entrant.
    void run(const RunOptions& options, EngineHooks* hooks = nullptr);

    // ---- For nodes, during a run (engine thread) ----

    /// The current cycle time.
    NanoTime time() const noexcept { return time_; }
    /// The run's start time (historical: the `start` option; realtime: wall clock at start).
    NanoTime start_time() const noexcept { return start_time_; }
    bool realtime() const noexcept { return options_.realtime; }
    /// True when `node` ticked earlier in the current cycle. One compare.
    bool ticked(const Node& node) const noexcept { return node.ticked_in_cycle_ == cycle_serial_; }
    /// Queues a callback: `node` runs in the first cycle whose time is >= `time`. O(log n).
    void add_callback(NanoTime time, const Node& node) { queue_.push(time, node.position_); }
    /// Ends the run after the current cycle (the cycle is not flagged last).
    void request_stop() noexcept { stop_requested_ = true; }
    /// True in the run's last cycle as far as it can be known during the cycle: the cycles
    /// bound is reached, or (historical duration runs) nothing queued is due by the end time.
    bool is_last_cycle() const noexcept;
    /// Cycles completed in this run.
    std::uint64_t cycle_count() const noexcept { return cycles_done_; }

    /// Any thread, during a run: asks the engine to cycle `node` soon. Realtime sources call it
    /// after queueing data. Lock-free; a futex wake when the engine sleeps.
    void wake(const Node& node);

    // ---- After a failed run ----

    /// Where the error rethrown by the last run() came from.
    const FailureContext& failure() const noexcept { return failure_; }
    /// Errors raised while cleaning up after the first one (attached, never replacing it).
    const std::vector<std::exception_ptr>& cleanup_errors() const noexcept {
        return cleanup_errors_;
    }

private:
    // The active downstreams of one node that fall in one dirty-set word.
    struct Mark {
        std::uint32_t word;
        std::uint64_t mask;
    };
    // One slot per schedule position, in (layer, index) order: the node, the downstream marks
    // in its first downstream word, and the range of any further words in extra_marks_.
    struct Slot {
        Node* node;
        std::uint64_t mark_mask;
        std::uint32_t mark_word;
        std::uint32_t extra_begin;
        std::uint32_t extra_end;
    };

    void wire();
    void claim_nodes();
    void release_wiring();
    void lifecycle(void (Node::*step)(Graph&), const char* phase, std::size_t count);
    void cleanup(void (Node::*step)(Graph&), const char* phase, std::size_t count,
                 std::exception_ptr& error);
    void run_historical();
    void run_realtime();
    void run_cycle();
    // Marks the downstream words of `slot` beyond its first (fan-outs spanning several words)
    // in the dirty set; returns the highest word marked.
    std::uint32_t mark_extra(const Slot& slot);
    bool drain_ready();
    void record_failure(const char* phase, const Node& node);
    void poll_hooks();

    std::vector<std::shared_ptr<Node>> roots_;
    RunOptions options_;
    EngineHooks* hooks_ = nullptr;
    // Wiring of the current run.
    std::vector<std::shared_ptr<Node>> by_index_;   // discovery order
    std::vector<Slot> schedule_;
    std::vector<Mark> extra_marks_;
    std::vector<std::vector<Edge>> edges_;          // upstream edges per index, this run
    DirtySet dirty_;
    TimeQueue queue_;
    // Clock and bounds.
    WallClock clock_;
    NanoTime time_ = 0;
    NanoTime start_time_ = 0;
    NanoTime end_time_ = kNeverTime;
    std::uint64_t cycle_limit_ = 0;
    std::uint64_t cycles_done_ = 0;
    std::uint64_t cycle_serial_ = 0; // per run, starts at 1 for the first cycle
    bool stop_requested_ = false;
    Node* current_ = nullptr;        // node being called, for failure context
    // Ingress from I/O threads.
    MpscQueue<std::uint32_t> ready_;
    ReadyNotifier notifier_;
    // Failure reporting.
    FailureContext failure_;
    std::vector<std::exception_ptr> cleanup_errors_;
};

} // namespace wingfoil
