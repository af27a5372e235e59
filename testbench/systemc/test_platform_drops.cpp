// SPDX-License-Identifier: Apache-2.0
// Every MSI that does not reach a CPU is counted with its reason, by custom
// software that sets the platform up wrongly on purpose. Two devices, two
// CPUs: a (0x10) and b (0x20), two vectors each, 20 MSIs each (10 per
// vector, a and b send at the same instants); round-robin affinity puts
// vector 0 of each on CPU 0 and vector 1 on CPU 1.
#include "platform_bench.h"

using namespace pb;

namespace {

gicv3_vp::platform_config two_devices()
{
    gicv3_vp::platform_config c;
    c.cpus = 2;
    c.max_us = 20000;
    c.devices = {device("a", 0x10, 2, 20, 1000), device("b", 0x20, 2, 20, 1000)};
    return c;
}

void start_traffic(gicv3_vp::platform &p)
{
    for (unsigned i = 0; i < p.config().devices.size(); i++)
        p.device(i).start();
}

// Takes interrupts until every device has sent everything, then a while more.
void wait_devices_done(sw &s)
{
    auto done = [&] {
        for (unsigned i = 0; i < s.p.config().devices.size(); i++)
            if (!s.p.device(i).done())
                return false;
        return true;
    };
    sc_time limit = s.cpu.now() + us(10000);
    while (!done() && s.cpu.now() < limit)
        s.idle_for(us(1));
    s.idle_for(us(10));
}

// The ledger's drops are exactly `want`, and the ITS counted the same
// translation outcomes.
void expect_drops(gicv3_vp::platform &p, const std::map<std::string, uint64_t> &want)
{
    EXPECT_EQ(p.failure(), "");
    EXPECT_TRUE(p.completed());
    expect_conservation(p);
    EXPECT_EQ(p.ledger().drops(), want);
    its_stats s = p.its_module().stats();
    for (int r = 1; r < ITS_MSI_RESULTS; r++) // every ITS drop outcome the ledger saw, and no other
        EXPECT_EQ(s.msi[r], drop_count(p, its_msi_result_name(its_msi_result(r)))) << its_msi_result_name(its_msi_result(r));
}

TEST(PlatformDrops, MsixTableNeverProgrammed)
{
    gicv3_vp::platform p("p", two_devices());
    cpu0_program(p, [](sw &s) {
        unsigned next = 0;
        s.setup_device(0, &next);
        s.setup_device(1, &next, true, false); // mapped in the ITS, MSI-X table left at reset
        start_traffic(s.p);
        s.idle_until_traffic_over();
    });
    p.run();
    expect_drops(p, {{"msix_unprogrammed", 20}});
    EXPECT_EQ(p.ledger().injected(), 40u);
    EXPECT_EQ(p.ledger().per_cpu(), (std::vector<uint64_t>{10, 10}));
    EXPECT_EQ(p.device(1).sent(), 0u);
    EXPECT_EQ(p.its_module().stats().msi[ITS_MSI_DELIVERED], 20u); // b's never reached the ITS
}

TEST(PlatformDrops, MsixEntryLeftMasked)
{
    gicv3_vp::platform p("p", two_devices());
    cpu0_program(p, [](sw &s) {
        unsigned next = 0;
        s.setup_device(0, &next);
        s.setup_device(1, &next, true, true, true);
        start_traffic(s.p);
        s.idle_until_traffic_over();
    });
    p.run();
    expect_drops(p, {{"msix_masked", 20}});
    EXPECT_EQ(p.ledger().delivered(), 20u);
}

// A deactivated vector (mask, DISCARD) whose MSI-X entry still fires.
TEST(PlatformDrops, DeactivatedVectorIsAnUnmappedEvent)
{
    gicv3_vp::platform p("p", two_devices());
    drv_status deactivated = DRV_E_ARGUMENT;
    cpu0_program(p, [&](sw &s) {
        unsigned next = 0;
        s.setup_device(0, &next);
        s.setup_device(1, &next);
        deactivated = drv_vector_deactivate(s.drv(), s.env(), 0x20, 1);
        start_traffic(s.p);
        s.idle_until_traffic_over();
    });
    p.run();
    EXPECT_EQ(deactivated, DRV_OK);
    expect_drops(p, {{"unmapped_event", 10}});
    EXPECT_EQ(p.ledger().per_cpu(), (std::vector<uint64_t>{20, 10}));
}

// MSI-X programmed, but the device was never mapped (no MAPD).
TEST(PlatformDrops, DeviceNeverMappedIsAnUnmappedDevice)
{
    gicv3_vp::platform p("p", two_devices());
    cpu0_program(p, [](sw &s) {
        unsigned next = 0;
        s.setup_device(0, &next);
        s.setup_device(1, &next, false); // MSI-X only
        start_traffic(s.p);
        s.idle_until_traffic_over();
    });
    p.run();
    expect_drops(p, {{"unmapped_device", 20}});
}

TEST(PlatformDrops, ItsDisabled)
{
    gicv3_vp::platform p("p", two_devices());
    cpu0_program(p, [](sw &s) {
        unsigned next = 0;
        s.setup_device(0, &next);
        s.setup_device(1, &next);
        uint64_t ctlr = s.cpu.read(gicv3_vp::address_map::its, 4);
        s.cpu.write(gicv3_vp::address_map::its, 4, ctlr & ~1ull);
        start_traffic(s.p);
        s.idle_until_traffic_over();
    });
    p.run();
    expect_drops(p, {{"its_disabled", 40}});
    EXPECT_EQ(p.ledger().per_cpu(), (std::vector<uint64_t>{0, 0}));
}

// EnableLPIs cleared at CPU 1's redistributor: its LPIs are dropped there.
TEST(PlatformDrops, LpisDisabledAtTheRedistributor)
{
    gicv3_vp::platform p("p", two_devices());
    uint64_t ctlr = ~0ull;
    cpu0_program(p, [&](sw &s) {
        unsigned next = 0;
        s.setup_device(0, &next);
        s.setup_device(1, &next);
        s.enable_lpis(1, false);
        ctlr = s.cpu.read(s.gicr(1), 4);
        start_traffic(s.p);
        s.idle_until_traffic_over();
    });
    p.run();
    EXPECT_EQ(ctlr & 1, 0u);
    expect_drops(p, {{"redistributor_disabled", 20}});
    EXPECT_EQ(p.ledger().per_cpu(), (std::vector<uint64_t>{20, 0}));
    EXPECT_EQ(p.its_module().stats().msi[ITS_MSI_DELIVERED], 40u); // the ITS delivered them all
    redist_stats rs;
    redist_get_stats(p.gic_module().redistributor(1), &rs);
    EXPECT_EQ(rs.lpi[REDIST_LPI_DROP_DISABLED], 20u);
}

// An INTID beyond what CPU 0's redistributor takes (PROPBASER.IDbits cut to
// 14 bits while the ITS allows 16): the ITS delivers, the redistributor drops.
TEST(PlatformDrops, IntidBeyondTheRedistributorRange)
{
    gicv3_vp::platform p("p", two_devices());
    cpu0_program(p, [&](sw &s) {
        unsigned next = 0;
        s.setup_device(0, &next);
        s.setup_device(1, &next);
        s.send(cmd::mapti(0x10, 0, 20000, 0)); // re-map a0 to INTID 20000 (UNPREDICTABLE: overwrites)
        s.enable_lpis(0, false);
        uint64_t prop = s.cpu.read(s.gicr(0) + 0x70, 8);
        s.cpu.write(s.gicr(0) + 0x70, 8, (prop & ~0x1Full) | 13);
        s.enable_lpis(0, true);
        start_traffic(s.p);
        s.idle_until_traffic_over();
    });
    p.run();
    expect_drops(p, {{"lpi_out_of_range", 10}});
    EXPECT_EQ(p.ledger().per_cpu(), (std::vector<uint64_t>{10, 20}));
}

// A masked vector's MSIs stay pending and merge; unmasking delivers them
// with one acknowledge.
TEST(PlatformDrops, MaskedVectorCoalescesThenDeliversOnUnmask)
{
    gicv3_vp::platform p("p", two_devices());
    uint64_t outstanding = 0, acks_before = 0;
    cpu0_program(p, [&](sw &s) {
        unsigned next = 0;
        s.setup_device(0, &next);
        s.setup_device(1, &next);
        drv_vector_mask(s.drv(), s.env(), 0x10, 0, true);
        start_traffic(s.p);
        wait_devices_done(s);
        outstanding = s.p.ledger().outstanding();
        acks_before = s.p.ledger().acks()[0];
        drv_vector_mask(s.drv(), s.env(), 0x10, 0, false);
        s.idle_until_traffic_over();
    });
    p.run();
    expect_drops(p, {});
    EXPECT_EQ(outstanding, 10u);
    EXPECT_EQ(acks_before, 10u); // b0 only
    EXPECT_EQ(p.ledger().acks()[0], 11u);
    EXPECT_EQ(p.ledger().merged(), 9u);
    EXPECT_EQ(p.ledger().delivered(), 40u);
    EXPECT_EQ(p.ledger().per_cpu(), (std::vector<uint64_t>{20, 20}));
}

// Pending MSIs lost to a DISCARD are cleared_before_ack; those still pending
// when the software finishes are pending_at_end.
TEST(PlatformDrops, ClearedBeforeAckAndPendingAtEnd)
{
    gicv3_vp::platform p("p", two_devices());
    drv_status deactivated = DRV_E_ARGUMENT;
    cpu0_program(p, [&](sw &s) {
        unsigned next = 0;
        s.setup_device(0, &next);
        s.setup_device(1, &next);
        drv_vector_mask(s.drv(), s.env(), 0x10, 0, true);
        drv_vector_mask(s.drv(), s.env(), 0x20, 0, true);
        start_traffic(s.p);
        wait_devices_done(s);
        deactivated = drv_vector_deactivate(s.drv(), s.env(), 0x10, 0);
        s.idle_for(us(10));
    });
    p.run();
    EXPECT_EQ(deactivated, DRV_OK);
    expect_drops(p, {{"cleared_before_ack", 10}, {"pending_at_end", 10}});
    EXPECT_EQ(p.ledger().per_cpu(), (std::vector<uint64_t>{0, 20}));
    EXPECT_EQ(p.ledger().merged(), 18u);
}

// A pending LPI moved (MOVI) to a redistributor whose LPIs are off is lost
// there: its MSIs are dropped as redistributor_disabled, not left waiting.
TEST(PlatformDrops, MoveToADisabledRedistributor)
{
    gicv3_vp::platform p("p", two_devices());
    drv_status moved = DRV_E_ARGUMENT;
    cpu0_program(p, [&](sw &s) {
        unsigned next = 0;
        s.setup_device(0, &next);
        s.setup_device(1, &next);
        drv_vector_mask(s.drv(), s.env(), 0x10, 0, true); // a0 pends at CPU 0
        start_traffic(s.p);
        wait_devices_done(s);
        s.enable_lpis(1, false);
        moved = drv_vector_set_affinity(s.drv(), s.env(), 0x10, 0, 1);
        s.idle_for(us(10));
    });
    p.run();
    EXPECT_EQ(moved, DRV_OK);
    expect_drops(p, {{"redistributor_disabled", 10}});
    EXPECT_EQ(p.ledger().per_cpu(), (std::vector<uint64_t>{10, 20}));
}

// Pending state survives EnableLPIs 1 -> 0 -> 1: written back to the pending
// table, scanned in again; the MSIs are delivered once unmasked.
TEST(PlatformDrops, PendingStateSurvivesLpisOffAndOn)
{
    gicv3_vp::platform p("p", two_devices());
    cpu0_program(p, [&](sw &s) {
        unsigned next = 0;
        s.setup_device(0, &next);
        s.setup_device(1, &next);
        drv_vector_mask(s.drv(), s.env(), 0x10, 1, true); // a1 pends at CPU 1
        start_traffic(s.p);
        wait_devices_done(s);
        s.enable_lpis(1, false);
        s.enable_lpis(1, true);
        drv_vector_mask(s.drv(), s.env(), 0x10, 1, false);
        s.idle_until_traffic_over();
    });
    p.run();
    expect_drops(p, {});
    EXPECT_EQ(p.ledger().per_cpu(), (std::vector<uint64_t>{20, 20}));
    EXPECT_EQ(p.ledger().merged(), 9u);
}

} // namespace
