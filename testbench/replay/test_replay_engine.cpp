// SPDX-License-Identifier: Apache-2.0
// The replay engine on hand-made traces of the whole family: device mixes,
// 2..8 CPUs, affinity changes, CPUs going offline and online, pending LPIs
// moved, pending bits set before EnableLPIs, migrations, a queue that wraps,
// tens of thousands of LPIs. Every trace here is one the model must match.
#include <gtest/gtest.h>

#include "scenario.h"
#include "gicv3_vp/replay/replayer.h"

namespace {

using rs::kLpi0;
using rs::scenario;
using gicv3_vp::replay::report;

report run(scenario &s) { return gicv3_vp::replay::replay(s.traces()); }

// Every check passed and every count is what the oracle expects.
void expect_clean(const report &r, uint64_t msis, uint64_t acks, uint64_t merged = 0)
{
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.mismatched, 0u) << gicv3_vp::replay::format(r);
    EXPECT_EQ(r.msis, msis);
    EXPECT_EQ(r.matched, msis);
    EXPECT_EQ(r.delivered, acks);
    EXPECT_EQ(r.merged, merged);
    EXPECT_EQ(r.msis_delivered, msis);
    EXPECT_TRUE(r.passed()) << gicv3_vp::replay::format(r);
}

// Devices of `vectors` events each, event n of device d on collection
// (d + n) % cpus, INTIDs allocated in order.
uint32_t map_devices(scenario &s, unsigned cpus, const std::vector<std::pair<uint32_t, unsigned>> &devices,
                     uint32_t intid = kLpi0)
{
    for (const auto &[dev, vectors] : devices) {
        unsigned bits = 1;
        while ((1u << bits) < vectors)
            bits++;
        s.mapd(dev, bits);
        for (uint32_t ev = 0; ev < vectors; ev++)
            s.map_event(dev, ev, intid++, (dev + ev) % cpus);
    }
    return intid;
}

TEST(ReplayEngine, FourCpusThreeDevicesEveryMsiDelivered)
{
    scenario s(4);
    s.bring_up();
    map_devices(s, 4, {{0x8, 3}, {0x10, 5}, {0x18, 1}});
    unsigned msis = 0;
    for (int round = 0; round < 20; round++) {
        for (uint32_t ev = 0; ev < 3; ev++, msis++)
            s.msi(0x8, ev);
        for (uint32_t ev = 0; ev < 5; ev++, msis++)
            s.msi(0x10, ev);
        s.msi(0x18, 0), msis++;
        s.ack_all();
    }
    report r = run(s);
    expect_clean(r, msis, s.acks());
    EXPECT_EQ(r.cpus, 4u);
    EXPECT_EQ(gicv3_vp::replay::summary_line(r), "replay: 180 msis, 180 matched, 0 mismatched, 180 delivered, 0 merged");
}

// Two MSIs before the CPU takes the first: one acknowledge, one merge.
TEST(ReplayEngine, MsiIntoPendingLpiIsMergedNotMismatched)
{
    scenario s(2);
    s.bring_up();
    map_devices(s, 2, {{0x20, 2}});
    s.msi(0x20, 0);
    s.msi(0x20, 0);
    s.msi(0x20, 1);
    s.ack_all();
    s.msi(0x20, 0);
    s.ack_all();
    report r = run(s);
    expect_clean(r, 4, 3, 1);
}

class ReplayCpus : public ::testing::TestWithParam<unsigned> {};

// Other machines: 2..8 CPUs, more devices, traffic interleaved with acknowledges.
TEST_P(ReplayCpus, DeviceMixOnEveryCpu)
{
    unsigned cpus = GetParam();
    scenario s(cpus);
    s.bring_up();
    std::vector<std::pair<uint32_t, unsigned>> devs;
    for (unsigned d = 0; d < cpus + 1; d++)
        devs.push_back({0x100 + 8 * d, 1 + (d * 5) % 9});
    map_devices(s, cpus, devs);
    unsigned msis = 0;
    for (int round = 0; round < 12; round++) {
        for (const auto &[dev, n] : devs)
            for (uint32_t ev = 0; ev < n; ev += 1 + round % 2, msis++)
                s.msi(dev, ev);
        for (unsigned c = 0; c < cpus; c += 1 + round % 3)
            s.ack(c); // some CPUs lag: later MSIs merge
    }
    s.ack_all();
    report r = run(s);
    EXPECT_EQ(r.cpus, cpus);
    EXPECT_EQ(r.mismatched, 0u) << gicv3_vp::replay::format(r);
    EXPECT_EQ(r.delivered, s.acks());
    EXPECT_EQ(r.msis, msis);
    EXPECT_EQ(r.matched, msis);
    EXPECT_TRUE(r.passed()) << gicv3_vp::replay::format(r);
}

INSTANTIATE_TEST_SUITE_P(Cpus, ReplayCpus, ::testing::Values(2u, 3u, 5u, 8u));

// Affinity changes: MOVI of idle and of pending LPIs, acknowledged where they went.
TEST(ReplayEngine, MoviMovesPendingLpisBetweenCpus)
{
    scenario s(4);
    s.bring_up();
    map_devices(s, 4, {{0x30, 4}});
    for (uint32_t ev = 0; ev < 4; ev++)
        s.msi(0x30, ev); // pending on CPUs 0..3 (collection (0x30 + ev) % 4)
    for (uint32_t ev = 0; ev < 4; ev++)
        s.movi(0x30, ev, (ev + 1) % 4); // every pending LPI moves to the next CPU
    EXPECT_EQ(s.pending(1), 1u);
    s.ack_all();
    for (uint32_t ev = 0; ev < 4; ev++)
        s.msi(0x30, ev);
    s.ack_all();
    s.movi(0x30, 2, 0); // idle LPI
    s.msi(0x30, 2);
    s.ack_all();
    report r = run(s);
    expect_clean(r, 9, 9);
}

// A CPU goes offline (its LPIs moved with MOVALL and its collection
// remapped, EnableLPIs cleared) and comes back (EnableLPIs with the pending
// table scanned, collection mapped home again).
TEST(ReplayEngine, CpuOfflineAndOnlineWithMovall)
{
    scenario s(4);
    s.bring_up();
    map_devices(s, 4, {{0x40, 8}});
    for (uint32_t ev = 0; ev < 8; ev++)
        s.msi(0x40, ev);
    s.ack(0);
    s.movall(2, 1); // CPU 2 goes down: its pending LPIs move to CPU 1
    s.mapc(2, 1);
    s.sync(1);
    s.enable_lpis(2, false);
    for (uint32_t ev = 0; ev < 8; ev++)
        s.msi(0x40, ev); // collection 2 now lands on CPU 1
    s.ack_all();
    s.enable_lpis(2, true); // back online, PTZ = 0: nothing was left pending there
    s.mapc(2, 2);
    s.sync(2);
    s.invall(2);
    for (uint32_t ev = 0; ev < 8; ev++)
        s.msi(0x40, ev);
    s.ack_all();
    report r = run(s);
    expect_clean(r, 24, s.acks(), 24 - s.acks());
}

// LPIs left pending when EnableLPIs goes off are written to the pending
// table, and scanned back when it comes on again (PTZ = 0).
TEST(ReplayEngine, PendingLpisSurviveEnableLpisOffAndOn)
{
    scenario s(2);
    s.bring_up();
    map_devices(s, 2, {{0x50, 6}});
    for (uint32_t ev = 0; ev < 6; ev++)
        s.msi(0x50, ev);
    s.ack(0);
    s.enable_lpis(1, false); // three pending LPIs go to CPU 1's table
    s.msi(0x50, 1);          // dropped at the redistributor: LPIs off
    s.enable_lpis(1, true);
    EXPECT_EQ(s.pending(1), 3u);
    s.ack_all();
    report r = run(s);
    EXPECT_EQ(r.mismatched, 0u) << gicv3_vp::replay::format(r);
    EXPECT_EQ(r.delivered, s.acks());
    EXPECT_EQ(r.msis, 7u);
    EXPECT_EQ(r.matched, 7u);
    EXPECT_EQ(r.msis_delivered, 6u); // the one sent while LPIs were off was lost, as for the reference
    EXPECT_FALSE(r.passed());
}

// The CPU sets pending bits in the table before EnableLPIs (PTZ = 0): they
// become pending LPIs without any MSI, and are taken.
TEST(ReplayEngine, PendingBitsStoredBeforeEnableLpisAreScanned)
{
    scenario s(2);
    s.bring_up();
    s.enable_lpis(1, false);
    for (uint32_t i : {kLpi0 + 5, kLpi0 + 9, kLpi0 + 4000})
        s.store_property(i, rs::kEnabled), s.store_pending(1, i);
    s.store_property(kLpi0 + 6, rs::kDisabled), s.store_pending(1, kLpi0 + 6); // pending but never signalled
    s.enable_lpis(1, true);
    EXPECT_EQ(s.ack_all(), 3u);
    report r = run(s);
    expect_clean(r, 0, 3);
}

// A migration: the destination trace continues the source's state with no
// set-up of its own (mappings, pending LPIs, queue position).
TEST(ReplayEngine, MigrationContinuesInTheSecondTrace)
{
    scenario s(4, "source.log");
    s.bring_up();
    map_devices(s, 4, {{0x60, 4}, {0x68, 2}});
    for (uint32_t ev = 0; ev < 4; ev++)
        s.msi(0x60, ev);
    s.ack(0), s.ack(1);
    s.next_trace("destination.log");
    s.ack_all(); // LPIs pending at the switch are taken on the destination
    for (uint32_t ev = 0; ev < 2; ev++)
        s.msi(0x68, ev);
    s.movi(0x68, 0, 3);
    s.msi(0x68, 0);
    s.ack_all();
    auto &traces = s.traces();
    ASSERT_EQ(traces.size(), 2u);
    report r = gicv3_vp::replay::replay(traces);
    expect_clean(r, 7, s.acks(), 7 - s.acks());
}

// A 4 KB queue (128 slots) that wraps dozens of times, commands in batches.
TEST(ReplayEngine, CommandQueueWrapsManyTimes)
{
    scenario s(3);
    s.bring_up(1);
    map_devices(s, 3, {{0x70, 16}});
    unsigned msis = 0;
    for (int round = 0; round < 300; round++) {
        s.batch();
        for (uint32_t ev = 0; ev < 16; ev++)
            s.movi(0x70, ev, (ev + round) % 3);
        s.sync(round % 3);
        s.flush();
        s.msi(0x70, round % 16), msis++;
        s.ack_all();
    }
    report r = run(s);
    expect_clean(r, msis, msis);
    EXPECT_GT(r.its.commands[ITS_CMD_MOVI], 128u * 30);
}

// Tens of thousands of LPIs: 32,768 mapped over 8 CPUs, 40,000 MSIs.
TEST(ReplayEngine, TensOfThousandsOfLpis)
{
    scenario s(8);
    s.bring_up(64);
    const uint32_t devs[] = {0x80u, 0x88u, 0x90u, 0x98u};
    for (uint32_t d = 0; d < 4; d++) {
        s.mapd(devs[d], 13);
        s.batch();
        for (uint32_t ev = 0; ev < 8192; ev++)
            s.map_event(devs[d], ev, kLpi0 + d * 8192 + ev, ev % 8);
        s.flush();
    }
    unsigned msis = 0;
    for (uint32_t n = 0; n < 40000; n++, msis++) {
        s.msi(devs[n % 4], (n * 7919) % 8192);
        if (n % 4096 == 4095)
            s.ack_all();
    }
    s.ack_all();
    report r = run(s);
    expect_clean(r, msis, s.acks(), msis - s.acks());
    EXPECT_GT(s.acks(), 10000u);
}

// LPIs raised by INT, a property byte changed without and with INV, an INT
// to an unmapped device that both sides drop; an SGI and the timer PPI
// acknowledged between them (not the model's: skipped).
TEST(ReplayEngine, IntCommandsAndNonLpiAcknowledges)
{
    scenario s(4);
    s.bring_up();
    map_devices(s, 4, {{0x2, 1}});
    s.int_(0x2, 0);
    s.other_ack(2, 27);
    s.ack_all();
    s.store_property(kLpi0, rs::kDisabled);
    s.inv(0x2, 0);
    s.int_(0x2, 0); // pending, disabled: silent
    EXPECT_EQ(s.ack_all(), 0u);
    s.store_property(kLpi0, rs::kEnabled); // no INV: still silent
    s.int_(0x2, 0);
    EXPECT_EQ(s.ack_all(), 0u);
    s.invall(2);
    s.other_ack(0, 1);
    EXPECT_EQ(s.ack_all(), 1u);
    s.mapd(0x2, 1, false);
    s.int_(0x2, 0);
    report r = run(s);
    expect_clean(r, 0, 2);
}

// PMR and IGRPEN1 writes are replayed: LPIs a CPU masks when the trace
// ends are pending, not deliverable, so not a failure.
TEST(ReplayEngine, PmrAndIgrpen1WritesAreReplayed)
{
    scenario s(3);
    s.bring_up();
    map_devices(s, 3, {{0x90, 3}});
    s.pmr(1, 0x80); // masks priority 0xA0
    s.igrpen1(2, false);
    for (uint32_t ev = 0; ev < 3; ev++)
        s.msi(0x90, ev);
    EXPECT_EQ(s.ack_all(), 1u); // CPU 0 only
    s.pmr(1, 0xF0);
    EXPECT_EQ(s.ack_all(), 1u);
    s.msi(0x90, 1);
    s.pmr(1, 0x00);
    report r = run(s);
    EXPECT_EQ(r.mismatched, 0u) << gicv3_vp::replay::format(r);
    EXPECT_EQ(r.delivered, 2u);
    EXPECT_EQ(r.msis_delivered, 2u); // two still pending behind the masks
    EXPECT_FALSE(r.passed());
}

} // namespace
