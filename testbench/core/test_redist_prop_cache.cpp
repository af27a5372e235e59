// SPDX-License-Identifier: Apache-2.0
// The redistributor's bounded property cache: set-associative on the low
// INTID bits, LRU within a set. Access patterns with exactly known hit,
// miss and eviction counts, what an eviction means for a pending LPI and
// for a byte rewritten without INV, and INV/INVALL/EnableLPIs on it.
#include <vector>

#include "redist_harness.h"

using namespace gicr;

namespace {

constexpr uint8_t kOn = 0xA3;  // priority 0xA0, enabled
constexpr uint8_t kOff = 0xA2; // the same, disabled

redist_config bounded(uint32_t entries, uint32_t ways)
{
    redist_config c = qemu_redist();
    c.pri_bits = 8;
    c.property_cache_entries = entries;
    c.property_cache_ways = ways;
    return c;
}

struct counts {
    uint64_t hits, misses, evictions, reads;
};

counts of(const RedistHarness &h)
{
    redist_stats s = h.stats();
    return {s.prop_hits, s.prop_misses, s.prop_evictions, s.prop_reads};
}

void expect_counts(const RedistHarness &h, counts want)
{
    counts got = of(h);
    EXPECT_EQ(got.hits, want.hits);
    EXPECT_EQ(got.misses, want.misses);
    EXPECT_EQ(got.evictions, want.evictions);
    EXPECT_EQ(got.reads, want.reads);
}

// One LPI through its whole life: made pending (one cache lookup), taken, EOI'd.
void take(RedistHarness &h, uint32_t intid)
{
    ASSERT_EQ(h.set(intid), REDIST_LPI_PENDING);
    ASSERT_EQ(h.ack(), intid);
    h.eoi(intid);
}

// Every byte enabled; `rounds` passes over `keys` in order.
void cycle(RedistHarness &h, const std::vector<uint32_t> &keys, unsigned rounds)
{
    for (uint32_t k : keys)
        h.prop(k, kOn);
    for (unsigned r = 0; r < rounds; r++)
        for (uint32_t k : keys)
            take(h, k);
}

// 8 entries, 2 ways: 4 sets, set = INTID % 4. kLpi0 (8192) is in set 0.
constexpr uint32_t kSets = 4;
uint32_t in_set(uint32_t set, uint32_t n) { return kLpi0 + set + kSets * n; }

// Three INTIDs of one set, cycled: LRU always drops the one needed next.
TEST(RedistPropCache, CycleOverMoreKeysThanWaysNeverHits)
{
    RedistHarness h(bounded(8, 2));
    h.bring_up();
    cycle(h, {in_set(0, 0), in_set(0, 1), in_set(0, 2)}, 10);
    expect_counts(h, {0, 30, 28, 30});
}

// Two INTIDs of one set fit its two ways: only the first pass misses.
TEST(RedistPropCache, CycleOverFittingKeysAlwaysHitsAfterWarmUp)
{
    RedistHarness h(bounded(8, 2));
    h.bring_up();
    cycle(h, {in_set(0, 0), in_set(0, 1)}, 10);
    expect_counts(h, {18, 2, 0, 2});
}

// Eight consecutive INTIDs: two per set, the whole cache, all fit. The same
// number of INTIDs four apart would share one set (previous tests): the set
// comes from the low INTID bits.
TEST(RedistPropCache, ConsecutiveIntidsSpreadOverTheSets)
{
    RedistHarness h(bounded(8, 2));
    h.bring_up();
    std::vector<uint32_t> keys;
    for (uint32_t i = 0; i < 8; i++)
        keys.push_back(kLpi0 + i);
    cycle(h, keys, 5);
    expect_counts(h, {32, 8, 0, 8});
    // A ninth, in set 1, drops set 1's least recently used: kLpi0 + 1.
    cycle(h, {kLpi0 + 9}, 1);
    expect_counts(h, {32, 9, 1, 9});
    cycle(h, {kLpi0 + 5, kLpi0 + 1}, 1); // 5 still cached, 1 gone
    expect_counts(h, {33, 10, 2, 10});
}

// Three INTIDs of one 2-way set, a being reused between the others: each
// newcomer drops the other one (LRU), never a. An INTID of another set in
// between disturbs nothing.
TEST(RedistPropCache, TwoWaySetConflictIsLru)
{
    RedistHarness h(bounded(8, 2));
    h.bring_up();
    const uint32_t a = in_set(2, 0), b = in_set(2, 1), c = in_set(2, 2), other = in_set(3, 0);
    for (uint32_t k : {a, b, c, other})
        h.prop(k, kOn);
    take(h, a);     // miss: {a}
    take(h, b);     // miss: {a, b}
    take(h, other); // miss (set 3)
    take(h, a);     // hit
    take(h, c);     // miss, drops b: {a, c}
    take(h, a);     // hit
    take(h, b);     // miss, drops c: {a, b}
    take(h, other); // hit
    take(h, a);     // hit
    take(h, c);     // miss, drops b
    take(h, a);     // hit
    take(h, b);     // miss, drops c
    expect_counts(h, {5, 7, 4, 7});
}

// One way, one set: a direct-mapped single entry. Every other INTID drops it.
TEST(RedistPropCache, SingleEntry)
{
    RedistHarness h(bounded(1, 1));
    h.bring_up();
    cycle(h, {kLpi0, kLpi0 + 1}, 3);
    expect_counts(h, {0, 6, 5, 6});
    cycle(h, {kLpi0 + 1}, 2);
    expect_counts(h, {2, 6, 5, 6});
}

// With an unbounded cache nothing is ever dropped: the first use misses,
// every later one hits.
TEST(RedistPropCache, UnboundedCountsHitsAndMisses)
{
    RedistHarness h(qemu_redist());
    h.bring_up();
    cycle(h, {in_set(0, 0), in_set(0, 1), in_set(0, 2)}, 10);
    expect_counts(h, {27, 3, 0, 3});
    // A merge looks nothing up.
    h.set(kLpi0 + 100);
    h.set(kLpi0 + 100);
    expect_counts(h, {27, 4, 0, 4});
    redist_stats_clear(h.rd());
    expect_counts(h, {0, 0, 0, 0});
}

// A byte rewritten without INV: the unbounded cache keeps the old one; once
// a bounded cache has dropped it, the next use reads the new one (earlier
// than INV would show it: architecturally allowed).
TEST(RedistPropCache, DroppedByteIsReadAgainAndMaySeeAChangeEarly)
{
    RedistHarness h(bounded(1, 1));
    h.bring_up();
    h.prop(kLpi0, kOn);
    h.prop(kLpi0 + 1, kOn);
    take(h, kLpi0);
    h.prop(kLpi0, kOff);            // no INV
    take(h, kLpi0);                 // still cached: the old, enabled byte
    take(h, kLpi0 + 1);             // drops kLpi0's byte
    EXPECT_EQ(h.set(kLpi0), REDIST_LPI_PENDING);
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS); // read again: disabled now
    expect_counts(h, {1, 3, 2, 3});
}

// A pending LPI keeps the byte it was made pending with after the cache
// drops it; INV reads it again (and caches it); INV of a byte neither
// cached nor pending reads nothing.
TEST(RedistPropCache, PendingLpiKeepsItsByteUntilInv)
{
    RedistHarness h(bounded(1, 1));
    h.bring_up();
    h.prop(kLpi0, 0x81);     // priority 0x80
    h.prop(kLpi0 + 1, 0x41); // 0x40
    h.prop(kLpi0 + 2, 0x61); // 0x60
    EXPECT_EQ(h.set(kLpi0), REDIST_LPI_PENDING);
    EXPECT_EQ(h.set(kLpi0 + 1), REDIST_LPI_PENDING); // drops kLpi0's byte
    EXPECT_EQ(redist_icc_hppir1_read(h.rd()), kLpi0 + 1);
    h.prop(kLpi0, 0x21); // 0x20: not seen without INV
    EXPECT_EQ(redist_icc_hppir1_read(h.rd()), kLpi0 + 1);
    const uint64_t reads = of(h).reads;
    redist_inv(h.rd(), kLpi0 + 2); // never used: nothing to read
    EXPECT_EQ(of(h).reads, reads);
    redist_inv(h.rd(), kLpi0); // pending, dropped: read and cached again
    EXPECT_EQ(of(h).reads, reads + 1);
    EXPECT_EQ(redist_icc_hppir1_read(h.rd()), kLpi0);
    EXPECT_EQ(h.drain(), (std::vector<uint32_t>{kLpi0, kLpi0 + 1}));
    take(h, kLpi0); // the INV's refill made it a hit
    expect_counts(h, {1, 2, 2, 3});
}

// INV of a cached byte refreshes it in place: nothing is dropped.
TEST(RedistPropCache, InvOfACachedByteRefreshesIt)
{
    RedistHarness h(bounded(2, 2));
    h.bring_up();
    cycle(h, {kLpi0, kLpi0 + 1}, 1);
    h.prop(kLpi0, kOff);
    redist_inv(h.rd(), kLpi0);
    EXPECT_EQ(h.set(kLpi0), REDIST_LPI_PENDING);
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS);
    take(h, kLpi0 + 1);
    expect_counts(h, {2, 2, 0, 3});
}

// INVALL reads the byte of every pending LPI, cached or dropped, and every
// other cached byte, so software that rewrote bytes and sent INVALL sees all
// of them.
TEST(RedistPropCache, InvallReloadsPendingAndCachedBytes)
{
    RedistHarness h(bounded(2, 1)); // 2 sets of one way: even and odd INTIDs
    h.bring_up();
    for (uint32_t i = 0; i < 6; i++)
        h.prop(kLpi0 + i, kOn);
    redist_icc_pmr_write(h.rd(), 0); // keep everything pending
    for (uint32_t i = 0; i < 6; i++)
        EXPECT_EQ(h.set(kLpi0 + i), REDIST_LPI_PENDING);
    expect_counts(h, {0, 6, 4, 6});
    for (uint32_t i = 0; i < 6; i++)
        h.prop(kLpi0 + i, kOff);
    redist_invall(h.rd());
    // Each pending LPI's byte read once; six refills of two one-way sets,
    // each dropping the one before it.
    expect_counts(h, {0, 6, 10, 12});
    redist_icc_pmr_write(h.rd(), 0xFF);
    EXPECT_FALSE(h.level()); // every pending LPI now disabled
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS);
}

// INVALL with nothing pending: the cached bytes, in place, nothing else.
TEST(RedistPropCache, InvallRefreshesCachedBytesInPlace)
{
    RedistHarness h(bounded(8, 2));
    h.bring_up();
    cycle(h, {kLpi0, kLpi0 + 4, kLpi0 + 1}, 1);
    h.prop(kLpi0 + 4, kOff);
    h.prop(kLpi0 + 2, kOn); // never used: not read
    redist_invall(h.rd());
    expect_counts(h, {0, 3, 0, 6});
    EXPECT_EQ(h.set(kLpi0 + 4), REDIST_LPI_PENDING);
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS);
    expect_counts(h, {1, 3, 0, 6});
}

// Enabling LPIs empties a bounded cache as it does an unbounded one.
TEST(RedistPropCache, EnablingLpisAndResetEmptyIt)
{
    RedistHarness h(bounded(8, 2));
    h.bring_up();
    cycle(h, {kLpi0, kLpi0 + 1}, 1);
    h.enable_lpis(false);
    h.prop(kLpi0, kOff);
    h.enable_lpis(true);
    EXPECT_EQ(h.set(kLpi0), REDIST_LPI_PENDING);
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS); // the new byte
    take(h, kLpi0 + 1);
    expect_counts(h, {0, 4, 0, 4});
    redist_reset(h.rd());
    h.bring_up();
    take(h, kLpi0 + 1);
    expect_counts(h, {0, 5, 0, 5});
}

// A pending-table scan makes LPIs pending through the cache too.
TEST(RedistPropCache, ScanLooksBytesUp)
{
    RedistHarness h(bounded(1, 1));
    for (uint32_t i : {kLpi0, kLpi0 + 1, kLpi0 + 2}) {
        h.prop(i, kOn);
        h.set_pend_bit(i);
    }
    h.bring_up(16, false);
    expect_counts(h, {0, 3, 2, 3});
    EXPECT_EQ(h.drain(), (std::vector<uint32_t>{kLpi0, kLpi0 + 1, kLpi0 + 2}));
}

TEST(RedistPropCache, GeometryIsChecked)
{
    redist_config c = bounded(8, 0);
    EXPECT_STREQ(redist_config_check(&c), "property_cache_ways must be at least 1 and divide property_cache_entries");
    c = bounded(6, 4);
    EXPECT_NE(redist_config_check(&c), nullptr);
    EXPECT_EQ(redist_create(&c, nullptr), nullptr);
    c = bounded((1u << 16) + 2, 2);
    EXPECT_STREQ(redist_config_check(&c), "property_cache_entries must be at most 2^id_bits");
    c = bounded(1u << 16, 2);
    EXPECT_EQ(redist_config_check(&c), nullptr);
    c = bounded(0, 0); // unbounded: ways unused
    EXPECT_EQ(redist_config_check(&c), nullptr);
    redist_config q = qemu_redist();
    EXPECT_EQ(q.property_cache_entries, 0u);
}

} // namespace
