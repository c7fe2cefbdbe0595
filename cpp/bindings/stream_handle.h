#pragma once
// What the Python classes Stream and Node hold: a shared node and, for streams, the C++ type of
// its value. Python sees one Stream class whatever the value type; operators dispatch on `kind`
// so native operators on native values never create Python objects.

#include "bindings/py_value.h"
#include "wingfoil/engine/stream.h"

#include <cstdint>
#include <memory>
#include <utility>

namespace wingfoil::py {

/// The value types a Python-visible stream can have.
enum class Kind {
    int64,  ///< std::int64_t (count)
    float64, ///< double (sum, average)
    object, ///< PyValue (anything else)
};

template <class T>
constexpr Kind kind_of();
template <>
constexpr Kind kind_of<std::int64_t>() { return Kind::int64; }
template <>
constexpr Kind kind_of<double>() { return Kind::float64; }
template <>
constexpr Kind kind_of<PyValue>() { return Kind::object; }

/// The C++ object behind a Python Node.
struct NodeHandle {
    std::shared_ptr<Node> node;
};

/// The C++ object behind a Python Stream.
struct StreamHandle {
    std::shared_ptr<Node> node;
    Kind kind = Kind::object;

    template <class T>
    std::shared_ptr<Stream<T>> as() const {
        return std::static_pointer_cast<Stream<T>>(node);
    }
};

/// Wraps a new stream node; `needs_gil` marks nodes that may touch Python objects.
template <class S>
StreamHandle make_handle(std::shared_ptr<S> node, bool needs_gil) {
    node->set_needs_gil(needs_gil);
    return StreamHandle{std::move(node), kind_of<typename S::value_type>()};
}

/// Calls fn(std::shared_ptr<Stream<T>>) with T the stream's value type.
template <class F>
decltype(auto) visit(const StreamHandle& h, F&& fn) {
    switch (h.kind) {
    case Kind::int64:
        return fn(h.as<std::int64_t>());
    case Kind::float64:
        return fn(h.as<double>());
    case Kind::object:
        break;
    }
    return fn(h.as<PyValue>());
}

/// True when T is PyValue: operators that copy such values need the GIL.
template <class T>
constexpr bool is_object = std::is_same_v<T, PyValue>;

} // namespace wingfoil::py
