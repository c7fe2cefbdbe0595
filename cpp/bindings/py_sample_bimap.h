#pragma once
// Python-facing sample and bimap. They read upstream values that may not exist yet (a sampled
// stream that never ticked, the side of a bimap that has not ticked), which Python sees as None.
// Native value types have no None, so these nodes ask the upstream node whether it has a value
// and produce Python objects (GIL needed).

#include "bindings/py_callable.h"
#include "bindings/py_value.h"
#include "wingfoil/engine/stream.h"

#include <memory>

namespace wingfoil::py {

/// The upstream's current value as Python, or None when it has none yet.
template <class T>
pyb::object current_or_none(const Stream<T>& s) {
    if (!s.has_value()) {
        return pyb::none();
    }
    return to_python(s.value());
}

/// sample(trigger) over a stream of any kind: ticks with the sampled value (None before it has
/// one) whenever the trigger ticks; the sampled stream is a passive upstream.
template <class T>
class PySampleStream : public Stream<PyValue> {
public:
    PySampleStream(std::shared_ptr<Stream<T>> sampled, std::shared_ptr<Node> trigger)
        : sampled_(std::move(sampled)) {
        add_upstream(std::move(trigger), true);
        add_upstream(sampled_, false);
        set_needs_gil(true);
    }

    bool cycle(Graph&) override {
        value_ = PyValue(current_or_none(*sampled_));
        return true;
    }

    std::string type_name() const override { return "SampleStream"; }

private:
    std::shared_ptr<Stream<T>> sampled_;
};

/// bimap(a, b, func): func(a, b) with each side's current value (None before it has one).
template <class A, class B>
class PyBimapStream : public Stream<PyValue> {
public:
    PyBimapStream(std::shared_ptr<Stream<A>> a, std::shared_ptr<Stream<B>> b, pyb::object fn)
        : a_(std::move(a)), b_(std::move(b)), fn_(std::move(fn)) {
        add_upstream(a_);
        add_upstream(b_);
        set_needs_gil(true);
    }

    bool cycle(Graph&) override {
        pyb::object a = current_or_none(*a_);
        pyb::object b = current_or_none(*b_);
        value_ = PyValue(call(fn_, a.ptr(), b.ptr()));
        return true;
    }

    std::string type_name() const override { return "BimapStream"; }

private:
    std::shared_ptr<Stream<A>> a_;
    std::shared_ptr<Stream<B>> b_;
    pyb::object fn_;
};

} // namespace wingfoil::py
