// Tests for WithTimeStream (Python: Stream.with_time()): each upstream tick becomes
// (absolute cycle time, value).

#include "wingfoil/ops/with_time.h"

#include "support/recorder.h"
#include "support/script_source.h"
#include "wingfoil/ops/filter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

namespace wf = wingfoil;
using wf::kNanosPerSecond;
using wf::NanoTime;
using wf::RunOptions;
using wf::Timed;
using wf::testing::record;
using wf::testing::script;
using S = std::string;

constexpr NanoTime kStart = 1'700'000'000 * kNanosPerSecond + kNanosPerSecond / 2;

TEST(WithTimeStream, PairsEachValueWithItsAbsoluteCycleTime) {
    auto src = script<S>({{0, S("a")}, {100, S("b")}});
    auto out = record<Timed<S>>(wf::with_time(src));
    wf::testing::run_once({out}, RunOptions::historical(kStart));

    EXPECT_EQ(out->values(), (std::vector<Timed<S>>{{kStart, "a"}, {kStart + 100, "b"}}));
}

TEST(WithTimeStream, TicksOnlyWhenItsUpstreamTicks) {
    auto src = script<S>({{0, S("keep")}, {1, S("drop")}, {2, S("keep")}});
    auto kept = wf::filter(src, [](const S& s) { return s == "keep"; });
    auto out = record<Timed<S>>(wf::with_time(kept));
    wf::testing::run_once({out}, RunOptions::historical());

    EXPECT_EQ(out->values(), (std::vector<Timed<S>>{{0, "keep"}, {2, "keep"}}));
}

} // namespace
