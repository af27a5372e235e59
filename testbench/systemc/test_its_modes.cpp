// SPDX-License-Identifier: Apache-2.0
// LT and accurate mode: the same traffic gives the same architectural results.
#include "tlm_bench.h"

using namespace tb;

namespace {

// A driver's session: map, deliver, move, discard, fail, MSIs in between.
void scenario(bench &b)
{
    b.bring_up();
    b.map_device();
    for (uint32_t ev = 0; ev < 6; ev++)
        b.msi(ev, 1); // 4 delivered, 2 unmapped
    b.msi(0, std::nullopt);
    b.msi(0, 9);
    b.put(cmd::int_(1, 0));
    b.put(cmd::movi(1, 1, 1));
    b.put(cmd::discard(1, 2));
    b.put(cmd::int_(1, 2)); // discarded: fails, skipped
    b.put(cmd::sync(2));
    b.put(cmd::mapc(1, 3));
    b.put(cmd::movall(1, 3));
    b.publish();
    for (uint32_t ev = 0; ev < 4; ev++) // while the queue runs
        b.msi(ev, 1);
    b.run_queue();
    for (uint32_t ev = 0; ev < 4; ev++)
        b.msi(ev, 1);
}

} // namespace

TEST(ItsModes, LtAndAccurateGiveTheSameResults)
{
    tlm::tlm_global_quantum::instance().set(ns(200));
    gicv3::its_timing lt, accurate;
    accurate.accurate = true;
    bench a("lt", bench::qemu(), lt);
    bench c("accurate", bench::qemu(), accurate);
    bool done_a = false, done_c = false;
    sc_core::sc_spawn([&] { scenario(a); done_a = true; });
    sc_core::sc_spawn([&] { scenario(c); done_c = true; });
    sc_core::sc_start();
    ASSERT_TRUE(done_a && done_c);

    // MSIs issued after the queue drained see the same state in both modes.
    ASSERT_EQ(a.msis.size(), c.msis.size());
    for (size_t i = a.msis.size() - 4; i < a.msis.size(); i++) {
        EXPECT_EQ(a.msis[i].result, c.msis[i].result) << i;
        EXPECT_EQ(a.msis[i].translation.target, c.msis[i].translation.target) << i;
        EXPECT_EQ(a.msis[i].translation.intid, c.msis[i].translation.intid) << i;
    }
    for (size_t i = 0; i < 8; i++)
        EXPECT_EQ(a.msis[i].result, c.msis[i].result) << i;

    // Commands: same outcomes in the same order.
    ASSERT_EQ(a.commands.size(), c.commands.size());
    for (size_t i = 0; i < a.commands.size(); i++) {
        EXPECT_EQ(a.commands[i].step, c.commands[i].step) << i;
        EXPECT_EQ(a.commands[i].report.error, c.commands[i].report.error) << i;
    }

    // The redistributors saw the same command effects in the same order
    // (MSIs that raced the queue may interleave differently: left out).
    auto effects = [](const bench &b) {
        std::vector<fake_redist::call> v;
        for (const auto &call : b.rd.calls)
            if (call.process.find("command_engine") != std::string::npos)
                v.push_back(call);
        return v;
    };
    auto ea = effects(a), ec = effects(c);
    ASSERT_EQ(ea.size(), ec.size());
    for (size_t i = 0; i < ea.size(); i++)
        EXPECT_TRUE(ea[i].same_effect(ec[i])) << i << ": " << ea[i].kind << " vs " << ec[i].kind;

    its_stats sa = a.its.stats(), sc = c.its.stats();
    EXPECT_EQ(sa.command_errors, sc.command_errors);
    EXPECT_EQ(sa.commands[ITS_CMD_INT], sc.commands[ITS_CMD_INT]);
    EXPECT_EQ(sa.msi[ITS_MSI_DROP_NO_DEVICE_ID], sc.msi[ITS_MSI_DROP_NO_DEVICE_ID]);
    EXPECT_EQ(sa.msi[ITS_MSI_DROP_UNMAPPED_DEVICE], sc.msi[ITS_MSI_DROP_UNMAPPED_DEVICE]);
    EXPECT_EQ(sa.msi[ITS_MSI_DELIVERED] + sa.msi[ITS_MSI_DROP_UNMAPPED_EVENT],
              sc.msi[ITS_MSI_DELIVERED] + sc.msi[ITS_MSI_DROP_UNMAPPED_EVENT]);
    EXPECT_EQ(ea.size(), 5u); // INT, MOVI, DISCARD, SYNC, MOVALL (the second INT fails)
}

// Accurate mode: the engine waits inside the core on its memory accesses. An
// MSI arriving meanwhile waits for the core to be free, then runs.
TEST(ItsModes, AccurateMsiWaitsWhileACommandIsInsideTheCore)
{
    gicv3::its_timing t;
    t.accurate = true;
    bench_latency lat;
    lat.ram_read = ns(100);
    bench b("b", bench::qemu(), t, lat);
    sc_time t1;
    run([&] {
        b.bring_up();
        b.map_device();
        b.msi(0, 1); // warm: the next translation needs no memory
        b.rd.calls.clear();
        b.put(cmd::sync(0));
        b.publish();
        t1 = sc_core::sc_time_stamp();
        wait(ns(20)); // the engine is in the core, fetching (t1 + 8 .. t1 + 113 ns)
        uint64_t reads = b.its.stats().mem_reads;
        b.msi(0, 1);
        EXPECT_EQ(b.its.stats().mem_reads, reads); // the MSI hit the caches
        EXPECT_EQ(sc_core::sc_time_stamp(), t1 + ns(8 + 105));
    });
    ASSERT_EQ(b.rd.calls.size(), 2u);
    EXPECT_EQ(b.rd.calls[0].kind, "sync");
    EXPECT_EQ(b.rd.calls[1].kind, "set_pending");
    EXPECT_EQ(b.rd.calls[1].when, t1 + ns(8 + 105));
    EXPECT_EQ(b.msis.back().latency, ns(8 + 105 - 20));
}
