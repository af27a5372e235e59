// SPDX-License-Identifier: Apache-2.0
// LPI state of a redistributor: set/clear pending, the INTID range, the
// property cache and INV/INVALL, the pending-table scan and write-back, and
// the kvm-unit-tests ITS sequences seen from the redistributor (digest §3.3-
// 3.5, §7; real-clients §1.2-1.3).
#include <random>
#include <set>
#include <vector>

#include "redist_harness.h"

using namespace gicr;

namespace {

constexpr uint8_t kOn = 0xA3;  // priority 0xA0, Group1, enabled (LPI_PROP_DEFAULT)
constexpr uint8_t kOff = 0xA2; // the same, disabled

TEST(RedistLpi, SetPendingOutcomes)
{
    RedistHarness h(qemu_redist());
    EXPECT_EQ(h.set(kLpi0), REDIST_LPI_DROP_DISABLED);
    h.bring_up(16);
    EXPECT_EQ(h.set(kLpi0 - 1), REDIST_LPI_DROP_OOR);
    EXPECT_EQ(h.set(1023), REDIST_LPI_DROP_OOR);
    EXPECT_EQ(h.set(0x10000), REDIST_LPI_DROP_OOR);
    EXPECT_EQ(h.set(0xFFFF), REDIST_LPI_PENDING);
    EXPECT_EQ(h.set(0xFFFF), REDIST_LPI_MERGED);
    EXPECT_EQ(h.set(kLpi0), REDIST_LPI_PENDING);
    redist_stats s = h.stats();
    EXPECT_EQ(s.lpi[REDIST_LPI_PENDING], 2u);
    EXPECT_EQ(s.lpi[REDIST_LPI_MERGED], 1u);
    EXPECT_EQ(s.lpi[REDIST_LPI_DROP_DISABLED], 1u);
    EXPECT_EQ(s.lpi[REDIST_LPI_DROP_OOR], 3u);
    EXPECT_EQ(s.lpi[REDIST_LPI_DROP_NO_MEMORY], 0u);
    EXPECT_TRUE(redist_is_pending(h.rd(), 0xFFFF));
    EXPECT_FALSE(redist_is_pending(h.rd(), 0x10000));
    EXPECT_FALSE(redist_is_pending(h.rd(), 5));
    EXPECT_STREQ(redist_lpi_result_name(REDIST_LPI_MERGED), "merged");
    EXPECT_STREQ(redist_lpi_result_name(REDIST_LPI_RESULTS), "invalid");
    EXPECT_STREQ(redist_diag_name(REDIST_DIAG_TABLE_FAULT), "table_fault");
    EXPECT_STREQ(redist_diag_name(REDIST_DIAGS), "invalid");
    for (int d = 0; d < REDIST_DIAGS; d++)
        EXPECT_STRNE(redist_diag_name(redist_diag(d)), "invalid") << d;
}

struct Range {
    unsigned idbits_field; // PROPBASER.IDbits as written
    uint8_t cfg_bits;      // redist_config.id_bits
    uint32_t limit;        // first INTID beyond the range (0: no LPIs)
};

// Printed by its fields: GoogleTest would otherwise print the struct's bytes,
// padding included (uninitialised: valgrind reports it).
void PrintTo(const Range &r, std::ostream *os)
{
    *os << "idbits " << r.idbits_field << ", id_bits " << unsigned(r.cfg_bits) << ", limit " << r.limit;
}

class RedistRange : public ::testing::TestWithParam<Range> {};

TEST_P(RedistRange, LpiRangeIsTheSmallerOfIdbitsAndConfig)
{
    const Range r = GetParam();
    redist_config c = qemu_redist();
    c.id_bits = r.cfg_bits;
    RedistHarness h(c);
    h.wr(PROPBASER, RedistHarness::kProp | r.idbits_field, 8);
    h.wr(PENDBASER, RedistHarness::kPend, 8);
    h.enable_lpis(true);
    EXPECT_EQ(h.rd(PROPBASER) & 0x1F, r.idbits_field); // stored as written
    if (r.limit == 0) {
        EXPECT_EQ(h.set(kLpi0), REDIST_LPI_DROP_OOR);
        EXPECT_EQ(h.stats().pend_scans, 0u); // no table to scan
        return;
    }
    EXPECT_EQ(h.set(kLpi0), REDIST_LPI_PENDING);
    EXPECT_EQ(h.set(r.limit - 1), REDIST_LPI_PENDING);
    EXPECT_EQ(h.set(r.limit), REDIST_LPI_DROP_OOR);
    EXPECT_EQ(redist_next_pending(h.rd(), kLpi0 + 1), r.limit - 1);
    EXPECT_EQ(redist_next_pending(h.rd(), r.limit), 0u);
    EXPECT_EQ(h.stats().pend_scans, 1u);
}

INSTANTIATE_TEST_SUITE_P(Ranges, RedistRange,
                         ::testing::Values(Range{0, 16, 0}, Range{12, 16, 0}, Range{13, 16, 1u << 14},
                                           Range{15, 16, 1u << 16}, Range{23, 16, 1u << 16},
                                           Range{15, 24, 1u << 16}, Range{31, 24, 1u << 24},
                                           Range{16, 17, 1u << 17}, Range{20, 14, 1u << 14}));

TEST(RedistLpi, ConfigurationIsReadOnFirstUseAndThenCached)
{
    RedistHarness h(qemu_redist());
    h.bring_up();
    h.prop(kLpi0 + 3, kOn);
    EXPECT_EQ(h.set(kLpi0 + 3), REDIST_LPI_PENDING);
    EXPECT_EQ(h.stats().prop_reads, 1u);
    EXPECT_EQ(h.ack(), kLpi0 + 3);
    h.eoi(kLpi0 + 3);
    h.prop(kLpi0 + 3, kOff); // rewritten without INV: not seen
    EXPECT_EQ(h.set(kLpi0 + 3), REDIST_LPI_PENDING);
    EXPECT_EQ(h.ack(), kLpi0 + 3);
    EXPECT_EQ(h.stats().prop_reads, 1u);
}

// kvm-unit-tests its-trigger "inv/invall", seen at PE3's redistributor.
TEST(RedistLpi, KvmUnitTestsInvInvall)
{
    RedistHarness h(qemu_redist(3, 4));
    h.bring_up();
    const uint32_t lpi = 8195;
    h.prop(lpi, kOn);
    h.prop(8196, kOn);
    redist_invall(h.rd()); // INVALL(col3) before MAPTI: nothing cached yet
    EXPECT_EQ(h.stats().prop_reads, 0u);
    // "int": exactly one LPI.
    EXPECT_EQ(h.set(lpi), REDIST_LPI_PENDING);
    EXPECT_EQ(h.drain(), std::vector<uint32_t>{lpi});
    // Disable, INV, INT: nothing is delivered, the LPI stays pending.
    h.prop(lpi, kOff);
    redist_inv(h.rd(), lpi);
    EXPECT_EQ(h.set(lpi), REDIST_LPI_PENDING);
    EXPECT_FALSE(h.level());
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS);
    EXPECT_EQ(redist_icc_hppir1_read(h.rd()), REDIST_SPURIOUS);
    EXPECT_TRUE(redist_is_pending(h.rd(), lpi));
    // Re-enable the byte without INV, INT again: coalesced, still nothing.
    h.prop(lpi, kOn);
    EXPECT_EQ(h.set(lpi), REDIST_LPI_MERGED);
    EXPECT_FALSE(h.level());
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS);
    // INVALL: exactly one acknowledge for the two INTs.
    redist_invall(h.rd());
    EXPECT_TRUE(h.level());
    EXPECT_EQ(h.drain(), std::vector<uint32_t>{lpi});
    // And the next INT is one more.
    EXPECT_EQ(h.set(lpi), REDIST_LPI_PENDING);
    EXPECT_EQ(h.drain(), std::vector<uint32_t>{lpi});
    EXPECT_EQ(h.stats().invs, 1u);
    EXPECT_EQ(h.stats().invalls, 2u);
}

TEST(RedistLpi, InvReloadsOneByteAndMovesItsPriority)
{
    redist_config c = qemu_redist();
    c.pri_bits = 8;
    RedistHarness h(c);
    h.bring_up();
    h.prop(kLpi0 + 1, 0x41);
    h.prop(kLpi0 + 2, 0x81);
    h.set(kLpi0 + 1);
    h.set(kLpi0 + 2);
    EXPECT_EQ(redist_icc_hppir1_read(h.rd()), kLpi0 + 1);
    h.prop(kLpi0 + 1, 0xC1);
    h.prop(kLpi0 + 2, 0x21);
    redist_inv(h.rd(), kLpi0 + 2); // only this one moves
    EXPECT_EQ(redist_icc_hppir1_read(h.rd()), kLpi0 + 2);
    const uint64_t reads = h.stats().prop_reads;
    redist_inv(h.rd(), kLpi0 + 100); // never cached: nothing to reload
    redist_inv(h.rd(), 0x10000);     // out of range
    redist_inv(h.rd(), 42);
    EXPECT_EQ(h.stats().prop_reads, reads);
    EXPECT_EQ(h.drain(), (std::vector<uint32_t>{kLpi0 + 2, kLpi0 + 1}));
    // kLpi0 + 1 kept its cached 0x40 (memory says 0xC0): it beats 0x60.
    h.set(kLpi0 + 1);
    h.prop(kLpi0 + 3, 0x61);
    h.set(kLpi0 + 3);
    EXPECT_EQ(h.drain(), (std::vector<uint32_t>{kLpi0 + 1, kLpi0 + 3}));
}

TEST(RedistLpi, InvallReloadsEveryCachedByte)
{
    RedistHarness h(qemu_redist());
    h.bring_up();
    for (uint32_t i = 0; i < 8; i++)
        h.prop(kLpi0 + 4096 * i, kOn);
    for (uint32_t i = 0; i < 8; i++)
        h.set(kLpi0 + 4096 * i);
    EXPECT_EQ(h.drain().size(), 8u);
    for (uint32_t i = 0; i < 8; i++)
        h.prop(kLpi0 + 4096 * i, kOff);
    const uint64_t reads = h.stats().prop_reads;
    redist_invall(h.rd());
    EXPECT_EQ(h.stats().prop_reads - reads, 8u); // the cached ones, nothing else
    for (uint32_t i = 0; i < 8; i++)
        EXPECT_EQ(h.set(kLpi0 + 4096 * i), REDIST_LPI_PENDING);
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS);
    EXPECT_EQ(redist_next_pending(h.rd(), 0), kLpi0);
}

TEST(RedistLpi, InvAndInvallWithLpisOffOnlyCount)
{
    RedistHarness h(qemu_redist());
    redist_inv(h.rd(), kLpi0);
    redist_invall(h.rd());
    redist_sync(h.rd());
    EXPECT_EQ(h.mem_reads, 0u);
    redist_stats s = h.stats();
    EXPECT_EQ(s.invs, 1u);
    EXPECT_EQ(s.invalls, 1u);
    EXPECT_EQ(s.syncs, 1u);
}

TEST(RedistLpi, EnablingLpisEmptiesTheCache)
{
    RedistHarness h(qemu_redist());
    h.bring_up();
    h.prop(kLpi0, kOn);
    h.set(kLpi0);
    EXPECT_EQ(h.drain().size(), 1u);
    h.enable_lpis(false);
    h.prop(kLpi0, kOff);
    h.enable_lpis(true);
    h.set(kLpi0);
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS); // the new byte was read
    EXPECT_EQ(h.stats().prop_reads, 2u);
}

TEST(RedistLpi, PendingTableScanWithoutPtz)
{
    RedistHarness h(qemu_redist());
    for (uint32_t i : {kLpi0, kLpi0 + 7, kLpi0 + 4095, kLpi0 + 4096, 0xFFFFu}) {
        h.prop(i, kOn);
        h.set_pend_bit(i);
    }
    h.set_pend_bit(100);       // in the IMPLEMENTATION DEFINED first 1 KB: ignored
    h.set_pend_bit(kLpi0 - 1);
    h.set_pend_bit(0x10000);   // beyond the 16-bit range: not read
    h.bring_up(16, false);
    EXPECT_EQ(h.stats().pend_scans, 1u);
    EXPECT_FALSE(redist_is_pending(h.rd(), 100));
    EXPECT_EQ(h.stats().lpi[REDIST_LPI_PENDING], 0u); // a scan is not an arriving LPI
    EXPECT_EQ(h.drain(), (std::vector<uint32_t>{kLpi0, kLpi0 + 7, kLpi0 + 4095, kLpi0 + 4096, 0xFFFF}));
}

TEST(RedistLpi, PtzSkipsTheScanAndIsRememberedUntilTheNextWrite)
{
    RedistHarness h(qemu_redist());
    h.prop(kLpi0, kOn);
    h.set_pend_bit(kLpi0);
    h.bring_up(16, true); // PTZ: software promises zeros
    EXPECT_EQ(h.stats().pend_scans, 0u);
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS);
    h.enable_lpis(false); // writes back "nothing pending"
    EXPECT_FALSE(h.pend_bit(kLpi0));
    h.set_pend_bit(kLpi0);
    // A write of the low half alone carries no PTZ: the remembered 1 stays.
    h.wr(PENDBASER, RedistHarness::kPend, 4);
    h.enable_lpis(true);
    EXPECT_EQ(h.stats().pend_scans, 0u);
    h.enable_lpis(false);
    h.set_pend_bit(kLpi0);
    h.wr(PENDBASER + 4, 0, 4); // the upper half: PTZ = 0
    h.enable_lpis(true);
    EXPECT_EQ(h.stats().pend_scans, 1u);
    EXPECT_EQ(h.drain(), std::vector<uint32_t>{kLpi0});
    h.enable_lpis(false);
    h.wr(PENDBASER + 4, PTZ >> 32, 4); // the upper half with PTZ = 1
    h.enable_lpis(true);
    EXPECT_EQ(h.stats().pend_scans, 1u);
}

TEST(RedistLpi, DisableWritesPendingStateBack)
{
    RedistHarness h(qemu_redist());
    h.prop(kLpi0 + 1, kOn);
    h.prop(kLpi0 + 2, kOff);
    h.prop(kLpi0 + 9000, kOn);
    h.set_pend_bit(kLpi0 + 1);
    h.bring_up(16, false);
    h.set(kLpi0 + 2);
    h.set(kLpi0 + 9000);
    EXPECT_EQ(h.ack(), kLpi0 + 1); // taken: no longer pending
    h.eoi(kLpi0 + 1);
    h.enable_lpis(false);
    EXPECT_EQ(h.stats().pend_writebacks, 1u);
    EXPECT_FALSE(h.pend_bit(kLpi0 + 1));
    EXPECT_TRUE(h.pend_bit(kLpi0 + 2)); // disabled LPIs stay pending too
    EXPECT_TRUE(h.pend_bit(kLpi0 + 9000));
    EXPECT_FALSE(h.pend_bit(kLpi0 + 3));
    // Nothing is pending inside while LPIs are off.
    EXPECT_FALSE(redist_is_pending(h.rd(), kLpi0 + 2));
    EXPECT_EQ(redist_next_pending(h.rd(), 0), 0u);
    EXPECT_FALSE(redist_clear_pending(h.rd(), kLpi0 + 2));
    EXPECT_EQ(h.set(kLpi0 + 2), REDIST_LPI_DROP_DISABLED);
    // Back on (PTZ = 0): the same state returns from the table.
    h.enable_lpis(true);
    EXPECT_TRUE(redist_is_pending(h.rd(), kLpi0 + 2));
    EXPECT_EQ(h.drain(), std::vector<uint32_t>{kLpi0 + 9000});
    EXPECT_EQ(redist_next_pending(h.rd(), 0), kLpi0 + 2);
}

// kvm-unit-tests its-pending-migration at redistributor level: LPIs off (no
// RWP polling), 256 pending bits written into two PEs' pending tables,
// INVALL, PENDBASER rewritten without PTZ, LPIs on: 128 acknowledges each.
TEST(RedistLpi, KvmUnitTestsPendingTableScan)
{
    RedistHarness pe0(qemu_redist(3, 4)), pe1(qemu_redist(2, 4));
    RedistHarness *pe[2] = {&pe1, &pe0}; // even INTIDs to pe1, odd to pe0
    for (RedistHarness *h : pe) {
        h->bring_up(14, true);
        h->enable_lpis(false);
    }
    for (uint32_t i = 0; i < 256; i++) {
        RedistHarness *h = pe[i & 1];
        h->prop(kLpi0 + i, kOn);
        h->set_pend_bit(kLpi0 + i);
    }
    for (RedistHarness *h : pe) {
        redist_invall(h->rd());
        h->wr(PENDBASER, h->rd(PENDBASER, 8) & ~PTZ, 8);
        h->enable_lpis(true);
    }
    for (int n = 0; n < 2; n++) {
        std::vector<uint32_t> got = pe[n]->drain();
        ASSERT_EQ(got.size(), 128u);
        for (uint32_t k = 0; k < 128; k++)
            EXPECT_EQ(got[k], kLpi0 + 2 * k + n);
        EXPECT_EQ(pe[n]->stats().acknowledged, 128u);
    }
}

TEST(RedistLpi, TableFaultsAreCountedAndReadAsNothing)
{
    RedistHarness h(qemu_redist());
    h.prop(kLpi0, kOn);
    h.set_pend_bit(kLpi0 + 4096);
    shim_add_fault(h.mem(), RedistHarness::kPend + 512 * 3, RedistHarness::kPend + 512 * 4);
    h.bring_up(16, false);
    EXPECT_EQ(h.diag(REDIST_DIAG_TABLE_FAULT), 1u); // the chunk with kLpi0 + 4096
    EXPECT_FALSE(redist_is_pending(h.rd(), kLpi0 + 4096));
    // A faulting property byte reads as disabled.
    shim_add_fault(h.mem(), RedistHarness::kProp, RedistHarness::kProp + 1);
    EXPECT_EQ(h.set(kLpi0), REDIST_LPI_PENDING);
    EXPECT_EQ(h.diag(REDIST_DIAG_TABLE_FAULT), 2u);
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS);
    shim_clear_faults(h.mem());
    redist_inv(h.rd(), kLpi0);
    EXPECT_EQ(h.ack(), kLpi0);
    // A faulting write-back is counted too.
    h.set(kLpi0);
    shim_add_fault(h.mem(), RedistHarness::kPend + 1024, RedistHarness::kPend + 1536);
    h.enable_lpis(false);
    EXPECT_EQ(h.diag(REDIST_DIAG_TABLE_FAULT), 3u);
}

TEST(RedistLpi, NoMemoryCallbacksFaultEverything)
{
    redist_host_ops ops{};
    redist_config c = qemu_redist();
    redist_t *rd = redist_create(&c, &ops);
    ASSERT_NE(rd, nullptr);
    redist_write(rd, PENDBASER, 8, 0x10000);
    redist_write(rd, PROPBASER, 8, 0x20000 | 13); // 14 bits: two 4096-LPI blocks
    redist_write(rd, CTLR, 4, 1);
    EXPECT_EQ(redist_set_pending(rd, kLpi0), REDIST_LPI_PENDING);
    redist_write(rd, CTLR, 4, 0);
    redist_stats s;
    redist_get_stats(rd, &s);
    EXPECT_EQ(s.diag[REDIST_DIAG_TABLE_FAULT], 5u); // 2 scan reads, the byte, 2 write-backs
    redist_stats_clear(rd);
    redist_get_stats(rd, &s);
    EXPECT_EQ(s.diag[REDIST_DIAG_TABLE_FAULT], 0u);
    redist_destroy(rd);
}

TEST(RedistLpi, ClearPending)
{
    RedistHarness h(qemu_redist());
    h.bring_up();
    h.prop(kLpi0 + 5, kOn);
    h.set(kLpi0 + 5);
    h.set(kLpi0 + 6); // disabled (byte 0): pending, not deliverable
    EXPECT_TRUE(h.level());
    EXPECT_TRUE(redist_clear_pending(h.rd(), kLpi0 + 5));
    EXPECT_FALSE(h.level());
    EXPECT_FALSE(redist_clear_pending(h.rd(), kLpi0 + 5));
    EXPECT_TRUE(redist_clear_pending(h.rd(), kLpi0 + 6));
    EXPECT_FALSE(redist_clear_pending(h.rd(), kLpi0 + 70000)); // out of range
    EXPECT_FALSE(redist_clear_pending(h.rd(), kLpi0 + 9000));  // never touched
    EXPECT_EQ(h.stats().cleared, 2u);
    EXPECT_EQ(redist_next_pending(h.rd(), 0), 0u);
}

// next_pending against a std::set over random operations, across leaf and
// summary-word boundaries of a 24-bit range.
TEST(RedistLpi, NextPendingMatchesAReferenceSet)
{
    redist_config c = qemu_redist();
    c.id_bits = 24;
    RedistHarness h(c);
    h.bring_up(24);
    std::mt19937 rng(7);
    std::set<uint32_t> ref;
    auto pick = [&]() -> uint32_t {
        switch (rng() % 4) {
        case 0: return kLpi0 + rng() % 300000;                  // dense-ish start
        case 1: return (1u << 24) - 1 - rng() % 5000;           // the top
        case 2: return ((rng() % 4096) << 12) | (rng() % 4096); // anywhere
        default: return ((rng() % 64) << 18) + 4095 * (rng() % 3); // boundaries
        }
    };
    for (int step = 0; step < 20000; step++) {
        uint32_t i = pick();
        if (i < kLpi0)
            continue;
        if (rng() % 3) {
            EXPECT_EQ(h.set(i) == REDIST_LPI_PENDING, ref.insert(i).second);
        } else {
            EXPECT_EQ(redist_clear_pending(h.rd(), i), ref.erase(i) == 1);
        }
        uint32_t from = pick();
        auto it = ref.lower_bound(std::max(from, kLpi0));
        ASSERT_EQ(redist_next_pending(h.rd(), from), it == ref.end() ? 0u : *it) << from;
    }
    // A full walk, as MOVALL does it.
    std::vector<uint32_t> walk;
    for (uint32_t i = redist_next_pending(h.rd(), 0); i; i = redist_next_pending(h.rd(), i + 1))
        walk.push_back(i);
    EXPECT_EQ(walk, std::vector<uint32_t>(ref.begin(), ref.end()));
}

TEST(RedistLpi, ResetForgetsLpiStateButKeepsStatistics)
{
    RedistHarness h(qemu_redist());
    h.bring_up();
    h.prop(kLpi0, kOn);
    h.set(kLpi0);
    EXPECT_TRUE(h.level());
    redist_reset(h.rd());
    EXPECT_FALSE(h.level());
    EXPECT_EQ(h.irq_log, (std::vector<bool>{true, false}));
    EXPECT_EQ(h.rd(CTLR), 0x2u);
    EXPECT_EQ(h.rd(PROPBASER, 8), 0u);
    EXPECT_EQ(redist_icc_pmr_read(h.rd()), 0u);
    EXPECT_FALSE(redist_icc_igrpen1_read(h.rd()));
    EXPECT_EQ(h.stats().lpi[REDIST_LPI_PENDING], 1u);
    h.bring_up();
    EXPECT_FALSE(redist_is_pending(h.rd(), kLpi0));
    EXPECT_EQ(h.set(kLpi0), REDIST_LPI_PENDING);
    EXPECT_EQ(h.stats().prop_reads, 2u); // the cache went with the reset
}

} // namespace
