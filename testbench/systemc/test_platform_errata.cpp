// SPDX-License-Identifier: Apache-2.0
// The platform's errata switches (its.errata.*, gic.errata.*; docs/errata.md)
// with the default software: each part fails as the real one does when the
// driver kit has no workaround (driver.workarounds=false), and works with
// the workaround the kit matches on GITS_IIDR (and the firmware's word).
#include "platform_bench.h"

#include <set>

#include "gicv3_vp/errata.h"
#include "gicv3_vp/params.h"

using namespace pb;

namespace {

constexpr uint64_t kCbaser = GITS_CBASER, kBaser0 = GITS_BASER(0);

uint64_t its_reg(gicv3_vp::platform &p, uint64_t off)
{
    uint64_t v = 0;
    EXPECT_EQ(its_peek(p.its_module().core(), off, 8, &v), ITS_ACCESS_OK);
    return v;
}

gicv3_vp::platform_config base(bool workarounds)
{
    gicv3_vp::platform_config c;
    c.cpus = 2;
    c.max_us = 20000;
    c.driver.workarounds = workarounds;
    c.devices = {device("a", 0x10, 4, 40, 700), device("b", 0x20, 2, 30, 900)};
    return c;
}

// Every MSI reached a CPU, and the run ended on its own.
void expect_all_delivered(gicv3_vp::platform &p)
{
    EXPECT_EQ(p.failure(), "");
    EXPECT_TRUE(p.completed());
    expect_conservation(p);
    EXPECT_EQ(p.ledger().delivered(), total_msis(p.config()));
    EXPECT_EQ(p.ledger().dropped(), 0u);
}

// ---- QDF2400 E0065 -------------------------------------------------------

gicv3_vp::platform_config qdf2400(bool workarounds)
{
    gicv3_vp::platform_config c = base(workarounds);
    c.its.errata.qdf2400_e0065 = true;
    c.its.ite_cache = "none"; // each MSI reads its ITE from memory
    c.teardown = false;       // keep the vectors' INTIDs to compare
    c.devices = {device("a", 0x10, 32, 64, 500), device("b", 0x20, 32, 64, 500)};
    return c;
}

// INTIDs acknowledged, and those of device a's events 16..31.
std::pair<std::set<uint32_t>, std::set<uint32_t>> a_upper_half(gicv3_vp::platform &p, const ack_log &log)
{
    std::set<uint32_t> got, upper;
    for (const auto &a : log.acks)
        got.insert(a.intid);
    for (uint32_t ev = 16; ev < 32; ev++)
        upper.insert(drv_vector_intid(p.driver(), 0x10, ev));
    return {got, upper};
}

TEST(PlatformErrata, Qdf2400E0065WithoutWorkaroundEventsLandOnAnotherDevicesLpis)
{
    gicv3_vp::platform p("p", qdf2400(false));
    ack_log log;
    log.attach(p);
    p.run();
    EXPECT_EQ((its_reg(p, 0x8) >> 4) & 0xF, 7u) << "TYPER says 8-byte ITEs";
    auto [got, upper] = a_upper_half(p, log);
    for (uint32_t intid : upper)
        EXPECT_EQ(got.count(intid), 0u) << "a's LPI " << intid << " never taken: b's MAPTIs overwrote its ITE";
    EXPECT_EQ(log.acks.size(), 128u) << "every MSI still reaches some CPU";
}

TEST(PlatformErrata, Qdf2400E0065WorkaroundEveryEventOnItsOwnLpi)
{
    gicv3_vp::platform p("p", qdf2400(true));
    ack_log log;
    log.attach(p);
    p.run();
    expect_all_delivered(p);
    EXPECT_EQ(drv_quirks(p.driver()), DRV_QUIRK_QDF2400_E0065);
    auto [got, upper] = a_upper_half(p, log);
    for (uint32_t intid : upper)
        EXPECT_EQ(got.count(intid), 1u) << intid;
    EXPECT_EQ(got.size(), 64u) << "64 vectors, each its own LPI";
}

// ---- ThunderX 22375 ------------------------------------------------------

gicv3_vp::platform_config thunderx(bool workarounds, uint32_t big)
{
    gicv3_vp::platform_config c = base(workarounds);
    c.its.errata.cavium_22375 = true;
    c.its.error_policy = "stall";
    c.max_us = 2e6; // a stalled queue times out after 1 s, as in Linux
    c.devices = {device("a", 0x10, 2, 20, 700), device("big", big, 1, 10, 900)};
    return c;
}

TEST(PlatformErrata, Cavium22375WithoutWorkaroundDeviceBeyond20BitsStallsTheIts)
{
    gicv3_vp::platform p("p", thunderx(false, 0x100000));
    p.run();
    EXPECT_EQ(p.failure(), "big: MAPD failed: ITS queue timeout");
    EXPECT_EQ(its_reg(p, 0x90) & 1, 1u) << "CREADR.Stalled";
    EXPECT_EQ(p.its_module().stats().command_errors, 1u);
    EXPECT_EQ(ITS_FIELD_GET(its_reg(p, kBaser0), GITS_BASER_SIZE), 255u) << "a 16 MB table sized from TYPER's 24 DevBits";
}

TEST(PlatformErrata, Cavium22375WorkaroundSizesTheTableForTwentyBits)
{
    gicv3_vp::platform p("p", thunderx(true, 0xFFFFF));
    p.run();
    expect_all_delivered(p);
    EXPECT_EQ(ITS_FIELD_GET(its_reg(p, kBaser0), GITS_BASER_SIZE), 127u) << "8 MB";
}

TEST(PlatformErrata, Cavium22375WorkaroundRefusesADeviceBeyond20BitsWithoutAMapd)
{
    gicv3_vp::platform p("p", thunderx(true, 0x100000));
    p.run();
    EXPECT_EQ(p.failure(), "big: MAPD failed: bad argument");
    EXPECT_EQ(p.its_module().stats().command_errors, 0u);
    EXPECT_EQ(its_reg(p, 0x90) & 1, 0u) << "not stalled";
    EXPECT_LT(sc_core::sc_time_stamp(), us(1e6)) << "no timeout";
}

// ---- RK3568: 32-bit GIC port ---------------------------------------------

gicv3_vp::platform_config rk3568(bool workarounds)
{
    gicv3_vp::platform_config c = base(workarounds);
    c.its.preset = "gic600";
    c.gic.errata.rk3568_32bit_pa = true;
    c.memory.high_mb = 256; // the kernel's memory above 4 GB
    c.max_us = 2e6;
    return c;
}

TEST(PlatformErrata, Rk3568WithoutWorkaroundQueueAbove4GIsNeverRead)
{
    gicv3_vp::platform p("p", rk3568(false));
    p.run();
    EXPECT_NE(p.failure().find("LPI bring-up failed: ITS queue timeout"), std::string::npos) << p.failure();
    EXPECT_GE(its_reg(p, kCbaser) & GITS_CBASER_PA_MASK, 1ull << 32);
    EXPECT_GT(p.its_module().stats().mem_faults, 0u);
}

TEST(PlatformErrata, Rk3568WorkaroundKeepsTheGicsMemoryBelow4G)
{
    gicv3_vp::platform p("p", rk3568(true));
    p.run();
    expect_all_delivered(p);
    EXPECT_EQ(drv_quirks(p.driver()), DRV_QUIRK_32BIT_PA);
    EXPECT_LT(its_reg(p, kCbaser) & GITS_CBASER_PA_MASK, 1ull << 32);
    EXPECT_EQ(p.its_module().stats().mem_faults, 0u);
}

// ---- RK3588: shareability not honoured -----------------------------------

gicv3_vp::platform_config rk3588(bool workarounds)
{
    gicv3_vp::platform_config c = base(workarounds);
    c.its.preset = "gic600";
    c.gic.errata.rk3588_shareability = true;
    c.max_us = 2e6;
    return c;
}

TEST(PlatformErrata, Rk3588WithoutWorkaroundCommandsStayInTheCpuCache)
{
    gicv3_vp::platform p("p", rk3588(false));
    p.run();
    EXPECT_NE(p.failure().find("LPI bring-up failed: ITS queue timeout"), std::string::npos) << p.failure();
    EXPECT_EQ(ITS_FIELD_GET(its_reg(p, kCbaser), GITS_CBASER_SHAREABILITY), GIC_SHAREABILITY_INNER) << "Inner Shareable stuck";
    // The ITS read a zeroed slot where the CPU's MAPC sits in its cache.
    EXPECT_EQ(p.its_module().stats().commands_unknown, 1u);
}

TEST(PlatformErrata, Rk3588WorkaroundNonShareableWithCleaning)
{
    gicv3_vp::platform p("p", rk3588(true));
    p.run();
    expect_all_delivered(p);
    EXPECT_EQ(drv_quirks(p.driver()), DRV_QUIRK_NON_SHAREABLE);
    EXPECT_EQ(ITS_FIELD_GET(its_reg(p, kCbaser), GITS_CBASER_SHAREABILITY), GIC_SHAREABILITY_NON);
    EXPECT_EQ(p.its_module().stats().command_errors, 0u);
}

// ---- SynQuacer pre-ITS ---------------------------------------------------

gicv3_vp::platform_config synquacer(bool workarounds)
{
    gicv3_vp::platform_config c = base(workarounds);
    c.its.errata.synquacer_pre_its = true;
    return c;
}

TEST(PlatformErrata, SynquacerWithoutWorkaroundMsisArriveWithoutDeviceId)
{
    gicv3_vp::platform p("p", synquacer(false));
    p.run();
    EXPECT_TRUE(p.completed());
    expect_conservation(p);
    EXPECT_EQ(p.ledger().delivered(), 0u);
    EXPECT_EQ(drop_count(p, "no_device_id"), total_msis(p.config()));
}

TEST(PlatformErrata, SynquacerWorkaroundWritesThroughThePreItsWindow)
{
    gicv3_vp::platform p("p", synquacer(true));
    p.run();
    expect_all_delivered(p);
    EXPECT_EQ(drv_quirks(p.driver()), DRV_QUIRK_PRE_ITS);
    EXPECT_EQ(drv_device_msi_address(p.driver(), 0x20), gicv3_vp::address_map::pre_its + 0x20 * 4);
}

// ---- GIC-700 2195890 -----------------------------------------------------

gicv3_vp::platform_config gic700(bool workarounds)
{
    gicv3_vp::platform_config c = base(workarounds);
    c.gic.errata.gic700_2195890 = true;
    c.driver.retrigger_us = 50;
    return c;
}

uint64_t stranded(gicv3_vp::platform &p)
{
    uint64_t n = 0;
    for (unsigned c = 0; c < p.config().cpus; c++) {
        redist_stats s;
        redist_get_stats(p.gic_module().redistributor(c), &s);
        n += s.stranded;
    }
    return n;
}

TEST(PlatformErrata, Gic700WithoutWorkaroundLpisStayPending)
{
    gicv3_vp::platform p("p", gic700(false));
    p.run();
    EXPECT_FALSE(p.completed()) << "the run waits for LPIs that never come";
    EXPECT_GT(drop_count(p, "pending_at_end"), 0u);
    EXPECT_GT(stranded(p), 0u);
}

TEST(PlatformErrata, Gic700WorkaroundRetriggersEveryPeriod)
{
    gicv3_vp::platform p("p", gic700(true));
    p.run();
    expect_all_delivered(p);
    EXPECT_EQ(drv_quirks(p.driver()), DRV_QUIRK_GIC700_2195890);
    EXPECT_GT(stranded(p), 0u) << "the erratum struck, the workaround recovered";
    EXPECT_LT(p.ledger().latency()[3], 50000.0 + 5000) << "no LPI waits much beyond one period";
}

// ---- The switches as parameters ------------------------------------------

TEST(PlatformErrata, SwitchesOfDifferentPartsAreRefused)
{
    gicv3_vp::platform_config c = base(true);
    c.its.errata.qdf2400_e0065 = true;
    c.gic.errata.gic700_2195890 = true;
    its_config ic;
    its_config_preset_qemu_virt(&ic, 2);
    EXPECT_THROW(gicv3_vp::apply_its_errata(c, ic), gicv3_vp::config_error);
    c.its.errata.qdf2400_e0065 = false;
    c.gic.errata.rk3568_32bit_pa = true;
    EXPECT_THROW(gicv3_vp::apply_its_errata(c, ic), gicv3_vp::config_error);
    c.gic.errata.gic700_2195890 = false;
    c.gic.errata.rk3588_shareability = true; // RK3568 and RK3588 both report the GIC-600's IIDR
    EXPECT_NO_THROW(gicv3_vp::apply_its_errata(c, ic));
    EXPECT_EQ(ic.iidr, 0x0201743Bu);
}

} // namespace
