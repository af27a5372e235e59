// SPDX-License-Identifier: Apache-2.0
// Register writes the state forbids, and writes to read-only registers, on
// the ITS and the redistributor, each as a 64-bit write and as either
// 32-bit half. The architecture makes GITS_CBASER/GITS_BASER<n> writes while
// GITS_CTLR.Enabled = 1, and GICR_PROPBASER/PENDBASER writes while
// GICR_CTLR.EnableLPIs = 1, UNPREDICTABLE; the model ignores them and counts
// a diagnostic (docs/errors.md, docs/redistributor.md). Each row: the write
// is taken (ITS_ACCESS_OK), no register changes, the translations and queue
// still work, exactly its diagnostic moves; where a right state exists, the
// same write there does take effect (so the refusal was the state's doing).
#include <string>
#include <tuple>
#include <vector>

#include "its_harness.h"
#include "redist_harness.h"

namespace {

constexpr uint64_t kLo = 0xFFFFFFFFull, kHi = ~kLo;

// One write: register offset, access offset and size, the register bits it
// flips (so a write that was taken would show), the diagnostic it counts.
struct Row {
    const char *name;
    uint64_t reg;
    unsigned half; // 0: 64-bit write; 1: bits [31:0]; 2: bits [63:32]; 4: a 32-bit register
    uint64_t flip;
    int diag;       // its_diag or redist_diag
    bool has_state; // a right state exists (false: read-only)
};

uint64_t access_offset(const Row &r) { return r.reg + (r.half == 2 ? 4 : 0); }
unsigned access_size(const Row &r) { return r.half == 0 ? 8 : 4; }
uint64_t access_value(const Row &r, uint64_t cur)
{
    const uint64_t v = cur ^ r.flip;
    return r.half == 0 ? v : r.half == 2 ? v >> 32 : v & kLo;
}

std::string row_name(const ::testing::TestParamInfo<Row> &i) { return i.param.name; }
// By name: GoogleTest would print the struct's bytes, padding included.
void PrintTo(const Row &r, std::ostream *os) { *os << r.name; }

// ---- GITS ------------------------------------------------------------------------

constexpr uint64_t kCbaserSize = GITS_CBASER_SIZE_MASK & 1, kValid = 1ull << 63, kBaserSize = 1;

std::vector<Row> its_rows()
{
    std::vector<Row> r = {
        {"CBASER64", CBASER, 0, kCbaserSize | kValid, ITS_DIAG_CBASER_WHILE_ENABLED, true},
        {"CBASERLow", CBASER, 1, kCbaserSize, ITS_DIAG_CBASER_WHILE_ENABLED, true},
        {"CBASERHigh", CBASER, 2, kValid, ITS_DIAG_CBASER_WHILE_ENABLED, true},
        {"IIDR", IIDR, 4, 0xFFF, ITS_DIAG_READONLY_WRITE, false},
        {"TYPER64", TYPER, 0, ~0ull, ITS_DIAG_READONLY_WRITE, false},
        {"TYPERLow", TYPER, 1, kLo, ITS_DIAG_READONLY_WRITE, false},
        {"TYPERHigh", TYPER, 2, kHi, ITS_DIAG_READONLY_WRITE, false},
        {"CREADR64", CREADR, 0, 0xFFFE0 | 1, ITS_DIAG_READONLY_WRITE, false},
        {"CREADRLow", CREADR, 1, 0xFFFE0 | 1, ITS_DIAG_READONLY_WRITE, false},
        {"CREADRHigh", CREADR, 2, kHi, ITS_DIAG_READONLY_WRITE, false},
    };
    // Both presets implement BASER0 (device) and BASER1 (collection).
    static const char *const names[2][3] = {{"BASER0_64", "BASER0Low", "BASER0High"},
                                            {"BASER1_64", "BASER1Low", "BASER1High"}};
    for (unsigned n = 0; n < 2; n++) {
        r.push_back({names[n][0], GITS_BASER(n), 0, kBaserSize | kValid, ITS_DIAG_BASER_WHILE_ENABLED, true});
        r.push_back({names[n][1], GITS_BASER(n), 1, kBaserSize, ITS_DIAG_BASER_WHILE_ENABLED, true});
        r.push_back({names[n][2], GITS_BASER(n), 2, kValid, ITS_DIAG_BASER_WHILE_ENABLED, true});
    }
    static const char *const ids[12] = {"PIDR4", "PIDR5", "PIDR6", "PIDR7", "PIDR0", "PIDR1",
                                        "PIDR2", "PIDR3", "CIDR0", "CIDR1", "CIDR2", "CIDR3"};
    for (unsigned i = 0; i < 12; i++)
        r.push_back({ids[i], PIDR4 + 4 * i, 4, 0xFF, ITS_DIAG_READONLY_WRITE, false});
    return r;
}

std::vector<uint64_t> its_snapshot(const its_t *its)
{
    std::vector<uint64_t> v;
    for (uint64_t off : {uint64_t(CTLR), uint64_t(IIDR), uint64_t(TYPER), uint64_t(CBASER), uint64_t(CWRITER),
                         uint64_t(CREADR)}) {
        uint64_t x = 0;
        its_peek(its, off, off == CTLR || off == IIDR ? 4 : 8, &x);
        v.push_back(x);
    }
    for (unsigned n = 0; n < 8; n++) {
        uint64_t x = 0;
        its_peek(its, GITS_BASER(n), 8, &x);
        v.push_back(x);
    }
    for (uint64_t off = PIDR4; off < 0x10000; off += 4) {
        uint64_t x = 0;
        its_peek(its, off, 4, &x);
        v.push_back(x);
    }
    return v;
}

class ItsStateWrite : public ::testing::TestWithParam<std::tuple<Row, bool>> {};

TEST_P(ItsStateWrite, IsIgnoredAndCounted)
{
    const Row &r = std::get<0>(GetParam());
    ItsHarness h(std::get<1>(GetParam()) ? gic600_config() : qemu_config());
    h.bring_up(0); // 4K pages: both presets take them
    h.run(cmd::mapc(0, 1));
    h.map_device(2, 3);
    h.run(cmd::mapti(2, 0, 8192, 0));
    h.run(cmd::sync(0)); // CREADR, CWRITER not zero
    ASSERT_EQ(h.last_error(), 0u);
    const std::vector<uint64_t> before = its_snapshot(h.its());
    its_stats s0 = h.stats();
    const uint64_t cur = h.rd(r.reg, r.half == 4 ? 4 : 8);

    EXPECT_EQ(its_write(h.its(), access_offset(r), access_size(r), access_value(r, cur)), ITS_ACCESS_OK);
    EXPECT_EQ(its_snapshot(h.its()), before) << "a register changed";
    its_stats s1 = h.stats();
    for (int d = 0; d < ITS_DIAGS; d++)
        EXPECT_EQ(s1.diag[d] - s0.diag[d], d == r.diag ? 1u : 0u) << its_diag_name(its_diag(d));
    EXPECT_EQ(h.msi(2, 0), ITS_MSI_DELIVERED) << "the tables no longer translate";
    h.run(cmd::sync(1)); // the queue still runs where it was
    EXPECT_EQ(h.last_error(), 0u);

    if (!r.has_state)
        return;
    h.wr(CTLR, 0, 4); // disabled (and quiescent): the same write is taken
    const uint64_t off = access_offset(r);
    const uint64_t now = h.rd(r.reg);
    EXPECT_EQ(its_write(h.its(), off, access_size(r), access_value(r, now)), ITS_ACCESS_OK);
    EXPECT_EQ(h.rd(r.reg), now ^ r.flip) << "the write is not taken in the right state either";
    EXPECT_EQ(h.stats().diag[r.diag], s1.diag[r.diag]);
}

INSTANTIATE_TEST_SUITE_P(Registers, ItsStateWrite,
                         ::testing::Combine(::testing::ValuesIn(its_rows()), ::testing::Bool()),
                         [](const auto &i) {
                             return std::string(std::get<0>(i.param).name) +
                                    (std::get<1>(i.param) ? "_gic600" : "_qemu");
                         });

// ---- GICR ------------------------------------------------------------------------

std::vector<Row> redist_rows()
{
    constexpr uint64_t kIdbits = 1, kPropPa = 1ull << 32 | 1ull << 12, kPendPa = 1ull << 32 | 1ull << 16;
    std::vector<Row> r = {
        {"PROPBASER64", gicr::PROPBASER, 0, kIdbits | kPropPa, REDIST_DIAG_BASER_WHILE_ENABLED, true},
        {"PROPBASERLow", gicr::PROPBASER, 1, kIdbits, REDIST_DIAG_BASER_WHILE_ENABLED, true},
        {"PROPBASERHigh", gicr::PROPBASER, 2, 1ull << 32, REDIST_DIAG_BASER_WHILE_ENABLED, true},
        {"PENDBASER64", gicr::PENDBASER, 0, kPendPa, REDIST_DIAG_BASER_WHILE_ENABLED, true},
        {"PENDBASERLow", gicr::PENDBASER, 1, 1ull << 16, REDIST_DIAG_BASER_WHILE_ENABLED, true},
        {"PENDBASERHigh", gicr::PENDBASER, 2, 1ull << 32, REDIST_DIAG_BASER_WHILE_ENABLED, true},
        {"IIDR", gicr::IIDR, 4, 0xFFF, REDIST_DIAG_READONLY_WRITE, false},
        {"TYPER64", gicr::TYPER, 0, ~0ull, REDIST_DIAG_READONLY_WRITE, false},
        {"TYPERLow", gicr::TYPER, 1, kLo, REDIST_DIAG_READONLY_WRITE, false},
        {"TYPERHigh", gicr::TYPER, 2, kHi, REDIST_DIAG_READONLY_WRITE, false},
        {"SYNCR", gicr::SYNCR, 4, 1, REDIST_DIAG_READONLY_WRITE, false},
        {"ICFGR0", gicr::ICFGR0, 4, 0x55555555, REDIST_DIAG_READONLY_WRITE, false},
    };
    static const char *const ids[12] = {"PIDR4", "PIDR5", "PIDR6", "PIDR7", "PIDR0", "PIDR1",
                                        "PIDR2", "PIDR3", "CIDR0", "CIDR1", "CIDR2", "CIDR3"};
    for (unsigned i = 0; i < 12; i++)
        r.push_back({ids[i], gicr::PIDR4 + 4 * i, 4, 0xFF, REDIST_DIAG_READONLY_WRITE, false});
    return r;
}

// Every RD_base and SGI_base register, as peeked.
std::vector<uint64_t> redist_snapshot(const redist_t *rd)
{
    std::vector<uint64_t> v;
    for (uint64_t off : {gicr::CTLR, gicr::IIDR, gicr::STATUSR, gicr::WAKER, gicr::SYNCR, gicr::IGROUPR0,
                         gicr::ISENABLER0, gicr::ISPENDR0, gicr::ISACTIVER0, gicr::ICFGR0, gicr::ICFGR1,
                         gicr::IGRPMODR0, gicr::NSACR}) {
        uint64_t x = 0;
        redist_peek(rd, off, 4, &x);
        v.push_back(x);
    }
    for (uint64_t off : {gicr::TYPER, gicr::PROPBASER, gicr::PENDBASER}) {
        uint64_t x = 0;
        redist_peek(rd, off, 8, &x);
        v.push_back(x);
    }
    for (uint64_t off = GICR_IPRIORITYR(0); off < GICR_IPRIORITYR(8); off += 4) {
        uint64_t x = 0;
        redist_peek(rd, off, 4, &x);
        v.push_back(x);
    }
    for (uint64_t off = gicr::PIDR4; off < 0x10000; off += 4) {
        uint64_t x = 0;
        redist_peek(rd, off, 4, &x);
        v.push_back(x);
    }
    return v;
}

class RedistStateWrite : public ::testing::TestWithParam<Row> {};

TEST_P(RedistStateWrite, IsIgnoredAndCounted)
{
    const Row &r = GetParam();
    RedistHarness h(qemu_redist());
    h.prop(kLpi0 + 1, 0xA3);
    h.bring_up(16);
    ASSERT_EQ(h.set(kLpi0 + 1), REDIST_LPI_PENDING);
    const std::vector<uint64_t> before = redist_snapshot(h.rd());
    const redist_stats s0 = h.stats();
    const uint64_t cur = h.rd(r.reg, r.half == 4 ? 4 : 8);

    EXPECT_EQ(redist_write(h.rd(), access_offset(r), access_size(r), access_value(r, cur)), ITS_ACCESS_OK);
    EXPECT_EQ(redist_snapshot(h.rd()), before) << "a register changed";
    const redist_stats s1 = h.stats();
    for (int d = 0; d < REDIST_DIAGS; d++)
        EXPECT_EQ(s1.diag[d] - s0.diag[d], d == r.diag ? 1u : 0u) << redist_diag_name(redist_diag(d));
    EXPECT_EQ(s1.pend_writebacks, s0.pend_writebacks);
    EXPECT_EQ(h.ack(), kLpi0 + 1) << "the pending LPI is no longer signalled";
    h.eoi(kLpi0 + 1);

    if (!r.has_state)
        return;
    h.enable_lpis(false); // EnableLPIs = 0: the same write is taken
    const uint64_t now = h.rd(r.reg, 8);
    EXPECT_EQ(redist_write(h.rd(), access_offset(r), access_size(r), access_value(r, now)), ITS_ACCESS_OK);
    EXPECT_EQ(h.rd(r.reg, 8), now ^ r.flip) << "the write is not taken in the right state either";
    EXPECT_EQ(h.diag(redist_diag(r.diag)), s1.diag[r.diag]);
}

INSTANTIATE_TEST_SUITE_P(Registers, RedistStateWrite, ::testing::ValuesIn(redist_rows()), row_name);

// Without DirectLPI the LPI registers of RD_base are ignored and counted, and
// with EnableLPIs = 1 too: nothing becomes pending, is cleared or reloaded.
TEST(RedistStateWriteDirect, LpiRegistersWithoutDirectLpiAreIgnoredAndCounted)
{
    RedistHarness h(qemu_redist()); // DirectLPI off
    h.prop(kLpi0, 0xA3);
    h.bring_up(16);
    ASSERT_EQ(h.set(kLpi0), REDIST_LPI_PENDING);
    h.prop(kLpi0, 0xA2); // disabled in memory: an INV taken would hide it
    const std::vector<uint64_t> before = redist_snapshot(h.rd());
    unsigned writes = 0;
    for (uint64_t off : {gicr::SETLPIR, gicr::CLRLPIR, gicr::INVLPIR, gicr::INVALLR}) {
        h.wr(off, kLpi0 + 2, 8);
        h.wr(off, kLpi0, 4);
        h.wr(off + 4, 0, 4);
        writes += 3;
    }
    EXPECT_EQ(h.diag(REDIST_DIAG_DIRECT_LPI_OFF), writes);
    EXPECT_EQ(redist_snapshot(h.rd()), before);
    EXPECT_EQ(h.stats().invs + h.stats().invalls, 0u);
    EXPECT_FALSE(redist_is_pending(h.rd(), kLpi0 + 2));
    EXPECT_EQ(h.ack(), kLpi0) << "cleared or reloaded by an ignored write";
}

} // namespace
