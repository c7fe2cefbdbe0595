// Tests for SampleStream (Python: Stream.sample(trigger)): ticks with the sampled stream's current
// value whenever the trigger ticks; the sampled stream's own ticks trigger nothing; in a cycle
// where both tick, the new sampled value is read.

#include "wingfoil/ops/sample.h"

#include "support/recorder.h"
#include "support/script_source.h"
#include "wingfoil/ops/count.h"
#include "wingfoil/ops/filter.h"
#include "wingfoil/ops/ticker.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

namespace wf = wingfoil;
using wf::NanoTime;
using wf::RunOptions;
using wf::testing::record;
using wf::testing::script;
using Ints = std::vector<std::int64_t>;
using Times = std::vector<NanoTime>;

TEST(SampleStream, TicksOnlyWhenTheTriggerTicks) {
    auto sampled = script<std::int64_t>({{0, 1}, {10, 2}, {20, 3}});
    auto trigger = script<int>({{15, 0}, {30, 0}});
    auto out = record<std::int64_t>(wf::sample(sampled, trigger));
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (Ints{2, 3}));
    EXPECT_EQ(out->offsets(), (Times{15, 30}));
}

TEST(SampleStream, ReadsTheNewSampledValueWhenBothTickTogether) {
    auto sampled = script<std::int64_t>({{0, 1}, {10, 2}});
    auto trigger = script<int>({{10, 0}});
    auto out = record<std::int64_t>(wf::sample(sampled, trigger));
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (Ints{2}));
}

// ticker(0.1).count().filter(x > 2).sample(ticker(0.1)) over three cycles: the sampled side has
// no value in the first two, so the default value is emitted.
TEST(SampleStream, EmitsTheDefaultValueWhileTheSampledStreamHasNone) {
    auto filtered = wf::filter(wf::count(wf::ticker(100)),
                                             [](std::int64_t x) { return x > 2; });
    auto out = record<std::int64_t>(wf::sample(filtered, wf::ticker(100)));
    wf::testing::run_once({out}, RunOptions::historical().for_cycles(3));

    EXPECT_EQ(out->values(), (Ints{0, 0, 3}));
}

TEST(SampleStream, TriggerMayBeANodeWithoutAValue) {
    auto sampled = script<std::int64_t>({{0, 9}});
    auto out = record<std::int64_t>(wf::sample(sampled, wf::ticker(5)));
    wf::testing::run_once({out}, RunOptions::historical().for_cycles(3));

    EXPECT_EQ(out->values(), (Ints{9, 9, 9}));
}

} // namespace
