#include "wingfoil/engine/graph.h"

#include "wingfoil/core/error.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <cstdio>
#include <utility>

namespace wingfoil {

namespace {

// Every run gets a serial so discovery can tell "registered in this run" from stale marks.
std::atomic<std::uint64_t> g_run_serial{0};

// How often a busy loop lets the host check for Ctrl-C.
constexpr std::uint64_t kPollEveryCycles = 4096;

// The longest a realtime wait sleeps before the host gets to check signals.
constexpr auto kMaxWaitSlice = std::chrono::milliseconds(50);

} // namespace

std::string FailureContext::describe() const {
    std::string text = "raised in node [" + std::to_string(index) + "] " + node_type;
    if (phase == "cycle") {
        text += " during cycle " + std::to_string(cycle + 1) + " at t=" + format_iso(time);
    } else {
        text += " during " + phase;
    }
    if (!neighbours.empty()) {
        text += " (upstreams: " + neighbours + ")";
    }
    return text;
}

Graph::Graph(std::vector<std::shared_ptr<Node>> roots) : roots_(std::move(roots)) {}

Graph::~Graph() = default;

void Graph::wire() {
    release_wiring();
    std::uint64_t serial = ++g_run_serial;

    // Post-order discovery: active upstreams, then passive ones, then the node itself. Iterative,
    // so a chain of many thousand nodes cannot overflow the stack.
    struct Frame {
        Node* node;
        std::vector<Edge> edges;
        std::size_t next = 0;
        bool passive_pass = false;
    };
    std::vector<Frame> stack;
    auto visit = [&](const std::shared_ptr<Node>& root) {
        if (root->wired_run_ == serial) {
            return;
        }
        root->wired_run_ = serial;
        root->on_wiring_stack_ = true;
        stack.push_back(Frame{root.get(), root->wire_upstreams()});
        while (!stack.empty()) {
            Frame& top = stack.back();
            bool descended = false;
            while (!descended) {
                if (top.next == top.edges.size()) {
                    if (top.passive_pass) {
                        break;
                    }
                    top.passive_pass = true;
                    top.next = 0;
                    continue;
                }
                const Edge& edge = top.edges[top.next++];
                if (edge.active == top.passive_pass) {
                    continue;
                }
                if (edge.node->wired_run_ == serial) {
                    if (edge.node->on_wiring_stack_) {
                        throw ValueError("the graph has a cycle: " + edge.node->type_name() +
                                         " is reached again from its own downstream " +
                                         top.node->type_name() +
                                         " (user-defined upstreams() must not loop)");
                    }
                    continue;
                }
                edge.node->wired_run_ = serial;
                edge.node->on_wiring_stack_ = true;
                Frame child{edge.node.get(), edge.node->wire_upstreams()};
                stack.push_back(std::move(child));
                descended = true;
            }
            if (descended) {
                continue;
            }
            Frame done = std::move(stack.back());
            stack.pop_back();
            done.node->on_wiring_stack_ = false;
            done.node->index_ = static_cast<std::uint32_t>(by_index_.size());
            done.node->ticked_in_cycle_ = 0;
            edges_.push_back(std::move(done.edges));
            by_index_.push_back(nullptr); // filled below with an owning pointer
            schedule_.push_back(Slot{done.node, 0, 0, 0, 0});
        }
    };
    try {
        for (const auto& root : roots_) {
            visit(root);
        }
    } catch (...) {
        for (Frame& frame : stack) {
            frame.node->on_wiring_stack_ = false;
        }
        schedule_.clear();
        by_index_.clear();
        edges_.clear();
        throw;
    }

    // Owning pointers: each node is owned by a downstream's edge or by a root.
    for (std::size_t i = 0; i < edges_.size(); ++i) {
        for (const Edge& edge : edges_[i]) {
            by_index_[edge.node->index_] = edge.node;
        }
    }
    for (const auto& root : roots_) {
        by_index_[root->index_] = root;
    }
    claim_nodes();

    // Layers, then the (layer, index) schedule.
    std::size_t count = by_index_.size();
    std::vector<std::uint32_t> layer(count, 0);
    for (std::size_t i = 0; i < count; ++i) {
        for (const Edge& edge : edges_[i]) {
            layer[i] = std::max(layer[i], layer[edge.node->index_] + 1);
        }
    }
    std::vector<std::uint32_t> order(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return layer[a] < layer[b]; });
    for (std::uint32_t pos = 0; pos < count; ++pos) {
        schedule_[pos].node = by_index_[order[pos]].get();
        schedule_[pos].node->position_ = pos;
    }

    // Active downstreams per position, ascending and without duplicates (bimap(a, a)), stored
    // as the dirty-set words and bit masks they mark: one OR per word touched.
    std::vector<std::vector<std::uint32_t>> downs(count);
    for (std::size_t i = 0; i < count; ++i) {
        for (const Edge& edge : edges_[i]) {
            if (edge.active) {
                downs[edge.node->position_].push_back(by_index_[i]->position_);
            }
        }
    }
    for (std::size_t pos = 0; pos < count; ++pos) {
        auto& d = downs[pos];
        std::sort(d.begin(), d.end());
        // Group by dirty-set word: the first group lives in the slot, the rest in extra_marks_.
        // A node without downstreams marks nothing in its own word.
        std::vector<Mark> groups;
        for (std::uint32_t down : d) {
            std::uint32_t down_word = down >> 6;
            if (groups.empty() || groups.back().word != down_word) {
                groups.push_back(Mark{down_word, 0});
            }
            groups.back().mask |= std::uint64_t{1} << (down & 63);
        }
        Slot& slot = schedule_[pos];
        slot.mark_word = groups.empty() ? static_cast<std::uint32_t>(pos >> 6) : groups[0].word;
        slot.mark_mask = groups.empty() ? 0 : groups[0].mask;
        slot.extra_begin = static_cast<std::uint32_t>(extra_marks_.size());
        for (std::size_t g = 1; g < groups.size(); ++g) {
            extra_marks_.push_back(groups[g]);
        }
        slot.extra_end = static_cast<std::uint32_t>(extra_marks_.size());
    }
    dirty_.resize(static_cast<std::uint32_t>(count));
}

void Graph::claim_nodes() {
    for (std::size_t i = 0; i < by_index_.size(); ++i) {
        const Graph* expected = nullptr;
        if (!by_index_[i]->running_in_.compare_exchange_strong(expected, this)) {
            std::string type = by_index_[i]->type_name();
            by_index_.resize(i); // release only what this graph claimed
            release_wiring();
            throw RuntimeError("node " + type + " is already part of a graph that is running "
                               "(in another thread, or a run started from inside a run); a "
                               "node can run in one graph at a time");
        }
    }
}

void Graph::release_wiring() {
    for (const auto& node : by_index_) {
        const Graph* expected = this;
        node->running_in_.compare_exchange_strong(expected, nullptr);
    }
    by_index_.clear();
    schedule_.clear();
    extra_marks_.clear();
    edges_.clear();
    queue_.clear();
    std::uint32_t stale;
    while (ready_.try_pop(stale)) {
    }
}

void Graph::run(const RunOptions& options, EngineHooks* hooks) {
    options_ = options;
    hooks_ = hooks;
    failure_ = FailureContext{};
    cleanup_errors_.clear();
    stop_requested_ = false;
    cycles_done_ = 0;
    cycle_serial_ = 0;
    current_ = nullptr;
    wire();

    if (options_.realtime) {
        clock_.anchor();
        start_time_ = clock_.now();
    } else {
        start_time_ = options_.start;
    }
    time_ = start_time_;
    end_time_ = options_.duration ? saturating_add(start_time_, *options_.duration) : kNeverTime;
    cycle_limit_ = options_.cycles.value_or(UINT64_MAX);

    std::exception_ptr error;
    std::size_t set_up = 0;
    bool needs_gil = std::any_of(by_index_.begin(), by_index_.end(),
                                 [](const auto& node) { return node->needs_gil(); });
    if (hooks_ != nullptr) {
        hooks_->begin_run(needs_gil);
    }
    try {
        for (; set_up < by_index_.size(); ++set_up) {
            current_ = by_index_[set_up].get();
            current_->setup(*this);
        }
        lifecycle(&Node::start, "start", by_index_.size());
        if (options_.realtime) {
            run_realtime();
        } else {
            run_historical();
        }
    } catch (...) {
        error = std::current_exception();
        if (current_ != nullptr) {
            const char* phase = set_up < by_index_.size() ? "setup" : "cycle";
            if (failure_.phase.empty()) {
                record_failure(phase, *current_);
            }
        }
        dirty_.clear();
    }
    cleanup(&Node::stop, "stop", set_up, error);
    cleanup(&Node::teardown, "teardown", set_up, error);
    if (hooks_ != nullptr) {
        hooks_->end_run();
    }
    release_wiring();
    if (error) {
        std::rethrow_exception(error);
    }
}

void Graph::lifecycle(void (Node::*step)(Graph&), const char* phase, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
        current_ = by_index_[i].get();
        try {
            (current_->*step)(*this);
        } catch (...) {
            record_failure(phase, *current_);
            throw;
        }
    }
    current_ = nullptr;
}

void Graph::cleanup(void (Node::*step)(Graph&), const char* phase, std::size_t count,
                    std::exception_ptr& error) {
    for (std::size_t i = 0; i < count; ++i) {
        try {
            (by_index_[i].get()->*step)(*this);
        } catch (...) {
            if (!error) {
                error = std::current_exception();
                record_failure(phase, *by_index_[i]);
            } else {
                cleanup_errors_.push_back(std::current_exception());
            }
        }
    }
}

void Graph::record_failure(const char* phase, const Node& node) {
    failure_.phase = phase;
    failure_.index = node.index_;
    failure_.node_type = node.type_name();
    failure_.cycle = cycles_done_;
    failure_.time = time_;
    failure_.neighbours.clear();
    if (node.index_ < edges_.size()) {
        for (const Edge& edge : edges_[node.index_]) {
            if (!failure_.neighbours.empty()) {
                failure_.neighbours += ", ";
            }
            failure_.neighbours +=
                "[" + std::to_string(edge.node->index_) + "] " + edge.node->type_name();
        }
    }
}

bool Graph::is_last_cycle() const noexcept {
    if (cycles_done_ + 1 >= cycle_limit_) {
        return true;
    }
    if (options_.realtime || end_time_ == kNeverTime) {
        return false;
    }
    // Limitation: a callback queued later in this cycle by a node in a higher layer than the
    // caller is not seen, so such a callback due before the end does not clear the flag.
    return time_ == end_time_ || (!queue_.empty() && queue_.earliest() > end_time_);
}

void Graph::poll_hooks() {
    if (hooks_ != nullptr && (cycles_done_ % kPollEveryCycles) == 0) {
        hooks_->poll();
    }
}

void Graph::run_historical() {
    bool first = true;
    while (cycles_done_ < cycle_limit_ && !stop_requested_ && !queue_.empty()) {
        NanoTime next = queue_.earliest();
        if (!first && time_ == kNeverTime) {
            break; // the end of representable time; nothing can come after it
        }
        if (!first) {
            next = std::max(next, time_ + 1);
        }
        if (next > end_time_) {
            break;
        }
        first = false;
        time_ = next;
        queue_.pop_due(time_, [this](std::uint32_t pos) { dirty_.mark(pos); });
        run_cycle();
        poll_hooks();
    }
}

bool Graph::drain_ready() {
    bool any = false;
    std::uint32_t pos;
    while (ready_.try_pop(pos)) {
        dirty_.mark(pos);
        any = true;
    }
    return any;
}

void Graph::run_realtime() {
    NanoTime previous = start_time_ - 1;
    while (cycles_done_ < cycle_limit_ && !stop_requested_) {
        std::uint32_t seen = notifier_.epoch();
        bool ingress = drain_ready();
        NanoTime now = clock_.now();
        if (now > end_time_) {
            break;
        }
        if (!ingress && queue_.earliest() > now) {
            // Nothing to do: sleep until the next callback, the end, or a wake-up, in slices so
            // the host can notice Ctrl-C.
            NanoTime until = std::min(queue_.earliest(), end_time_);
            auto deadline = std::min(clock_.steady_at(std::min(until, now + kNanosPerSecond)),
                                     WallClock::Steady::now() + kMaxWaitSlice);
            if (hooks_ != nullptr) {
                hooks_->before_wait();
            }
            if (options_.wait == WaitStrategy::busy_poll) {
                notifier_.spin_until(seen, deadline);
            } else {
                notifier_.wait_until(seen, deadline);
            }
            if (hooks_ != nullptr) {
                hooks_->after_wait();
            }
            continue;
        }
        time_ = std::max(now, previous + 1);
        previous = time_;
        queue_.pop_due(time_, [this](std::uint32_t pos) { dirty_.mark(pos); });
        run_cycle();
        poll_hooks();
    }
}

void Graph::run_cycle() {
    const std::uint64_t serial = ++cycle_serial_;
    if (!dirty_.any()) {
        ++cycles_done_;
        return;
    }
    const Slot* slots = schedule_.data();
    std::uint64_t* words = dirty_.words();
    std::uint32_t high = dirty_.high();
    const Slot* slot = slots;
    try {
        // Positions ascend in (layer, index) order and a node only marks positions after its
        // own, so one forward scan runs every dirty node once, upstreams first. Marks that land
        // in the word being scanned go straight into `bits`.
        for (std::uint32_t word = dirty_.low(); word <= high; ++word) {
            std::uint64_t bits = words[word];
            if (bits == 0) {
                continue;
            }
            words[word] = 0;
            std::uint32_t bit = static_cast<std::uint32_t>(std::countr_zero(bits));
            slot = slots + ((static_cast<std::size_t>(word) << 6) | bit);
            for (;;) {
                Node* node = slot->node;
                if (node->cycle(*this)) {
                    node->ticked_in_cycle_ = serial;
                    ++node->tick_count_;
                    node->has_value_ = true;
                    if (slot->mark_word == word) {
                        bits |= slot->mark_mask;
                    } else {
                        words[slot->mark_word] |= slot->mark_mask;
                        high = std::max(high, slot->mark_word);
                    }
                    if (slot->extra_begin != slot->extra_end) [[unlikely]] {
                        // Further groups lie in later words than the first one, never in this.
                        high = std::max(high, mark_extra(*slot));
                    }
                }
                // The current position is the lowest mark left: clear it, then step to the next
                // one bit at a time. The next node's address comes from a counter and a
                // predicted branch rather than from the marks just made, so the CPU can start
                // on it before this node's marks are known.
                bits &= bits - 1;
                if (bits == 0) {
                    break;
                }
                do {
                    ++bit;
                    ++slot;
                } while (((bits >> bit) & 1) == 0);
            }
        }
    } catch (...) {
        current_ = slot->node; // the failing node, for the failure context
        throw;
    }
    dirty_.reset_bounds();
    ++cycles_done_;
}

std::uint32_t Graph::mark_extra(const Slot& slot) {
    std::uint64_t* words = dirty_.words();
    std::uint32_t highest = 0;
    for (std::uint32_t i = slot.extra_begin; i < slot.extra_end; ++i) {
        const Mark& mark = extra_marks_[i];
        words[mark.word] |= mark.mask;
        highest = std::max(highest, mark.word);
    }
    return highest;
}

void Graph::wake(const Node& node) {
    ready_.push(node.position_);
    notifier_.notify();
}

} // namespace wingfoil
