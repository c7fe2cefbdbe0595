// Tests for ZmqStatus: its text forms are exactly the strings the Python status stream carries.

#include "wingfoil/adapters/zmq/status.h"

#include <gtest/gtest.h>

namespace {

using wingfoil::adapters::zmq::ZmqStatus;

TEST(ZmqStatus, TextFormsAreThePythonStrings) {
    EXPECT_EQ(to_string(ZmqStatus::connected), "connected");
    EXPECT_EQ(to_string(ZmqStatus::disconnected), "disconnected");
}

TEST(ZmqStatus, TextFormIsAvailableAtCompileTime) {
    static_assert(to_string(ZmqStatus::connected) == "connected");
    SUCCEED();
}

} // namespace
