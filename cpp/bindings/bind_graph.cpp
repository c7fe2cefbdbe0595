// run(): the one entry point from Python into the engine. Argument parsing and validation happen
// in python/wingfoil/_run_args.py; this receives plain nanoseconds and counts.

#include "bindings/bind.h"
#include "bindings/errors.h"
#include "bindings/gil.h"
#include "bindings/stream_handle.h"
#include "wingfoil/engine/graph.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>

namespace wingfoil::py {

namespace {

void run_graph(pyb::list roots, bool realtime, std::int64_t start_ns,
               std::optional<std::int64_t> duration_ns, std::optional<std::uint64_t> cycles,
               bool busy_poll) {
    std::vector<std::shared_ptr<Node>> nodes;
    for (pyb::handle item : roots) {
        if (pyb::isinstance<StreamHandle>(item)) {
            nodes.push_back(item.cast<const StreamHandle&>().node);
        } else if (pyb::isinstance<NodeHandle>(item)) {
            nodes.push_back(item.cast<const NodeHandle&>().node);
        } else {
            throw pyb::type_error("Graph components must be Stream or Node");
        }
    }
    RunOptions options = realtime ? RunOptions::live() : RunOptions::historical(start_ns);
    options.duration = duration_ns;
    options.cycles = cycles;
    options.wait = busy_poll ? WaitStrategy::busy_poll : WaitStrategy::sleep;

    Graph graph(std::move(nodes));
    GilHooks hooks;
    try {
        graph.run(options, &hooks);
    } catch (...) {
        raise_run_error(std::current_exception(), graph);
    }
}

} // namespace

void bind_graph(pyb::module_& m) {
    m.def("_run_graph", &run_graph, pyb::arg("roots"), pyb::arg("realtime"),
          pyb::arg("start_ns"), pyb::arg("duration_ns"), pyb::arg("cycles"),
          pyb::arg("busy_poll") = false);
}

} // namespace wingfoil::py
