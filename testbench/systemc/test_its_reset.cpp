// SPDX-License-Identifier: Apache-2.0
// gicv3::its::reset(): registers back to their reset values and a fresh
// bring-up works; MSIs in the input queue or in translation are dropped and
// counted, never lost. The platform modules' reset().
#include "tlm_bench.h"

#include <tlm_utils/simple_target_socket.h>

#include "gicv3_vp/msi_device.h"

using namespace tb;

namespace {

struct regs {
    uint64_t ctlr, cbaser, cwriter, creadr, baser0, baser1, typer;
    bool operator==(const regs &o) const
    {
        return ctlr == o.ctlr && cbaser == o.cbaser && cwriter == o.cwriter && creadr == o.creadr &&
               baser0 == o.baser0 && baser1 == o.baser1 && typer == o.typer;
    }
};

regs read_regs(bench &b)
{
    return {b.read(CTLR, 4), b.read(CBASER), b.read(CWRITER), b.read(CREADR),
            b.read(BASER0), b.read(BASER1), b.read(TYPER)};
}

unsigned set_pendings(const bench &b)
{
    unsigned n = 0;
    for (const auto &c : b.rd.calls)
        n += c.kind == "set_pending";
    return n;
}

} // namespace

TEST(ItsReset, AfterTrafficRegistersReadResetValuesAndABringUpWorksAgain)
{
    bench b("b", bench::qemu());
    run([&] {
        const regs power_on = read_regs(b);
        b.bring_up();
        b.map_device();
        for (uint32_t ev = 0; ev < 4; ev++)
            b.msi(ev, 1);
        wait(ns(1000));
        ASSERT_EQ(set_pendings(b), 4u);
        const uint64_t delivered = b.its.stats().msi[ITS_MSI_DELIVERED];
        b.its.reset();
        EXPECT_TRUE(read_regs(b) == power_on);
        EXPECT_EQ(b.read(CTLR, 4) & 1, 0u);
        // The caches are empty and the ITS is disabled: an MSI now drops.
        b.msi(0, 1);
        wait(ns(100));
        EXPECT_EQ(set_pendings(b), 4u);
        EXPECT_EQ(b.msis.back().result, ITS_MSI_DROP_DISABLED);
        EXPECT_EQ(b.its.stats().msi[ITS_MSI_DELIVERED], delivered) << "statistics are kept";
        // A fresh bring-up (new tables) and the mappings again.
        b.bring_up();
        b.map_device();
        b.msi(2, 1);
        wait(ns(1000));
        EXPECT_EQ(set_pendings(b), 5u);
        EXPECT_EQ(b.msis.back().result, ITS_MSI_DELIVERED);
    });
}

// Four MSIs queued behind a slow engine: reset() drops the three waiting
// and the one being translated, each counted and reported to on_msi.
TEST(ItsReset, MsisQueuedOrInTranslationAreCountedAsDropped)
{
    gicv3::its_timing t;
    t.input_queue = 8;
    t.engines = 1;
    t.translate_cycles = 100;
    bench b("b", bench::qemu(), t);
    run([&] {
        b.bring_up();
        b.map_device();
        b.msi(0, 1);
        wait(ns(1000));
        b.msis.clear();
        b.rd.calls.clear();
        b.cpu.wait_delay = false;
        for (unsigned i = 0; i < 4; i++)
            b.msi(0, 1);
        wait(ns(10)); // the engine has taken the first
        EXPECT_EQ(b.its.msis_inside(), 4u);
        b.its.reset();
        EXPECT_EQ(b.its.pipeline().dropped_reset, 3u); // the queued ones at once
        wait(ns(1000));
    });
    EXPECT_EQ(b.its.pipeline().dropped_reset, 4u);
    EXPECT_EQ(b.its.msis_inside(), 0u);
    EXPECT_EQ(set_pendings(b), 0u);
    ASSERT_EQ(b.msis.size(), 4u);
    for (const auto &m : b.msis)
        EXPECT_TRUE(m.dropped_reset);
}

// Between sc_start() calls: no process is inside the core.
TEST(ItsReset, BetweenSimulationRuns)
{
    bench b("b", bench::qemu());
    bool up = false;
    sc_core::sc_spawn([&] {
        b.bring_up();
        b.map_device();
        up = true;
    });
    sc_core::sc_start(sc_time(100, sc_core::SC_US));
    ASSERT_TRUE(up);
    b.its.reset();
    EXPECT_EQ(b.peek(CTLR, 4) & 1, 0u);
    EXPECT_EQ(b.peek(CBASER), 0u);
}

// ---- Platform modules ----------------------------------------------------------

TEST(MemoryReset, ContentsGoDmiIsRevokedCountersStay)
{
    initiator cpu("cpu");
    gicv3_vp::memory ram("ram", 0x100000);
    cpu.socket.bind(ram.in);
    run([&] {
        cpu.write(0x100, 0x1234, 8);
        uint64_t v = 0;
        cpu.read(0x100, v, 8);
        EXPECT_EQ(v, 0x1234u);
        ram.reset();
        EXPECT_EQ(ram.read64(0x100), 0u);
        EXPECT_EQ(ram.pages(), 0u);
        EXPECT_EQ(ram.reads(), 1u);
        EXPECT_EQ(ram.writes(), 1u);
        ASSERT_FALSE(cpu.invalidated.empty());
        EXPECT_EQ(cpu.invalidated.back().first, 0u);
    });
}

namespace {
struct msi_sink : sc_core::sc_module {
    tlm_utils::simple_target_socket<msi_sink, 64> in;
    std::vector<uint32_t> events;
    explicit msi_sink(sc_core::sc_module_name n) : sc_module(n), in("in")
    {
        in.register_b_transport(this, &msi_sink::transport);
    }
    void transport(tlm::tlm_generic_payload &gp, sc_time &)
    {
        uint32_t v = 0;
        std::memcpy(&v, gp.get_data_ptr(), 4);
        events.push_back(v);
        EXPECT_NE(gp.get_extension<gicv3::device_id_extension>(), nullptr);
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};
} // namespace

TEST(MsiDeviceReset, TableMaskedTrafficStoppedAndRestartable)
{
    gicv3_vp::msi_device_config c;
    c.count = 5;
    c.interval_ns = 100;
    initiator cpu("cpu");
    gicv3_vp::msi_device dev("dev", c);
    msi_sink sink("sink");
    cpu.socket.bind(dev.bar);
    dev.msi.bind(sink.in);
    auto program = [&] {
        cpu.write(0x0, 0x08090040, 4); // address lo
        cpu.write(0x4, 0, 4);          // address hi
        cpu.write(0x8, 7, 4);          // data: EventID 7
        cpu.write(0xC, 0, 4);          // unmasked
    };
    run([&] {
        program();
        dev.start();
        wait(ns(250)); // two or three sent
        dev.reset();
        const size_t at_reset = sink.events.size();
        EXPECT_GT(at_reset, 0u);
        EXPECT_LT(at_reset, 5u);
        EXPECT_EQ(dev.sent(), 0u);
        EXPECT_FALSE(dev.done());
        uint64_t ctrl = 0, lo = 1;
        cpu.read(0xC, ctrl, 4);
        cpu.read(0x0, lo, 4);
        EXPECT_EQ(ctrl, 1u) << "masked";
        EXPECT_EQ(lo, 0u);
        wait(ns(1000));
        EXPECT_EQ(sink.events.size(), at_reset) << "the traffic stopped";
        program();
        dev.start();
        wait(dev.done_event());
        EXPECT_EQ(dev.sent(), 5u);
        EXPECT_EQ(sink.events.size(), at_reset + 5);
    });
}
