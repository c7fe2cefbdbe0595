#pragma once
// LoggedStream<T>: passes values through and hands each one, with the elapsed run time, to a
// Python emitter that writes the log record (wingfoil._logging.emit). Python: Stream.logged().

#include "bindings/py_callable.h"
#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/stream.h"

#include <memory>

namespace wingfoil::py {

template <class T>
class LoggedStream : public Stream<T> {
public:
    LoggedStream(std::shared_ptr<Stream<T>> upstream, pyb::object label, pyb::object emit)
        : upstream_(std::move(upstream)), label_(std::move(label)), emit_(std::move(emit)) {
        this->add_upstream(upstream_);
    }

    bool cycle(Graph& graph) override {
        this->value_ = upstream_->value();
        pyb::object elapsed = to_python(std::int64_t{graph.time() - graph.start_time()});
        auto value = argument(this->value_); // an owned object, or a borrowed handle
        PyObject* args[4] = {nullptr, label_.ptr(), elapsed.ptr(), value.ptr()};
        PyObject* r = PyObject_Vectorcall(emit_.ptr(), args + 1,
                                          3 | PY_VECTORCALL_ARGUMENTS_OFFSET, nullptr);
        if (r == nullptr) {
            throw pyb::error_already_set();
        }
        Py_DECREF(r);
        return true;
    }

    std::string type_name() const override { return "LoggedStream"; }

private:
    std::shared_ptr<Stream<T>> upstream_;
    pyb::object label_;
    pyb::object emit_;
};

} // namespace wingfoil::py
