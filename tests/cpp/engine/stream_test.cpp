// Tests for Stream<T> outside a run: a stream built with an initial value holds it and has a
// value without having ticked; a default stream has neither.

#include "wingfoil/engine/stream.h"

#include "wingfoil/engine/graph.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace {

using wingfoil::Graph;
using wingfoil::Stream;

class Fixed : public Stream<std::string> {
public:
    Fixed() = default;
    explicit Fixed(std::string v) : Stream<std::string>(std::move(v)) {}
    bool cycle(Graph&) override { return true; }
    std::string type_name() const override { return "Fixed"; }
};

TEST(Stream, InitialValueIsHeldAndCountsAsAValue) {
    Fixed s("ready");
    EXPECT_EQ(s.value(), "ready");
    EXPECT_TRUE(s.has_value());
    EXPECT_EQ(s.tick_count(), 0u);
}

TEST(Stream, DefaultStreamHasNoValueYet) {
    Fixed s;
    EXPECT_EQ(s.value(), "");
    EXPECT_FALSE(s.has_value());
}

} // namespace
