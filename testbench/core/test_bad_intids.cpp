// SPDX-License-Identifier: Apache-2.0
// INTIDs that are no LPI of the redistributor's range (below 8192, or not
// below 2^min(PROPBASER.IDbits + 1, id_bits)), through every way one can
// arrive: an ITS's set-pending, clear and INV, and GICR_SETLPIR, CLRLPIR and
// INVLPIR. Each is dropped with a counted reason, makes nothing pending and
// reads no memory (docs/redistributor.md, "LPI range"). The ITS side
// (MAPTI's PHYSICALID_OOR) is in test_command_errors.cpp; an ITS delivering beyond
// a smaller PROPBASER range, in systemc/test_platform_drops.cpp.
#include <string>
#include <tuple>

#include "redist_harness.h"

namespace {

using namespace gicr;

enum class Entry { SetPending, ClearPending, Inv, Setlpir, Setlpir32, Clrlpir, Invlpir };

struct EntryCase {
    Entry entry;
    const char *name;
};
const EntryCase kEntries[] = {
    {Entry::SetPending, "SetPending"}, {Entry::ClearPending, "ClearPending"}, {Entry::Inv, "Inv"},
    {Entry::Setlpir, "Setlpir"},       {Entry::Setlpir32, "Setlpir32"},       {Entry::Clrlpir, "Clrlpir"},
    {Entry::Invlpir, "Invlpir"},
};

// PROPBASER.IDbits + 1 against the configured 16 ID bits.
struct RangeCase {
    unsigned prop_bits;
    uint32_t limit; // first INTID beyond the range
};
const RangeCase kRanges[] = {{16, 1u << 16}, {14, 1u << 14}, {24, 1u << 16}};

void PrintTo(const EntryCase &e, std::ostream *os) { *os << e.name; }
void PrintTo(const RangeCase &r, std::ostream *os) { *os << "idbits+1=" << r.prop_bits; }

redist_config direct_lpi_config()
{
    redist_config c = qemu_redist();
    c.direct_lpi = true;
    return c;
}

// Sends intid the entry's way. Returns the counter that must count a drop.
uint64_t drops(const redist_stats &s, Entry e)
{
    switch (e) {
    case Entry::SetPending:
    case Entry::Setlpir:
    case Entry::Setlpir32: return s.lpi[REDIST_LPI_DROP_OOR];
    default: return s.diag[REDIST_DIAG_INTID_OOR];
    }
}

void send(RedistHarness &h, Entry e, uint32_t intid)
{
    switch (e) {
    case Entry::SetPending: redist_set_pending(h.rd(), intid); break;
    case Entry::ClearPending: redist_clear_pending(h.rd(), intid); break;
    case Entry::Inv: redist_inv(h.rd(), intid); break;
    case Entry::Setlpir: h.wr(SETLPIR, intid, 8); break;
    case Entry::Setlpir32: h.wr(SETLPIR, intid, 4); break;
    case Entry::Clrlpir: h.wr(CLRLPIR, intid, 8); break;
    case Entry::Invlpir: h.wr(INVLPIR, intid, 8); break;
    }
}

class BadIntid : public ::testing::TestWithParam<std::tuple<EntryCase, RangeCase>> {};

TEST_P(BadIntid, IsDroppedWithACountedReasonAndNothingPending)
{
    const Entry e = std::get<0>(GetParam()).entry;
    const RangeCase &r = std::get<1>(GetParam());
    RedistHarness h(direct_lpi_config());
    h.bring_up(r.prop_bits);
    for (uint32_t i = kLpi0; i < kLpi0 + 64; i++)
        h.prop(i, 0xA3); // enabled: a wrong delivery would be signalled
    const uint32_t bad[] = {0, 15, 31, 1023, 1024, 8191, r.limit, r.limit + 1, r.limit | 8192,
                            1u << 24, 0x80002000u, 0xFFFFFFFFu};
    uint64_t expected = 0;
    for (uint32_t intid : bad) {
        SCOPED_TRACE(intid);
        const redist_stats before = h.stats();
        const uint64_t reads = h.mem_reads, writes = h.mem_writes;
        send(h, e, intid);
        const redist_stats after = h.stats();
        EXPECT_EQ(drops(after, e), drops(before, e) + 1) << "dropped without a counted reason";
        EXPECT_FALSE(redist_is_pending(h.rd(), intid));
        EXPECT_EQ(redist_next_pending(h.rd(), 0), 0u) << "something became pending";
        EXPECT_EQ(redist_icc_hppir1_read(h.rd()), REDIST_SPURIOUS);
        EXPECT_EQ(h.mem_reads, reads) << "a table was read for it";
        EXPECT_EQ(h.mem_writes, writes);
        EXPECT_EQ(after.lpi[REDIST_LPI_PENDING] + after.lpi[REDIST_LPI_MERGED], 0u);
        expected++;
    }
    EXPECT_TRUE(h.irq_log.empty()) << "the IRQ line moved";
    EXPECT_EQ(drops(h.stats(), e), expected);
    // The range's ends are LPIs: the same way works for them (the counters
    // above were not an artefact of a way that never works).
    for (uint32_t intid : {kLpi0, r.limit - 1}) {
        const redist_stats before = h.stats();
        send(h, Entry::SetPending, intid);
        send(h, e, intid);
        EXPECT_EQ(drops(h.stats(), e), drops(before, e)) << intid;
        EXPECT_EQ(h.stats().lpi[REDIST_LPI_PENDING], before.lpi[REDIST_LPI_PENDING] + 1) << intid;
    }
}

INSTANTIATE_TEST_SUITE_P(Entries, BadIntid,
                         ::testing::Combine(::testing::ValuesIn(kEntries), ::testing::ValuesIn(kRanges)),
                         [](const auto &i) {
                             return std::string(std::get<0>(i.param).name) + "_IdBits" +
                                    std::to_string(std::get<1>(i.param).prop_bits);
                         });

// PROPBASER.IDbits + 1 below 14 leaves no LPI at all: every INTID is out of
// range, 8192 included.
TEST(BadIntidRange, TooFewIdBitsLeaveNoLpis)
{
    RedistHarness h(direct_lpi_config());
    h.bring_up(13);
    for (uint32_t intid : {8192u, 8193u, 16383u}) {
        EXPECT_EQ(h.set(intid), REDIST_LPI_DROP_OOR) << intid;
        h.wr(SETLPIR, intid, 8);
        redist_inv(h.rd(), intid);
        EXPECT_FALSE(redist_clear_pending(h.rd(), intid));
    }
    const redist_stats s = h.stats();
    EXPECT_EQ(s.lpi[REDIST_LPI_DROP_OOR], 6u);
    EXPECT_EQ(s.diag[REDIST_DIAG_INTID_OOR], 6u);
    EXPECT_EQ(redist_next_pending(h.rd(), 0), 0u);
    EXPECT_STREQ(redist_diag_name(REDIST_DIAG_INTID_OOR), "intid_oor");
}

} // namespace
