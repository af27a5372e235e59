// SPDX-License-Identifier: Apache-2.0
// MSIs over TLM: the DeviceID extension, drops, delivery to the
// redistributor port, and what an MSI costs in time.
#include "tlm_bench.h"

using namespace tb;

TEST(ItsMsi, WithDeviceIdReachesItsRedistributor)
{
    bench b("b", bench::qemu());
    run([&] {
        b.bring_up();
        b.map_device();
        b.rd.calls.clear();
        auto r = b.msi(2, 1);
        EXPECT_EQ(r.status, tlm::TLM_OK_RESPONSE);
        ASSERT_EQ(b.rd.calls.size(), 1u);
        EXPECT_EQ(b.rd.calls[0].kind, "set_pending");
        EXPECT_EQ(b.rd.calls[0].a, 1u);       // collection 0 lives on target 1
        EXPECT_EQ(b.rd.calls[0].intid, 8194u);
        ASSERT_EQ(b.msis.size(), 1u);
        const gicv3::msi_record &m = b.msis[0];
        EXPECT_EQ(m.result, ITS_MSI_DELIVERED);
        EXPECT_EQ(m.device_id, 1u);
        EXPECT_EQ(m.event_id, 2u);
        EXPECT_EQ(m.translation.intid, 8194u);
        EXPECT_EQ(m.translation.target, 1u);
        EXPECT_EQ(m.translation.icid, 0u);
        ASSERT_TRUE(m.delivery.has_value());
        EXPECT_EQ(*m.delivery, gicv3::lpi_delivery::pending);
        EXPECT_EQ(b.its.stats().msi[ITS_MSI_DELIVERED], 1u);
    });
}

TEST(ItsMsi, RecordsWhatTheRedistributorAnswered)
{
    bench b("b", bench::qemu());
    b.rd.answer = gicv3::lpi_delivery::dropped_disabled;
    run([&] {
        b.bring_up();
        b.map_device();
        b.msi(0, 1);
        ASSERT_EQ(b.msis.size(), 1u);
        EXPECT_EQ(b.msis[0].delivery, gicv3::lpi_delivery::dropped_disabled);
        EXPECT_STREQ(gicv3::to_string(*b.msis[0].delivery), "dropped_disabled");
    });
}

TEST(ItsMsi, WithoutDeviceIdIsDroppedAndCounted)
{
    bench b("b", bench::qemu());
    run([&] {
        b.bring_up();
        b.map_device();
        b.rd.calls.clear();
        EXPECT_EQ(b.msi(2, std::nullopt).status, tlm::TLM_OK_RESPONSE); // posted write: no error
        EXPECT_TRUE(b.rd.calls.empty());
        EXPECT_EQ(b.its.stats().msi[ITS_MSI_DROP_NO_DEVICE_ID], 1u);
        EXPECT_EQ(b.its.stats().msi[ITS_MSI_DELIVERED], 0u);
        ASSERT_EQ(b.msis.size(), 1u);
        EXPECT_EQ(b.msis[0].result, ITS_MSI_DROP_NO_DEVICE_ID);
        EXPECT_FALSE(b.msis[0].delivery.has_value());
    });
}

TEST(ItsMsi, DefaultDeviceIdIsUsedWhenTheWriteCarriesNone)
{
    bench b("b", bench::qemu());
    b.its.default_device_id = 1;
    run([&] {
        b.bring_up();
        b.map_device();
        b.rd.calls.clear();
        b.msi(3, std::nullopt);
        ASSERT_EQ(b.rd.calls.size(), 1u);
        EXPECT_EQ(b.rd.calls[0].intid, 8195u);
        b.msi(0, 7); // an extension still wins: device 7 is not mapped
        EXPECT_EQ(b.rd.calls.size(), 1u);
        EXPECT_EQ(b.msis.back().result, ITS_MSI_DROP_UNMAPPED_DEVICE);
        EXPECT_EQ(b.its.stats().msi[ITS_MSI_DROP_NO_DEVICE_ID], 0u);
    });
}

TEST(ItsMsi, TwoByteWriteCarriesA16BitEventId)
{
    bench b("b", bench::qemu());
    run([&] {
        b.bring_up();
        b.map_device();
        b.rd.calls.clear();
        EXPECT_EQ(b.msi(0x10001, 1, 2).status, tlm::TLM_OK_RESPONSE); // only 0x0001 reaches the ITS
        ASSERT_EQ(b.rd.calls.size(), 1u);
        EXPECT_EQ(b.rd.calls[0].intid, 8193u);
        EXPECT_EQ(b.msis.back().event_id, 1u);
    });
}

TEST(ItsMsi, UnmappedEventIsDroppedWithItsReason)
{
    bench b("b", bench::qemu());
    run([&] {
        b.bring_up();
        b.map_device();
        b.rd.calls.clear();
        b.msi(9, 1);  // inside the ITT, never mapped
        b.msi(99, 1); // beyond the device's 16 events
        EXPECT_TRUE(b.rd.calls.empty());
        its_stats s = b.its.stats();
        EXPECT_EQ(s.msi[ITS_MSI_DROP_UNMAPPED_EVENT], 1u);
        EXPECT_EQ(s.msi[ITS_MSI_DROP_EVENT_OOR], 1u);
    });
}

// Caches off: every MSI walks the DTE, the ITE and the CTE through the bus.
TEST(ItsMsi, DelayIncludesEveryTableReadAndTheRedistributor)
{
    its_config cfg = bench::qemu();
    cfg.device_cache.entries = cfg.ite_cache.entries = cfg.collection_cache.entries = 0;
    bench b("b", cfg); // 1 ns clock, 2 + 4 cycles, bus 5 ns + RAM read 20 ns
    b.cpu.wait_delay = false;
    run([&] {
        b.bring_up();
        b.map_device();
        uint64_t reads = b.its.stats().mem_reads;
        const sc_time t0 = sc_core::sc_time_stamp();
        auto r = b.msi(1, 1);
        EXPECT_EQ(b.its.stats().mem_reads - reads, 3u);
        EXPECT_EQ(r.delay, ns(2 + 4 + 3 * 25));
        EXPECT_EQ(b.msis.back().latency, r.delay);
        EXPECT_EQ(b.msis.back().time, t0);
        EXPECT_EQ(b.rd.calls.back().delay, r.delay); // set_pending sees the whole walk
        b.rd.latency = ns(7);
        r = b.msi(1, 1);
        EXPECT_EQ(r.delay, ns(2 + 4 + 3 * 25 + 7));
        EXPECT_EQ(sc_core::sc_time_stamp(), t0); // LT: annotated, not waited
    });
}

TEST(ItsMsi, CachedTranslationCostsNoMemoryTime)
{
    bench b("b", bench::qemu()); // unbounded caches
    b.cpu.wait_delay = false;
    run([&] {
        b.bring_up();
        b.map_device();
        b.msi(1, 1); // warms the caches if the commands did not
        uint64_t reads = b.its.stats().mem_reads;
        auto r = b.msi(1, 1);
        EXPECT_EQ(b.its.stats().mem_reads, reads);
        EXPECT_EQ(r.delay, ns(2 + 4));
    });
}

TEST(ItsMsi, AccurateModeWaitsTheSameTime)
{
    its_config cfg = bench::qemu();
    cfg.device_cache.entries = cfg.ite_cache.entries = cfg.collection_cache.entries = 0;
    gicv3::its_timing t;
    t.accurate = true;
    bench b("b", cfg, t);
    b.cpu.wait_delay = false;
    run([&] {
        b.bring_up();
        b.map_device();
        const sc_time t0 = sc_core::sc_time_stamp();
        auto r = b.msi(1, 1);
        EXPECT_EQ(r.delay, SC_ZERO_TIME); // nothing left to annotate
        EXPECT_EQ(sc_core::sc_time_stamp() - t0, ns(2 + 4 + 3 * 25));
        EXPECT_EQ(b.msis.back().latency, ns(2 + 4 + 3 * 25));
        EXPECT_EQ(b.rd.calls.back().when, sc_core::sc_time_stamp());
    });
}

TEST(ItsMsi, TableFaultDropsTheMsi)
{
    bench b("b", bench::qemu());
    run([&] {
        b.bring_up(0, 0x20000000); // the device table is where nothing answers
        b.msi(0, 1);
        EXPECT_EQ(b.msis.back().result, ITS_MSI_DROP_MEMORY_FAULT);
        EXPECT_EQ(b.its.stats().msi[ITS_MSI_DROP_MEMORY_FAULT], 1u);
        EXPECT_EQ(b.its.stats().mem_faults, 1u);
        EXPECT_TRUE(b.rd.calls.empty());
    });
}
