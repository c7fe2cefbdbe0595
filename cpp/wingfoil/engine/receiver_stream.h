#pragma once
// ReceiverStream<T, Out>: the bridge every realtime source uses. I/O threads call push() or
// push_error(); the engine drains everything queued when the node cycles and ticks once with the
// whole burst, in arrival order (Out is built from the std::vector<T>). A queued error fails the
// run when drained. No item is ever dropped: the queue is unbounded.
//
// Threads: push/push_error from any thread between the node's start and stop; everything else on
// the engine thread. A subclass starts its producer in start() after calling this start(), and
// joins it in stop() before calling this stop().

#include "wingfoil/core/mpsc_queue.h"
#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/stream.h"

#include <atomic>
#include <exception>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

namespace wingfoil {

template <class T, class Out = std::vector<T>>
class ReceiverStream : public Stream<Out> {
public:
    /// Any thread. Queues one item and wakes the engine if it has not been woken already.
    void push(T item) {
        queue_.push(Item{std::in_place_index<0>, std::move(item)});
        signal();
    }

    /// Any thread. Queues an error; the run fails with it when the engine gets to it.
    void push_error(std::exception_ptr error) {
        queue_.push(Item{std::in_place_index<1>, std::move(error)});
        signal();
    }

    void start(Graph& graph) override {
        // A wake-up left pending by an earlier run (or by items pushed before start) must not
        // block this run's wake-ups.
        scheduled_.store(false, std::memory_order_seq_cst);
        graph_.store(&graph, std::memory_order_seq_cst);
        if (!queue_.empty() && !scheduled_.exchange(true, std::memory_order_seq_cst)) {
            graph.wake(*this);
        }
    }

    /// Detaches from the graph and waits for any producer still inside wake(), so no producer
    /// can touch the graph after its run ends (and the Graph object may be destroyed).
    void stop(Graph&) override {
        graph_.store(nullptr, std::memory_order_seq_cst);
        while (signalling_.load(std::memory_order_seq_cst) != 0) {
            std::this_thread::yield();
        }
    }

    bool cycle(Graph&) override {
        scheduled_.store(false, std::memory_order_seq_cst);
        std::vector<T> burst;
        Item item;
        while (queue_.try_pop(item)) {
            if (item.index() == 1) {
                std::rethrow_exception(std::get<1>(item));
            }
            burst.push_back(std::move(std::get<0>(item)));
        }
        if (burst.empty()) {
            return false;
        }
        this->value_ = Out(std::move(burst));
        return true;
    }

private:
    using Item = std::variant<T, std::exception_ptr>;

    void signal() {
        if (scheduled_.exchange(true, std::memory_order_seq_cst)) {
            return;
        }
        // Announce the wake-up before reading graph_: stop() clears graph_ first, then waits
        // until no producer is between these two lines.
        signalling_.fetch_add(1, std::memory_order_seq_cst);
        if (Graph* graph = graph_.load(std::memory_order_seq_cst)) {
            graph->wake(*this);
        }
        signalling_.fetch_sub(1, std::memory_order_seq_cst);
    }

    MpscQueue<Item> queue_;
    std::atomic<bool> scheduled_{false}; // true while a wake-up is pending for this node
    std::atomic<Graph*> graph_{nullptr}; // the running graph, between start and stop
    std::atomic<int> signalling_{0};     // producers inside signal() that may call wake()
};

} // namespace wingfoil
