// Tests for RunOptions: the historical and live presets and the bound setters.

#include "wingfoil/engine/run_options.h"

#include <gtest/gtest.h>

namespace {

using wingfoil::RunOptions;
using wingfoil::WaitStrategy;

TEST(RunOptions, DefaultIsAnUnboundedHistoricalRunFromTheEpoch) {
    RunOptions o;
    EXPECT_FALSE(o.realtime);
    EXPECT_EQ(o.start, 0);
    EXPECT_FALSE(o.duration.has_value());
    EXPECT_FALSE(o.cycles.has_value());
    EXPECT_EQ(o.wait, WaitStrategy::sleep);
}

TEST(RunOptions, HistoricalPresetKeepsItsStartTime) {
    RunOptions o = RunOptions::historical(1'700'000'000'000'000'000);
    EXPECT_FALSE(o.realtime);
    EXPECT_EQ(o.start, 1'700'000'000'000'000'000);
}

TEST(RunOptions, LivePresetIsRealtime) {
    RunOptions o = RunOptions::live();
    EXPECT_TRUE(o.realtime);
    EXPECT_FALSE(o.duration.has_value());
    EXPECT_FALSE(o.cycles.has_value());
}

TEST(RunOptions, BoundSettersChainAndKeepZero) {
    RunOptions o = RunOptions::historical().for_cycles(0);
    ASSERT_TRUE(o.cycles.has_value());
    EXPECT_EQ(*o.cycles, 0u);
    RunOptions d = RunOptions::live().for_duration(0);
    ASSERT_TRUE(d.duration.has_value());
    EXPECT_EQ(*d.duration, 0);
    EXPECT_TRUE(d.realtime);
}

} // namespace
