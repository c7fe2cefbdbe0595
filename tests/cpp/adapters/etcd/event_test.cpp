// Tests for EtcdEvents: the batches drained in one cycle become one flat list, in order.

#include "wingfoil/adapters/etcd/event.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

using namespace wingfoil::adapters::etcd;

TEST(EtcdEvents, FlattensBatchesInArrivalOrder) {
    std::vector<EtcdEventBatch> batches(3);
    batches[0].events = {EtcdEvent{EtcdEventKind::put, "a", "1", 5},
                         EtcdEvent{EtcdEventKind::put, "b", "2", 5}};
    batches[2].events = {EtcdEvent{EtcdEventKind::del, "a", "", 7}};
    EtcdEvents events(std::move(batches));
    ASSERT_EQ(events.events.size(), 3u);
    EXPECT_EQ(events.events[0], (EtcdEvent{EtcdEventKind::put, "a", "1", 5}));
    EXPECT_EQ(events.events[1], (EtcdEvent{EtcdEventKind::put, "b", "2", 5}));
    EXPECT_EQ(events.events[2], (EtcdEvent{EtcdEventKind::del, "a", "", 7}));
}

} // namespace
