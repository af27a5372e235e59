// SPDX-License-Identifier: Apache-2.0
// The command engine over simulated time: what each command costs, when
// CREADR moves in LT and accurate mode, faults, redistributor effects.
#include "tlm_bench.h"

using namespace tb;

namespace {

// Expected cost of the commands run since `before`: command_cycles each,
// plus bus + RAM latency for every read and write they made (bench defaults).
sc_time expected_cost(const its_stats &before, const its_stats &after, unsigned commands)
{
    const double reads = double(after.mem_reads - before.mem_reads);
    const double writes = double(after.mem_writes - before.mem_writes);
    return ns(8 * commands + 25 * reads + 15 * writes);
}

sc_time total_latency(const std::vector<gicv3::command_record> &recs)
{
    sc_time t = SC_ZERO_TIME;
    for (const auto &r : recs)
        t += r.latency;
    return t;
}

void expect_back_to_back(const std::vector<gicv3::command_record> &recs, const sc_time &start)
{
    sc_time t = start;
    for (size_t i = 0; i < recs.size(); i++) {
        EXPECT_EQ(recs[i].time, t) << "command " << i;
        EXPECT_EQ(recs[i].step, ITS_STEP_DONE) << "command " << i;
        t += recs[i].latency;
    }
}

} // namespace

TEST(ItsCommands, LtEngineRunsAheadAndSyncsWhenTheQueueDrains)
{
    tlm::tlm_global_quantum::instance().set(ns(1000));
    bench b("b", bench::qemu());
    sc_time t1;
    its_stats s0{};
    run([&] {
        b.bring_up();
        b.put(cmd::mapc(0, 1));
        b.put(cmd::sync(1));
        b.put(cmd::mapd(1, 3, b.alloc(0x1000, 0x100)));
        s0 = b.its.stats();
        b.publish();
        t1 = sc_core::sc_time_stamp();
        wait(ns(0.5));
        EXPECT_EQ(b.peek(CREADR), b.cwriter()); // all three ran, ahead of simulated time
    });
    ASSERT_EQ(b.commands.size(), 3u);
    const sc_time total = total_latency(b.commands);
    EXPECT_EQ(total, expected_cost(s0, b.its.stats(), 3));
    EXPECT_GE(total, ns(3 * (8 + 25)));
    expect_back_to_back(b.commands, t1);
    EXPECT_EQ(sc_core::sc_time_stamp(), t1 + total); // the engine caught up at the drain
    ASSERT_EQ(b.rd.calls.size(), 1u);
    EXPECT_EQ(b.rd.calls[0].kind, "sync");
    EXPECT_EQ(b.rd.calls[0].a, 1u);
    EXPECT_EQ(b.rd.calls[0].when, b.commands[1].time + ns(8 + 25)); // decode, then the fetch
}

TEST(ItsCommands, AccurateEngineMovesCreadrOnlyAsTimePasses)
{
    gicv3::its_timing t;
    t.accurate = true;
    bench b("b", bench::qemu(), t);
    sc_time t1, seen;
    its_stats s0{};
    std::vector<uint64_t> creadr;
    run([&] {
        b.bring_up();
        b.put(cmd::mapc(0, 1));
        b.put(cmd::sync(1));
        b.put(cmd::mapd(1, 3, b.alloc(0x1000, 0x100)));
        s0 = b.its.stats();
        b.publish();
        t1 = sc_core::sc_time_stamp();
        EXPECT_EQ(b.peek(CREADR), 0u);
        EXPECT_EQ(b.peek(CTLR, 4) >> 31, 0u); // not quiescent: commands wait
        wait(ns(0.5));                        // sample between the engine's steps
        while (b.peek(CREADR) != b.cwriter()) {
            creadr.push_back(b.peek(CREADR));
            wait(ns(1));
        }
        seen = sc_core::sc_time_stamp();
        EXPECT_EQ(b.peek(CTLR, 4) >> 31, 1u);
    });
    ASSERT_EQ(b.commands.size(), 3u);
    const sc_time total = total_latency(b.commands);
    EXPECT_EQ(total, expected_cost(s0, b.its.stats(), 3));
    expect_back_to_back(b.commands, t1);
    EXPECT_EQ(seen, t1 + total + ns(0.5));
    // CREADR stepped through every command, each for as long as it took.
    ASSERT_FALSE(creadr.empty());
    EXPECT_EQ(creadr.front(), 0u);
    EXPECT_EQ(std::count(creadr.begin(), creadr.end(), 32u) * ns(1), b.commands[1].latency);
    ASSERT_EQ(b.rd.calls.size(), 1u);
    EXPECT_EQ(b.rd.calls[0].delay, SC_ZERO_TIME); // waited, not annotated
    EXPECT_EQ(b.rd.calls[0].when, b.commands[1].time + ns(8 + 25));
}

TEST(ItsCommands, LtQuantumBoundsHowFarTheEngineRunsAhead)
{
    tlm::tlm_global_quantum::instance().set(ns(100));
    bench b("b", bench::qemu());
    sc_time t1;
    run([&] {
        b.bring_up();
        for (int i = 0; i < 10; i++)
            b.put(cmd::sync(0)); // 8 + 25 ns each
        b.publish();
        t1 = sc_core::sc_time_stamp();
        wait(ns(0.5));
        uint64_t ahead = b.peek(CREADR);
        EXPECT_GT(ahead, 0u);
        EXPECT_LT(ahead, b.cwriter()); // stopped at the quantum
        EXPECT_LE(ahead / 32, 4u);     // at most one quantum (100 ns) and one command ahead
    });
    ASSERT_EQ(b.commands.size(), 10u);
    EXPECT_EQ(sc_core::sc_time_stamp(), t1 + ns(10 * 33));
}

TEST(ItsCommands, FetchFaultStallsTheQueueUntilRetry)
{
    bench b("b", bench::qemu());
    run([&] {
        b.bring_up(0x20000000); // the queue is where nothing answers
        b.write(CWRITER, 32);
        wait(ns(100));
        EXPECT_EQ(b.read(CREADR), 1u); // offset 0, Stalled
        EXPECT_EQ(b.read(CTLR, 4) >> 31, 1u); // stalled: nothing can run
        its_stats s = b.its.stats();
        EXPECT_EQ(s.stalls, 1u);
        EXPECT_EQ(s.mem_faults, 1u);
        its_error_record e;
        its_last_error(b.its.core(), &e);
        EXPECT_EQ(e.code, ITS_ERROR_CODE(0, ITS_REASON_MEMORY_FAULT));
        ASSERT_EQ(b.commands.size(), 1u);
        EXPECT_EQ(b.commands[0].step, ITS_STEP_STALLED);
        EXPECT_EQ(b.commands[0].report.error, e.code);
        EXPECT_EQ(b.commands[0].latency, ns(8)); // decode; the bus refused at once
        b.write(CWRITER, 32 | 1); // Retry: the fetch faults again
        wait(ns(100));
        s = b.its.stats();
        EXPECT_EQ(s.retries, 1u);
        EXPECT_EQ(s.stalls, 2u);
        EXPECT_EQ(b.read(CREADR), 1u);
    });
}

TEST(ItsCommands, EffectsReachTheRedistributorsInOrder)
{
    bench b("b", bench::qemu());
    run([&] {
        b.bring_up();
        b.map_device(); // collection 0 -> target 1, collection 1 -> target 2
        b.rd.calls.clear();
        b.put(cmd::int_(1, 0));
        b.put(cmd::inv(1, 1));
        b.put(cmd::movi(1, 2, 1));
        b.put(cmd::discard(1, 3));
        b.put(cmd::invall(1));
        b.put(cmd::sync(2));
        b.put(cmd::movall(1, 2));
        b.run_queue();
    });
    struct effect {
        const char *kind;
        uint32_t a, b, intid;
    };
    const std::vector<effect> want = {
        {"set_pending", 1, 0, 8192}, {"inv", 1, 0, 8193},   {"move_pending", 1, 2, 8194},
        {"clear_pending", 1, 0, 8195}, {"invall", 2, 0, 0}, {"sync", 2, 0, 0},
        {"movall", 1, 2, 0}};
    ASSERT_EQ(b.rd.calls.size(), want.size());
    for (size_t i = 0; i < want.size(); i++) {
        const auto &c = b.rd.calls[i];
        EXPECT_EQ(c.kind, want[i].kind) << i;
        EXPECT_EQ(c.a, want[i].a) << i;
        EXPECT_EQ(c.b, want[i].b) << i;
        EXPECT_EQ(c.intid, want[i].intid) << i;
    }
    EXPECT_EQ(b.its.stats().command_errors, 0u);
}

TEST(ItsCommands, CommandErrorUnderIgnorePolicySkipsAndGoesOn)
{
    bench b("b", bench::qemu());
    run([&] {
        b.bring_up();
        b.put(cmd::int_(5, 0)); // device 5 is not mapped
        b.put(cmd::sync(3));
        b.run_queue();
        ASSERT_EQ(b.commands.size(), 2u);
        EXPECT_EQ(b.commands[0].step, ITS_STEP_SKIPPED);
        EXPECT_EQ(b.commands[0].report.error, ITS_ERROR_CODE(ITS_CMD_INT, ITS_REASON_UNMAPPED_DEVICE));
        EXPECT_EQ(b.commands[1].step, ITS_STEP_DONE);
        ASSERT_EQ(b.rd.calls.size(), 1u);
        EXPECT_EQ(b.rd.calls[0].kind, "sync");
    });
}
