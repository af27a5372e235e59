// SPDX-License-Identifier: Apache-2.0
// Bus width: gicv3::its32 / gicv3::gic32 (32-bit sockets) and gicv3::its /
// gicv3::gic (64-bit) each bind initiators and memory of their width and
// deliver an MSI from a device to a redistributor. The GIC's gicd socket is
// left unbound (it is optional). Also the GIC's reset().
#include "tlm_bench.h"

#include <cstring>
#include <tlm_utils/simple_target_socket.h>

#include "gicv3/gic.h"

using namespace tb;

namespace {

constexpr uint64_t kPropbaser = 0x70, kPendbaser = 0x78, kGicrCtlr = 0x0, kGicrTyper = 0x8;

// A RAM of width W with two ports (the ITS's and the GIC's).
template <unsigned W>
struct ram_w : sc_core::sc_module {
    tlm_utils::simple_target_socket<ram_w, W> its_port, gic_port;
    std::vector<unsigned char> bytes = std::vector<unsigned char>(1 << 22, 0); // 4 MB at 0

    explicit ram_w(sc_core::sc_module_name n) : sc_module(n), its_port("its_port"), gic_port("gic_port")
    {
        its_port.register_b_transport(this, &ram_w::transport);
        gic_port.register_b_transport(this, &ram_w::transport);
    }
    void transport(tlm::tlm_generic_payload &gp, sc_time &delay)
    {
        delay += ns(10);
        const uint64_t a = gp.get_address();
        if (a + gp.get_data_length() > bytes.size()) {
            gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        if (gp.is_read())
            std::memcpy(gp.get_data_ptr(), &bytes[a], gp.get_data_length());
        else
            std::memcpy(&bytes[a], gp.get_data_ptr(), gp.get_data_length());
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    void put64(uint64_t a, uint64_t v) { std::memcpy(&bytes[a], &v, 8); }
};

// A CPU of width W with one port to the ITS frames, one to the GICR frames.
template <unsigned W>
struct cpu_w : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<cpu_w, W> its_port, gicr_port;
    explicit cpu_w(sc_core::sc_module_name n) : sc_module(n), its_port("its_port"), gicr_port("gicr_port") {}

    template <class Socket>
    tlm::tlm_response_status access(Socket &s, tlm::tlm_command c, uint64_t addr, uint64_t &v, unsigned len,
                                    std::optional<uint32_t> device_id = std::nullopt)
    {
        tlm::tlm_generic_payload gp;
        unsigned char b[8];
        std::memcpy(b, &v, 8);
        gp.set_command(c);
        gp.set_address(addr);
        gp.set_data_ptr(b);
        gp.set_data_length(len);
        gp.set_streaming_width(len);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_time d = SC_ZERO_TIME;
        {
            std::optional<gicv3::device_id_scope> scope;
            if (device_id)
                scope.emplace(gp, *device_id);
            s->b_transport(gp, d);
        }
        wait(d);
        v = 0;
        std::memcpy(&v, b, len);
        return gp.get_response_status();
    }
    void its_write(uint64_t off, uint64_t v, unsigned len = 8)
    {
        EXPECT_EQ(access(its_port, tlm::TLM_WRITE_COMMAND, off, v, len), tlm::TLM_OK_RESPONSE);
    }
    uint64_t its_read(uint64_t off, unsigned len = 8)
    {
        uint64_t v = 0;
        EXPECT_EQ(access(its_port, tlm::TLM_READ_COMMAND, off, v, len), tlm::TLM_OK_RESPONSE);
        return v;
    }
    void gicr_write(uint64_t off, uint64_t v, unsigned len = 8)
    {
        EXPECT_EQ(access(gicr_port, tlm::TLM_WRITE_COMMAND, off, v, len), tlm::TLM_OK_RESPONSE);
    }
    uint64_t gicr_read(uint64_t off, unsigned len = 8)
    {
        uint64_t v = 0;
        EXPECT_EQ(access(gicr_port, tlm::TLM_READ_COMMAND, off, v, len), tlm::TLM_OK_RESPONSE);
        return v;
    }
    tlm::tlm_response_status msi(uint32_t device_id, uint32_t event_id)
    {
        uint64_t v = event_id;
        return access(its_port, tlm::TLM_WRITE_COMMAND, TRANSLATER, v, 4, device_id);
    }
};

gicv3::gic_config one_cpu()
{
    gicv3::gic_config g;
    g.cpus = 1;
    return g;
}

// CPU, ITS, GIC and RAM, all of width W.
template <unsigned W>
struct top : sc_core::sc_module {
    cpu_w<W> cpu;
    ram_w<W> ram;
    gicv3::basic_its<W> its;
    gicv3::basic_gic<W> gic;
    sc_core::sc_signal<bool> irq;

    explicit top(sc_core::sc_module_name n)
        : sc_module(n), cpu("cpu"), ram("ram"), its("its", bench::qemu(1)), gic("gic", one_cpu())
    {
        cpu.its_port.bind(its.regs);
        cpu.gicr_port.bind(gic.gicr);
        its.mem.bind(ram.its_port);
        gic.mem.bind(ram.gic_port);
        its.redistributors.bind(gic);
        gic.irq[0].bind(irq);
        // gic.gicd: not bound
    }

    // LPIs on at redistributor 0 (LPI 8192 enabled), the ITS brought up
    // with device 7 event 3 -> LPI 8192 on CPU 0.
    void bring_up()
    {
        sc_time d = SC_ZERO_TIME;
        gic.icc_pmr(0, 0xF0, d);
        gic.icc_igrpen1(0, true, d);
        ram.bytes[0x100000] = 0xA1; // LPI 8192: priority 0xA0, enabled
        cpu.gicr_write(kPropbaser, 0x100000 | 15);
        cpu.gicr_write(kPendbaser, 0x200000);
        cpu.gicr_write(kGicrCtlr, 1, 4);
        cpu.its_write(BASER0, cpu.its_read(BASER0) | (1ull << 63) | 0x300000);
        cpu.its_write(BASER1, cpu.its_read(BASER1) | (1ull << 63) | 0x310000);
        cpu.its_write(CBASER, (1ull << 63) | 0x320000 | 15);
        cpu.its_write(CWRITER, 0);
        cpu.its_write(CTLR, 1, 4);
        const Cmd cmds[] = {cmd::mapc(0, 0), cmd::mapd(7, 3, 0x330000), cmd::mapti(7, 3, 8192, 0)};
        uint64_t at = 0x320000;
        for (const Cmd &c : cmds)
            for (int i = 0; i < 4; i++, at += 8)
                ram.put64(at, c[i]);
        cpu.its_write(CWRITER, at - 0x320000);
        for (int i = 0; i < 1000 && cpu.its_read(CREADR) != at - 0x320000; i++)
            wait(ns(10));
        EXPECT_EQ(cpu.its_read(CREADR), at - 0x320000);
    }
    bool lpi_pending() { return redist_is_pending(gic.redistributor(0), 8192); }
};

template <unsigned W>
void delivers_an_msi()
{
    top<W> t("t");
    static_assert(decltype(t.its)::bus_width == W && decltype(t.gic)::bus_width == W, "widths");
    run([&] {
        t.bring_up();
        EXPECT_FALSE(t.lpi_pending());
        EXPECT_EQ(t.cpu.msi(7, 3), tlm::TLM_OK_RESPONSE);
        wait(ns(100));
        EXPECT_TRUE(t.lpi_pending());
        EXPECT_TRUE(t.irq.read());
        sc_time d = SC_ZERO_TIME;
        EXPECT_EQ(t.gic.icc_iar1(0, d), 8192u);
    });
    EXPECT_EQ(t.its.stats().msi[ITS_MSI_DELIVERED], 1u);
}

} // namespace

TEST(BusWidth, ThirtyTwoBitItsAndGicDeliverAnMsi) { delivers_an_msi<32>(); }

TEST(BusWidth, SixtyFourBitItsAndGicDeliverAnMsi) { delivers_an_msi<64>(); }

// gicv3::its and gicv3::gic are the 64-bit instantiations.
TEST(BusWidth, DefaultNamesAreSixtyFourBits)
{
    static_assert(std::is_same<gicv3::its, gicv3::basic_its<64>>::value, "its");
    static_assert(std::is_same<gicv3::its32, gicv3::basic_its<32>>::value, "its32");
    static_assert(std::is_same<gicv3::gic, gicv3::basic_gic<64>>::value, "gic");
    static_assert(std::is_same<gicv3::gic32, gicv3::basic_gic<32>>::value, "gic32");
    static_assert(std::is_base_of<gicv3::its_base, gicv3::its32>::value, "its_base");
    static_assert(std::is_base_of<gicv3::gic_base, gicv3::gic32>::value, "gic_base");
    SUCCEED();
}

// GIC reset(): the pending LPI is gone, the IRQ line drops, the GICR
// registers read their reset values; LPIs can be brought up again and an
// MSI is delivered.
TEST(GicReset, ResetDropsLpisAndRegistersAndBringUpWorksAgain)
{
    top<64> t("t");
    run([&] {
        const uint64_t typer = t.cpu.gicr_read(kGicrTyper), ctlr = t.cpu.gicr_read(kGicrCtlr, 4);
        t.bring_up();
        t.cpu.msi(7, 3);
        wait(ns(100));
        ASSERT_TRUE(t.lpi_pending());
        ASSERT_TRUE(t.irq.read());
        const gicv3::gic_stats before = t.gic.stats();
        t.gic.reset();
        t.its.reset();
        wait(ns(10));
        EXPECT_FALSE(t.lpi_pending());
        EXPECT_FALSE(t.irq.read());
        EXPECT_EQ(t.cpu.gicr_read(kGicrCtlr, 4), ctlr); // EnableLPIs 0 (CES reads 1)
        EXPECT_EQ(ctlr & 1, 0u);
        EXPECT_EQ(t.cpu.gicr_read(kPropbaser), 0u);
        EXPECT_EQ(t.cpu.gicr_read(kPendbaser), 0u);
        EXPECT_EQ(t.cpu.gicr_read(kGicrTyper), typer);
        EXPECT_GE(t.gic.stats().pend_reads, before.pend_reads) << "statistics are kept";
        t.bring_up();
        t.cpu.msi(7, 3);
        wait(ns(100));
        EXPECT_TRUE(t.lpi_pending());
        EXPECT_TRUE(t.irq.read());
    });
}

// irq_raised(cpu) is notified when the line is driven high, already in the
// delta that drives it (irq_line() says high; the signal reads low until
// its update), and not when it drops; irq_driven_at() follows both.
TEST(GicLine, RaisedIsNotifiedWhenTheLineGoesHighNotWhenItDrops)
{
    top<64> t("t");
    unsigned raised = 0;
    bool line_then = false, signal_then = true;
    sc_time raised_at;
    sc_core::sc_spawn([&] {
        for (;;) {
            wait(t.gic.irq_raised(0));
            raised++;
            line_then = t.gic.irq_line(0);
            signal_then = t.irq.read();
            raised_at = sc_core::sc_time_stamp();
        }
    });
    run([&] {
        t.bring_up();
        EXPECT_FALSE(t.gic.irq_line(0));
        t.cpu.msi(7, 3);
        wait(ns(100));
        EXPECT_EQ(raised, 1u);
        EXPECT_TRUE(line_then);
        EXPECT_FALSE(signal_then);
        EXPECT_EQ(t.gic.irq_driven_at(0), raised_at);
        sc_time d = SC_ZERO_TIME;
        ASSERT_EQ(t.gic.icc_iar1(0, d), 8192u);
        t.gic.icc_eoir1(0, 8192, d);
        wait(ns(100));
        EXPECT_FALSE(t.gic.irq_line(0));
        EXPECT_FALSE(t.irq.read());
        EXPECT_EQ(raised, 1u) << "the drop does not notify irq_raised";
        EXPECT_GT(t.gic.irq_driven_at(0), raised_at);
    });
}

// A platform that writes `using namespace gicv3;` names the module `its`
// (and the C core's types) without ambiguity: the core's struct tag is its_core.
namespace using_gicv3 {
using namespace gicv3;
static_assert(std::is_same<its, basic_its<64>>::value, "its is the module");
static_assert(std::is_same<its_t, struct its_core>::value, "its_t is the core's instance");
} // namespace using_gicv3

TEST(Names, UsingNamespaceGicv3LeavesItsUnambiguous)
{
    using namespace gicv3;
    its_config cfg;
    its_config_preset_qemu_virt(&cfg, 1);
    its m("m", cfg);
    EXPECT_STREQ(m.msg_type(), "gicv3::its/m");
}
