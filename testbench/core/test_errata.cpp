// SPDX-License-Identifier: Apache-2.0
// The errata switches of the cores (its_config.errata, redist_config):
// what each changes at the registers and in memory, on its own. The driver
// kit's failures and workarounds on them are in test_driver_errata.cpp.
#include "its_harness.h"
#include "redist_harness.h"

namespace {

constexpr uint32_t kErrMapdDeviceOor = 0x010801;

// ---- QDF2400 E0065: GITS_TYPER says one ITE size, the ITS uses another ----

TEST(ErrataIteSize, TyperReportsTheSizeWhileItesTakeTheRealOne)
{
    its_config c = qemu_config();
    c.ite_size = 16;
    c.errata.reported_ite_size = 8;
    ItsHarness h(c);
    EXPECT_EQ((h.rd(TYPER) >> 4) & 0xF, 7u) << "ITT_entry_size + 1 = 8";
    h.bring_up();
    h.run(cmd::mapc(0, 0));
    uint64_t itt = h.alloc(256, 256);
    h.run(cmd::mapd(1, 3, itt));
    h.run(cmd::mapti(1, 3, 8200, 0));
    // Event 3's ITE is 16 bytes in: at 48, not at 24 as TYPER implies.
    EXPECT_EQ(shim_read64(h.mem(), itt + 24), 0u);
    EXPECT_EQ(shim_read64(h.mem(), itt + 48) & 1, 1u);
    EXPECT_EQ(h.msi(1, 3), ITS_MSI_DELIVERED);
}

TEST(ErrataIteSize, ZeroReportsTheRealSize)
{
    its_config c = qemu_config();
    ItsHarness h(c);
    EXPECT_EQ((h.rd(TYPER) >> 4) & 0xF, uint64_t(c.ite_size - 1));
}

// ---- ThunderX 22375: a fixed 2^20-entry device table ----------------------

its_config thunderx()
{
    its_config c = qemu_config();
    c.devid_bits = 24;
    c.errata.device_table_bits = 20;
    return c;
}

TEST(ErrataDeviceTable, TyperReportsDevbitsTheTableDoesNotDecode)
{
    ItsHarness h(thunderx());
    EXPECT_EQ((h.rd(TYPER) >> 13) & 0x1F, 23u) << "24 DeviceID bits reported";
    h.bring_up();
    h.run(cmd::mapc(0, 0));
    EXPECT_EQ(h.stats().command_errors, 0u);
    h.put(cmd::mapd(1u << 20, 1, h.alloc(256, 256)));
    EXPECT_EQ(h.last_error(), kErrMapdDeviceOor) << "DeviceID 2^20 is beyond the part's table";
    EXPECT_EQ(h.msi(1u << 20, 0), ITS_MSI_DROP_DEVICE_OOR);
}

TEST(ErrataDeviceTable, SizeIsIgnoredAndIndirectDoesNotStick)
{
    ItsHarness h(thunderx());
    // One 64 KB page holds 8192 DTEs, yet the last of 2^20 is reachable: the
    // part walks its 8 MB table whatever Size says.
    uint64_t dt = h.setup_table(ITS_TABLE_DEVICE, 2, 1, true);
    EXPECT_EQ(h.rd(BASER0) >> 62 & 1, 0u) << "Indirect reads 0";
    h.setup_table(ITS_TABLE_COLLECTION, 2);
    h.setup_queue();
    h.wr(CTLR, 1, 4);
    uint32_t last = (1u << 20) - 1;
    h.run(cmd::mapd(last, 1, h.alloc(256, 256)));
    EXPECT_EQ(h.stats().command_errors, 0u);
    EXPECT_EQ(shim_read64(h.mem(), dt + uint64_t(last) * 8) & 1, 1u);
}

// ---- 32-bit manager port (RK3568 / R-Car Gen4) ----------------------------

TEST(ErrataPortPa, ItsAccessesAbove4GFault)
{
    its_config c = gic600_config();
    c.errata.port_pa_bits = 32;
    ItsHarness h(c);
    h.bring_up(); // the harness's memory is below 4 GB
    h.run(cmd::mapc(0, 0));
    EXPECT_EQ(h.stats().mem_faults, 0u);
    // An ITT above 4 GB: MAPD writes a DTE (below), MAPTI's ITE write faults.
    h.run(cmd::mapd(1, 1, 0x100000000ull));
    h.put(cmd::mapti(1, 0, 8200, 0));
    EXPECT_TRUE(h.stalled());
    EXPECT_EQ(h.last_error(), 0x010AF0u);
    EXPECT_GT(h.stats().mem_faults, 0u);
}

TEST(ErrataPortPa, RedistributorTablesAbove4GFault)
{
    redist_config c = qemu_redist();
    c.port_pa_bits = 32;
    RedistHarness r(c);
    r.prop_base = 0x100000000ull; // above 4 GB
    r.bring_up();
    r.prop(kLpi0, 0xA1);           // enabled, but the redistributor cannot read it
    EXPECT_EQ(r.set(kLpi0), REDIST_LPI_PENDING);
    EXPECT_EQ(r.ack(), REDIST_SPURIOUS) << "a faulting read is a disabled LPI";
    EXPECT_GT(r.diag(REDIST_DIAG_TABLE_FAULT), 0u);
}

TEST(ErrataPortPa, ConfigChecksTheWidth)
{
    its_config c = qemu_config();
    c.errata.port_pa_bits = 31;
    EXPECT_NE(its_config_check(&c), nullptr);
    c.errata.port_pa_bits = 32;
    EXPECT_EQ(its_config_check(&c), nullptr);
    c.errata.reported_ite_size = 17;
    EXPECT_NE(its_config_check(&c), nullptr);
    c.errata.reported_ite_size = 0;
    c.errata.device_table_bits = 17; // beyond devid_bits (16)
    EXPECT_NE(its_config_check(&c), nullptr);
    redist_config r = qemu_redist();
    r.port_pa_bits = 20;
    EXPECT_NE(redist_config_check(&r), nullptr);
}

// ---- GIC-700 2195890: LPIs left in the pending table ----------------------

class ErrataStranded : public ::testing::Test {
protected:
    static redist_config make()
    {
        redist_config c = qemu_redist();
        c.gic700_2195890 = true;
        c.pending_slots = 1;
        c.ir = true;
        return c;
    }
    RedistHarness r{make()};
    void SetUp() override
    {
        r.bring_up();
        for (uint32_t i = 0; i < 4; i++)
            r.prop(kLpi0 + i, 0xA1);
    }
    // kLpi0 held in the one slot, kLpi0 + 1 left in the table; kLpi0 taken.
    void strand()
    {
        r.set(kLpi0);
        EXPECT_EQ(r.set(kLpi0 + 1), REDIST_LPI_PENDING);
        EXPECT_EQ(r.drain(), std::vector<uint32_t>{kLpi0});
    }
};

TEST_F(ErrataStranded, LpiArrivingWithTheSlotsTakenStaysInThePendingTable)
{
    strand();
    EXPECT_TRUE(redist_is_pending(r.rd(), kLpi0 + 1)) << "no LPI is lost";
    EXPECT_EQ(r.ack(), REDIST_SPURIOUS) << "but it is not signalled";
    EXPECT_FALSE(r.level());
    EXPECT_EQ(redist_icc_hppir1_read(r.rd()), REDIST_SPURIOUS);
    EXPECT_EQ(r.stats().stranded, 1u);
    // Another MSI to it merges; one to a fresh LPI with the slot free is signalled.
    EXPECT_EQ(r.set(kLpi0 + 1), REDIST_LPI_MERGED);
    r.set(kLpi0 + 2);
    EXPECT_EQ(r.drain(), std::vector<uint32_t>{kLpi0 + 2});
    EXPECT_TRUE(redist_is_pending(r.rd(), kLpi0 + 1));
}

TEST_F(ErrataStranded, InvlpirOfAnyLpiLooksAgain)
{
    strand();
    r.wr(gicr::INVLPIR, kLpi0 + 3, 8); // an LPI nobody uses
    EXPECT_TRUE(r.level());
    EXPECT_EQ(r.drain(), std::vector<uint32_t>{kLpi0 + 1});
    EXPECT_EQ(r.stats().rescans, 1u);
    EXPECT_EQ(r.diag(REDIST_DIAG_DIRECT_LPI_OFF), 0u) << "GICR_CTLR.IR: INVLPIR works without DirectLPI";
    EXPECT_EQ(r.rd(gicr::CTLR) >> 2 & 1, 1u);
}

TEST_F(ErrataStranded, InvAndInvallLookAgainAndClearRemovesAStrandedLpi)
{
    for (int round = 0; round < 2; round++) {
        strand();
        ASSERT_EQ(r.ack(), REDIST_SPURIOUS);
        if (round == 0)
            redist_inv(r.rd(), kLpi0 + 3);
        else
            redist_invall(r.rd());
        EXPECT_EQ(r.drain(), std::vector<uint32_t>{kLpi0 + 1});
    }
    strand();
    EXPECT_TRUE(redist_clear_pending(r.rd(), kLpi0 + 1));
    redist_invall(r.rd());
    EXPECT_EQ(r.ack(), REDIST_SPURIOUS) << "a cleared LPI does not come back";
    // The slot is free again: the next LPI is signalled.
    r.set(kLpi0 + 2);
    EXPECT_EQ(r.drain(), std::vector<uint32_t>{kLpi0 + 2});
}

TEST_F(ErrataStranded, DisableWritesStrandedLpisBackAndEnableFindsThem)
{
    strand();
    r.enable_lpis(false);
    EXPECT_TRUE(r.pend_bit(kLpi0 + 1));
    r.wr(gicr::PENDBASER, r.pend_base, 8); // no PTZ: scan the table
    r.enable_lpis(true);
    EXPECT_EQ(r.drain(), std::vector<uint32_t>{kLpi0 + 1});
}

TEST(ErrataStrandedOff, WithoutTheSwitchEveryPendingLpiIsTaken)
{
    RedistHarness r(qemu_redist());
    r.bring_up();
    r.prop(kLpi0, 0xA1);
    r.prop(kLpi0 + 1, 0xA1);
    r.set(kLpi0);
    r.set(kLpi0 + 1);
    EXPECT_EQ(r.drain(), (std::vector<uint32_t>{kLpi0, kLpi0 + 1}));
    EXPECT_EQ(r.stats().stranded, 0u);
    EXPECT_EQ(r.rd(gicr::CTLR) >> 2 & 1, 0u) << "IR off in the QEMU preset";
    redist_config bad = qemu_redist();
    bad.gic700_2195890 = true; // without slots
    EXPECT_NE(redist_config_check(&bad), nullptr);
}

} // namespace
