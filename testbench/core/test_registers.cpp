// SPDX-License-Identifier: Apache-2.0
// The GITS register file: reset values and access rules of every register,
// for the QEMU virt and GIC-600 presets (GICv3 architecture, digest §1).
#include <cstring>
#include <iterator>
#include <vector>

#include "its_harness.h"

namespace {

constexpr uint64_t kTypeEsMask = (7ull << 56) | (0x1Full << 48); // BASER Type, Entry_Size
constexpr uint64_t kShare = 3ull << 10;
constexpr uint64_t kCache = (7ull << 53) | (7ull << 59);  // OuterCache, InnerCache
constexpr uint64_t kIndirect = 1ull << 62;
constexpr uint64_t kValid = 1ull << 63;
constexpr uint64_t kPageSize = 3ull << 8;

uint64_t bits(unsigned hi, unsigned lo) { return (~0ull >> (63 - hi)) & ~((1ull << lo) - 1); }
uint64_t field(uint64_t v, unsigned lo, unsigned width) { return (v >> lo) & ((1ull << width) - 1); }

uint64_t peek(const its_t *its, uint64_t off, unsigned size)
{
    uint64_t v = ~0ull;
    EXPECT_EQ(its_peek(its, off, size, &v), ITS_ACCESS_OK) << std::hex << off;
    return v;
}

// Every architected register, with its natural access size.
struct Reg {
    uint64_t off;
    unsigned size;
};
std::vector<Reg> all_registers()
{
    std::vector<Reg> r = {{CTLR, 4}, {IIDR, 4}, {TYPER, 8}, {CBASER, 8}, {CWRITER, 8}, {CREADR, 8}};
    for (unsigned n = 0; n < 8; n++)
        r.push_back({BASER0 + 8 * n, 8});
    for (uint64_t off = PIDR4; off < 0x10000; off += 4)
        r.push_back({off, 4});
    return r;
}
std::vector<uint64_t> snapshot(const its_t *its)
{
    std::vector<uint64_t> v;
    for (const Reg &r : all_registers())
        v.push_back(peek(its, r.off, r.size));
    return v;
}

struct Preset {
    const char *name;
    its_config (*make)();
    uint32_t iidr;
    uint64_t baser0, baser1;
};
const Preset kPresets[] = {
    {"qemu", [] { return qemu_config(); }, 0x43B, 0x0107000000000200ull, 0x0407000000000200ull},
    {"gic600", [] { return gic600_config(); }, 0x0201743B, 0x0107000000000000ull,
     0x0401000000000000ull},
};

void PrintTo(const Preset &p, std::ostream *os) { *os << p.name; }

class Regs : public ::testing::TestWithParam<Preset> {
protected:
    its_config cfg = GetParam().make();
    ItsHarness h{cfg};
    uint64_t diag(its_diag d) { return h.stats().diag[d]; }
    std::vector<unsigned> implemented_basers() const
    {
        std::vector<unsigned> v;
        for (unsigned n = 0; n < 8; n++)
            if (cfg.baser[n].type != ITS_TABLE_NONE)
                v.push_back(n);
        return v;
    }
};

TEST_P(Regs, ResetValues)
{
    ASSERT_NE(h.its(), nullptr);
    EXPECT_EQ(h.rd(CTLR, 4), 0x80000000u); // Enabled 0, Quiescent 1
    EXPECT_EQ(h.rd(IIDR, 4), GetParam().iidr);
    EXPECT_EQ(h.rd(BASER0), GetParam().baser0);
    EXPECT_EQ(h.rd(BASER0 + 8), GetParam().baser1);
    for (unsigned n = 2; n < 8; n++)
        EXPECT_EQ(h.rd(BASER0 + 8 * n), 0u) << "BASER" << n;
    EXPECT_EQ(h.rd(CBASER) & kValid, 0u);
    EXPECT_EQ(h.rd(CREADR), 0u);
}

TEST_P(Regs, TyperReportsTheConfiguration)
{
    uint64_t t = h.rd(TYPER);
    EXPECT_EQ(field(t, 0, 1), 1u);                                   // Physical
    EXPECT_EQ(field(t, 1, 1), 0u);                                   // Virtual
    EXPECT_EQ(field(t, 2, 1), cfg.hcc ? 1u : 0u);                    // CCT
    EXPECT_EQ(field(t, 4, 4), cfg.ite_size - 1u);                    // ITT_entry_size
    EXPECT_EQ(field(t, 8, 5), cfg.eventid_bits - 1u);                // ID_bits
    EXPECT_EQ(field(t, 13, 5), cfg.devid_bits - 1u);                 // Devbits
    EXPECT_EQ(field(t, 18, 1), cfg.seis ? 1u : 0u);                  // SEIS
    EXPECT_EQ(field(t, 19, 1), cfg.pta ? 1u : 0u);                   // PTA
    EXPECT_EQ(field(t, 24, 8), cfg.hcc);                             // HCC
    EXPECT_EQ(field(t, 32, 4), cfg.cil ? cfg.icid_bits - 1u : 0u);   // CIDbits
    EXPECT_EQ(field(t, 36, 1), cfg.cil ? 1u : 0u);                   // CIL
    EXPECT_EQ(t & (bits(23, 20) | bits(63, 37)), 0u);                // RES0 / GICv4 fields
}

TEST(RegsQemu, TyperIsWhatQemuReports) { EXPECT_EQ(ItsHarness(qemu_config()).rd(TYPER), 0x1f0001efb1ull); }

TEST_P(Regs, IdRegistersComeFromTheConfig)
{
    for (unsigned i = 0; i < 4; i++) {
        EXPECT_EQ(h.rd(PIDR0 + 4 * i, 4), cfg.pidr[i]) << "PIDR" << i;
        EXPECT_EQ(h.rd(PIDR4 + 4 * i, 4), cfg.pidr[4 + i]) << "PIDR" << 4 + i;
        EXPECT_EQ(h.rd(CIDR0 + 4 * i, 4), cfg.cidr[i]) << "CIDR" << i;
    }
}

TEST(RegsIds, EachIdRegisterHasItsOwnByte)
{
    its_config c = qemu_config();
    for (unsigned i = 0; i < 8; i++)
        c.pidr[i] = uint8_t(0x10 + i);
    for (unsigned i = 0; i < 4; i++)
        c.cidr[i] = uint8_t(0xA0 + i);
    ItsHarness h(c);
    const uint64_t order[12] = {0x14, 0x15, 0x16, 0x17, 0x10, 0x11, 0x12, 0x13, 0xA0, 0xA1, 0xA2, 0xA3};
    for (unsigned i = 0; i < 12; i++)
        EXPECT_EQ(h.rd(PIDR4 + 4 * i, 4), order[i]) << std::hex << PIDR4 + 4 * i;
}

TEST_P(Regs, ReadOnlyRegistersIgnoreWritesAndCountThem)
{
    h.setup_queue(); // CREADR, CWRITER meaningful
    std::vector<uint64_t> before = snapshot(h.its());
    const Reg writes[] = {{IIDR, 4}, {TYPER, 8}, {TYPER, 4}, {TYPER + 4, 4}, {CREADR, 8},
                          {CREADR, 4}, {CREADR + 4, 4}, {PIDR0, 4}, {PIDR4, 4}, {CIDR0 + 12, 4}};
    uint64_t n0 = diag(ITS_DIAG_READONLY_WRITE);
    for (const Reg &w : writes)
        h.wr(w.off, ~0ull >> (64 - 8 * w.size) & 0xFFFFFFFFFFFFFFE0ull, w.size);
    EXPECT_EQ(diag(ITS_DIAG_READONLY_WRITE) - n0, std::size(writes));
    EXPECT_EQ(snapshot(h.its()), before);
}

// ---- GITS_CTLR -----------------------------------------------------------------

TEST_P(Regs, CtlrEnabledAndQuiescent)
{
    cfg.process_on_write = false; // so a command can wait in the queue
    ItsHarness q(cfg);
    q.wr(CTLR, 0x7FFFFFFEu, 4); // every bit but Enabled: RES0 or read-only
    EXPECT_EQ(q.rd(CTLR, 4), 0x80000000u);
    q.bring_up();
    EXPECT_EQ(q.rd(CTLR, 4) & 1u, 1u);
    q.put(cmd::sync(0));
    EXPECT_EQ(q.rd(CTLR, 4), 0x00000001u) << "a command is waiting: not quiescent";
    EXPECT_EQ(its_cmdq_run(q.its(), 8), 1u);
    q.wr(CTLR, 0, 4);
    EXPECT_EQ(q.rd(CTLR, 4), 0x80000000u);
}

TEST_P(Regs, EnablingWithoutTablesIsCounted)
{
    h.wr(CTLR, 1, 4);
    EXPECT_EQ(h.rd(CTLR, 4) & 1u, 1u);
    EXPECT_EQ(diag(ITS_DIAG_ENABLED_WITHOUT_TABLES), 1u);
    h.wr(CTLR, 1, 4); // already enabled: no new transition
    EXPECT_EQ(diag(ITS_DIAG_ENABLED_WITHOUT_TABLES), 1u);
}

// ---- GITS_CBASER -----------------------------------------------------------------

TEST_P(Regs, CbaserKeepsOnlyItsFields)
{
    h.wr(CBASER, ~0ull);
    uint64_t expect = bits(7, 0) | kShare | bits(cfg.pa_bits - 1, 12) | kCache | kValid;
    EXPECT_EQ(h.rd(CBASER), expect);
    h.wr(CBASER, 0);
    EXPECT_EQ(h.rd(CBASER), 0u);
}

TEST_P(Regs, CbaserWriteResetsCreadrAndStall)
{
    h.bring_up();
    h.run(cmd::sync(0));
    h.run(cmd::sync(1));
    h.wr(CTLR, 0, 4);
    ASSERT_EQ(h.rd(CREADR), 64u);
    h.wr(CBASER + 4, h.rd(CBASER + 4, 4), 4); // one half, same value: CREADR still goes to 0
    EXPECT_EQ(h.rd(CREADR), 0u);

    cfg.error_policy = ITS_POLICY_STALL;
    ItsHarness s(cfg);
    s.bring_up();
    s.run(cmd::sync(0));
    s.put(cmd::mapd(0, 31, 0)); // Size beyond ID_bits
    ASSERT_EQ(s.rd(CREADR), 32u | 1u);
    s.wr(CTLR, 0, 4);
    s.wr(CBASER, s.rd(CBASER));
    EXPECT_EQ(s.rd(CREADR), 0u);
}

TEST_P(Regs, CbaserIgnoredWhileEnabled)
{
    h.bring_up();
    h.run(cmd::sync(0));
    uint64_t cbaser = h.rd(CBASER), creadr = h.rd(CREADR);
    h.wr(CBASER, cbaser ^ 0x1000ull);
    h.wr(CBASER + 4, 0, 4);
    EXPECT_EQ(h.rd(CBASER), cbaser);
    EXPECT_EQ(h.rd(CREADR), creadr);
    EXPECT_EQ(diag(ITS_DIAG_CBASER_WHILE_ENABLED), 2u);
}

// ---- GITS_CWRITER / GITS_CREADR -------------------------------------------------

TEST_P(Regs, CwriterKeepsOffsetAndRetryReadsZero)
{
    h.setup_queue(16);
    h.wr(CWRITER, bits(63, 20) | 0x60 | 0x1F); // RES0 bits, Retry and Offset 3
    EXPECT_EQ(h.rd(CWRITER), 0x60u);
    h.wr(CWRITER, 0xFFFE0 | 1);
    EXPECT_EQ(h.rd(CWRITER), 0xFFFE0u);
}

TEST_P(Regs, CwriterBeyondTheQueueStopsIt)
{
    h.setup_table(ITS_TABLE_DEVICE, cfg.baser[0].reset_page_size);
    if (h.baser_of(ITS_TABLE_COLLECTION) >= 0)
        h.setup_table(ITS_TABLE_COLLECTION, cfg.baser[1].reset_page_size);
    h.setup_queue(1); // 4 KB: 128 slots
    h.wr(CTLR, 1, 4);
    for (int slot = 0; slot < 128; slot++) { // a SYNC in every slot
        Cmd c = cmd::sync(0);
        for (int i = 0; i < 4; i++)
            shim_write64(h.mem(), h.queue_base() + 32 * slot + 8 * i, c[i]);
    }
    h.wr(CWRITER, 0x1000);
    EXPECT_EQ(diag(ITS_DIAG_CWRITER_OUT_OF_RANGE), 1u);
    EXPECT_FALSE(its_cmdq_ready(h.its()));
    EXPECT_EQ(its_cmdq_step(h.its(), nullptr), ITS_STEP_IDLE);
    EXPECT_EQ(h.rd(CREADR), 0u);
    EXPECT_EQ(h.stats().commands[ITS_CMD_SYNC], 0u);
    h.wr(CWRITER, 0x40); // back in range: the queue runs again
    EXPECT_EQ(h.rd(CREADR), 0x40u);
    EXPECT_EQ(h.stats().commands[ITS_CMD_SYNC], 2u);
    EXPECT_EQ(diag(ITS_DIAG_CWRITER_OUT_OF_RANGE), 1u);
}

// ---- GITS_BASER<n> ----------------------------------------------------------------

TEST_P(Regs, BaserTypeAndEntrySizeAreReadOnly)
{
    for (unsigned n : implemented_basers()) {
        uint64_t reset = h.rd(BASER0 + 8 * n);
        h.wr(BASER0 + 8 * n, reset ^ kTypeEsMask);
        EXPECT_EQ(h.rd(BASER0 + 8 * n) & kTypeEsMask, reset & kTypeEsMask) << "BASER" << n;
        EXPECT_EQ(field(reset, 56, 3), unsigned(cfg.baser[n].type));
        EXPECT_EQ(field(reset, 48, 5), cfg.baser[n].entry_size - 1u);
    }
}

TEST_P(Regs, BaserIndirectOnlyWhereConfigured)
{
    for (unsigned n : implemented_basers()) {
        h.wr(BASER0 + 8 * n, h.rd(BASER0 + 8 * n) | kIndirect);
        EXPECT_EQ((h.rd(BASER0 + 8 * n) & kIndirect) != 0, cfg.baser[n].indirect) << "BASER" << n;
    }
}

TEST(RegsGic600, CollectionBaserIndirectIsRazWi)
{
    ItsHarness h(gic600_config());
    h.wr(BASER0 + 8, h.rd(BASER0 + 8) | kIndirect | kValid);
    EXPECT_EQ(h.rd(BASER0 + 8), 0x0401000000000000ull | kValid);
}

TEST_P(Regs, UnimplementedBasersAreRazWi)
{
    uint64_t n0 = diag(ITS_DIAG_RESERVED_WRITE);
    unsigned writes = 0;
    for (unsigned n = 0; n < 8; n++) {
        if (cfg.baser[n].type != ITS_TABLE_NONE)
            continue;
        h.wr(BASER0 + 8 * n, ~0ull);
        h.wr(BASER0 + 8 * n + 4, ~0u, 4);
        writes += 2;
        EXPECT_EQ(h.rd(BASER0 + 8 * n), 0u) << "BASER" << n;
    }
    EXPECT_EQ(writes, 12u);
    EXPECT_EQ(diag(ITS_DIAG_RESERVED_WRITE) - n0, writes);
}

TEST_P(Regs, BaserIgnoredWhileEnabled)
{
    h.bring_up();
    uint64_t b0 = h.rd(BASER0), b1 = h.rd(BASER0 + 8);
    h.wr(BASER0, 0);
    h.wr(BASER0 + 8 + 4, 0, 4);
    EXPECT_EQ(h.rd(BASER0), b0);
    EXPECT_EQ(h.rd(BASER0 + 8), b1);
    EXPECT_EQ(diag(ITS_DIAG_BASER_WHILE_ENABLED), 2u);
}

// Physical_Address bits that stick, per page size (digest §1.8).
TEST_P(Regs, BaserPhysicalAddressPerPageSize)
{
    uint64_t pa_field = bits(47, 12) & bits(cfg.pa_bits - 1, 0);
    const uint64_t expect[3] = {
        pa_field,
        pa_field & ~bits(13, 12),
        (pa_field & ~bits(15, 12)) | (cfg.pa_bits > 48 ? bits(12 + cfg.pa_bits - 49, 12) : 0),
    };
    for (unsigned psz = 0; psz < 3; psz++) {
        h.wr(BASER0, bits(47, 12) | uint64_t(psz) << 8);
        EXPECT_EQ(h.rd(BASER0) & bits(47, 12), expect[psz]) << "page size code " << psz;
        EXPECT_EQ(field(h.rd(BASER0), 8, 2), psz);
    }
}

// Linux its_probe_baser_psz: try 64K, read back, fall back to 16K then 4K.
unsigned linux_probe_page_size(ItsHarness &h, uint64_t off)
{
    for (unsigned psz = 2;; psz--) {
        uint64_t v = (h.rd(off) & ~kPageSize) | uint64_t(psz) << 8;
        h.wr(off, v);
        if (field(h.rd(off), 8, 2) == psz || psz == 0)
            return unsigned(field(h.rd(off), 8, 2));
    }
}

struct PszCase {
    uint8_t page_sizes;
    unsigned expect_psz, expect_rejects;
};
void PrintTo(const PszCase &p, std::ostream *os) { *os << "page_sizes " << unsigned(p.page_sizes); }
class PageSizeNegotiation : public ::testing::TestWithParam<PszCase> {};

TEST_P(PageSizeNegotiation, LinuxProbeSettlesOnTheLargestSupported)
{
    const PszCase &p = GetParam();
    for (const Preset &preset : kPresets) {
        SCOPED_TRACE(preset.name);
        its_config c = preset.make();
        c.page_sizes = p.page_sizes;
        unsigned smallest = p.page_sizes & 1 ? 0 : p.page_sizes & 2 ? 1 : 2;
        c.baser[0].reset_page_size = c.baser[1].reset_page_size = uint8_t(smallest);
        ItsHarness h(c);
        EXPECT_EQ(linux_probe_page_size(h, BASER0), p.expect_psz);
        EXPECT_EQ(linux_probe_page_size(h, BASER0 + 8), p.expect_psz);
        EXPECT_EQ(h.stats().diag[ITS_DIAG_PAGE_SIZE_REJECTED], 2 * p.expect_rejects);
        // Reserved encoding 0b11 never sticks; the other fields of the write do.
        h.wr(BASER0, h.rd(BASER0) | kPageSize | 0x5);
        EXPECT_EQ(field(h.rd(BASER0), 8, 2), p.expect_psz);
        EXPECT_EQ(field(h.rd(BASER0), 0, 8), 5u);
        EXPECT_EQ(h.stats().diag[ITS_DIAG_PAGE_SIZE_REJECTED], 2 * p.expect_rejects + 1);
    }
}
INSTANTIATE_TEST_SUITE_P(Regs, PageSizeNegotiation,
                         ::testing::Values(PszCase{7, 2, 0}, PszCase{5, 2, 0}, PszCase{4, 2, 0},
                                           PszCase{3, 1, 1}, PszCase{2, 1, 1}, PszCase{1, 0, 2}));

// Shareability and cacheability stick only when the configuration says so.
class Attributes : public ::testing::TestWithParam<std::tuple<bool, bool>> {};
TEST_P(Attributes, RazWiUnlessConfigured)
{
    auto [share, cache] = GetParam();
    its_config c = qemu_config();
    c.shareability = share;
    c.cacheability = cache;
    ItsHarness h(c);
    for (uint64_t off : {uint64_t(CBASER), uint64_t(BASER0), uint64_t(BASER0 + 8)}) {
        h.wr(off, h.rd(off) | kShare | kCache);
        uint64_t v = h.rd(off);
        EXPECT_EQ(v & kShare, share ? kShare : 0) << std::hex << off;
        EXPECT_EQ(v & kCache, cache ? kCache : 0) << std::hex << off;
    }
}
INSTANTIATE_TEST_SUITE_P(Regs, Attributes, ::testing::Combine(::testing::Bool(), ::testing::Bool()));

// ---- 32-bit access to 64-bit registers ---------------------------------------------

TEST_P(Regs, HalvesOfEveryWideRegisterRead)
{
    h.bring_up();
    h.run(cmd::sync(0));
    std::vector<uint64_t> wide = {TYPER, CBASER, CWRITER, CREADR};
    for (unsigned n = 0; n < 8; n++)
        wide.push_back(BASER0 + 8 * n);
    for (uint64_t off : wide) {
        uint64_t v = h.rd(off);
        EXPECT_EQ(h.rd(off, 4), v & 0xFFFFFFFFu) << std::hex << off;
        EXPECT_EQ(h.rd(off + 4, 4), v >> 32) << std::hex << off;
    }
}

TEST_P(Regs, HalfWritesMergeWithTheOtherHalf)
{
    h.wr(CBASER, 0x8000000012345003ull);
    h.wr(CBASER, 0x0ABCD0FFu, 4);
    EXPECT_EQ(h.rd(CBASER), 0x800000000ABCD0FFull);
    h.wr(CBASER + 4, 0x00000001u, 4);
    EXPECT_EQ(h.rd(CBASER), 0x000000010ABCD0FFull);

    h.wr(CWRITER, 0x40, 4);
    h.wr(CWRITER + 4, ~0u, 4); // all RES0
    EXPECT_EQ(h.rd(CWRITER), 0x40u);

    for (unsigned n : implemented_basers()) { // each half keeps the other
        SCOPED_TRACE(n);
        uint64_t off = BASER0 + 8 * n, reset = h.rd(off);
        h.wr(off, 0x40010000u | 0x0207u, 4); // PA[31:16], 64K pages, Size 7
        EXPECT_EQ(h.rd(off), (reset & ~0xFFFFFFFFull) | 0x40010207u);
        h.wr(off + 4, 0x80000001u, 4); // Valid, PA[32]
        EXPECT_EQ(h.rd(off), (reset & kTypeEsMask) | kValid | 0x140010207ull);
    }
}

// ---- Reserved offsets, sizes, frames ----------------------------------------------

const uint64_t kReserved[] = {0x10,   0x14,   0x18,   0x40,    0x48,    0x98,    0xF8,
                              0x140,  0x1FC,  0x8000, 0xC000,  0xFFCC,  0x10000, 0x1003C,
                              0x10044, 0x18000, 0x1FFFC};

TEST_P(Regs, ReservedOffsetsAreRazWiAndCounted)
{
    h.bring_up();
    std::vector<uint64_t> before = snapshot(h.its());
    for (uint64_t off : kReserved) {
        h.wr(off, ~0u, 4);
        EXPECT_EQ(h.rd(off, 4), 0u) << std::hex << off;
    }
    h.wr(0x40, ~0ull, 8);
    EXPECT_EQ(h.rd(0x40, 8), 0u);
    EXPECT_EQ(diag(ITS_DIAG_RESERVED_READ), std::size(kReserved) + 1);
    EXPECT_EQ(diag(ITS_DIAG_RESERVED_WRITE), std::size(kReserved) + 1);
    EXPECT_EQ(snapshot(h.its()), before);
}

TEST_P(Regs, BadSizesAreRejectedAndCounted)
{
    const Reg bad[] = {{CTLR, 1},       {CTLR, 2},      {CTLR, 8},        {IIDR, 8},
                       {PIDR0, 8},      {CIDR0 + 8, 8}, {CBASER, 1},      {CBASER, 2},
                       {CBASER + 2, 4}, {CBASER + 4, 8}, {BASER0 + 1, 4}, {TYPER, 16},
                       {TRANSLATER, 1}, {TRANSLATER, 8}, {0x40, 2},        {0x42, 4}};
    std::vector<uint64_t> before = snapshot(h.its());
    for (const Reg &b : bad) {
        uint64_t v = 123;
        EXPECT_EQ(its_read(h.its(), b.off, b.size, &v), ITS_ACCESS_BAD_SIZE) << std::hex << b.off;
        EXPECT_EQ(v, 0u);
        EXPECT_EQ(its_write(h.its(), b.off, b.size, 1), ITS_ACCESS_BAD_SIZE) << std::hex << b.off;
    }
    EXPECT_EQ(diag(ITS_DIAG_BAD_ACCESS_SIZE), 2 * std::size(bad));
    EXPECT_EQ(h.stats().msi[ITS_MSI_DROP_NO_DEVICE_ID], 0u);
    EXPECT_EQ(snapshot(h.its()), before);
}

TEST_P(Regs, OffsetsBeyondTheFramesAreBadAddresses)
{
    const Reg bad[] = {{0x20000, 4}, {0x20020, 8}, {0x1FFFC, 8}, {0x30040, 4}, {~0ull - 3, 4}};
    for (const Reg &b : bad) {
        uint64_t v = 123;
        EXPECT_EQ(its_read(h.its(), b.off, b.size, &v), ITS_ACCESS_BAD_ADDRESS) << std::hex << b.off;
        EXPECT_EQ(v, 0u);
        EXPECT_EQ(its_write(h.its(), b.off, b.size, ~0ull), ITS_ACCESS_BAD_ADDRESS);
    }
    EXPECT_EQ(diag(ITS_DIAG_RESERVED_READ) + diag(ITS_DIAG_RESERVED_WRITE), 0u);
}

TEST_P(Regs, TranslaterReadsZeroAndWritesWithoutDeviceIdAreDropped)
{
    h.bring_up();
    h.run(cmd::mapc(0, 0));
    h.map_device(0, 3);
    h.run(cmd::mapti(0, 1, 8200, 0));
    EXPECT_EQ(h.rd(TRANSLATER, 4), 0u);
    EXPECT_EQ(h.rd(TRANSLATER, 2), 0u);
    EXPECT_EQ(diag(ITS_DIAG_WRITEONLY_READ), 2u);
    h.wr(TRANSLATER, 1, 4);
    h.wr(TRANSLATER, 1, 2);
    EXPECT_EQ(h.stats().msi[ITS_MSI_DROP_NO_DEVICE_ID], 2u);
    EXPECT_EQ(h.stats().msi[ITS_MSI_DELIVERED], 0u);
    EXPECT_EQ(h.events(), 0u);
    EXPECT_EQ(h.msi(0, 1), ITS_MSI_DELIVERED); // the same event does translate with a DeviceID
}

TEST_P(Regs, PeekMatchesReadAndMovesNoCounter)
{
    h.bring_up();
    h.run(cmd::sync(0));
    std::vector<Reg> regs = all_registers();
    for (uint64_t off : kReserved)
        regs.push_back({off, 4});
    regs.push_back({TRANSLATER, 4});
    regs.push_back({CTLR, 8});    // bad size
    regs.push_back({0x20000, 4}); // bad address
    for (const Reg &r : regs) {
        its_stats st = h.stats();
        uint64_t p = 1, v = 2;
        its_access pa = its_peek(h.its(), r.off, r.size, &p);
        its_stats now = h.stats();
        EXPECT_EQ(std::memcmp(&st, &now, sizeof st), 0) << "peek moved a counter at " << std::hex << r.off;
        EXPECT_EQ(its_read(h.its(), r.off, r.size, &v), pa) << std::hex << r.off;
        EXPECT_EQ(p, v) << std::hex << r.off;
    }
}

TEST_P(Regs, ResetRestoresResetValues)
{
    ItsHarness fresh(cfg);
    std::vector<uint64_t> reset = snapshot(fresh.its());
    h.bring_up();
    h.run(cmd::mapc(0, 1));
    h.run(cmd::sync(0));
    h.wr(BASER0 + 16, ~0ull);
    ASSERT_NE(snapshot(h.its()), reset);
    uint64_t syncs = h.stats().commands[ITS_CMD_SYNC];
    its_reset(h.its());
    EXPECT_EQ(snapshot(h.its()), reset);
    EXPECT_EQ(h.stats().commands[ITS_CMD_SYNC], syncs) << "statistics survive a reset";
}

std::string preset_name(const ::testing::TestParamInfo<Preset> &p) { return p.param.name; }
INSTANTIATE_TEST_SUITE_P(Presets, Regs, ::testing::ValuesIn(kPresets), preset_name);

} // namespace
