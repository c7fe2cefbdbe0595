#pragma once
// Stream<T>: a node that also holds a current value. The value is sticky: it keeps its last value
// until the node ticks again, and can be read at any time on the engine thread (or, between runs,
// by whoever owns the node).

#include "wingfoil/engine/node.h"

#include <utility>

namespace wingfoil {

template <class T>
class Stream : public Node {
public:
    using value_type = T;

    Stream() = default;
    explicit Stream(T initial) : value_(std::move(initial)) { this->mark_has_value(); }

    /// The current value. One load; no copy.
    const T& value() const noexcept { return value_; }

protected:
    T value_{};
};

/// The value type of a concrete stream class (CountStream -> std::int64_t), so operator factories
/// accept a pointer to any stream, not only to Stream<T>: map(count(t), f) deduces its input.
template <class S>
using value_type_of = typename S::value_type;

} // namespace wingfoil
