// SPDX-License-Identifier: Apache-2.0
// MSI floods into a small input queue (its_timing::input_queue): several
// writer threads send more, faster, than one slow engine can translate,
// mixing MSIs that map with every drop the ITS can give. Whatever the queue
// does, every MSI ends in exactly one outcome and the counts add up:
//  - held writers (the default): nothing is dropped for the queue, writers
//    wait (pipeline_stats::held), every MSI is translated;
//  - drop_when_full: what does not fit is dropped and counted as
//    input_queue_full (dropped_full), the rest translated.
// In both: one msi_record per write, its_stats.msi[] = the MSIs the core
// translated (by cause, each as sent), deliveries = the redistributor's calls,
// nothing left inside at the end. The basics of each policy, with four MSIs:
// test_its_pipeline.cpp.
#include "tlm_bench.h"

#include <array>

using namespace tb;

namespace {

constexpr unsigned kWriters = 4, kPerWriter = 160;

// What writer w's i-th MSI is, and the outcome it must have.
struct Msi {
    std::optional<uint32_t> device;
    uint32_t event;
    its_msi_result result;
};
Msi nth(unsigned w, unsigned i)
{
    switch ((i + w) % 8) {
    case 4: return {1, 5, ITS_MSI_DROP_UNMAPPED_EVENT};   // in the ITT, not mapped
    case 5: return {9, 0, ITS_MSI_DROP_UNMAPPED_DEVICE};  // no MAPD
    case 6: return {1, 100, ITS_MSI_DROP_EVENT_OOR};      // beyond the device's 16 events
    case 7: return {std::nullopt, 0, ITS_MSI_DROP_NO_DEVICE_ID};
    default: return {1, (i + w) % 4, ITS_MSI_DELIVERED};  // events 0..3 map
    }
}

gicv3::its_timing flood_timing(bool drop)
{
    gicv3::its_timing t;
    t.input_queue = 4;
    t.engines = 1;
    t.translate_cycles = 40; // far slower than four writers
    t.drop_when_full = drop;
    return t;
}

struct Sent {
    unsigned total = 0;
    std::array<uint64_t, ITS_MSI_RESULTS> by_result{};
};

// Bring-up, then kWriters threads of kPerWriter back-to-back MSIs each, then
// time for the queue to drain.
Sent flood(bench &b)
{
    Sent sent;
    run([&] {
        b.bring_up();
        b.map_device();
        b.rd.calls.clear();
        b.msis.clear();
        its_stats_clear(b.its.core());
        std::vector<sc_core::sc_process_handle> writers;
        sc_core::sc_event_and_list all_done;
        for (unsigned w = 0; w < kWriters; w++) {
            writers.push_back(sc_core::sc_spawn([&b, &sent, w] {
                for (unsigned i = 0; i < kPerWriter; i++) {
                    const Msi m = nth(w, i);
                    EXPECT_EQ(b.msi(m.event, m.device).status, tlm::TLM_OK_RESPONSE);
                    sent.total++;
                    sent.by_result[m.result]++;
                }
            }));
            all_done &= writers.back().terminated_event();
        }
        wait(all_done);
        wait(ns(100000)); // the engine drains what is queued
    });
    return sent;
}

// What both policies share: records, core counts and deliveries add up.
void expect_ledger(const bench &b, const Sent &sent)
{
    ASSERT_EQ(sent.total, kWriters * kPerWriter);
    const gicv3::pipeline_stats p = b.its.pipeline();
    EXPECT_EQ(b.msis.size(), sent.total) << "an MSI without a record";
    EXPECT_EQ(b.its.msis_inside(), 0u);
    std::array<uint64_t, ITS_MSI_RESULTS> recorded{};
    uint64_t full = 0, delivered = 0;
    for (const gicv3::msi_record &r : b.msis) {
        EXPECT_FALSE(r.dropped_reset);
        if (r.dropped_full) {
            full++;
            EXPECT_EQ(r.result, ITS_MSI_RESULTS) << "a dropped MSI has no translation";
            continue;
        }
        ASSERT_LT(r.result, ITS_MSI_RESULTS);
        recorded[r.result]++;
        delivered += r.result == ITS_MSI_DELIVERED && r.delivery == gicv3::lpi_delivery::pending;
    }
    EXPECT_EQ(full, p.dropped_full);
    const its_stats s = b.its.stats();
    uint64_t translated = 0;
    for (int i = 0; i < ITS_MSI_RESULTS; i++) {
        EXPECT_EQ(s.msi[i], recorded[i]) << its_msi_result_name(its_msi_result(i));
        translated += s.msi[i];
    }
    EXPECT_EQ(translated + p.dropped_full, sent.total) << "the outcomes do not add up to the MSIs sent";
    // A write without a DeviceID never reaches the queue; every other one is
    // taken in or dropped at it.
    EXPECT_EQ(p.accepted + p.dropped_full + s.msi[ITS_MSI_DROP_NO_DEVICE_ID], sent.total);
    EXPECT_EQ(p.done, p.accepted);
    unsigned calls = 0;
    for (const auto &c : b.rd.calls)
        calls += c.kind == "set_pending";
    EXPECT_EQ(calls, delivered);
    EXPECT_EQ(delivered, s.msi[ITS_MSI_DELIVERED]);
}

} // namespace

// Held writers: the queue fills (writers wait), nothing is lost, and every
// MSI has the outcome it was sent for.
TEST(ItsMsiFlood, HeldWritersLoseNothing)
{
    bench b("b", bench::qemu(), flood_timing(false));
    const Sent sent = flood(b);
    expect_ledger(b, sent);
    const gicv3::pipeline_stats p = b.its.pipeline();
    EXPECT_EQ(p.dropped_full, 0u);
    EXPECT_GT(p.held, 0u) << "the flood never filled the queue";
    EXPECT_GT(p.backpressure, SC_ZERO_TIME);
    EXPECT_EQ(p.queue_max, 4u);
    const its_stats s = b.its.stats();
    for (int i = 0; i < ITS_MSI_RESULTS; i++)
        EXPECT_EQ(s.msi[i], sent.by_result[i]) << its_msi_result_name(its_msi_result(i));
}

// drop_when_full: writers are never held; the MSIs the queue had no room for
// are dropped and counted, the others translated as sent.
TEST(ItsMsiFlood, DropWhenFullCountsEveryDrop)
{
    bench b("b", bench::qemu(), flood_timing(true));
    const Sent sent = flood(b);
    expect_ledger(b, sent);
    const gicv3::pipeline_stats p = b.its.pipeline();
    EXPECT_EQ(p.held, 0u);
    EXPECT_GT(p.dropped_full, 0u) << "the flood never filled the queue";
    EXPECT_LE(p.queue_max, 4u);
    // The writes without a DeviceID never reach the queue: all of them are
    // counted as such, whatever the queue did.
    EXPECT_EQ(b.its.stats().msi[ITS_MSI_DROP_NO_DEVICE_ID], sent.by_result[ITS_MSI_DROP_NO_DEVICE_ID]);
}
