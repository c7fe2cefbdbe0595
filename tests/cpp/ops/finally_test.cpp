// Tests for FinallyNode (Python: Stream.finally(func)): fires once, in the stop phase, with the
// upstream's last value (nullptr when it never ticked); also after a failed run; never again in
// later runs; several finally nodes fire in index order.

#include "wingfoil/ops/finally.h"

#include "support/recorder.h"
#include "support/script_source.h"
#include "wingfoil/ops/bimap.h"
#include "wingfoil/ops/count.h"
#include "wingfoil/ops/filter.h"
#include "wingfoil/ops/map.h"
#include "wingfoil/ops/ticker.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

namespace wf = wingfoil;
using wf::Graph;
using wf::RunOptions;
using wf::testing::script;
using Calls = std::vector<std::optional<std::int64_t>>;

// A finally callback that records what it was given (nullopt for a null pointer).
auto recording_into(Calls& calls) {
    return [&calls](const std::int64_t* last) {
        calls.push_back(last ? std::optional<std::int64_t>(*last) : std::nullopt);
    };
}

TEST(FinallyNode, FiresOnceAtStopWithTheLastValue) {
    auto counter = wf::count(wf::ticker(10));
    Calls calls;
    std::int64_t count_at_call = -1;
    auto fin = wf::finally(counter, [&](const std::int64_t* last) {
        recording_into(calls)(last);
        count_at_call = counter->value();
    });
    Graph graph({fin});
    graph.run(RunOptions::historical().for_cycles(4));

    EXPECT_EQ(calls, (Calls{4}));
    EXPECT_EQ(count_at_call, 4) << "it fires after the last cycle, not during the run";
}

TEST(FinallyNode, PassesNullWhenTheUpstreamNeverTicked) {
    auto never = wf::filter(wf::count(wf::ticker(10)),
                                          [](std::int64_t) { return false; });
    Calls calls;
    auto fin = wf::finally(never, recording_into(calls));
    wf::testing::run_once({fin}, RunOptions::historical().for_cycles(3));

    EXPECT_EQ(calls, (Calls{std::nullopt}));
}

TEST(FinallyNode, FiresAfterAFailedRunWithTheLastValueBeforeTheFailure) {
    auto counter = wf::count(wf::ticker(10));
    Calls calls;
    auto fin = wf::finally(counter, recording_into(calls));
    auto failing = wf::map(counter, [](std::int64_t x) {
        if (x == 3) {
            throw std::runtime_error("third tick");
        }
        return x;
    });
    Graph graph({fin, failing});
    EXPECT_THROW(graph.run(RunOptions::historical()), std::runtime_error);

    EXPECT_EQ(calls, (Calls{3}));
}

TEST(FinallyNode, NeverFiresAgainInLaterRuns) {
    auto counter = wf::count(wf::ticker(10));
    Calls calls;
    auto fin = wf::finally(counter, recording_into(calls));
    Graph graph({fin});
    graph.run(RunOptions::historical().for_cycles(2));
    graph.run(RunOptions::historical().for_cycles(2));

    EXPECT_EQ(calls, (Calls{2}));
}

// a = ticker(0.1).count(); f1 = a.finally(...); f2 = a.finally(...);
// bimap(f2.count(), f1.count(), ...): discovery registers f2 before f1, so f2 fires first.
TEST(FinallyNode, SeveralFinallyNodesFireInIndexOrder) {
    auto a = wf::count(wf::ticker(100));
    std::vector<std::string> fired;
    auto f1 = wf::finally(a, [&fired](const std::int64_t* v) {
        fired.push_back("f1 " + std::to_string(*v));
    });
    auto f2 = wf::finally(a, [&fired](const std::int64_t* v) {
        fired.push_back("f2 " + std::to_string(*v));
    });
    auto both = wf::bimap(
        wf::count(f2), wf::count(f1), [](std::int64_t p, std::int64_t q) { return p + q; });
    wf::testing::run_once({both}, RunOptions::historical().for_cycles(2));

    EXPECT_EQ(fired, (std::vector<std::string>{"f2 2", "f1 2"}));
}

TEST(FinallyNode, FiresWithNullWhenTheRunFailsBeforeAnyCycle) {
    struct FailingStart : wf::Node {
        void start(Graph&) override { throw std::runtime_error("cannot start"); }
        bool cycle(Graph&) override { return false; }
        std::string type_name() const override { return "FailingStart"; }
    };
    auto src = script<std::int64_t>({{0, 1}});
    Calls calls;
    auto fin = wf::finally(src, recording_into(calls));
    Graph graph({fin, std::make_shared<FailingStart>()});
    EXPECT_THROW(graph.run(RunOptions::historical()), std::runtime_error);

    EXPECT_EQ(calls, (Calls{std::nullopt}));
}

} // namespace
