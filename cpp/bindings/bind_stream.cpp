// The Python classes Stream and Node, and the core operators on them. Each operator dispatches on
// the upstream's value kind, so a chain of native operators over native values stays native.

#include "bindings/bind.h"
#include "bindings/logged_stream.h"
#include "bindings/py_callable.h"
#include "bindings/py_sample_bimap.h"
#include "bindings/py_wrapper_stream.h"
#include "bindings/stream_handle.h"
#include "wingfoil/ops/operators.h"

#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>

namespace wingfoil::py {

namespace {

/// An unsigned count argument (limit, buffer, cycles): int only, 0..max.
std::uint64_t to_count(pyb::handle obj, std::uint64_t max) {
    if (!PyLong_Check(obj.ptr())) {
        throw pyb::type_error("'" + std::string(Py_TYPE(obj.ptr())->tp_name) +
                              "' object cannot be interpreted as an integer");
    }
    unsigned long long n = PyLong_AsUnsignedLongLong(obj.ptr());
    if (PyErr_Occurred() || n > max) {
        PyErr_Clear();
        PyErr_SetString(PyExc_OverflowError, "out of range integral type conversion attempted");
        throw pyb::error_already_set();
    }
    return n;
}

const StreamHandle& require_stream(pyb::handle obj, const char* what) {
    if (!pyb::isinstance<StreamHandle>(obj)) {
        throw pyb::type_error(std::string(what) + " must be a Stream, got " +
                              Py_TYPE(obj.ptr())->tp_name);
    }
    return obj.cast<const StreamHandle&>();
}

std::shared_ptr<Node> require_node(pyb::handle obj, const char* what) {
    if (pyb::isinstance<StreamHandle>(obj)) {
        return obj.cast<const StreamHandle&>().node;
    }
    if (pyb::isinstance<NodeHandle>(obj)) {
        return obj.cast<const NodeHandle&>().node;
    }
    throw pyb::type_error(std::string(what) + " must be a Stream or Node, got " +
                          Py_TYPE(obj.ptr())->tp_name);
}

/// Stream.peek_value(): the current value as a Python object.
pyb::object peek_value(const StreamHandle& self) {
    if (auto wrapper = std::dynamic_pointer_cast<PyWrapperStream>(self.node)) {
        return wrapper->peek();
    }
    return visit(self, [](auto s) { return current_or_none(*s); });
}

/// Operators whose output has the input's value type.
template <template <class> class Op, class... Args>
StreamHandle same_kind(const StreamHandle& self, Args&&... args) {
    return visit(self, [&](auto up) {
        using T = typename decltype(up)::element_type::value_type;
        return make_handle(std::make_shared<Op<T>>(up, std::forward<Args>(args)...),
                           is_object<T>);
    });
}

template <class T>
using CollectToPy = CollectStream<T, PyValue>;
template <class T>
using DataframeToPy = DataframeStream<T, PyValue>;
template <class T>
using WithTimeToPy = WithTimeStream<T, PyValue>;
template <class T>
using BufferToPy = BufferStream<T, PyValue>;

/// Operators that call a Python callable with the value.
template <template <class, class> class Op, class Fn>
auto with_callable(const StreamHandle& self, Fn fn) {
    return visit(self, [&](auto up) {
        using T = typename decltype(up)::element_type::value_type;
        std::shared_ptr<Node> node = std::make_shared<Op<T, Fn>>(up, fn);
        node->set_needs_gil(true);
        return node;
    });
}

void bind_node_class(pyb::module_& m) {
    pyb::class_<NodeHandle>(m, "Node", "A graph node without a value (ticker, for_each, finally).")
        .def("count", [](const NodeHandle& self) {
            return make_handle(std::make_shared<CountStream>(self.node), false);
        }, "A stream of how many times this node has ticked: 1, 2, 3, ...");
}

void bind_stream_class(pyb::module_& m) {
    pyb::class_<StreamHandle> cls(m, "Stream", pyb::dynamic_attr(),
                                  "A node with a current value. Stream(obj) wraps a Python "
                                  "object with upstreams(), cycle() and peek().");
    cls.def(pyb::init([](pyb::object inner) {
        return StreamHandle{std::make_shared<PyWrapperStream>(std::move(inner)), Kind::object};
    }), pyb::arg("inner"));
    cls.def("peek_value", &peek_value, "The current value (None before the first tick).");
    cls.def("count", [](const StreamHandle& self) {
        return make_handle(std::make_shared<CountStream>(self.node), false);
    });
    cls.def("map", [](const StreamHandle& self, pyb::object fn) {
        return visit(self, [&](auto up) {
            return make_handle(wingfoil::map(up, PyMap{fn}), true);
        });
    }, pyb::arg("func"));
    cls.def("filter", [](const StreamHandle& self, pyb::object fn) {
        return visit(self, [&](auto up) {
            return make_handle(wingfoil::filter(up, PyPredicate{fn, "filter predicate"}), true);
        });
    }, pyb::arg("keep_func"));
    cls.def("distinct", [](const StreamHandle& self) { return same_kind<DistinctStream>(self); });
    cls.def("difference",
            [](const StreamHandle& self) { return same_kind<DifferenceStream>(self); });
    cls.def("not", [](const StreamHandle& self) { return same_kind<NegateStream>(self); });
    cls.def("limit", [](const StreamHandle& self, pyb::handle n) {
        return same_kind<LimitStream>(self, to_count(n, UINT32_MAX));
    }, pyb::arg("limit"));
    cls.def("buffer", [](const StreamHandle& self, pyb::handle n) {
        std::uint64_t capacity = to_count(n, UINT64_MAX);
        return visit(self, [&](auto up) {
            using T = typename decltype(up)::element_type::value_type;
            return make_handle(std::make_shared<BufferToPy<T>>(up, capacity), is_object<T>);
        });
    }, pyb::arg("capacity"));
    cls.def("_delay", [](const StreamHandle& self, std::int64_t ns) {
        return same_kind<DelayStream>(self, NanoTime{ns});
    });
    cls.def("sample", [](const StreamHandle& self, pyb::handle trigger) {
        auto node = require_node(trigger, "sample trigger");
        return visit(self, [&](auto up) {
            using T = typename decltype(up)::element_type::value_type;
            return make_handle(std::make_shared<PySampleStream<T>>(up, node), true);
        });
    }, pyb::arg("trigger"));
    cls.def("collect", [](const StreamHandle& self) {
        return visit(self, [&](auto up) {
            using T = typename decltype(up)::element_type::value_type;
            return make_handle(std::make_shared<CollectToPy<T>>(up), is_object<T>);
        });
    });
    cls.def("dataframe", [](const StreamHandle& self) {
        return visit(self, [&](auto up) {
            using T = typename decltype(up)::element_type::value_type;
            return make_handle(std::make_shared<DataframeToPy<T>>(up), is_object<T>);
        });
    });
    cls.def("with_time", [](const StreamHandle& self) {
        return visit(self, [&](auto up) {
            using T = typename decltype(up)::element_type::value_type;
            return make_handle(std::make_shared<WithTimeToPy<T>>(up), is_object<T>);
        });
    });
    cls.def("sum", [](const StreamHandle& self) {
        return visit(self, [&](auto up) {
            using T = typename decltype(up)::element_type::value_type;
            return make_handle(wingfoil::sum(up), is_object<T>);
        });
    });
    cls.def("average", [](const StreamHandle& self) {
        return visit(self, [&](auto up) {
            using T = typename decltype(up)::element_type::value_type;
            return make_handle(wingfoil::average(up), is_object<T>);
        });
    });
    cls.def("inspect", [](const StreamHandle& self, pyb::object fn) {
        return visit(self, [&](auto up) {
            return make_handle(wingfoil::inspect(up, PyInspect{fn}), true);
        });
    }, pyb::arg("func"));
    cls.def("for_each", [](const StreamHandle& self, pyb::object fn) {
        return NodeHandle{with_callable<ForEachNode>(self, PyForEach{fn})};
    }, pyb::arg("func"));
    cls.def("finally", [](const StreamHandle& self, pyb::object fn) {
        return NodeHandle{with_callable<FinallyNode>(self, PyFinally{fn})};
    }, pyb::arg("func"));
    cls.def("_logged", [](const StreamHandle& self, pyb::object label, pyb::object emit) {
        return visit(self, [&](auto up) {
            using T = typename decltype(up)::element_type::value_type;
            return make_handle(std::make_shared<LoggedStream<T>>(up, label, emit), true);
        });
    });
    cls.def("_same_node", [](const StreamHandle& self, pyb::handle other) {
        return require_node(other, "other").get() == self.node.get();
    });
}

} // namespace

void bind_streams(pyb::module_& m) {
    bind_node_class(m);
    bind_stream_class(m);

    m.def("constant", [](pyb::object value) {
        return make_handle(wingfoil::constant(PyValue(std::move(value))), false);
    }, pyb::arg("val"), "A stream holding `val` that ticks once per run, at the start time.");
    m.def("bimap", [](pyb::handle a, pyb::handle b, pyb::object fn) {
        const StreamHandle& left = require_stream(a, "bimap argument a");
        const StreamHandle& right = require_stream(b, "bimap argument b");
        return visit(left, [&](auto l) {
            return visit(right, [&](auto r) {
                using A = typename decltype(l)::element_type::value_type;
                using B = typename decltype(r)::element_type::value_type;
                return make_handle(std::make_shared<PyBimapStream<A, B>>(l, r, fn), true);
            });
        });
    }, pyb::arg("a"), pyb::arg("b"), pyb::arg("func"));
    m.def("_ticker", [](std::int64_t period_ns) {
        return NodeHandle{wingfoil::ticker(period_ns)};
    });
}

} // namespace wingfoil::py
