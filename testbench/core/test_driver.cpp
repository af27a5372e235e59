// SPDX-License-Identifier: Apache-2.0
// The driver kit's bring-up on the C platform: the registers, tables and
// commands it leaves on the QEMU and GIC-600 presets, on 1, 4 and 64 CPUs,
// and how it adapts to an ITS that accepts one page size, has no two-level
// tables, has RAZ shareability, targets RD_base addresses (PTA = 1) or runs
// its queue only when asked (deferred processing).
#include "driver_test.h"

#include <algorithm>
#include <tuple>

using namespace drvtest;

namespace {

// What a bring-up must leave in the registers.
struct Expect {
    unsigned psz = 2;        // Page_Size code of both tables
    bool indirect = true;    // device table two-level
    unsigned shr = 1;        // ITS tables and queue: Inner Shareable, or 0
    unsigned cache = 7;      // RaWaWb, or 1 (nC) when shr = 0
    unsigned rd_shr = 1;     // PROPBASER/PENDBASER
    unsigned rd_cache = 7;
    bool pta = false;
};

void expect_brought_up(CPlatform &p, unsigned cpus, const Expect &x)
{
    its_driver *d = p.driver();
    ASSERT_NE(d, nullptr);
    uint64_t ctlr = its_reg(p, kCtlr, 4);
    EXPECT_EQ(ctlr & 1, 1u) << "GITS_CTLR.Enabled";
    EXPECT_EQ(field(ctlr, 31, 1), 1u) << "quiescent: nothing left to do";

    uint64_t cbaser = its_reg(p, kCbaser);
    EXPECT_EQ(field(cbaser, 63, 1), 1u) << "CBASER.Valid";
    EXPECT_EQ(field(cbaser, 0, 8), 15u) << "64 KB queue";
    EXPECT_EQ(field(cbaser, 10, 2), x.shr);
    EXPECT_EQ(field(cbaser, 59, 3), x.cache);
    EXPECT_NE(cbaser & kPaMask, 0u);
    EXPECT_EQ(cbaser & kPaMask & 0xFFFF, 0u) << "64 KB aligned";
    expect_queue_drained(p);

    int dev = baser_of_type(p, 1), coll = baser_of_type(p, 4);
    ASSERT_GE(dev, 0);
    ASSERT_GE(coll, 0);
    for (int n : {dev, coll}) {
        uint64_t b = its_reg(p, kBaser0 + 8 * n);
        SCOPED_TRACE("GITS_BASER" + std::to_string(n));
        EXPECT_EQ(field(b, 63, 1), 1u) << "Valid";
        EXPECT_EQ(field(b, 8, 2), x.psz) << "Page_Size";
        EXPECT_EQ(field(b, 10, 2), x.shr) << "Shareability";
        EXPECT_EQ(field(b, 59, 3), x.cache) << "InnerCache";
        EXPECT_NE(b & kBaserPaMask, 0u);
        EXPECT_EQ(b & kBaserPaMask & ((4096ull << (2 * x.psz)) - 1), 0u) << "page aligned";
    }
    EXPECT_EQ(field(its_reg(p, kBaser0 + 8 * dev), 62, 1), x.indirect ? 1u : 0u) << "device table Indirect";
    uint64_t cb = its_reg(p, kBaser0 + 8 * coll);
    EXPECT_EQ(field(cb, 62, 1), 0u) << "collection table flat";
    EXPECT_EQ(field(cb, 0, 8), 0u) << "collection table: one page";

    // Redistributors: LPIs on, one property table, a pending table each.
    EXPECT_EQ(drv_lpi_bits(d), 16u);
    uint64_t prop = drv_property_table(d);
    std::vector<uint64_t> pend;
    for (unsigned c = 0; c < cpus; c++) {
        SCOPED_TRACE("cpu " + std::to_string(c));
        EXPECT_EQ(rd_reg(p, c, kRdCtlr, 4) & 1, 1u) << "EnableLPIs";
        uint64_t attrs_prop = (uint64_t(x.rd_shr) << 10) | (uint64_t(x.rd_cache) << 7);
        EXPECT_EQ(rd_reg(p, c, kPropbaser), prop | attrs_prop | 15u) << "PROPBASER: 16 ID bits";
        EXPECT_EQ(rd_reg(p, c, kPendbaser), drv_pending_table(d, c) | attrs_prop);
        pend.push_back(drv_pending_table(d, c));
        EXPECT_EQ(pend.back() & 0xFFFF, 0u);
        uint64_t want = x.pta ? CPlatform::kGicr + uint64_t(c) * REDIST_FRAMES_SIZE : uint64_t(c) << 16;
        EXPECT_EQ(drv_cpu_target(d, c), want);
    }
    std::sort(pend.begin(), pend.end());
    EXPECT_EQ(std::adjacent_find(pend.begin(), pend.end()), pend.end()) << "a pending table per CPU";
    EXPECT_EQ(prop & 0xFFFF, 0u);
    std::vector<uint8_t> bytes((1u << 16) - 8192);
    shim_mem_read(p.mem(), prop, bytes.data(), bytes.size());
    EXPECT_EQ(std::count(bytes.begin(), bytes.end(), 0xA2), long(bytes.size()))
        << "every LPI: priority 0xA0, Group 1, disabled";
    std::vector<uint8_t> pbytes(8192);
    shim_mem_read(p.mem(), pend[0], pbytes.data(), pbytes.size());
    EXPECT_EQ(std::count(pbytes.begin(), pbytes.end(), 0), 8192) << "pending table zeroed";

    // The commands: MAPC, SYNC, INVALL, SYNC per CPU and nothing else.
    EXPECT_EQ(drv_commands_sent(d), 4ull * cpus);
    its_stats s = stats(p);
    EXPECT_EQ(s.command_errors, 0u);
    EXPECT_EQ(s.commands[ITS_CMD_MAPC], cpus);
    EXPECT_EQ(s.commands[ITS_CMD_INVALL], cpus);
    EXPECT_EQ(s.commands[ITS_CMD_SYNC], 2ull * cpus);
    expect_cpu_init_commands(p, 0, cpus);
}

// ---- Both presets on 1, 4 and 64 CPUs ------------------------------------

class DriverBringUp : public ::testing::TestWithParam<std::tuple<Preset, unsigned>> {};

TEST_P(DriverBringUp, RegistersTablesAndCollections)
{
    auto [preset, cpus] = GetParam();
    CPlatform p(preset.make(cpus), cpus);
    ASSERT_EQ(p.bring_up(), DRV_OK);
    expect_brought_up(p, cpus, Expect{});
    expect_msis_reach_every_cpu(p, cpus, 0x42);
    expect_queue_drained(p);
    EXPECT_EQ(stats(p).command_errors, 0u);
}

TEST_P(DriverBringUp, DeferredQueueRunOnPoll)
{
    auto [preset, cpus] = GetParam();
    its_config cfg = preset.make(cpus);
    cfg.process_on_write = false;
    CPlatform p(cfg, cpus);
    p.run_queue_on_poll = true;
    ASSERT_EQ(p.bring_up(), DRV_OK);
    expect_brought_up(p, cpus, Expect{});
    expect_msis_reach_every_cpu(p, cpus, 7);
    expect_queue_drained(p);
}

INSTANTIATE_TEST_SUITE_P(Presets, DriverBringUp,
                         ::testing::Combine(::testing::Values(kQemu, kGic600), ::testing::Values(1u, 4u, 64u)),
                         [](const auto &i) {
                             return std::string(std::get<0>(i.param).name) + "_" +
                                    std::to_string(std::get<1>(i.param)) + "cpus";
                         });

// ---- Page-size acceptance sets -------------------------------------------

class DriverPageSize : public ::testing::TestWithParam<std::tuple<Preset, unsigned>> {};

TEST_P(DriverPageSize, OnlyOneSizeSticks)
{
    auto [preset, code] = GetParam();
    its_config cfg = preset.make(4);
    cfg.page_sizes = uint8_t(1u << code);
    for (its_baser_config &b : cfg.baser)
        b.reset_page_size = uint8_t(code);
    CPlatform p(cfg, 4);
    ASSERT_EQ(p.bring_up(), DRV_OK);
    Expect x;
    x.psz = code; // both presets: esz << DevBits > 2 pages at every size, so two-level
    expect_brought_up(p, 4, x);

    // The device table still reaches the whole DeviceID space, not beyond.
    uint32_t last = (1u << cfg.devid_bits) - 1;
    expect_msis_reach_every_cpu(p, 4, last);
    expect_msis_reach_every_cpu(p, 4, 0);
    EXPECT_EQ(drv_device_add(p.driver(), p.env(), last + 1, 1), DRV_E_ARGUMENT);
    expect_queue_drained(p);
    EXPECT_EQ(stats(p).command_errors, 0u);
}

INSTANTIATE_TEST_SUITE_P(Sets, DriverPageSize,
                         ::testing::Combine(::testing::Values(kQemu, kGic600), ::testing::Values(0u, 1u, 2u)),
                         [](const auto &i) {
                             return std::string(std::get<0>(i.param).name) + "_" +
                                    std::to_string(4u << (2 * std::get<1>(i.param))) + "K";
                         });

// ---- Indirect disallowed: a flat device table -----------------------------

struct FlatCase {
    Preset preset;
    unsigned psz_code;
    unsigned pages;   // BASER.Size + 1 the driver must choose
    uint32_t devices; // DeviceIDs the flat table holds
};
void PrintTo(const FlatCase &f, std::ostream *os) { *os << f.preset.name << " psz " << f.psz_code; }

class DriverFlatDeviceTable : public ::testing::TestWithParam<FlatCase> {};

TEST_P(DriverFlatDeviceTable, SizedToTheIdSpaceOrCapped)
{
    const FlatCase &f = GetParam();
    its_config cfg = f.preset.make(4);
    cfg.baser[0].indirect = false;
    cfg.page_sizes = uint8_t(1u << f.psz_code);
    for (its_baser_config &b : cfg.baser)
        b.reset_page_size = uint8_t(f.psz_code);
    CPlatform p(cfg, 4);
    ASSERT_EQ(p.bring_up(), DRV_OK);
    Expect x;
    x.psz = f.psz_code;
    x.indirect = false;
    expect_brought_up(p, 4, x);
    EXPECT_EQ(field(its_reg(p, kBaser0), 0, 8) + 1, f.pages);

    expect_msis_reach_every_cpu(p, 4, f.devices - 1);
    EXPECT_EQ(drv_device_add(p.driver(), p.env(), f.devices, 1), DRV_E_ARGUMENT)
        << "beyond the flat table: refused, not sent";
    expect_queue_drained(p);
    EXPECT_EQ(stats(p).command_errors, 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Tables, DriverFlatDeviceTable,
    ::testing::Values(FlatCase{kQemu, 2, 8, 1u << 16},         // 8 B << 16 = 512 KB: 8 pages of 64K
                      FlatCase{kQemu, 0, 128, 1u << 16},       // 128 pages of 4K
                      FlatCase{kGic600, 2, 128, 1u << 20},     // 8 MB: 128 pages of 64K
                      FlatCase{kGic600, 0, 256, 256u * 4096 / 8}), // capped at 256 pages of 4K
    [](const auto &i) { return std::string(i.param.preset.name) + "_psz" + std::to_string(i.param.psz_code); });

// ---- Shareability RAZ ------------------------------------------------------

class DriverShareability : public ::testing::TestWithParam<std::tuple<Preset, bool, bool>> {};

TEST_P(DriverShareability, FallsBackToNonShareableNonCacheable)
{
    auto [preset, its_shr, rd_shr] = GetParam();
    its_config cfg = preset.make(4);
    cfg.shareability = its_shr;
    CPlatform p(cfg, 4, 16, [rd = rd_shr](redist_config &rc) { rc.shareability = rd; });
    ASSERT_EQ(p.bring_up(), DRV_OK);
    Expect x;
    x.shr = its_shr ? 1 : 0;
    x.cache = its_shr ? 7 : 1;
    x.rd_shr = rd_shr ? 1 : 0;
    x.rd_cache = rd_shr ? 7 : 1;
    expect_brought_up(p, 4, x);
    expect_msis_reach_every_cpu(p, 4, 3);
}

INSTANTIATE_TEST_SUITE_P(Raz, DriverShareability,
                         ::testing::Combine(::testing::Values(kQemu, kGic600), ::testing::Bool(), ::testing::Bool()),
                         [](const auto &i) {
                             return std::string(std::get<0>(i.param).name) + (std::get<1>(i.param) ? "_its" : "_itsRaz") +
                                    (std::get<2>(i.param) ? "_rd" : "_rdRaz");
                         });

// With shareability RAZ the BASERs after the first start from what stuck on
// the one before (Linux carries it forward): one write each, no retry.
TEST(DriverShareabilityCarry, SecondBaserWrittenOnce)
{
    its_config cfg = qemu(1);
    cfg.shareability = false;
    CPlatform p(cfg, 1);
    p.log_mmio = true;
    ASSERT_EQ(p.bring_up(), DRV_OK);
    std::vector<uint64_t> baser1;
    for (const auto &a : p.mmio)
        if (a.write && a.pa == CPlatform::kIts + kBaser0 + 8 && (a.value >> 63))
            baser1.push_back(a.value);
    ASSERT_EQ(baser1.size(), 1u);
    EXPECT_EQ(field(baser1[0], 10, 2), 0u);
    EXPECT_EQ(field(baser1[0], 59, 3), 1u) << "nC";
}

// ---- PTA = 1: targets are RD_base addresses --------------------------------

class DriverPta : public ::testing::TestWithParam<std::tuple<Preset, unsigned>> {};

TEST_P(DriverPta, CollectionsTargetRedistributorAddresses)
{
    auto [preset, cpus] = GetParam();
    its_config cfg = preset.make(cpus);
    cfg.pta = true;
    cfg.rd_base = CPlatform::kGicr;
    cfg.rd_stride = REDIST_FRAMES_SIZE;
    CPlatform p(cfg, cpus);
    ASSERT_EQ(p.bring_up(), DRV_OK);
    Expect x;
    x.pta = true;
    expect_brought_up(p, cpus, x);
    expect_msis_reach_every_cpu(p, cpus, 9);

    // set_affinity's MOVI and its SYNC to the old RD_base work the same way.
    ASSERT_EQ(drv_vector_set_affinity(p.driver(), p.env(), 9, 0, cpus - 1), DRV_OK);
    Cmd sync = queue_slot(p, unsigned(drv_commands_sent(p.driver()) - 1));
    EXPECT_EQ(sync.op(), ITS_CMD_SYNC);
    EXPECT_EQ(sync.dw[2], CPlatform::kGicr) << "SYNC to the old collection's RD_base";
    ASSERT_EQ(p.msi(9, 0), ITS_MSI_DELIVERED);
    auto got = p.take_all();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].first, cpus - 1);
    EXPECT_EQ(stats(p).command_errors, 0u);
}

INSTANTIATE_TEST_SUITE_P(Presets, DriverPta,
                         ::testing::Combine(::testing::Values(kQemu, kGic600), ::testing::Values(4u, 64u)),
                         [](const auto &i) {
                             return std::string(std::get<0>(i.param).name) + "_" +
                                    std::to_string(std::get<1>(i.param)) + "cpus";
                         });

// ---- Booted with LPIs already on (kexec, firmware) -------------------------

// redist_disable_lpis: EnableLPIs is cleared (RWP polled) before the driver's
// own PROPBASER/PENDBASER go in, which only stick while LPIs are off.
TEST(DriverProbe, LpisLeftEnabledAreTurnedOffFirst)
{
    CPlatform p(qemu(2), 2);
    redist_t *rd = p.rd(1);
    ASSERT_EQ(redist_write(rd, kPropbaser, 8, 0x7F000000ull | 15), ITS_ACCESS_OK);
    ASSERT_EQ(redist_write(rd, kPendbaser, 8, 0x7F100000ull), ITS_ACCESS_OK);
    ASSERT_EQ(redist_write(rd, kRdCtlr, 4, 1), ITS_ACCESS_OK);
    ASSERT_EQ(p.bring_up(), DRV_OK);
    EXPECT_EQ(rd_reg(p, 1, kPropbaser), drv_property_table(p.driver()) | 0x78Fu);
    EXPECT_EQ(rd_reg(p, 1, kPendbaser), drv_pending_table(p.driver(), 1) | 0x780u);
    EXPECT_EQ(rd_reg(p, 1, kRdCtlr, 4) & 1, 1u);
    redist_stats rs;
    redist_get_stats(rd, &rs);
    EXPECT_EQ(rs.diag[REDIST_DIAG_BASER_WHILE_ENABLED], 0u);
    expect_msis_reach_every_cpu(p, 2, 1);
}

// ---- GICv4 ArchRev is an ITS too; the options are Linux's ------------------

TEST(DriverProbe, AcceptsGicv4ArchRev)
{
    its_config cfg = qemu(2);
    cfg.pidr[2] = 0x4B;
    CPlatform p(cfg, 2);
    EXPECT_EQ(p.bring_up(), DRV_OK);
}

// A vector keeps its CPU in 16 bits: a layout with more CPUs is refused
// before the driver touches anything.
TEST(DriverProbe, RefusesMoreCpusThanAVectorCanName)
{
    int accesses = 0;
    drv_env env{};
    env.ctx = &accesses;
    env.read = [](void *ctx, uint64_t, unsigned) -> uint64_t {
        ++*static_cast<int *>(ctx);
        return 0;
    };
    env.write = [](void *ctx, uint64_t, unsigned, uint64_t) { ++*static_cast<int *>(ctx); };
    drv_layout layout{0, 0, REDIST_FRAMES_SIZE, 0, 65536};
    its_driver *d = nullptr;
    EXPECT_EQ(drv_probe(&d, &env, &layout, nullptr), DRV_E_ARGUMENT);
    EXPECT_EQ(d, nullptr) << "nothing allocated";
    EXPECT_EQ(accesses, 0);
    drv_free(d);
}

TEST(DriverProbe, DefaultOptionsAreLinuxs)
{
    drv_options o;
    drv_options_default(&o);
    EXPECT_EQ(o.poll_limit, 1000000u);
    EXPECT_EQ(o.lpi_id_bits, 16u);
    EXPECT_EQ(o.priority, 0xA0u);
    EXPECT_FALSE(o.set_ptz);
}

// GICD_TYPER.IDbits below 16 caps the LPI space; set_ptz reaches PENDBASER.
TEST(DriverProbe, LpiBitsFromGicdTyperAndPtz)
{
    CPlatform p(qemu(2), 2, 14);
    drv_options o;
    drv_options_default(&o);
    o.set_ptz = true;
    p.log_mmio = true;
    ASSERT_EQ(p.bring_up(&o), DRV_OK);
    EXPECT_EQ(drv_lpi_bits(p.driver()), 14u);
    EXPECT_EQ(rd_reg(p, 1, kPropbaser) & 0x1F, 13u);
    unsigned ptz = 0;
    for (const auto &a : p.mmio)
        if (a.write && (a.pa - CPlatform::kGicr) % REDIST_FRAMES_SIZE == kPendbaser && a.pa >= CPlatform::kGicr)
            ptz += unsigned(field(a.value, 62, 1));
    EXPECT_EQ(ptz, 2u) << "PTZ written on both CPUs";
    // 8192 LPIs: a 16 K-vector device does not fit, a 4 K-vector one does.
    EXPECT_EQ(drv_device_add(p.driver(), p.env(), 1, 16384), DRV_E_NO_LPIS);
    EXPECT_EQ(drv_device_add(p.driver(), p.env(), 1, 4096), DRV_OK);
}

} // namespace
