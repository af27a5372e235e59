// SPDX-License-Identifier: Apache-2.0
// The driver kit on parts with errata (docs/errata.md), on the C platform:
// for each, what goes wrong without the Linux workaround, and that the
// kit's workaround, matched on GITS_IIDR as Linux matches it (and on the
// firmware's word where Linux needs it too), makes it work.
// (The shareability erratum needs CPU caches: test_platform_errata.cpp.)
#include "driver_test.h"

#include <algorithm>

using namespace drvtest;

namespace {

constexpr unsigned kCpus = 2;

drv_options options(bool workarounds, const drv_firmware &fw = {})
{
    drv_options o;
    drv_options_default(&o);
    o.poll_limit = 1000; // a stalled queue times out quickly
    o.quirks_off = workarounds ? 0 : DRV_QUIRKS_ALL;
    o.firmware = fw;
    return o;
}

// Activate `vectors` events of dev on cpu.
void activate(CPlatform &p, uint32_t dev, unsigned vectors, unsigned cpu)
{
    ASSERT_EQ(drv_device_add(p.driver(), p.env(), dev, vectors), DRV_OK);
    for (unsigned v = 0; v < vectors; v++)
        ASSERT_EQ(drv_vector_activate(p.driver(), p.env(), dev, v, cpu, nullptr), DRV_OK) << v;
}

uint32_t translated_intid(CPlatform &p, uint32_t dev, uint32_t ev)
{
    its_translation t{};
    EXPECT_EQ(its_translate(p.its(), dev, ev, &t), ITS_MSI_DELIVERED) << dev << "/" << ev;
    return t.intid;
}

// ---- QDF2400 E0065: 16-byte ITEs, GITS_TYPER says 8 -----------------------

its_config qdf2400()
{
    its_config c = qemu(kCpus);
    c.iidr = 0x00001070;
    c.ite_size = 16;
    c.errata.reported_ite_size = 8;
    // Every MSI reads its ITE from memory (no ITE cache hides an overwrite).
    c.ite_cache = {0, 1, ITS_REPLACE_LRU};
    return c;
}

TEST(DriverErrata, Qdf2400E0065WithoutWorkaroundItesOverrunTheItt)
{
    CPlatform p(qdf2400(), kCpus);
    drv_options o = options(false);
    ASSERT_EQ(p.bring_up(&o), DRV_OK);
    EXPECT_EQ(drv_quirks(p.driver()), 0u);
    // Two devices of 32 events: ITTs of 32 x 8 bytes, back to back. The ITS
    // writes A's events 16..31 into B's ITT, and B's MAPTIs then overwrite them.
    activate(p, 0xA, 32, 0);
    activate(p, 0xB, 32, 1);
    for (uint32_t k = 0; k < 16; k++) {
        EXPECT_EQ(translated_intid(p, 0xA, 16 + k), drv_vector_intid(p.driver(), 0xB, k))
            << "A's event " << 16 + k << " delivers B's LPI";
    }
    ASSERT_EQ(p.msi(0xA, 20), ITS_MSI_DELIVERED);
    auto got = p.take_all();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].first, 1u) << "on B's CPU";
    EXPECT_NE(got[0].second, drv_vector_intid(p.driver(), 0xA, 20));
}

TEST(DriverErrata, Qdf2400E0065WorkaroundSizesIttsFor16ByteItes)
{
    CPlatform p(qdf2400(), kCpus);
    drv_options o = options(true);
    ASSERT_EQ(p.bring_up(&o), DRV_OK);
    EXPECT_EQ(drv_quirks(p.driver()), DRV_QUIRK_QDF2400_E0065) << "matched on GITS_IIDR 0x00001070";
    activate(p, 0xA, 32, 0);
    activate(p, 0xB, 32, 1);
    for (uint32_t dev : {0xAu, 0xBu})
        for (uint32_t ev = 0; ev < 32; ev++)
            EXPECT_EQ(translated_intid(p, dev, ev), drv_vector_intid(p.driver(), dev, ev)) << dev << "/" << ev;
    ASSERT_EQ(p.msi(0xA, 20), ITS_MSI_DELIVERED);
    auto got = p.take_all();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0], std::make_pair(0u, drv_vector_intid(p.driver(), 0xA, 20)));
    EXPECT_EQ(stats(p).command_errors, 0u);
}

// ---- ThunderX 22375: a fixed 8 MB device table ---------------------------

its_config thunderx()
{
    its_config c = qemu(kCpus);
    c.iidr = 0xA100034C;
    c.devid_bits = 24; // what TYPER says; the part decodes 20
    c.errata.device_table_bits = 20;
    c.error_policy = ITS_POLICY_STALL;
    return c;
}

uint64_t device_baser(CPlatform &p) { return its_reg(p, kBaser0 + 8 * baser_of_type(p, 1)); }

TEST(DriverErrata, Cavium22375WithoutWorkaroundOneLargeDeviceIdStallsTheIts)
{
    CPlatform p(thunderx(), kCpus);
    drv_options o = options(false);
    ASSERT_EQ(p.bring_up(&o), DRV_OK);
    // Sized from TYPER: a flat table of 256 pages (16 MB), for 2^21 DeviceIDs.
    EXPECT_EQ(field(device_baser(p), 0, 8), 255u);
    EXPECT_EQ(drv_device_add(p.driver(), p.env(), 0x100000, 1), DRV_E_QUEUE_TIMEOUT)
        << "MAPD of DeviceID 2^20: MAPD_DEVICE_OOR, the queue stalls";
    EXPECT_EQ(its_reg(p, kCreadr) & 1, 1u);
    EXPECT_EQ(drv_device_add(p.driver(), p.env(), 5, 1), DRV_E_QUEUE_TIMEOUT) << "and nothing runs after it";
}

TEST(DriverErrata, Cavium22375WorkaroundForcesTwentyDevBits)
{
    CPlatform p(thunderx(), kCpus);
    drv_options o = options(true);
    ASSERT_EQ(p.bring_up(&o), DRV_OK);
    EXPECT_EQ(drv_quirks(p.driver()), DRV_QUIRK_CAVIUM_22375);
    uint64_t baser = device_baser(p);
    EXPECT_EQ(field(baser, 0, 8), 127u) << "8 MB of 64 KB pages";
    EXPECT_EQ(field(baser, 59, 3), 0u) << "erratum 24313: nCnB";
    uint64_t sent = drv_commands_sent(p.driver());
    EXPECT_EQ(drv_device_add(p.driver(), p.env(), 0x100000, 1), DRV_E_ARGUMENT) << "refused, no MAPD sent";
    EXPECT_EQ(drv_commands_sent(p.driver()), sent);
    activate(p, 0xFFFFF, 1, 1);
    ASSERT_EQ(p.msi(0xFFFFF, 0), ITS_MSI_DELIVERED);
    EXPECT_EQ(p.take_all().size(), 1u);
    EXPECT_EQ(stats(p).command_errors, 0u);
}

// ---- RK3568 / R-Car Gen4: the GIC reaches 32-bit addresses only ------------

its_config rk3568() { return gic600(kCpus); } // GITS_IIDR 0x0201743B

std::unique_ptr<CPlatform> dma32_platform()
{
    its_config c = rk3568();
    c.errata.port_pa_bits = 32;
    auto p = std::make_unique<CPlatform>(c, kCpus, 16, [](redist_config &rc) { rc.port_pa_bits = 32; });
    p->high_ram = true; // most of the memory is above 4 GB, as on an 8 GB board
    return p;
}

const drv_firmware kRk3568{"rockchip,rk3568", false, 0, 0};

TEST(DriverErrata, Pa32WithoutWorkaroundTablesAbove4GFault)
{
    auto p = dma32_platform();
    drv_options o = options(false, kRk3568);
    EXPECT_EQ(p->bring_up(&o), DRV_E_QUEUE_TIMEOUT) << "the first command cannot be fetched";
    EXPECT_GE(its_reg(*p, kCbaser) & kPaMask, 1ull << 32);
    EXPECT_GT(stats(*p).mem_faults, 0u);
    EXPECT_EQ(its_reg(*p, kCreadr), 1u) << "stalled on the first slot";
    // The GIC-600's IIDR alone does not select the workaround: Linux also
    // needs the machine's compatible.
    auto q = dma32_platform();
    drv_options plain = options(true);
    EXPECT_EQ(q->bring_up(&plain), DRV_E_QUEUE_TIMEOUT);
    EXPECT_EQ(drv_quirks(q->driver()), 0u);
}

TEST(DriverErrata, Pa32WorkaroundAllocatesBelow4G)
{
    auto p = dma32_platform();
    drv_options o = options(true, kRk3568);
    ASSERT_EQ(p->bring_up(&o), DRV_OK);
    EXPECT_EQ(drv_quirks(p->driver()), DRV_QUIRK_32BIT_PA);
    EXPECT_LT(its_reg(*p, kCbaser) & kPaMask, 1ull << 32);
    for (int n = 0; n < 8; n++)
        EXPECT_LT(its_reg(*p, kBaser0 + 8 * n) & kBaserPaMask, 1ull << 32) << n;
    for (unsigned c = 0; c < kCpus; c++) {
        EXPECT_LT(rd_reg(*p, c, kPropbaser) & kPaMask, 1ull << 32);
        EXPECT_LT(rd_reg(*p, c, kPendbaser) & kPaMask, 1ull << 32);
    }
    activate(*p, 0x10, 4, 1);
    EXPECT_LT(drv_property_table(p->driver()), 1ull << 32);
    ASSERT_EQ(p->msi(0x10, 3), ITS_MSI_DELIVERED);
    auto got = p->take_all();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0], std::make_pair(1u, drv_vector_intid(p->driver(), 0x10, 3)));
    EXPECT_EQ(stats(*p).mem_faults, 0u);
}

// ---- RK3588: shareability sticks but is not honoured (driver side) -------

TEST(DriverErrata, NonShareableWorkaroundUsesNonCacheableAttributesAndCleans)
{
    const drv_firmware rk3588{"rockchip,rk3588", false, 0, 0};
    for (bool workaround : {false, true}) {
        SCOPED_TRACE(workaround ? "with the workaround" : "without");
        CPlatform p(gic600(kCpus), kCpus);
        drv_options o = options(workaround, rk3588);
        ASSERT_EQ(p.bring_up(&o), DRV_OK);
        EXPECT_EQ(drv_quirks(p.driver()), workaround ? DRV_QUIRK_NON_SHAREABLE : 0u);
        uint64_t cbaser = its_reg(p, kCbaser);
        EXPECT_EQ(field(cbaser, 10, 2), workaround ? 0u : 1u) << "CBASER shareability";
        EXPECT_EQ(field(cbaser, 59, 3), workaround ? 1u : 7u) << "CBASER InnerCache: nC or RaWaWb";
        EXPECT_EQ(field(device_baser(p), 10, 2), workaround ? 0u : 1u);
        EXPECT_EQ(field(rd_reg(p, 0, kPropbaser), 10, 2), workaround ? 0u : 1u);
        // Every command the driver wrote was cleaned to PoC, or none.
        uint64_t queue = cbaser & kPaMask;
        size_t cmd_cleans = std::count_if(p.cleaned.begin(), p.cleaned.end(), [&](auto &c) {
            return c.first >= queue && c.first < queue + 65536 && c.second == 32;
        });
        EXPECT_EQ(cmd_cleans, workaround ? drv_commands_sent(p.driver()) : 0u);
        // A property byte change is cleaned before the INV.
        size_t before = p.cleaned.size();
        activate(p, 0x10, 1, 0);
        uint64_t prop = drv_property_table(p.driver()) + drv_vector_intid(p.driver(), 0x10, 0) - 8192;
        bool prop_cleaned = std::any_of(p.cleaned.begin() + long(before), p.cleaned.end(),
                                        [&](auto &c) { return c.first == prop && c.second == 1; });
        EXPECT_EQ(prop_cleaned, workaround);
    }
}

TEST(DriverErrata, NonShareableMatchesDmaNoncoherentOnAnyIidr)
{
    drv_firmware fw{nullptr, true, 0, 0};
    CPlatform p(qemu(kCpus), kCpus);
    drv_options o = options(true, fw);
    ASSERT_EQ(p.bring_up(&o), DRV_OK);
    EXPECT_EQ(drv_quirks(p.driver()), DRV_QUIRK_NON_SHAREABLE);
    EXPECT_EQ(field(its_reg(p, kCbaser), 10, 2), 0u);
}

// ---- SynQuacer: DeviceIDs from a pre-ITS window ---------------------------

its_config synquacer()
{
    its_config c = qemu(kCpus);
    c.iidr = 0x0001143B; // GIC-500
    return c;
}

const drv_firmware kSynquacer{nullptr, false, 0x0E000000, 0x200000};

TEST(DriverErrata, PreItsWithoutWorkaroundMsisCarryNoDeviceId)
{
    CPlatform p(synquacer(), kCpus);
    p.sideband = false;
    p.pre_its_base = kSynquacer.pre_its_base;
    p.pre_its_size = kSynquacer.pre_its_size;
    drv_options o = options(false, kSynquacer);
    ASSERT_EQ(p.bring_up(&o), DRV_OK);
    activate(p, 0x100, 2, 1);
    uint64_t addr = drv_device_msi_address(p.driver(), 0x100);
    EXPECT_EQ(addr, drv_msi_address(p.driver())) << "GITS_TRANSLATER";
    EXPECT_EQ(p.device_msi(0x100, addr, 1), ITS_MSI_DROP_NO_DEVICE_ID);
    EXPECT_EQ(stats(p).msi[ITS_MSI_DROP_NO_DEVICE_ID], 1u);
    EXPECT_TRUE(p.take_all().empty());
}

TEST(DriverErrata, PreItsWorkaroundWritesThroughTheWindow)
{
    CPlatform p(synquacer(), kCpus);
    p.sideband = false;
    p.pre_its_base = kSynquacer.pre_its_base;
    p.pre_its_size = kSynquacer.pre_its_size;
    drv_options o = options(true, kSynquacer);
    ASSERT_EQ(p.bring_up(&o), DRV_OK);
    EXPECT_EQ(drv_quirks(p.driver()), DRV_QUIRK_PRE_ITS);
    activate(p, 0x100, 2, 1);
    uint64_t addr = drv_device_msi_address(p.driver(), 0x100);
    EXPECT_EQ(addr, kSynquacer.pre_its_base + 0x100 * 4);
    EXPECT_EQ(p.device_msi(0x100, addr, 1), ITS_MSI_DELIVERED);
    auto got = p.take_all();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0], std::make_pair(1u, drv_vector_intid(p.driver(), 0x100, 1)));
    // The window is the DeviceID: any writer can name any device (Linux
    // therefore stops claiming MSI isolation).
    EXPECT_EQ(p.device_msi(0x999, addr, 0), ITS_MSI_DELIVERED);
}

TEST(DriverErrata, PreItsWindowBoundsTheDeviceIds)
{
    CPlatform p(synquacer(), kCpus);
    drv_firmware fw{nullptr, false, 0x0E000000, 0x1000}; // 1024 slots: 10 DeviceID bits
    drv_options o = options(true, fw);
    ASSERT_EQ(p.bring_up(&o), DRV_OK);
    EXPECT_EQ(drv_device_add(p.driver(), p.env(), 0x400, 1), DRV_E_ARGUMENT);
    EXPECT_EQ(drv_device_add(p.driver(), p.env(), 0x3FF, 1), DRV_OK);
}

// ---- GIC-700 2195890: LPIs left in the pending table ----------------------

its_config gic700()
{
    its_config c = gic600(kCpus);
    c.iidr = 0x0400043B;
    return c;
}

std::unique_ptr<CPlatform> gic700_platform()
{
    return std::make_unique<CPlatform>(gic700(), kCpus, 16, [](redist_config &rc) {
        rc.iidr = 0x0400043B;
        rc.ir = true;
        rc.gic700_2195890 = true;
        rc.pending_slots = 1;
    });
}

// Two LPIs pending at CPU 0 at once: the second finds the redistributor's
// one slot taken and is left in its pending table. Returns its INTID.
uint32_t strand_one(CPlatform &p)
{
    activate(p, 0x10, 2, 0);
    redist_t *rd = p.rd(0);
    EXPECT_EQ(p.msi(0x10, 0), ITS_MSI_DELIVERED);
    EXPECT_EQ(p.msi(0x10, 1), ITS_MSI_DELIVERED);
    auto got = p.take_all();
    EXPECT_EQ(got.size(), 1u);
    EXPECT_EQ(got.empty() ? 0 : got[0].second, drv_vector_intid(p.driver(), 0x10, 0));
    uint32_t second = drv_vector_intid(p.driver(), 0x10, 1);
    EXPECT_TRUE(redist_is_pending(rd, second));
    EXPECT_EQ(redist_icc_iar1_read(rd), REDIST_SPURIOUS) << "pending but not signalled";
    return second;
}

TEST(DriverErrata, Gic700WithoutWorkaroundLpiStaysInThePendingTable)
{
    auto p = gic700_platform();
    drv_options o = options(false);
    ASSERT_EQ(p->bring_up(&o), DRV_OK);
    EXPECT_EQ(drv_periodic_us(p->driver()), 0u);
    uint32_t stuck = strand_one(*p);
    for (int i = 0; i < 3; i++)
        ASSERT_EQ(drv_periodic(p->driver(), p->env()), DRV_OK);
    EXPECT_TRUE(p->take_all().empty());
    EXPECT_TRUE(redist_is_pending(p->rd(0), stuck)) << "still there";
}

TEST(DriverErrata, Gic700WorkaroundRetriggersWithInvlpir)
{
    auto p = gic700_platform();
    drv_options o = options(true);
    ASSERT_EQ(p->bring_up(&o), DRV_OK);
    EXPECT_EQ(drv_quirks(p->driver()), DRV_QUIRK_GIC700_2195890);
    EXPECT_EQ(drv_periodic_us(p->driver()), 1000000u) << "Linux's 1 s";
    uint32_t stuck = strand_one(*p);
    EXPECT_NE(drv_vector_intid(p->driver(), 0x10, 0), 8192u) << "the first LPI is kept unused";
    ASSERT_EQ(drv_periodic(p->driver(), p->env()), DRV_OK);
    auto got = p->take_all();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0], std::make_pair(0u, stuck));
    redist_stats s;
    redist_get_stats(p->rd(0), &s);
    EXPECT_EQ(s.diag[REDIST_DIAG_DIRECT_LPI_OFF], 0u);
}

} // namespace
