// SPDX-License-Identifier: Apache-2.0
// gicv3::gic::stats(): the redistributors' configuration-cache counters summed,
// and the GIC's table traffic split into property and pending table, on the
// platform with gic.property_cache set.
#include "platform_bench.h"

using namespace pb;

namespace {

// One CPU, one device with two vectors (LPIs 8192 and 8193) sending ten MSIs
// in turn on them, with the given property cache. No teardown: its INVs
// would read the bytes again.
gicv3::gic_stats run_two_vectors(const std::string &property_cache, uint64_t *redist_prop_reads = nullptr)
{
    gicv3_vp::platform_config c;
    c.cpus = 1;
    c.max_us = 20000;
    c.gic.property_cache = property_cache;
    c.teardown = false;
    c.devices = {device("d", 0x10, 2, 10, 5000)};
    gicv3_vp::platform p("p", c);
    p.run();
    EXPECT_TRUE(p.completed());
    expect_conservation(p);
    EXPECT_EQ(p.ledger().delivered(), 10u);
    redist_stats rs;
    redist_get_stats(p.gic_module().redistributor(0), &rs);
    gicv3::gic_stats s = p.gic_module().stats();
    // The sums are the redistributor's own counters.
    EXPECT_EQ(s.prop_hits, rs.prop_hits);
    EXPECT_EQ(s.prop_misses, rs.prop_misses);
    EXPECT_EQ(s.prop_evictions, rs.prop_evictions);
    // Every property byte read is one 1-byte read of the property table;
    // every pending-table pass moves 14 blocks of 512 bytes (INTIDs 8192 to
    // 65535, 16 ID bits).
    EXPECT_EQ(s.prop_reads, rs.prop_reads);
    EXPECT_EQ(s.prop_read_bytes, rs.prop_reads);
    EXPECT_EQ(s.pend_reads, 14 * rs.pend_scans);
    EXPECT_EQ(s.pend_read_bytes, 512 * s.pend_reads);
    EXPECT_EQ(s.pend_writes, 14 * rs.pend_writebacks);
    EXPECT_EQ(s.pend_write_bytes, 512 * s.pend_writes);
    if (redist_prop_reads)
        *redist_prop_reads = rs.prop_reads;
    return s;
}

// Each LPI misses once, then hits (the driver's INV at activation read
// nothing: the bytes were not cached yet).
TEST(GicStats, UnboundedPropertyCache)
{
    gicv3::gic_stats s = run_two_vectors("unbounded");
    EXPECT_EQ(s.prop_misses, 2u);
    EXPECT_EQ(s.prop_hits, 8u);
    EXPECT_EQ(s.prop_evictions, 0u);
    EXPECT_EQ(s.prop_reads, 2u);
}

// One entry: the two LPIs take turns in it, every lookup misses.
TEST(GicStats, OneEntryPropertyCacheAlwaysMisses)
{
    gicv3::gic_stats s = run_two_vectors("1x1");
    EXPECT_EQ(s.prop_misses, 10u);
    EXPECT_EQ(s.prop_hits, 0u);
    EXPECT_EQ(s.prop_evictions, 9u);
    EXPECT_EQ(s.prop_reads, 10u);
}

// Two one-way sets: 8192 and 8193 differ in the low INTID bit, so each has
// its own set and both stay.
TEST(GicStats, TwoSetsHoldConsecutiveLpis)
{
    gicv3::gic_stats s = run_two_vectors("2x1");
    EXPECT_EQ(s.prop_misses, 2u);
    EXPECT_EQ(s.prop_hits, 8u);
    EXPECT_EQ(s.prop_evictions, 0u);
}

// The driver kit enables LPIs once, with PTZ = 0 as Linux does: one scan of
// the pending table (7 KB: INTIDs 8192 to 65535), and nothing disables them.
TEST(GicStats, PendingTableScanIsPendingTraffic)
{
    gicv3::gic_stats s = run_two_vectors("unbounded");
    EXPECT_EQ(s.pend_reads, 14u);
    EXPECT_EQ(s.pend_read_bytes, 7168u);
    EXPECT_EQ(s.pend_writes, 0u);
    EXPECT_EQ(s.pend_write_bytes, 0u);
}

// Disabling LPIs writes the pending table back: 14 blocks of 512 bytes.
TEST(GicStats, DisablingLpisWritesThePendingTableBack)
{
    gicv3_vp::platform_config c;
    c.cpus = 1;
    c.devices.clear();
    gicv3_vp::platform p("p", c);
    cpu0_program(p, [](sw &s) { s.enable_lpis(0, false); });
    p.run();
    ASSERT_TRUE(p.completed());
    gicv3::gic_stats s = p.gic_module().stats();
    EXPECT_EQ(s.pend_writes, 14u);
    EXPECT_EQ(s.pend_write_bytes, 7168u);
    EXPECT_EQ(s.pend_reads, 14u); // the bring-up's scan
    EXPECT_EQ(s.prop_reads, 0u);
    EXPECT_EQ(s.prop_read_bytes, 0u);
}

} // namespace
