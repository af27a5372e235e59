// SPDX-License-Identifier: Apache-2.0
// The ITS translation pipeline (docs/timing.md): input queue and
// backpressure, engines, LPI credits, outstanding reads, command fetch width,
// and LT's catch-up of what software polls.
#include "tlm_bench.h"

using namespace tb;

namespace {

gicv3::its_timing pipeline(unsigned queue, unsigned engines, unsigned service_cycles)
{
    gicv3::its_timing t;
    t.input_queue = queue;
    t.engines = engines;
    t.translate_cycles = service_cycles;
    return t;
}

std::vector<sc_time> deliveries(const bench &b)
{
    std::vector<sc_time> w;
    for (const auto &c : b.rd.calls)
        if (c.kind == "set_pending")
            w.push_back(c.when);
    return w;
}

// Writes n MSIs back to back (each write returns after its register access,
// or later when the queue holds it).
// (Event 0 of device 1, translated once first so that its ITE is cached.)
void burst(bench &b, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        b.msi(0, 1);
}

void warm(bench &b)
{
    b.msi(0, 1);
    wait(ns(1000));
    b.rd.calls.clear();
    b.msis.clear();
}

// Brought up, device 1 mapped and its ITE cached, n MSIs back to back, then
// time for the pipeline to drain; returns the deliveries.
std::vector<sc_time> burst_and_drain(bench &b, unsigned n, sc_time drain = ns(1000))
{
    run([&] {
        b.bring_up();
        b.map_device();
        warm(b);
        burst(b, n);
        wait(drain);
    });
    return deliveries(b);
}

} // namespace

// A full queue holds the writer until an engine takes an MSI: nothing is
// lost, and the one engine delivers exactly one MSI per service time.
TEST(ItsPipeline, FullQueueHoldsTheWriter)
{
    bench b("b", bench::qemu(), pipeline(2, 1, 100));
    const std::vector<sc_time> w = burst_and_drain(b, 5);
    ASSERT_EQ(w.size(), 5u);
    for (size_t i = 1; i < w.size(); i++)
        EXPECT_EQ(w[i] - w[i - 1], ns(100)) << i;
    const gicv3::pipeline_stats p = b.its.pipeline();
    EXPECT_EQ(p.held, 2u); // the 4th and 5th writes
    EXPECT_GT(p.backpressure, SC_ZERO_TIME);
    EXPECT_EQ(p.queue_max, 2u);
    EXPECT_EQ(p.dropped_full, 0u);
}

// With drop_when_full the writer is never held: what does not fit is
// dropped and counted, every MSI has its record.
TEST(ItsPipeline, DropWhenFullCountsTheDrops)
{
    gicv3::its_timing t = pipeline(1, 1, 100);
    t.drop_when_full = true;
    bench b("b", bench::qemu(), t);
    sc_time sent;
    run([&] {
        b.bring_up();
        b.map_device();
        warm(b);
        const sc_time t0 = sc_core::sc_time_stamp();
        burst(b, 4);
        sent = sc_core::sc_time_stamp() - t0;
        wait(ns(1000));
    });
    EXPECT_EQ(sent, ns(4 * 2)); // register accesses only
    const gicv3::pipeline_stats p = b.its.pipeline();
    EXPECT_EQ(p.held, 0u);
    EXPECT_EQ(p.dropped_full, 2u); // one in service, one queued, two dropped
    ASSERT_EQ(b.msis.size(), 4u);
    unsigned dropped = 0;
    for (const auto &m : b.msis)
        dropped += m.dropped_full;
    EXPECT_EQ(dropped, 2u);
    EXPECT_EQ(deliveries(b).size(), 2u);
}

// Two engines serve two MSIs at once: four back-to-back MSIs take two
// service times (plus the writes' spacing), one engine four.
void four_msis_span(unsigned engines, sc_time expected)
{
    bench b("b", bench::qemu(), pipeline(8, engines, 100));
    const std::vector<sc_time> w = burst_and_drain(b, 4);
    ASSERT_EQ(w.size(), 4u);
    EXPECT_EQ(w.back() - w.front(), expected);
}
// MSIs of different devices that arrive at the same time are served in
// DeviceID order, whatever order their writers ran in (the results do not
// depend on the kernel's order of simultaneous processes); one device's
// keep the order it wrote them in.
TEST(ItsPipeline, SimultaneousMsisAreServedInDeviceOrderEachDevicesInItsOwn)
{
    bench b("b", bench::qemu(), pipeline(8, 1, 100));
    run([&] {
        b.bring_up();
        b.map_device();
        b.put(cmd::mapd(2, 3, b.alloc(0x1000, 0x100)));
        b.put(cmd::mapti(2, 0, 8300, 0));
        b.run_queue();
        warm(b);
        b.cpu.wait_delay = false; // the writes at the same time
        b.msi(0, 2);
        b.msi(3, 1);
        b.msi(1, 1);
        b.cpu.wait_delay = true;
        wait(ns(1000));
    });
    ASSERT_EQ(b.msis.size(), 3u);
    EXPECT_EQ(b.msis[0].times.accepted, b.msis[2].times.accepted);
    std::vector<uint32_t> order;
    for (const auto &c : b.rd.calls)
        if (c.kind == "set_pending")
            order.push_back(c.intid);
    EXPECT_EQ(order, (std::vector<uint32_t>{8195, 8193, 8300}));
}

TEST(ItsPipeline, OneEngineServesInTurn) { four_msis_span(1, ns(300)); }
TEST(ItsPipeline, TwoEnginesWorkInParallel) { four_msis_span(2, ns(102)); }

// One LPI credit: a hand-off waits until the redistributor has taken the
// previous LPI (its annotated time).
TEST(ItsPipeline, OneCreditSerialisesHandOffs)
{
    gicv3::its_timing t = pipeline(8, 4, 10);
    t.lpi_credits = 1;
    bench b("b", bench::qemu(), t);
    b.rd.latency = ns(50);
    const std::vector<sc_time> w = burst_and_drain(b, 4);
    ASSERT_EQ(w.size(), 4u);
    for (size_t i = 1; i < w.size(); i++)
        EXPECT_EQ(w[i] - w[i - 1], ns(50)) << i;
    EXPECT_GT(b.its.pipeline().credit_waits, 0u);
}

// With no ITE cache every MSI reads its ITE; one outstanding read at a time
// serialises four engines on the memory.
TEST(ItsPipeline, OutstandingReadsLimitTheEngines)
{
    its_config cfg = bench::qemu();
    cfg.ite_cache = {0, 1, ITS_REPLACE_LRU};
    gicv3::its_timing t = pipeline(8, 4, 1);
    t.outstanding_reads = 1;
    bench_latency lat;
    lat.bus = SC_ZERO_TIME;
    lat.ram_read = ns(100);
    bench b("b", cfg, t, lat);
    const std::vector<sc_time> w = burst_and_drain(b, 4, ns(2000));
    ASSERT_EQ(w.size(), 4u);
    for (size_t i = 1; i < w.size(); i++)
        EXPECT_GE(w[i] - w[i - 1], ns(100)) << i;
    EXPECT_GT(b.its.pipeline().read_waits, 0u);
}

// A 64-byte command fetch brings two commands: the second needs no read.
TEST(ItsPipeline, WideCommandFetchServesTwoCommands)
{
    gicv3::its_timing t;
    t.command_fetch_bytes = 64;
    bench b("b", bench::qemu(), t);
    uint64_t reads = 0;
    run([&] {
        b.bring_up();
        b.map_device(); // 7 commands: slots 0..6
        b.put(cmd::sync(0)); // slot 7, the second half of line 3
        b.put(cmd::sync(1)); // slot 8, a new line
        b.put(cmd::sync(2)); // slot 9: same line as 8
        const uint64_t before = b.ram.reads();
        b.run_queue();
        reads = b.ram.reads() - before;
    });
    EXPECT_EQ(reads, 2u); // line 3 again (refetched after the CWRITER write), line 4
    EXPECT_GE(b.its.pipeline().fetch_buffer_hits, 1u);
    EXPECT_EQ(b.its.stats().mem[ITS_MEM_COMMAND].reads, 10u); // the core read every command
}

// LT: a CREADR read at the reader's local time sees the commands that ran
// by then, without the reader yielding to the engine.
TEST(ItsPipeline, LtCreadrIsCurrentAtTheReadersTime)
{
    tlm::tlm_global_quantum::instance().set(ns(1000));
    bench b("b", bench::qemu());
    uint64_t at_once = 1, later = 0;
    run([&] {
        b.bring_up();
        b.map_device();
        b.put(cmd::sync(0));
        auto access = [&](tlm::tlm_command c, uint64_t off, uint64_t &v, sc_time d) {
            tlm::tlm_generic_payload gp;
            unsigned char buf[8] = {};
            for (int i = 0; i < 8; i++)
                buf[i] = uint8_t(v >> (8 * i));
            gp.set_command(c);
            gp.set_address(bench::kIts + off);
            gp.set_data_ptr(buf);
            gp.set_data_length(8);
            gp.set_streaming_width(8);
            b.cpu.socket->b_transport(gp, d);
            v = 0;
            for (int i = 7; i >= 0; i--)
                v = (v << 8) | buf[i];
        };
        uint64_t w = b.cwriter();
        access(tlm::TLM_WRITE_COMMAND, CWRITER, w, SC_ZERO_TIME);
        access(tlm::TLM_READ_COMMAND, CREADR, at_once, ns(3));  // the SYNC has not run yet
        access(tlm::TLM_READ_COMMAND, CREADR, later, ns(500));  // it has
        wait(ns(1000));
    });
    EXPECT_NE(at_once, b.cwriter());
    EXPECT_EQ(later, b.cwriter());
}

// Each cost moves the service time by what it says: three lookup stages on
// a hit, plus miss_cycles and the table read for the ITE that misses.
TEST(ItsPipeline, LookupAndMissCyclesSetTheServiceTime)
{
    its_config cfg = bench::qemu();
    cfg.ite_cache = {1, 1, ITS_REPLACE_LRU}; // events 0 and 1 in turn: the ITE misses; DTE and CTE hit
    gicv3::its_timing t = pipeline(8, 1, 10);
    t.lookup_cycles = 3;
    t.miss_cycles = 7;
    bench_latency lat;
    lat.bus = SC_ZERO_TIME;
    lat.ram_read = ns(20);
    bench b("b", cfg, t, lat);
    run([&] {
        b.bring_up();
        b.map_device();
        warm(b);
        for (uint32_t i = 0; i < 3; i++)
            b.msi(1 - i % 2, 1);
        wait(ns(1000));
    });
    const std::vector<sc_time> w = deliveries(b);
    ASSERT_EQ(w.size(), 3u);
    for (size_t i = 1; i < w.size(); i++)
        EXPECT_EQ(w[i] - w[i - 1], ns(10 + 3 * 3 + 7 + 20)) << i;
}

// A command type's own cycles and the entries it invalidates add to its time.
TEST(ItsPipeline, CommandTypeAndInvalidationCyclesAddToACommand)
{
    gicv3::its_timing t;
    t.command_op_cycles[ITS_CMD_DISCARD] = 100;
    t.invalidate_cycles = 10;
    bench b("b", bench::qemu(), t);
    run([&] {
        b.bring_up();
        b.map_device();
        b.msi(0, 1); // the ITE is cached: DISCARD invalidates it
        wait(ns(1000));
        b.put(cmd::discard(1, 0));
        b.put(cmd::sync(0));
        b.run_queue();
    });
    ASSERT_GE(b.commands.size(), 2u);
    const gicv3::command_record &discard = b.commands[b.commands.size() - 2];
    const gicv3::command_record &sync = b.commands.back();
    ASSERT_EQ(discard.report.opcode, ITS_CMD_DISCARD);
    // The SYNC: decode + fetch. The DISCARD: decode + fetch + its ITE write
    // + 100 cycles + 10 per invalidated entry (its ITE).
    EXPECT_GE(discard.latency - sync.latency, ns(100 + 10));
}

// An MSI written from an SC_METHOD into a full queue cannot be held: it is
// dropped, counted and warned about, never lost.
unsigned warnings_seen = 0;
TEST(ItsPipeline, AWriterThatCannotWaitHasItsMsiDroppedAndCounted)
{
    sc_core::sc_report_handler::set_handler([](const sc_core::sc_report &r, const sc_core::sc_actions &) {
        if (r.get_severity() == sc_core::SC_WARNING && std::string(r.get_msg()).find("cannot be held") != std::string::npos)
            warnings_seen++;
        else if (r.get_severity() >= sc_core::SC_WARNING)
            ADD_FAILURE() << r.get_msg();
    });
    bench b("b", bench::qemu(), pipeline(1, 1, 100));
    sc_core::sc_event go;
    unsigned sent = 0;
    sc_core::sc_spawn_options o;
    o.spawn_method();
    o.dont_initialize();
    o.set_sensitivity(&go);
    sc_core::sc_spawn(
        [&] {
            for (; sent < 3; sent++)
                b.cpu.write(bench::kIts + TRANSLATER, 0, 4, nullptr);
        },
        "method_writer", &o);
    b.its.default_device_id = 1;
    b.cpu.wait_delay = false;
    run([&] {
        b.bring_up();
        b.map_device();
        warm(b);
        go.notify();
        wait(ns(1000));
    });
    EXPECT_EQ(sent, 3u);
    ASSERT_EQ(b.msis.size(), 3u);
    EXPECT_EQ(b.its.pipeline().dropped_full, 2u); // the first queued, the other two dropped
    EXPECT_EQ(warnings_seen, 2u);
    unsigned dropped = 0;
    for (const auto &m : b.msis)
        dropped += m.dropped_full;
    EXPECT_EQ(dropped, 2u);
}
