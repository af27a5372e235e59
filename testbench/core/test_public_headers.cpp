// SPDX-License-Identifier: Apache-2.0
// The public headers a driver brings the ITS up with: its/commands.h (the
// encoders put every field at its architected position, and the core gives
// each command its architected effect) and its/regs.h (field macros agree
// with themselves, and decode what the core and the redistributor report).
#include "its/commands.h"
#include "its/regs.h"

#include "its_harness.h"
#include "redist_harness.h"

#include <string>
#include <vector>

namespace {

static_assert(ITS_TRANSLATER_OFFSET == GITS_TRANSLATER, "one doorbell offset");
static_assert(ITS_TABLE_DEVICE == GITS_BASER_TYPE_DEVICE && ITS_TABLE_COLLECTION == GITS_BASER_TYPE_COLLECTION,
              "its_table_type is GITS_BASER.Type");
static_assert(GITS_BASER(7) == 0x0138u && GICR_IPRIORITYR(7) == 0x1041Cu, "indexed offsets");

// ---- Field macros: F_MASK is F_WIDTH bits at F_SHIFT -----------------------

struct Field {
    const char *name;
    unsigned shift, width;
    uint64_t mask;
};
#define F(name) Field{#name, name##_SHIFT, name##_WIDTH, name##_MASK}

const std::vector<Field> &all_fields()
{
    static const std::vector<Field> f = {
        F(GITS_CTLR_ENABLED), F(GITS_CTLR_IMDE), F(GITS_CTLR_ITS_NUMBER), F(GITS_CTLR_QUIESCENT),
        F(GITS_IIDR_IMPLEMENTER), F(GITS_IIDR_REVISION), F(GITS_IIDR_VARIANT), F(GITS_IIDR_PRODUCTID),
        F(GITS_TYPER_PHYSICAL), F(GITS_TYPER_VIRTUAL), F(GITS_TYPER_CCT), F(GITS_TYPER_ITT_ENTRY_SIZE),
        F(GITS_TYPER_ID_BITS), F(GITS_TYPER_DEVBITS), F(GITS_TYPER_SEIS), F(GITS_TYPER_PTA), F(GITS_TYPER_HCC),
        F(GITS_TYPER_CIDBITS), F(GITS_TYPER_CIL), F(GITS_TYPER_VMOVP),
        F(GITS_CBASER_SIZE), F(GITS_CBASER_SHAREABILITY), F(GITS_CBASER_PA), F(GITS_CBASER_OUTERCACHE),
        F(GITS_CBASER_INNERCACHE), F(GITS_CBASER_VALID),
        F(GITS_CWRITER_RETRY), F(GITS_CWRITER_OFFSET), F(GITS_CREADR_STALLED), F(GITS_CREADR_OFFSET),
        F(GITS_BASER_SIZE), F(GITS_BASER_PAGE_SIZE), F(GITS_BASER_SHAREABILITY), F(GITS_BASER_PA),
        F(GITS_BASER_ENTRY_SIZE), F(GITS_BASER_OUTERCACHE), F(GITS_BASER_TYPE), F(GITS_BASER_INNERCACHE),
        F(GITS_BASER_INDIRECT), F(GITS_BASER_VALID), F(GITS_LVL1_VALID), F(GITS_PIDR2_ARCHREV),
        F(GICR_CTLR_ENABLE_LPIS), F(GICR_CTLR_CES), F(GICR_CTLR_IR), F(GICR_CTLR_RWP), F(GICR_CTLR_UWP),
        F(GICR_TYPER_PLPIS), F(GICR_TYPER_VLPIS), F(GICR_TYPER_DIRECT_LPI), F(GICR_TYPER_LAST),
        F(GICR_TYPER_PROCESSOR_NUMBER), F(GICR_TYPER_COMMON_LPI_AFF), F(GICR_TYPER_AFFINITY),
        F(GICR_WAKER_PROCESSOR_SLEEP), F(GICR_WAKER_CHILDREN_ASLEEP),
        F(GICR_PROPBASER_IDBITS), F(GICR_BASER_INNERCACHE), F(GICR_BASER_SHAREABILITY), F(GICR_BASER_OUTERCACHE),
        F(GICR_PROPBASER_PA), F(GICR_PENDBASER_PA), F(GICR_PENDBASER_PTZ),
        F(GICR_LPIR_INTID), F(GICR_INVLPIR_VPEID), F(GICR_INVLPIR_V), F(GICR_SYNCR_BUSY), F(GICR_PIDR2_ARCHREV),
        F(GIC_LPI_PROP_ENABLE), F(GIC_LPI_PROP_GROUP1), F(GIC_LPI_PROP_PRIORITY),
        F(GICD_TYPER_ITLINESNUMBER), F(GICD_TYPER_CPUNUMBER), F(GICD_TYPER_NUM_LPIS), F(GICD_TYPER_LPIS),
        F(GICD_TYPER_IDBITS),
        F(ITS_CMD_OPCODE), F(ITS_CMD_DEVICEID), F(ITS_CMD_EVENTID), F(ITS_CMD_PINTID), F(ITS_CMD_SIZE),
        F(ITS_CMD_ITT_ADDR), F(ITS_CMD_VALID), F(ITS_CMD_ICID), F(ITS_CMD_RDBASE),
    };
    return f;
}
#undef F

TEST(RegsHeader, EveryMaskIsItsShiftAndWidth)
{
    for (const Field &f : all_fields()) {
        EXPECT_EQ(f.mask, its_field_mask(f.shift, f.width)) << f.name;
        EXPECT_LE(f.shift + f.width, 64u) << f.name;
    }
}

// Fields of one register do not overlap (a copy-paste slip would).
TEST(RegsHeader, FieldsOfARegisterAreDisjoint)
{
    const auto &f = all_fields();
    auto reg = [](const std::string &n) { return n.substr(0, n.find('_', n.find('_') + 1)); };
    for (size_t i = 0; i < f.size(); i++)
        for (size_t j = i + 1; j < f.size(); j++)
            if (reg(f[i].name) == reg(f[j].name) && std::string(f[i].name).rfind("ITS_CMD", 0) != 0) {
                EXPECT_EQ(f[i].mask & f[j].mask, 0u) << f[i].name << " and " << f[j].name;
            }
}

// Positions from the architecture digest (docs cross-checked against the core).
TEST(RegsHeader, PositionsAreTheArchitectedOnes)
{
    EXPECT_EQ(GITS_CTLR_QUIESCENT_MASK, 0x80000000ull);
    EXPECT_EQ(GITS_TYPER_DEVBITS_MASK, 0x3E000ull);          // [17:13]
    EXPECT_EQ(GITS_TYPER_ID_BITS_MASK, 0x1F00ull);           // [12:8]
    EXPECT_EQ(GITS_TYPER_ITT_ENTRY_SIZE_MASK, 0xF0ull);      // [7:4]
    EXPECT_EQ(GITS_TYPER_PTA_MASK, 1ull << 19);
    EXPECT_EQ(GITS_TYPER_HCC_MASK, 0xFF000000ull);           // [31:24]
    EXPECT_EQ(GITS_TYPER_CIDBITS_MASK, 0xFull << 32);        // [35:32]
    EXPECT_EQ(GITS_TYPER_CIL_MASK, 1ull << 36);
    EXPECT_EQ(GITS_CBASER_PA_MASK, 0x000FFFFFFFFFF000ull);   // [51:12]
    EXPECT_EQ(GITS_BASER_PA_MASK, 0x0000FFFFFFFFF000ull);    // [47:12]
    EXPECT_EQ(GITS_BASER_ENTRY_SIZE_MASK, 0x001F000000000000ull); // [52:48]
    EXPECT_EQ(GITS_BASER_TYPE_MASK, 0x0700000000000000ull);  // [58:56]
    EXPECT_EQ(GITS_BASER_INDIRECT_MASK, 1ull << 62);
    EXPECT_EQ(GITS_CWRITER_OFFSET_MASK, 0xFFFE0ull);         // [19:5]
    EXPECT_EQ(GICR_TYPER_PROCESSOR_NUMBER_MASK, 0xFFFF00ull); // [23:8]
    EXPECT_EQ(GICR_PENDBASER_PA_MASK, 0x000FFFFFFFFF0000ull); // [51:16]
    EXPECT_EQ(GICR_PENDBASER_PTZ_MASK, 1ull << 62);
    EXPECT_EQ(GICD_TYPER_LPIS_MASK, 1ull << 17);
    EXPECT_EQ(GICD_TYPER_IDBITS_MASK, 0x1Full << 19);        // [23:19]
    EXPECT_EQ(GICR_PROPBASER, 0x70u);
    EXPECT_EQ(GICR_PENDBASER, 0x78u);
    EXPECT_EQ(GICR_INVLPIR, 0xA0u);
    EXPECT_EQ(GICR_SYNCR, 0xC0u);
    EXPECT_EQ(GITS_PIDR2, 0xFFE8u);
}

TEST(RegsHeader, HelpersGetSetAndPrepare)
{
    uint64_t v = ~0ull;
    v = ITS_FIELD_SET(v, GITS_TYPER_DEVBITS, 0);
    EXPECT_EQ(v, ~GITS_TYPER_DEVBITS_MASK);
    v = ITS_FIELD_SET(v, GITS_TYPER_DEVBITS, 0x15);
    EXPECT_EQ(ITS_FIELD_GET(v, GITS_TYPER_DEVBITS), 0x15u);
    EXPECT_EQ(ITS_FIELD_PREP(GITS_BASER_TYPE, 0xF), GITS_BASER_TYPE_MASK) << "value bits beyond the width drop";
    EXPECT_EQ(its_field_mask(0, 64), ~0ull);
    EXPECT_EQ(its_lpi_prop_byte(0xA3, true), 0xA3u) << "priority[7:2], Group1, Enable";
    EXPECT_EQ(its_lpi_prop_byte(0xA0, false), 0xA2u);
}

TEST(RegsHeader, BaserPhysicalAddressForms)
{
    const uint64_t pa = 0x000A123456780000ull; // PA[51:48] = 0xA, 64K aligned
    uint64_t f = its_baser_pa_field(pa, GITS_BASER_PAGE_SIZE_64K);
    EXPECT_EQ(f & 0xF000u, 0xA000u) << "PA[51:48] in bits [15:12]";
    EXPECT_EQ(f & ~GITS_BASER_PA_MASK, 0u);
    uint64_t v = its_baser_make(0, pa, GITS_BASER_PAGE_SIZE_64K, 1, false);
    EXPECT_EQ(its_baser_pa(v), pa);
    v = its_baser_make(0, 0x0000123456789000ull, GITS_BASER_PAGE_SIZE_4K, 3, true);
    EXPECT_EQ(its_baser_pa(v), 0x0000123456789000ull);
    EXPECT_EQ(ITS_FIELD_GET(v, GITS_BASER_SIZE), 2u);
    EXPECT_TRUE(v & GITS_BASER_INDIRECT_MASK);
    EXPECT_TRUE(v & GITS_BASER_VALID_MASK);
    EXPECT_EQ(its_baser_page_bytes(GITS_BASER_PAGE_SIZE_16K), 16384u);
}

// ---- Registers against what the core reports -------------------------------

class RegsAgainstCore : public ::testing::TestWithParam<bool> {
protected:
    its_config cfg() const { return GetParam() ? gic600_config() : qemu_config(); }
};

TEST_P(RegsAgainstCore, TyperDecodesToTheConfiguration)
{
    its_config c = cfg();
    ItsHarness h(c);
    uint64_t t = h.rd(GITS_TYPER);
    EXPECT_EQ(ITS_FIELD_GET(t, GITS_TYPER_PHYSICAL), 1u);
    EXPECT_EQ(ITS_FIELD_GET(t, GITS_TYPER_VIRTUAL), 0u);
    EXPECT_EQ(ITS_FIELD_GET(t, GITS_TYPER_DEVBITS) + 1, c.devid_bits);
    EXPECT_EQ(ITS_FIELD_GET(t, GITS_TYPER_ID_BITS) + 1, c.eventid_bits);
    EXPECT_EQ(ITS_FIELD_GET(t, GITS_TYPER_ITT_ENTRY_SIZE) + 1, c.ite_size);
    EXPECT_EQ(ITS_FIELD_GET(t, GITS_TYPER_HCC), c.hcc);
    EXPECT_EQ(ITS_FIELD_GET(t, GITS_TYPER_PTA), uint64_t(c.pta));
    EXPECT_EQ(ITS_FIELD_GET(t, GITS_TYPER_CIL), uint64_t(c.cil));
    if (c.cil) {
        EXPECT_EQ(ITS_FIELD_GET(t, GITS_TYPER_CIDBITS) + 1, c.icid_bits);
    }
    EXPECT_EQ(ITS_FIELD_GET(h.rd(GITS_PIDR2, 4), GITS_PIDR2_ARCHREV), 3u);
    EXPECT_EQ(ITS_FIELD_GET(h.rd(GITS_IIDR, 4), GITS_IIDR_IMPLEMENTER), 0x43Bu);
}

TEST_P(RegsAgainstCore, BaserTypeAndEntrySizeAreTheTables)
{
    its_config c = cfg();
    ItsHarness h(c);
    for (unsigned n = 0; n < GITS_BASER_COUNT; n++) {
        uint64_t b = h.rd(GITS_BASER(n));
        EXPECT_EQ(ITS_FIELD_GET(b, GITS_BASER_TYPE), unsigned(c.baser[n].type)) << n;
        if (c.baser[n].type != ITS_TABLE_NONE) {
            EXPECT_EQ(ITS_FIELD_GET(b, GITS_BASER_ENTRY_SIZE) + 1, c.baser[n].entry_size) << n;
            EXPECT_EQ(ITS_FIELD_GET(b, GITS_BASER_VALID), 0u) << n;
        }
    }
}

TEST_P(RegsAgainstCore, ValuesMadeByTheHelpersStick)
{
    its_config c = cfg();
    ItsHarness h(c);
    const uint64_t pa = 0x40010000ull, queue = 0x40100000ull;
    int n = h.baser_of(ITS_TABLE_DEVICE);
    uint64_t v = its_baser_make(h.rd(GITS_BASER(n)), pa, GITS_BASER_PAGE_SIZE_64K, 2, false);
    h.wr(GITS_BASER(n), v);
    EXPECT_EQ(h.rd(GITS_BASER(n)), v);
    EXPECT_EQ(its_baser_pa(h.rd(GITS_BASER(n))), pa);
    h.wr(GITS_CBASER, its_cbaser_make(queue, 4));
    uint64_t cb = h.rd(GITS_CBASER);
    EXPECT_EQ(cb & GITS_CBASER_PA_MASK, queue);
    EXPECT_EQ(ITS_FIELD_GET(cb, GITS_CBASER_SIZE), 3u);
    EXPECT_TRUE(cb & GITS_CBASER_VALID_MASK);
    EXPECT_TRUE(h.rd(GITS_CTLR, 4) & GITS_CTLR_QUIESCENT_MASK) << "disabled and idle";
}

TEST_P(RegsAgainstCore, CtlrEnabledAndCreadrStalled)
{
    its_config c = cfg();
    c.error_policy = ITS_POLICY_STALL;
    ItsHarness h(c);
    h.bring_up();
    EXPECT_TRUE(h.rd(GITS_CTLR, 4) & GITS_CTLR_ENABLED_MASK);
    uint64_t bad[4];
    its_cmd_int(bad, 5, 0); // an unmapped device: a command error
    h.put({bad[0], bad[1], bad[2], bad[3]});
    uint64_t creadr = h.rd(GITS_CREADR);
    EXPECT_TRUE(creadr & GITS_CREADR_STALLED_MASK);
    EXPECT_EQ(ITS_FIELD_GET(creadr, GITS_CREADR_OFFSET), 0u) << "on the failing slot";
    EXPECT_EQ(h.last_error(), ITS_ERROR_CODE(ITS_CMD_INT, ITS_REASON_UNMAPPED_DEVICE));
    // Rewrite the slot as a SYNC, then Retry.
    uint64_t sync[4];
    its_cmd_sync(sync, 0);
    for (int i = 0; i < 4; i++)
        shim_write64(h.mem(), h.queue_base() + 8 * i, sync[i]);
    h.wr(GITS_CWRITER, h.cwriter() | GITS_CWRITER_RETRY_MASK);
    creadr = h.rd(GITS_CREADR);
    EXPECT_FALSE(creadr & GITS_CREADR_STALLED_MASK);
    EXPECT_EQ(creadr & GITS_CREADR_OFFSET_MASK, h.cwriter());
}

INSTANTIATE_TEST_SUITE_P(Presets, RegsAgainstCore, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool> &i) { return i.param ? "gic600" : "qemu"; });

TEST(RegsAgainstRedist, TyperCtlrWakerAndBasers)
{
    redist_config c = qemu_redist(5, 8);
    c.direct_lpi = true;
    RedistHarness h(c);
    uint64_t t = h.rd(GICR_TYPER, 8);
    EXPECT_EQ(ITS_FIELD_GET(t, GICR_TYPER_PLPIS), 1u);
    EXPECT_EQ(ITS_FIELD_GET(t, GICR_TYPER_DIRECT_LPI), 1u);
    EXPECT_EQ(ITS_FIELD_GET(t, GICR_TYPER_PROCESSOR_NUMBER), c.processor_number);
    EXPECT_EQ(ITS_FIELD_GET(t, GICR_TYPER_LAST), uint64_t(c.last));
    EXPECT_EQ(ITS_FIELD_GET(t, GICR_TYPER_AFFINITY), c.affinity);
    EXPECT_EQ(ITS_FIELD_GET(t, GICR_TYPER_COMMON_LPI_AFF), c.common_lpi_aff);

    h.wr(GICR_WAKER, 0);
    EXPECT_FALSE(h.rd(GICR_WAKER) & GICR_WAKER_PROCESSOR_SLEEP_MASK);
    h.wr(GICR_PROPBASER, its_propbaser_make(h.prop_base, 16), 8);
    uint64_t prop = h.rd(GICR_PROPBASER, 8);
    EXPECT_EQ(ITS_FIELD_GET(prop, GICR_PROPBASER_IDBITS) + 1, 16u);
    EXPECT_EQ(prop & GICR_PROPBASER_PA_MASK, h.prop_base);
    h.wr(GICR_PENDBASER, its_pendbaser_make(h.pend_base, true), 8);
    uint64_t pend = h.rd(GICR_PENDBASER, 8);
    EXPECT_EQ(pend & GICR_PENDBASER_PA_MASK, h.pend_base);
    EXPECT_FALSE(pend & GICR_PENDBASER_PTZ_MASK) << "PTZ is write-only";
    h.wr(GICR_CTLR, GICR_CTLR_ENABLE_LPIS_MASK);
    EXPECT_TRUE(h.rd(GICR_CTLR) & GICR_CTLR_ENABLE_LPIS_MASK);
    EXPECT_FALSE(h.rd(GICR_CTLR) & GICR_CTLR_RWP_MASK);

    // Direct LPIs: SETLPIR makes it pending, SYNCR is not busy.
    h.prop(GIC_LPI_FIRST_INTID + 3, its_lpi_prop_byte(0x80, true));
    h.wr(GICR_SETLPIR, ITS_FIELD_PREP(GICR_LPIR_INTID, GIC_LPI_FIRST_INTID + 3), 8);
    EXPECT_TRUE(redist_is_pending(h.rd(), GIC_LPI_FIRST_INTID + 3));
    EXPECT_FALSE(h.rd(GICR_SYNCR) & GICR_SYNCR_BUSY_MASK);
    h.wr(GICR_CLRLPIR, GIC_LPI_FIRST_INTID + 3, 8);
    EXPECT_FALSE(redist_is_pending(h.rd(), GIC_LPI_FIRST_INTID + 3));
}

// ---- Encoders: fields at the digest's positions ----------------------------

TEST(CommandEncoders, FieldsAtTheArchitectedPositions)
{
    uint64_t c[4];
    its_cmd_mapd(c, 0x12345678, 0x1F, 0x000FEDCBA9876500ull, true);
    EXPECT_EQ(c[0], 0x1234567800000008ull) << "op [7:0], DeviceID [63:32]";
    EXPECT_EQ(c[1], 0x1Full) << "Size [4:0]";
    EXPECT_EQ(c[2], 0x800FEDCBA9876500ull) << "ITT_addr [51:8], V [63]";
    EXPECT_EQ(c[3], 0u);
    its_cmd_mapd(c, 1, 0x3F, 0xFFFFFFFFFFFFFFFFull, false);
    EXPECT_EQ(c[1], 0x1Full) << "Size is 5 bits";
    EXPECT_EQ(c[2], 0x000FFFFFFFFFFF00ull) << "only [51:8], V = 0";

    its_cmd_mapc(c, 0xBEEF, 0xFFFFFFFFFull, true);
    EXPECT_EQ(c[0], 0x09u);
    EXPECT_EQ(c[1], 0u);
    EXPECT_EQ(c[2], 0x800FFFFFFFFFBEEFull) << "ICID [15:0], RDbase [51:16], V [63]";
    its_cmd_mapc(c, 3, 2, false);
    EXPECT_EQ(c[2], 0x20003ull);

    its_cmd_mapti(c, 7, 0xCAFE, 0x12345, 0x42);
    EXPECT_EQ(c[0], (7ull << 32) | 0x0A);
    EXPECT_EQ(c[1], (0x12345ull << 32) | 0xCAFE) << "EventID [31:0], pINTID [63:32]";
    EXPECT_EQ(c[2], 0x42u);
    its_cmd_mapi(c, 7, 9, 0x42);
    EXPECT_EQ(c[0], (7ull << 32) | 0x0B);
    EXPECT_EQ(c[1], 9u);
    EXPECT_EQ(c[2], 0x42u);
    its_cmd_movi(c, 7, 9, 0x43);
    EXPECT_EQ(c[0], (7ull << 32) | 0x01);
    EXPECT_EQ(c[2], 0x43u);

    struct {
        void (*enc)(uint64_t *, uint32_t, uint32_t);
        uint8_t op;
    } ev[] = {{its_cmd_discard, 0x0F}, {its_cmd_inv, 0x0C}, {its_cmd_int, 0x03}, {its_cmd_clear, 0x04}};
    for (auto &e : ev) {
        e.enc(c, 0xFFFFFFFF, 0x89ABCDEF);
        EXPECT_EQ(c[0], 0xFFFFFFFF00000000ull | e.op) << its_cmd_name(e.op);
        EXPECT_EQ(c[1], 0x89ABCDEFull);
        EXPECT_EQ(c[2] | c[3], 0u);
    }

    its_cmd_invall(c, 0x1234);
    EXPECT_EQ(c[0], 0x0Du);
    EXPECT_EQ(c[2], 0x1234u);
    its_cmd_sync(c, 0x808);
    EXPECT_EQ(c[0], 0x05u);
    EXPECT_EQ(c[2], 0x808ull << 16);
    its_cmd_movall(c, 1, 0xFFFFFFFFFull);
    EXPECT_EQ(c[0], 0x0Eu);
    EXPECT_EQ(c[1], 0u);
    EXPECT_EQ(c[2], 1ull << 16) << "RDbase1 [51:16]";
    EXPECT_EQ(c[3], 0x000FFFFFFFFF0000ull) << "RDbase2 DW3 [51:16]";

    uint8_t bytes[ITS_CMD_BYTES];
    its_cmd_mapti(c, 0x01020304, 0x05060708, 0x090A0B0C, 0x0D0E);
    its_cmd_store_le(bytes, c);
    EXPECT_EQ(bytes[0], 0x0A);
    EXPECT_EQ(bytes[4], 0x04);
    EXPECT_EQ(bytes[7], 0x01);
    EXPECT_EQ(bytes[8], 0x08);
    EXPECT_EQ(bytes[15], 0x09);
    EXPECT_EQ(bytes[16], 0x0E);
    EXPECT_EQ(bytes[17], 0x0D);
    EXPECT_EQ(bytes[31], 0x00);
}

// ---- Encoders executed by the core: the architected effects ----------------

std::string sink(ItsHarness &h)
{
    std::string s;
    for (size_t i = 0; i < h.events(); i++) {
        shim_event e = h.event(i);
        static const char *const k[] = {"SET", "CLEAR", "MOVE", "INV", "INVALL", "SYNC", "MOVALL"};
        s += std::string(s.empty() ? "" : "; ") + k[e.kind] + " " + std::to_string(e.target);
        if (e.kind == SHIM_MOVE_PENDING || e.kind == SHIM_MOVALL)
            s += "->" + std::to_string(e.to);
        if (e.kind == SHIM_SET_PENDING || e.kind == SHIM_CLEAR_PENDING || e.kind == SHIM_MOVE_PENDING ||
            e.kind == SHIM_INV)
            s += " " + std::to_string(e.intid);
    }
    h.clear_events();
    return s;
}

// Runs one encoded command through the queue and expects it to succeed.
void exec(ItsHarness &h, const uint64_t c[4])
{
    uint64_t errors = h.stats().command_errors;
    h.run({c[0], c[1], c[2], c[3]});
    EXPECT_EQ(h.stats().command_errors, errors) << its_cmd_name(uint8_t(c[0])) << " failed";
}

class EncodersOnTheCore : public ::testing::TestWithParam<bool> {};

TEST_P(EncodersOnTheCore, EveryCommandHasItsEffect)
{
    its_config c = GetParam() ? gic600_config() : qemu_config();
    c.error_policy = ITS_POLICY_IGNORE; // one MAPI below fails on purpose
    ItsHarness h(c);
    h.bring_up();
    uint64_t k[4];
    const uint32_t dev = 0x21, lpi = GIC_LPI_FIRST_INTID + 100;

    its_cmd_mapc(k, 0, 1, true); // PTA = 0 in both presets: the field is the Processor_Number
    exec(h, k);
    its_cmd_mapc(k, 1, 3, true);
    exec(h, k);
    uint64_t itt = h.alloc(uint64_t(c.ite_size) << 4, GITS_ITT_ALIGN);
    its_cmd_mapd(k, dev, 3, itt, true); // 16 events
    exec(h, k);
    its_cmd_mapti(k, dev, 5, lpi, 0);
    exec(h, k);
    its_cmd_mapi(k, dev, 9, 1); // pINTID = EventID = 9: not an LPI
    h.run({k[0], k[1], k[2], k[3]});
    EXPECT_EQ(h.last_error(), ITS_ERROR_CODE(ITS_CMD_MAPI, ITS_REASON_PHYSICALID_OOR));
    sink(h);

    its_translation t{};
    ASSERT_EQ(h.msi(dev, 5, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, lpi);
    EXPECT_EQ(t.target, 1u);
    EXPECT_EQ(sink(h), "SET 1 " + std::to_string(lpi));
    EXPECT_EQ(h.msi(dev, 6), ITS_MSI_DROP_UNMAPPED_EVENT);
    EXPECT_EQ(h.msi(dev, 16), ITS_MSI_DROP_EVENT_OOR) << "MAPD Size 3: 16 events";

    its_cmd_int(k, dev, 5);
    exec(h, k);
    its_cmd_clear(k, dev, 5);
    exec(h, k);
    its_cmd_inv(k, dev, 5);
    exec(h, k);
    its_cmd_invall(k, 0);
    exec(h, k);
    its_cmd_sync(k, 1);
    exec(h, k);
    EXPECT_EQ(sink(h), "SET 1 " + std::to_string(lpi) + "; CLEAR 1 " + std::to_string(lpi) + "; INV 1 " +
                           std::to_string(lpi) + "; INVALL 1; SYNC 1");

    its_cmd_movi(k, dev, 5, 1); // collection 1: redistributor 3
    exec(h, k);
    EXPECT_EQ(sink(h), "MOVE 1->3 " + std::to_string(lpi));
    ASSERT_EQ(h.msi(dev, 5, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.target, 3u);
    EXPECT_EQ(t.icid, 1u);
    sink(h);

    its_cmd_movall(k, 3, 2);
    exec(h, k);
    EXPECT_EQ(sink(h), "MOVALL 3->2");

    its_cmd_discard(k, dev, 5);
    exec(h, k);
    EXPECT_EQ(sink(h), "CLEAR 3 " + std::to_string(lpi));
    EXPECT_EQ(h.msi(dev, 5), ITS_MSI_DROP_UNMAPPED_EVENT);

    its_cmd_mapc(k, 1, 0, false);
    exec(h, k);
    its_cmd_mapti(k, dev, 5, lpi, 1);
    exec(h, k);
    EXPECT_EQ(h.msi(dev, 5), ITS_MSI_DROP_UNMAPPED_COLLECTION) << "MAPC V = 0 unmapped it";
    its_cmd_mapd(k, dev, 3, itt, false);
    exec(h, k);
    EXPECT_EQ(h.msi(dev, 5), ITS_MSI_DROP_UNMAPPED_DEVICE) << "MAPD V = 0 unmapped it";
}

// With PTA = 1 the RDbase field is the redistributor's RD_base >> 16.
TEST(EncodersOnTheCore, MapcWithPhysicalTargetAddresses)
{
    its_config c = qemu_config();
    c.pta = true;
    ItsHarness h(c);
    h.bring_up();
    EXPECT_EQ(ITS_FIELD_GET(h.rd(GITS_TYPER), GITS_TYPER_PTA), 1u);
    uint64_t k[4];
    its_cmd_mapc(k, 0, (c.rd_base + 2 * c.rd_stride) >> 16, true);
    exec(h, k);
    its_cmd_mapd(k, 1, 1, h.alloc(256, GITS_ITT_ALIGN), true);
    exec(h, k);
    its_cmd_mapti(k, 1, 0, GIC_LPI_FIRST_INTID, 0);
    exec(h, k);
    its_translation t{};
    ASSERT_EQ(h.msi(1, 0, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.target, 2u);
}

INSTANTIATE_TEST_SUITE_P(Presets, EncodersOnTheCore, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool> &i) { return i.param ? "gic600" : "qemu"; });

} // namespace
