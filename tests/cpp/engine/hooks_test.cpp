// Tests for EngineHooks in realtime runs: before_wait and after_wait bracket every blocking wait
// (a host releases and retakes its interpreter lock there), a historical run never waits, and an
// error thrown from after_wait (a host's Ctrl-C) ends the run through the normal failure path.

#include "wingfoil/engine/hooks.h"

#include "support/journal.h"
#include "support/probe_node.h"
#include "wingfoil/core/error.h"
#include "wingfoil/engine/graph.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace {

using wingfoil::EngineHooks;
using wingfoil::Graph;
using wingfoil::NanoTime;
using wingfoil::RunOptions;
using wingfoil::testing::Journal;
using wingfoil::testing::probe_periodic;

constexpr NanoTime kMs = 1'000'000;

class WaitHooks : public EngineHooks {
public:
    void before_wait() override { calls.push_back('b'); }
    void after_wait() override {
        calls.push_back('a');
        if (fail_after_wait) {
            throw wingfoil::RuntimeError("interrupted while waiting");
        }
    }
    std::string calls;
    bool fail_after_wait = false;
};

TEST(EngineHooks, BeforeAndAfterWaitBracketEveryRealtimeWait) {
    auto journal = std::make_shared<Journal>();
    auto tick = probe_periodic("tick", journal, 5 * kMs);
    WaitHooks hooks;
    Graph graph({tick});
    graph.run(RunOptions::live().for_cycles(3), &hooks);

    ASSERT_FALSE(hooks.calls.empty()) << "a 5 ms ticker leaves the engine time to wait";
    ASSERT_EQ(hooks.calls.size() % 2, 0u);
    for (std::size_t i = 0; i < hooks.calls.size(); i += 2) {
        EXPECT_EQ(hooks.calls.substr(i, 2), "ba") << "at call " << i;
    }
}

TEST(EngineHooks, HistoricalRunNeverWaits) {
    auto journal = std::make_shared<Journal>();
    auto tick = probe_periodic("tick", journal, 5 * kMs);
    WaitHooks hooks;
    Graph graph({tick});
    graph.run(RunOptions::historical().for_cycles(100), &hooks);

    EXPECT_TRUE(hooks.calls.empty());
}

TEST(EngineHooks, ErrorFromAfterWaitEndsTheRunAndCleansUp) {
    auto journal = std::make_shared<Journal>();
    auto tick = probe_periodic("tick", journal, 50 * kMs);
    WaitHooks hooks;
    hooks.fail_after_wait = true;
    Graph graph({tick});
    try {
        graph.run(RunOptions::live(), &hooks);
        ADD_FAILURE() << "the run ignored the error from after_wait";
    } catch (const wingfoil::RuntimeError& e) {
        EXPECT_STREQ(e.what(), "interrupted while waiting");
    }
    EXPECT_EQ(journal->entries().back(), "tick.teardown");
    EXPECT_EQ(journal->matching(".stop"), (std::vector<std::string>{"tick.stop"}));
}

} // namespace
