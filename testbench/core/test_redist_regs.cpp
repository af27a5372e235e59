// SPDX-License-Identifier: Apache-2.0
// The GICR frames: configuration, reset values, access rules and write rules
// of every register (digest §4), and what Linux 6.1 reads from QEMU 7.2.
#include <vector>

#include "redist_harness.h"

using namespace gicr;

namespace {

uint64_t peek(const redist_t *rd, uint64_t off, unsigned size = 4)
{
    uint64_t v = ~0ull;
    EXPECT_EQ(redist_peek(rd, off, size, &v), ITS_ACCESS_OK) << std::hex << off;
    return v;
}

uint64_t diag_total(const redist_stats &s)
{
    uint64_t n = 0;
    for (uint64_t d : s.diag)
        n += d;
    return n;
}

struct Reg {
    uint64_t off;
    unsigned size;
    uint64_t reset; // QEMU preset, redistributor 0 of 1
};

// Every register either frame implements, with its natural size.
std::vector<Reg> all_registers()
{
    std::vector<Reg> r = {
        {CTLR, 4, 0x2},        {IIDR, 4, 0x43B},    {TYPER, 8, 0x1000011},
        {STATUSR, 4, 0},       {WAKER, 4, 0x6},     {PROPBASER, 8, 0},
        {PENDBASER, 8, 0},     {SYNCR, 4, 0},       {IGROUPR0, 4, 0},
        {ISENABLER0, 4, 0},    {ICENABLER0, 4, 0},  {ISPENDR0, 4, 0},
        {ICPENDR0, 4, 0},      {ISACTIVER0, 4, 0},  {ICACTIVER0, 4, 0},
        {ICFGR0, 4, 0xAAAAAAAA}, {ICFGR1, 4, 0},    {IGRPMODR0, 4, 0},
        {NSACR, 4, 0},
    };
    for (unsigned n = 0; n < 8; n++)
        r.push_back({IPRIORITYR0 + 4 * n, 4, 0});
    const uint8_t ids[12] = {0x44, 0, 0, 0, 0x93, 0xB4, 0x3B, 0, 0x0D, 0xF0, 0x05, 0xB1};
    for (unsigned i = 0; i < 12; i++)
        r.push_back({PIDR4 + 4 * i, 4, ids[i]});
    return r;
}

TEST(RedistConfig, QemuPresetMatchesTheLinuxTrace)
{
    // GICR_TYPER as Linux 6.1 read it from QEMU 7.2 with 4 PEs: PLPIS,
    // CommonLPIAff = 1, Processor_Number, Affinity; Last on PE 3 only.
    const uint64_t typer[4] = {0x1000001, 0x101000101, 0x201000201, 0x301000311};
    for (uint32_t n = 0; n < 4; n++) {
        redist_config c = qemu_redist(n, 4);
        EXPECT_EQ(redist_config_check(&c), nullptr);
        RedistHarness h(c);
        EXPECT_EQ(h.rd(TYPER, 8), typer[n]) << n;
        EXPECT_EQ(h.rd(TYPER, 4), typer[n] & 0xFFFFFFFF) << n;
        EXPECT_EQ(h.rd(TYPER + 4, 4), typer[n] >> 32) << n;
        EXPECT_EQ(h.rd(PIDR2), 0x3Bu);
        EXPECT_EQ(h.rd(CTLR), 0x2u);
        EXPECT_EQ(h.rd(IIDR), 0x43Bu);
    }
}

TEST(RedistConfig, QemuPresetAffinityAndRegions)
{
    redist_config c = qemu_redist(17, 200);
    EXPECT_EQ(c.affinity, 0x101u); // Aff1 = 1, Aff0 = 1: 16 PEs per cluster
    EXPECT_FALSE(c.last);
    EXPECT_TRUE(qemu_redist(122, 200).last); // end of the first GICR region
    EXPECT_FALSE(qemu_redist(121, 200).last);
    EXPECT_TRUE(qemu_redist(199, 200).last);
    EXPECT_TRUE(qemu_redist(122, 123).last);
    EXPECT_EQ(c.id_bits, 16);
    EXPECT_EQ(c.pri_bits, 5);
    EXPECT_FALSE(c.direct_lpi);
}

TEST(RedistConfig, CheckNamesEveryProblem)
{
    struct Bad {
        void (*edit)(redist_config &);
    };
    const Bad bad[] = {
        {[](redist_config &c) { c.id_bits = 13; }},
        {[](redist_config &c) { c.id_bits = 25; }},
        {[](redist_config &c) { c.pri_bits = 3; }},
        {[](redist_config &c) { c.pri_bits = 9; }},
        {[](redist_config &c) { c.processor_number = 0x10000; }},
        {[](redist_config &c) { c.common_lpi_aff = 4; }},
    };
    for (const Bad &b : bad) {
        redist_config c = qemu_redist();
        b.edit(c);
        const char *why = redist_config_check(&c);
        ASSERT_NE(why, nullptr);
        EXPECT_GT(std::string(why).size(), 10u);
        EXPECT_EQ(redist_create(&c, nullptr), nullptr);
    }
    redist_config c = qemu_redist();
    c.id_bits = 24;
    c.pri_bits = 8;
    c.processor_number = 0xFFFF;
    EXPECT_EQ(redist_config_check(&c), nullptr);
    redist_t *rd = redist_create(&c, nullptr); // no host ops at all
    ASSERT_NE(rd, nullptr);
    EXPECT_EQ(redist_get_config(rd)->processor_number, 0xFFFFu);
    redist_destroy(rd);
    redist_destroy(nullptr);
}

TEST(RedistRegs, ResetValuesAndNoDiagnostics)
{
    RedistHarness h(qemu_redist());
    for (const Reg &r : all_registers()) {
        EXPECT_EQ(h.rd(r.off, r.size), r.reset) << std::hex << r.off;
        EXPECT_EQ(peek(h.rd(), r.off, r.size), r.reset) << std::hex << r.off;
    }
    EXPECT_EQ(diag_total(h.stats()), 0u);
}

TEST(RedistRegs, GeneralConfigurationFields)
{
    redist_config c = qemu_redist();
    c.processor_number = 0x1234;
    c.affinity = 0x01020304;
    c.last = false;
    c.common_lpi_aff = 3;
    c.direct_lpi = true;
    c.iidr = 0x0201743B;
    c.pidr2 = 0x4B;
    RedistHarness h(c);
    EXPECT_EQ(h.rd(TYPER, 8), 0x0102030403123409ull); // DirectLPI bit 3, no Last, no VLPIS
    EXPECT_EQ(h.rd(IIDR), 0x0201743Bu);
    EXPECT_EQ(h.rd(PIDR2), 0x4Bu);
}

TEST(RedistRegs, AccessSizesAndAddresses)
{
    RedistHarness h(qemu_redist());
    uint64_t v;
    // 64-bit registers: whole and both halves.
    for (uint64_t off : {TYPER, PROPBASER, PENDBASER, SETLPIR, CLRLPIR, INVLPIR, INVALLR}) {
        EXPECT_EQ(redist_read(h.rd(), off, 8, &v), ITS_ACCESS_OK) << std::hex << off;
        EXPECT_EQ(redist_read(h.rd(), off + 4, 4, &v), ITS_ACCESS_OK) << std::hex << off;
        EXPECT_EQ(redist_read(h.rd(), off + 4, 8, &v), ITS_ACCESS_BAD_SIZE) << std::hex << off;
    }
    // 32-bit registers refuse 64-bit accesses; nothing takes 2 bytes.
    for (uint64_t off : {CTLR, WAKER, SYNCR, IGROUPR0, ICFGR1 - 4, NSACR, PIDR0}) {
        EXPECT_EQ(redist_read(h.rd(), off, 8, &v), ITS_ACCESS_BAD_SIZE) << std::hex << off;
        EXPECT_EQ(redist_write(h.rd(), off, 8, 0), ITS_ACCESS_BAD_SIZE) << std::hex << off;
        EXPECT_EQ(redist_read(h.rd(), off, 2, &v), ITS_ACCESS_BAD_SIZE) << std::hex << off;
    }
    EXPECT_EQ(redist_read(h.rd(), CTLR + 2, 4, &v), ITS_ACCESS_BAD_SIZE); // misaligned
    EXPECT_EQ(redist_read(h.rd(), CTLR + 1, 1, &v), ITS_ACCESS_BAD_SIZE); // bytes: IPRIORITYR only
    EXPECT_EQ(redist_read(h.rd(), CTLR, 16, &v), ITS_ACCESS_BAD_SIZE);
    EXPECT_EQ(h.diag(REDIST_DIAG_BAD_ACCESS_SIZE), 7u * 3 + 7 + 3);
    EXPECT_EQ(v, 0u); // a refused read returns 0
    // Beyond 128 KB, or straddling its end.
    EXPECT_EQ(redist_read(h.rd(), REDIST_FRAMES_SIZE, 4, &v), ITS_ACCESS_BAD_ADDRESS);
    EXPECT_EQ(redist_write(h.rd(), REDIST_FRAMES_SIZE - 4, 8, 0), ITS_ACCESS_BAD_ADDRESS);
    EXPECT_EQ(redist_write(h.rd(), ~0ull - 3, 4, 0), ITS_ACCESS_BAD_ADDRESS);
    EXPECT_EQ(h.diag(REDIST_DIAG_BAD_ADDRESS), 3u);
    // Reserved space (including the end of SGI_base) is RAZ/WI and counted;
    // a 64-bit access to a reserved pair is allowed.
    EXPECT_EQ(h.rd(0x20), 0u);
    EXPECT_EQ(h.rd(0x1FFF8, 8), 0u);
    EXPECT_EQ(h.rd(SGI + 0x104), 0u); // ISENABLER1 (extended PPIs): absent
    h.wr(0x20, 1);
    h.wr(0x1FFFC, 1);
    EXPECT_EQ(h.diag(REDIST_DIAG_RESERVED_READ), 3u);
    EXPECT_EQ(h.diag(REDIST_DIAG_RESERVED_WRITE), 2u);
}

TEST(RedistRegs, PeekCountsNothingAndReadOnlyWritesAreCounted)
{
    RedistHarness h(qemu_redist());
    uint64_t v;
    EXPECT_EQ(redist_peek(h.rd(), 0x20, 4, &v), ITS_ACCESS_OK);
    EXPECT_EQ(redist_peek(h.rd(), SETLPIR, 8, &v), ITS_ACCESS_OK);
    EXPECT_EQ(redist_peek(h.rd(), CTLR, 8, &v), ITS_ACCESS_BAD_SIZE);
    EXPECT_EQ(redist_peek(h.rd(), REDIST_FRAMES_SIZE, 4, &v), ITS_ACCESS_BAD_ADDRESS);
    EXPECT_EQ(diag_total(h.stats()), 0u);

    const uint64_t typer = h.rd(TYPER, 8);
    for (uint64_t off : {IIDR, SYNCR, ICFGR0, PIDR2, CIDR0})
        h.wr(off, 0x12345678);
    h.wr(TYPER, 0, 8);
    h.wr(TYPER + 4, 0, 4);
    EXPECT_EQ(h.diag(REDIST_DIAG_READONLY_WRITE), 7u);
    EXPECT_EQ(h.rd(TYPER, 8), typer);
    EXPECT_EQ(h.rd(ICFGR0), 0xAAAAAAAAu); // SGIs stay edge-triggered
    EXPECT_EQ(h.rd(IIDR), 0x43Bu);
    // Write-only registers read as zero, counted.
    for (uint64_t off : {SETLPIR, CLRLPIR, INVLPIR, INVALLR})
        EXPECT_EQ(h.rd(off, 8), 0u);
    EXPECT_EQ(h.diag(REDIST_DIAG_WRITEONLY_READ), 4u);
    // STATUSR is RAZ/WI without diagnostics.
    h.wr(STATUSR, 0xF);
    EXPECT_EQ(h.rd(STATUSR), 0u);
    EXPECT_EQ(h.diag(REDIST_DIAG_RESERVED_WRITE) + h.diag(REDIST_DIAG_RESERVED_READ), 0u);
}

TEST(RedistRegs, CtlrEnableLpisIsClearableAndNothingElseSticks)
{
    RedistHarness h(qemu_redist());
    h.wr(CTLR, 0xFFFFFFFF);
    EXPECT_EQ(h.rd(CTLR), 0x3u); // EnableLPIs | CES; RWP, UWP, DPG* read 0
    h.wr(CTLR, 0);
    EXPECT_EQ(h.rd(CTLR), 0x2u); // cleared at once: RWP never needs polling
    h.wr(CTLR, 0x1);
    h.wr(CTLR, 0x1); // no change: no second scan, no write-back
    EXPECT_EQ(h.rd(CTLR), 0x3u);
    EXPECT_EQ(h.stats().pend_writebacks, 0u);
}

TEST(RedistRegs, WakerFollowsTheLinuxWakeUp)
{
    RedistHarness h(qemu_redist());
    EXPECT_EQ(h.rd(WAKER), 0x6u); // ProcessorSleep, ChildrenAsleep
    h.wr(WAKER, 0x4);             // Linux clears ProcessorSleep (ChildrenAsleep is RO)
    EXPECT_EQ(h.rd(WAKER), 0x0u);
    h.wr(WAKER, 0x80000005); // bit 0 and Quiescent are RAZ/WI
    EXPECT_EQ(h.rd(WAKER), 0x0u);
    h.wr(WAKER, 0x2);
    EXPECT_EQ(h.rd(WAKER), 0x6u);
    redist_reset(h.rd());
    EXPECT_EQ(h.rd(WAKER), 0x6u);
}

TEST(RedistRegs, PropbaserFields)
{
    RedistHarness h(qemu_redist());
    // Linux's value on QEMU reads back unchanged.
    h.wr(PROPBASER, 0x425c078f, 8);
    EXPECT_EQ(h.rd(PROPBASER, 8), 0x425c078full);
    // RES0 bits drop, PA[51:12] and both cache fields stay, IDbits as written.
    h.wr(PROPBASER, ~0ull, 8);
    const uint64_t keep = 0x1Full | (7ull << 7) | (3ull << 10) | (0xFFFFFFFFFFull << 12) | (7ull << 56);
    EXPECT_EQ(h.rd(PROPBASER, 8), keep);
    // Halves merge.
    h.wr(PROPBASER, 0, 8);
    h.wr(PROPBASER + 4, 0x000F0000, 4);
    h.wr(PROPBASER, 0x1000070D, 4);
    EXPECT_EQ(h.rd(PROPBASER, 8), 0x000F00001000070Dull & keep);
    EXPECT_EQ(h.rd(PROPBASER + 4), 0x000F0000u);
}

TEST(RedistRegs, PendbaserFieldsAndPtzIsWriteOnly)
{
    RedistHarness h(qemu_redist());
    h.wr(PENDBASER, 0x42600780, 8);
    EXPECT_EQ(h.rd(PENDBASER, 8), 0x42600780ull);
    h.wr(PENDBASER, ~0ull, 8);
    const uint64_t keep = (7ull << 7) | (3ull << 10) | (0xFFFFFFFFFull << 16) | (7ull << 56);
    EXPECT_EQ(h.rd(PENDBASER, 8), keep); // PTZ reads 0, PA below bit 16 dropped
}

TEST(RedistRegs, AttributesStickOnlyWhenConfigured)
{
    redist_config c = qemu_redist();
    c.shareability = false;
    RedistHarness a(c);
    a.wr(PROPBASER, 0x425c078f, 8);
    a.wr(PENDBASER, 0x42600780, 8);
    EXPECT_EQ(a.rd(PROPBASER, 8), 0x425c038full); // Shareability RAZ: Linux falls back to nC
    EXPECT_EQ(a.rd(PENDBASER, 8), 0x42600380ull);
    c.cacheability = false;
    RedistHarness b(c);
    b.wr(PROPBASER, 0x425c078f | (7ull << 56), 8);
    b.wr(PENDBASER, 0x42600780 | (7ull << 56), 8);
    EXPECT_EQ(b.rd(PROPBASER, 8), 0x425c000full);
    EXPECT_EQ(b.rd(PENDBASER, 8), 0x42600000ull);
}

TEST(RedistRegs, BasersIgnoreWritesWhileLpisAreEnabled)
{
    RedistHarness h(qemu_redist());
    h.wr(PROPBASER, RedistHarness::kProp | 15, 8);
    h.wr(PENDBASER, RedistHarness::kPend, 8);
    h.enable_lpis(true);
    h.wr(PROPBASER, 0x1000f, 8);
    h.wr(PROPBASER + 4, 1, 4);
    h.wr(PENDBASER, 0x10000, 8);
    EXPECT_EQ(h.diag(REDIST_DIAG_BASER_WHILE_ENABLED), 3u);
    EXPECT_EQ(h.rd(PROPBASER, 8), RedistHarness::kProp | 15);
    EXPECT_EQ(h.rd(PENDBASER, 8), RedistHarness::kPend);
    h.enable_lpis(false);
    h.wr(PROPBASER, 0x1000f, 8);
    EXPECT_EQ(h.rd(PROPBASER, 8), 0x1000full);
    EXPECT_EQ(h.diag(REDIST_DIAG_BASER_WHILE_ENABLED), 3u);
}

TEST(RedistRegs, SgiFrameIsPlainStorageWithSetClearViews)
{
    RedistHarness h(qemu_redist());
    struct Pair {
        uint64_t set, clr;
    };
    for (Pair p : {Pair{ISENABLER0, ICENABLER0}, Pair{ISPENDR0, ICPENDR0}, Pair{ISACTIVER0, ICACTIVER0}}) {
        h.wr(p.set, 0x0000FF01);
        h.wr(p.set, 0x80000000);
        EXPECT_EQ(h.rd(p.set), 0x8000FF01u) << std::hex << p.set;
        EXPECT_EQ(h.rd(p.clr), 0x8000FF01u) << std::hex << p.set;
        h.wr(p.clr, 0x00000F01);
        EXPECT_EQ(h.rd(p.set), 0x8000F000u) << std::hex << p.set;
        h.wr(p.set, 0); // writing 0 changes nothing
        h.wr(p.clr, 0);
        EXPECT_EQ(h.rd(p.clr), 0x8000F000u) << std::hex << p.set;
    }
    for (uint64_t off : {IGROUPR0, IGRPMODR0, NSACR}) {
        h.wr(off, 0xDEADBEEF);
        EXPECT_EQ(h.rd(off), 0xDEADBEEFu) << std::hex << off;
        h.wr(off, 0x1);
        EXPECT_EQ(h.rd(off), 0x1u) << std::hex << off;
    }
    h.wr(ICFGR1, 0xFFFFFFFF);
    EXPECT_EQ(h.rd(ICFGR1), 0xAAAAAAAAu); // Int_config[0] of each PPI is RES0
    // IPRIORITYR: words and bytes, little-endian.
    for (unsigned n = 0; n < 8; n++)
        h.wr(IPRIORITYR0 + 4 * n, 0xa0a0a0a0);
    EXPECT_EQ(h.rd(IPRIORITYR0 + 28), 0xa0a0a0a0u);
    h.wr(IPRIORITYR0 + 5, 0x12, 1);
    EXPECT_EQ(h.rd(IPRIORITYR0 + 4), 0xa0a012a0u);
    EXPECT_EQ(h.rd(IPRIORITYR0 + 5, 1), 0x12u);
    EXPECT_EQ(peek(h.rd(), IPRIORITYR0 + 31, 1), 0xa0u);
    EXPECT_EQ(diag_total(h.stats()), 0u);
    // Storage only: nothing reaches the CPU interface.
    redist_icc_pmr_write(h.rd(), 0xFF);
    redist_icc_igrpen1_write(h.rd(), true);
    EXPECT_FALSE(h.level());
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS);
    redist_reset(h.rd());
    EXPECT_EQ(h.rd(IPRIORITYR0 + 4), 0u);
    EXPECT_EQ(h.rd(ISPENDR0), 0u);
}

TEST(RedistRegs, DirectLpiRegistersOff)
{
    RedistHarness h(qemu_redist()); // QEMU: DirectLPI = 0
    h.bring_up();
    h.prop(kLpi0, 0xA3);
    h.wr(SETLPIR, kLpi0, 8);
    h.wr(INVALLR, 0, 8);
    h.wr(INVLPIR, kLpi0, 4);
    h.wr(CLRLPIR + 4, 0, 4);
    EXPECT_EQ(h.diag(REDIST_DIAG_DIRECT_LPI_OFF), 4u);
    EXPECT_FALSE(redist_is_pending(h.rd(), kLpi0));
    EXPECT_EQ(h.stats().invalls, 0u);
    EXPECT_EQ(h.rd(SYNCR), 0u);
}

TEST(RedistRegs, DirectLpiRegistersOn)
{
    redist_config c = qemu_redist();
    c.direct_lpi = true;
    RedistHarness h(c);
    h.wr(SETLPIR, kLpi0, 8); // EnableLPIs = 0: dropped
    EXPECT_EQ(h.stats().lpi[REDIST_LPI_DROP_DISABLED], 1u);
    h.bring_up();
    h.prop(kLpi0 + 1, 0xA3);
    h.wr(SETLPIR, kLpi0 + 1, 4); // 32-bit write, zero-extended
    EXPECT_TRUE(redist_is_pending(h.rd(), kLpi0 + 1));
    h.wr(SETLPIR, kLpi0 + 1, 8);
    EXPECT_EQ(h.stats().lpi[REDIST_LPI_MERGED], 1u);
    h.wr(SETLPIR + 4, 0, 4); // upper half alone: nothing
    h.wr(SETLPIR, 100, 8);   // not an LPI
    EXPECT_EQ(h.stats().lpi[REDIST_LPI_DROP_OOR], 1u);
    EXPECT_TRUE(h.level());
    h.wr(CLRLPIR, kLpi0 + 1, 8);
    EXPECT_FALSE(redist_is_pending(h.rd(), kLpi0 + 1));
    EXPECT_EQ(h.stats().cleared, 1u);
    EXPECT_FALSE(h.level());
    // INVLPIR / INVALLR reload the cached byte.
    h.wr(SETLPIR, kLpi0 + 1, 8);
    h.prop(kLpi0 + 1, 0xA2);
    h.wr(INVLPIR, kLpi0 + 1, 8);
    EXPECT_FALSE(h.level());
    h.prop(kLpi0 + 1, 0xA3);
    h.wr(INVALLR, 0, 8);
    EXPECT_TRUE(h.level());
    h.wr(SYNCR, 1);
    EXPECT_EQ(h.diag(REDIST_DIAG_READONLY_WRITE), 1u);
    EXPECT_EQ(h.rd(SYNCR), 0u); // never busy
    EXPECT_EQ(h.stats().invs, 1u);
    EXPECT_EQ(h.stats().invalls, 1u);
    EXPECT_EQ(h.diag(REDIST_DIAG_DIRECT_LPI_OFF), 0u);
    EXPECT_EQ(h.ack(), kLpi0 + 1);
}

// Linux 6.1's per-CPU GIC and LPI bring-up on QEMU 7.2 redistributor 3 of 4,
// access for access as mmio-A.tsv recorded it (W = write, R = read + value).
TEST(RedistRegs, LinuxBringUpReplay)
{
    struct Access {
        char dir;
        uint64_t off;
        uint64_t value;
        unsigned size;
    };
    const Access seq[] = {
        {'R', PIDR2, 0x3b, 4},          {'R', TYPER, 0x301000311, 8},
        {'R', WAKER, 0x6, 4},           {'W', WAKER, 0x4, 4},
        {'R', WAKER, 0x0, 4},           {'W', IGROUPR0, 0xffffffff, 4},
        {'W', ICACTIVER0, 0xffffffff, 4}, {'W', ICENABLER0, 0xffffffff, 4},
        {'W', IPRIORITYR0, 0xa0a0a0a0, 4}, {'W', IPRIORITYR0 + 28, 0xa0a0a0a0, 4},
        {'R', CTLR, 0x2, 4},            {'R', TYPER, 0x301000311, 8},
        {'R', CTLR, 0x2, 4},            {'W', PROPBASER, 0x425c078f, 8},
        {'R', PROPBASER, 0x425c078f, 8}, {'W', PENDBASER, 0x42600780, 8},
        {'R', PENDBASER, 0x42600780, 8}, {'R', CTLR, 0x2, 4},
        {'W', CTLR, 0x3, 4},            {'R', TYPER, 0x301000311, 8},
        {'R', ICFGR1, 0x0, 4},          {'W', ISENABLER0, 0x8000000, 4},
        {'W', ISENABLER0, 0x1, 4},      {'W', ISENABLER0, 0x800000, 4},
    };
    RedistHarness h(qemu_redist(3, 4));
    for (const Access &a : seq) {
        if (a.dir == 'W')
            h.wr(a.off, a.value, a.size);
        else
            EXPECT_EQ(h.rd(a.off, a.size), a.value) << std::hex << a.off;
    }
    EXPECT_EQ(h.rd(CTLR), 0x3u);
    EXPECT_EQ(h.rd(ISENABLER0), 0x8800001u);
    EXPECT_EQ(diag_total(h.stats()), 0u);
    EXPECT_EQ(h.stats().pend_scans, 1u); // no PTZ: the (zero) table was scanned
    EXPECT_EQ(redist_next_pending(h.rd(), 0), 0u);
}

} // namespace
