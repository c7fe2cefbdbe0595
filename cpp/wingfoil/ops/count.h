#pragma once
// CountStream: the number of times its upstream has ticked in the node's lifetime: 1, 2, 3...
// Python: Node.count() and Stream.count(). Never reads the upstream's value.

#include "wingfoil/engine/stream.h"

#include <cstdint>
#include <memory>

namespace wingfoil {

class CountStream : public Stream<std::int64_t> {
public:
    explicit CountStream(std::shared_ptr<Node> upstream) { add_upstream(std::move(upstream)); }

    bool cycle(Graph&) override {
        ++value_;
        return true;
    }

    std::string type_name() const override { return "CountStream"; }
};

inline std::shared_ptr<CountStream> count(std::shared_ptr<Node> upstream) {
    return std::make_shared<CountStream>(std::move(upstream));
}

} // namespace wingfoil
