// SPDX-License-Identifier: Apache-2.0
// The CPU interface LPIs touch: priority selection, PMR, IGRPEN1, running
// priority and EOI, the IRQ line, and a 65,536-LPI selection (digest §6).
#include <algorithm>
#include <utility>
#include <vector>

#include "redist_harness.h"

using namespace gicr;

namespace {

redist_config with_pri_bits(uint8_t bits)
{
    redist_config c = qemu_redist();
    c.pri_bits = bits;
    return c;
}

// An LPI with a priority, made pending on an open CPU interface.
void pend(RedistHarness &h, uint32_t intid, uint8_t prio)
{
    h.prop(intid, uint8_t(prio | 0x3));
    ASSERT_EQ(h.set(intid), REDIST_LPI_PENDING) << intid;
}

TEST(RedistCpuif, PriorityThenLowestIntid)
{
    RedistHarness h(with_pri_bits(8));
    h.bring_up();
    pend(h, kLpi0 + 50, 0xA0);
    pend(h, kLpi0 + 10, 0xA0);
    pend(h, kLpi0 + 5000, 0x20);
    pend(h, kLpi0 + 30, 0xFC);
    pend(h, kLpi0 + 20, 0x00);
    pend(h, kLpi0 + 40000, 0xA0);
    EXPECT_EQ(redist_icc_hppir1_read(h.rd()), kLpi0 + 20);
    EXPECT_EQ(h.drain(), (std::vector<uint32_t>{kLpi0 + 20, kLpi0 + 5000, kLpi0 + 10, kLpi0 + 50,
                                                kLpi0 + 40000, kLpi0 + 30}));
    redist_stats s = h.stats();
    EXPECT_EQ(s.acknowledged, 6u);
    EXPECT_EQ(s.eoi, 6u);
    EXPECT_EQ(s.spurious, 1u); // the read that ended the drain
}

TEST(RedistCpuif, UnimplementedPriorityBitsDoNotCount)
{
    // 5 bits: 0xA4 and 0xA0 are the same priority, so the lower INTID wins.
    RedistHarness five(with_pri_bits(5));
    five.bring_up();
    pend(five, kLpi0 + 2, 0xA0);
    pend(five, kLpi0 + 1, 0xA4);
    EXPECT_EQ(five.drain(), (std::vector<uint32_t>{kLpi0 + 1, kLpi0 + 2}));
    // 8 bits: 0xA0 is higher.
    RedistHarness eight(with_pri_bits(8));
    eight.bring_up();
    pend(eight, kLpi0 + 2, 0xA0);
    pend(eight, kLpi0 + 1, 0xA4);
    EXPECT_EQ(eight.drain(), (std::vector<uint32_t>{kLpi0 + 2, kLpi0 + 1}));
    // 4 bits: 0xF0 mask.
    RedistHarness four(with_pri_bits(4));
    four.bring_up();
    pend(four, kLpi0 + 2, 0x80);
    pend(four, kLpi0 + 1, 0x8C);
    EXPECT_EQ(four.drain(), (std::vector<uint32_t>{kLpi0 + 1, kLpi0 + 2}));
}

TEST(RedistCpuif, PmrMasksAndKeepsOnlyImplementedBits)
{
    RedistHarness h(qemu_redist()); // 5 priority bits
    h.bring_up();
    EXPECT_EQ(redist_icc_pmr_read(h.rd()), 0xF8); // 0xFF written, low bits RAZ
    redist_icc_pmr_write(h.rd(), 0xA0);
    EXPECT_EQ(redist_icc_pmr_read(h.rd()), 0xA0);
    pend(h, kLpi0 + 1, 0xA0); // not strictly below PMR: masked
    EXPECT_FALSE(h.level());
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS);
    EXPECT_EQ(redist_icc_hppir1_read(h.rd()), kLpi0 + 1); // HPPIR ignores PMR
    pend(h, kLpi0 + 2, 0x98);
    EXPECT_TRUE(h.level());
    EXPECT_EQ(h.ack(), kLpi0 + 2);
    h.eoi(kLpi0 + 2);
    redist_icc_pmr_write(h.rd(), 0xA7); // reads 0xA0: still masked
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS);
    redist_icc_pmr_write(h.rd(), 0xA8);
    EXPECT_EQ(h.ack(), kLpi0 + 1);
    h.eoi(kLpi0 + 1);
    // The lowest implemented priority never beats the widest-open PMR.
    redist_icc_pmr_write(h.rd(), 0xFF);
    pend(h, kLpi0 + 3, 0xFC);
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS);
    EXPECT_EQ(redist_icc_hppir1_read(h.rd()), kLpi0 + 3);
}

TEST(RedistCpuif, ResetPmrMasksEverything)
{
    RedistHarness h(qemu_redist());
    h.wr(PROPBASER, RedistHarness::kProp | 15, 8);
    h.wr(PENDBASER, RedistHarness::kPend, 8);
    h.enable_lpis(true);
    redist_icc_igrpen1_write(h.rd(), true);
    pend(h, kLpi0, 0x00);
    EXPECT_EQ(redist_icc_pmr_read(h.rd()), 0u);
    EXPECT_FALSE(h.level());
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS);
    EXPECT_TRUE(h.irq_log.empty());
}

TEST(RedistCpuif, Igrpen1GatesAcknowledgeButNotHppir)
{
    RedistHarness h(qemu_redist());
    h.bring_up();
    redist_icc_igrpen1_write(h.rd(), false);
    EXPECT_FALSE(redist_icc_igrpen1_read(h.rd()));
    pend(h, kLpi0 + 9, 0x40);
    EXPECT_FALSE(h.level());
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS);
    EXPECT_EQ(redist_icc_hppir1_read(h.rd()), kLpi0 + 9);
    redist_icc_igrpen1_write(h.rd(), true);
    EXPECT_TRUE(redist_icc_igrpen1_read(h.rd()));
    EXPECT_TRUE(h.level());
    EXPECT_EQ(h.ack(), kLpi0 + 9);
    EXPECT_EQ(redist_icc_hppir1_read(h.rd()), REDIST_SPURIOUS);
}

TEST(RedistCpuif, RunningPriorityNests)
{
    RedistHarness h(with_pri_bits(8));
    h.bring_up();
    EXPECT_EQ(redist_icc_rpr_read(h.rd()), 0xFF); // idle
    pend(h, kLpi0 + 1, 0xA0);
    EXPECT_EQ(h.ack(), kLpi0 + 1);
    EXPECT_EQ(redist_icc_rpr_read(h.rd()), 0xA0);
    EXPECT_FALSE(redist_is_pending(h.rd(), kLpi0 + 1)); // no active state for LPIs
    pend(h, kLpi0 + 2, 0xA0); // equal: cannot preempt
    EXPECT_FALSE(h.level());
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS);
    pend(h, kLpi0 + 3, 0x80); // higher: preempts
    EXPECT_TRUE(h.level());
    EXPECT_EQ(h.ack(), kLpi0 + 3);
    EXPECT_EQ(redist_icc_rpr_read(h.rd()), 0x80);
    // The same INTID again while its priority is active: pending again.
    pend(h, kLpi0 + 3, 0x80);
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS);
    h.eoi(kLpi0 + 3);
    EXPECT_EQ(redist_icc_rpr_read(h.rd()), 0xA0);
    EXPECT_EQ(h.ack(), kLpi0 + 3); // 0x80 beats the running 0xA0
    h.eoi(kLpi0 + 3);
    EXPECT_FALSE(h.level()); // +2 waits for the 0xA0 to drop
    h.eoi(kLpi0 + 1);
    EXPECT_EQ(redist_icc_rpr_read(h.rd()), 0xFF);
    EXPECT_EQ(h.drain(), std::vector<uint32_t>{kLpi0 + 2});
}

TEST(RedistCpuif, SixtyFourNestedLevels)
{
    RedistHarness h(with_pri_bits(8));
    h.bring_up();
    for (int p = 0xFC; p >= 0; p -= 4) {
        pend(h, kLpi0 + uint32_t(p), uint8_t(p));
        ASSERT_EQ(h.ack(), kLpi0 + uint32_t(p));
    }
    EXPECT_EQ(redist_icc_rpr_read(h.rd()), 0x00);
    pend(h, kLpi0 + 1000, 0x00); // nothing beats 0
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS);
    for (int p = 0; p <= 0xFC; p += 4)
        h.eoi(kLpi0 + uint32_t(p));
    EXPECT_EQ(redist_icc_rpr_read(h.rd()), 0xFF);
    EXPECT_EQ(h.stats().eoi, 64u);
    EXPECT_EQ(h.diag(REDIST_DIAG_EOI_MISMATCH), 0u);
    EXPECT_EQ(h.drain(), std::vector<uint32_t>{kLpi0 + 1000});
}

TEST(RedistCpuif, EoiRules)
{
    RedistHarness h(with_pri_bits(8));
    h.bring_up();
    h.eoi(kLpi0); // nothing active
    EXPECT_EQ(h.diag(REDIST_DIAG_EOI_WITHOUT_ACK), 1u);
    pend(h, kLpi0 + 1, 0xA0);
    pend(h, kLpi0 + 2, 0xA0);
    ASSERT_EQ(h.ack(), kLpi0 + 1);
    h.eoi(REDIST_SPURIOUS); // special INTIDs are ignored: no drop
    h.eoi(1020);
    EXPECT_EQ(h.diag(REDIST_DIAG_EOI_SPECIAL), 2u);
    EXPECT_EQ(redist_icc_rpr_read(h.rd()), 0xA0);
    h.eoi(kLpi0 + 7); // not the acknowledged one: counted, priority dropped anyway
    EXPECT_EQ(h.diag(REDIST_DIAG_EOI_MISMATCH), 1u);
    EXPECT_EQ(redist_icc_rpr_read(h.rd()), 0xFF);
    EXPECT_EQ(h.ack(), kLpi0 + 2);
    h.eoi(0xFF000000u | (kLpi0 + 2)); // bits above INTID[23:0] are RES0
    EXPECT_EQ(h.diag(REDIST_DIAG_EOI_MISMATCH), 1u);
    EXPECT_EQ(h.stats().eoi, 2u);
}

TEST(RedistCpuif, IrqLineFollowsEveryChange)
{
    RedistHarness h(qemu_redist());
    h.bring_up();
    std::vector<bool> want;
    auto expect = [&](bool level, const char *why) {
        if (want.empty() ? level : want.back() != level)
            want.push_back(level);
        EXPECT_EQ(h.level(), level) << why;
        EXPECT_EQ(h.irq_log, want) << why;
    };
    pend(h, kLpi0 + 1, 0xA0);
    expect(true, "set pending");
    pend(h, kLpi0 + 2, 0xA0);
    expect(true, "second set: no new edge");
    EXPECT_EQ(h.ack(), kLpi0 + 1);
    expect(false, "running priority masks the second");
    h.eoi(kLpi0 + 1);
    expect(true, "priority drop");
    redist_icc_pmr_write(h.rd(), 0x80);
    expect(false, "PMR");
    redist_icc_pmr_write(h.rd(), 0xFF);
    expect(true, "PMR open");
    redist_icc_igrpen1_write(h.rd(), false);
    expect(false, "IGRPEN1 off");
    redist_icc_igrpen1_write(h.rd(), true);
    expect(true, "IGRPEN1 on");
    h.prop(kLpi0 + 2, 0xA2);
    redist_inv(h.rd(), kLpi0 + 2);
    expect(false, "INV disabled it");
    h.prop(kLpi0 + 2, 0xA3);
    redist_invall(h.rd());
    expect(true, "INVALL enabled it");
    EXPECT_TRUE(redist_clear_pending(h.rd(), kLpi0 + 2));
    expect(false, "cleared");
    EXPECT_EQ(h.set(kLpi0 + 2), REDIST_LPI_PENDING);
    expect(true, "pending again");
    h.enable_lpis(false);
    expect(false, "EnableLPIs off");
    h.enable_lpis(true); // PTZ was set: nothing comes back
    expect(false, "EnableLPIs on, empty table");
    h.wr(PENDBASER, RedistHarness::kPend, 8); // ignored while enabled
    EXPECT_EQ(h.set(kLpi0 + 2), REDIST_LPI_PENDING);
    expect(true, "pending");
    redist_reset(h.rd());
    expect(false, "reset");
}

// 65,536 LPIs pending at once (17 ID bits), priorities spread over the 31
// levels PMR can open: acknowledged in priority, then INTID, order (not
// timed: a test asserts behaviour, a benchmark measures speed).
TEST(RedistCpuif, SixtyFiveThousandLpis)
{
    redist_config c = qemu_redist();
    c.id_bits = 17;
    RedistHarness h(c);
    h.bring_up(17);
    const uint32_t n = 65536;
    auto prio_of = [](uint32_t i) { return uint8_t((((i * 2654435761u) >> 13) % 31) << 3); };
    std::vector<std::pair<uint8_t, uint32_t>> want;
    for (uint32_t i = 0; i < n; i++) {
        h.prop(kLpi0 + i, uint8_t(prio_of(i) | 3));
        want.push_back({prio_of(i), kLpi0 + i});
    }
    std::sort(want.begin(), want.end());
    for (uint32_t i = 0; i < n; i++)
        h.set(kLpi0 + i);
    std::vector<uint32_t> got;
    got.reserve(n);
    for (uint32_t i; (i = h.ack()) != REDIST_SPURIOUS;) {
        got.push_back(i);
        h.eoi(i);
    }
    ASSERT_EQ(got.size(), n);
    for (uint32_t k = 0; k < n; k++)
        ASSERT_EQ(got[k], want[k].second) << k;
    EXPECT_EQ(h.stats().acknowledged, n);
    EXPECT_EQ(redist_next_pending(h.rd(), 0), 0u);
}

} // namespace
