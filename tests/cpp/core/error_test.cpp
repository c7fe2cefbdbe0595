// Tests for the wingfoil error family: every class is a wingfoil::Error (and a std::runtime_error)
// carrying its message, and the I/O family nests as FileNotFoundError, ConnectionError < IoError,
// so a host can map each class to one Python built-in without losing its kind.

#include "wingfoil/core/error.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace {

namespace wf = wingfoil;

// True when throwing E("m") is caught by a handler for Base with the message intact.
template <class Base, class E>
bool caught_as() {
    try {
        throw E("m");
    } catch (const Base& e) {
        return std::string(e.what()) == "m";
    } catch (...) {
        return false;
    }
}

TEST(Error, EveryKindIsCaughtAsAWingfoilErrorAndAsARuntimeError) {
    EXPECT_TRUE((caught_as<std::runtime_error, wf::Error>()));
    EXPECT_TRUE((caught_as<wf::Error, wf::ValueError>()));
    EXPECT_TRUE((caught_as<wf::Error, wf::TypeError>()));
    EXPECT_TRUE((caught_as<wf::Error, wf::KeyError>()));
    EXPECT_TRUE((caught_as<wf::Error, wf::IoError>()));
    EXPECT_TRUE((caught_as<wf::Error, wf::TimeoutError>()));
    EXPECT_TRUE((caught_as<wf::Error, wf::RuntimeError>()));
    EXPECT_TRUE((caught_as<wf::Error, wf::OverflowError>()));
    EXPECT_TRUE((caught_as<std::runtime_error, wf::OverflowError>()));
}

TEST(Error, FileAndConnectionErrorsAreIoErrorsButTimeoutIsNot) {
    EXPECT_TRUE((caught_as<wf::IoError, wf::FileNotFoundError>()));
    EXPECT_TRUE((caught_as<wf::IoError, wf::ConnectionError>()));
    EXPECT_FALSE((caught_as<wf::IoError, wf::TimeoutError>()));
    EXPECT_FALSE((caught_as<wf::ConnectionError, wf::IoError>()));
}

TEST(Error, CarriesItsMessageThroughABaseClassCatch) {
    try {
        throw wf::ConnectionError("connection refused by 127.0.0.1:1");
    } catch (const wf::IoError& e) {
        EXPECT_STREQ(e.what(), "connection refused by 127.0.0.1:1");
        EXPECT_NE(dynamic_cast<const wf::ConnectionError*>(&e), nullptr);
    }
}

} // namespace
