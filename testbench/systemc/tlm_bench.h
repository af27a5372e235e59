// SPDX-License-Identifier: Apache-2.0
// Test top for the SystemC tests: a CPU-like initiator and the ITS on a
// router, RAM behind it, and a fake redistributor that records every call.
// The helpers drive the ITS the way a driver does, over TLM.
#pragma once

#define SC_INCLUDE_DYNAMIC_PROCESSES // sc_spawn
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <utility>
#include <vector>

#include "../support/command_values.h"
#include "gicv3/device_id_extension.h"
#include "gicv3/its.h"
#include "its/commands.h"
#include "its/regs.h"
#include "gicv3_vp/memory.h"
#include "gicv3_vp/router.h"

namespace tb {

using sc_core::sc_time;
using sc_core::SC_NS;
using sc_core::SC_ZERO_TIME;

inline sc_time ns(double v) { return sc_time(v, SC_NS); }

// GITS offsets (its/regs.h) by their short names
enum : uint64_t {
    CTLR = GITS_CTLR, IIDR = GITS_IIDR, TYPER = GITS_TYPER, CBASER = GITS_CBASER, CWRITER = GITS_CWRITER,
    CREADR = GITS_CREADR, BASER0 = GITS_BASER(0), BASER1 = GITS_BASER(1), TRANSLATER = GITS_TRANSLATER
};

// Commands, built by the public encoders (../support/command_values.h).
namespace cmd {
using namespace command_values;
} // namespace cmd

// A blocking initiator driven from a test thread. By default it waits out the
// delay each access returns, like a CPU that does not run ahead.
struct initiator : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<initiator, 64> socket;
    bool wait_delay = true;

    struct result {
        tlm::tlm_response_status status;
        sc_time delay;            // what the targets annotated
        bool dmi_allowed = false; // the target offers DMI for the address
    };

    std::vector<std::pair<uint64_t, uint64_t>> invalidated; // DMI ranges revoked

    explicit initiator(sc_core::sc_module_name n) : sc_module(n), socket("socket")
    {
        socket.register_invalidate_direct_mem_ptr(this, &initiator::invalidate);
    }
    void invalidate(sc_dt::uint64 start, sc_dt::uint64 end) { invalidated.emplace_back(start, end); }

    result access(tlm::tlm_command c, uint64_t addr, unsigned char *data, unsigned len,
                  gicv3::device_id_extension *ext = nullptr, unsigned char *be = nullptr,
                  unsigned be_len = 0, unsigned width = 0)
    {
        tlm::tlm_generic_payload gp;
        gp.set_command(c);
        gp.set_address(addr);
        gp.set_data_ptr(data);
        gp.set_data_length(len);
        gp.set_streaming_width(width ? width : len);
        gp.set_byte_enable_ptr(be);
        gp.set_byte_enable_length(be_len);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_time d = SC_ZERO_TIME;
        {
            std::optional<gicv3::extension_scope<gicv3::device_id_extension>> scope;
            if (ext)
                scope.emplace(gp, *ext);
            socket->b_transport(gp, d);
        }
        if (wait_delay && d != SC_ZERO_TIME)
            wait(d);
        return {gp.get_response_status(), d, gp.is_dmi_allowed()};
    }
    result write(uint64_t addr, uint64_t v, unsigned len, gicv3::device_id_extension *ext = nullptr)
    {
        unsigned char b[8];
        for (unsigned i = 0; i < 8; i++)
            b[i] = static_cast<unsigned char>(v >> (8 * i));
        return access(tlm::TLM_WRITE_COMMAND, addr, b, len, ext);
    }
    result read(uint64_t addr, uint64_t &v, unsigned len)
    {
        unsigned char b[8] = {};
        result r = access(tlm::TLM_READ_COMMAND, addr, b, len);
        v = 0;
        for (int i = 7; i >= 0; i--)
            v = (v << 8) | b[i];
        return r;
    }
    unsigned debug(tlm::tlm_command c, uint64_t addr, unsigned char *data, unsigned len)
    {
        tlm::tlm_generic_payload gp;
        gp.set_command(c);
        gp.set_address(addr);
        gp.set_data_ptr(data);
        gp.set_data_length(len);
        return socket->transport_dbg(gp);
    }
};

// Records every call of the ITS, with the delay it carried.
struct fake_redist : sc_core::sc_module, gicv3::lpi_target_if {
    struct call {
        std::string kind;
        uint32_t a, b, intid; // target (or from, to) and INTID
        sc_time delay;        // as passed by the ITS
        sc_time when;         // time stamp + delay: when it takes effect
        std::string process;  // who called: the command engine or an MSI's initiator
        bool same_effect(const call &o) const
        {
            return kind == o.kind && a == o.a && b == o.b && intid == o.intid;
        }
    };
    std::vector<call> calls;
    sc_time latency = SC_ZERO_TIME; // added to every call's delay
    gicv3::lpi_delivery answer = gicv3::lpi_delivery::pending;

    explicit fake_redist(sc_core::sc_module_name n) : sc_module(n) {}

    gicv3::lpi_delivery set_pending(uint32_t t, uint32_t intid, sc_time &d) override
    {
        note("set_pending", t, 0, intid, d);
        return answer;
    }
    void clear_pending(uint32_t t, uint32_t intid, sc_time &d) override { note("clear_pending", t, 0, intid, d); }
    void move_pending(uint32_t f, uint32_t t, uint32_t intid, sc_time &d) override { note("move_pending", f, t, intid, d); }
    void inv(uint32_t t, uint32_t intid, sc_time &d) override { note("inv", t, 0, intid, d); }
    void invall(uint32_t t, sc_time &d) override { note("invall", t, 0, 0, d); }
    void sync(uint32_t t, sc_time &d) override { note("sync", t, 0, 0, d); }
    void movall(uint32_t f, uint32_t t, sc_time &d) override { note("movall", f, t, 0, d); }

private:
    void note(const char *kind, uint32_t a, uint32_t b, uint32_t intid, sc_time &d)
    {
        calls.push_back({kind, a, b, intid, d, sc_core::sc_time_stamp() + d,
                         sc_core::sc_get_current_process_handle().name()});
        d += latency;
    }
};

struct bench_latency {
    sc_time bus = ns(5);        // router window of the RAM
    sc_time ram_read = ns(20);
    sc_time ram_write = ns(10);
};

class bench : public sc_core::sc_module {
public:
    static constexpr uint64_t kIts = 0x08080000;    // ITS_base
    static constexpr uint64_t kItsWindow = 0x40000; // wider than the frames: the ITS decodes its own
    static constexpr uint64_t kRam = 0x40000000;
    static constexpr uint64_t kRamSize = 0x10000000;

    initiator cpu;
    gicv3_vp::router bus;
    gicv3_vp::memory ram;
    gicv3::its its;
    fake_redist rd;
    std::vector<gicv3::msi_record> msis;
    std::vector<gicv3::command_record> commands;

    bench(sc_core::sc_module_name n, const its_config &cfg, const gicv3::its_timing &t = {},
          const bench_latency &lat = {})
        : sc_module(n), cpu("cpu"), bus("bus"), ram("ram", kRamSize), its("its", cfg, t), rd("rd")
    {
        ram.read_latency = lat.ram_read;
        ram.write_latency = lat.ram_write;
        bus.map(kIts, kItsWindow, its.regs);
        bus.map(kRam, kRamSize, ram.in, lat.bus);
        cpu.socket.bind(bus.in);
        its.mem.bind(bus.in);
        its.redistributors.bind(rd);
        its.on_msi = [this](const gicv3::msi_record &r) { msis.push_back(r); };
        its.on_command = [this](const gicv3::command_record &r) { commands.push_back(r); };
    }

    static its_config qemu(uint32_t targets = 4)
    {
        its_config c;
        its_config_preset_qemu_virt(&c, targets);
        return c;
    }

    // ---- Register access from the CPU (test thread only) ----
    uint64_t read(uint64_t off, unsigned len = 8)
    {
        uint64_t v = 0;
        EXPECT_EQ(cpu.read(kIts + off, v, len).status, tlm::TLM_OK_RESPONSE) << "read 0x" << std::hex << off;
        return v;
    }
    void write(uint64_t off, uint64_t v, unsigned len = 8)
    {
        EXPECT_EQ(cpu.write(kIts + off, v, len).status, tlm::TLM_OK_RESPONSE) << "write 0x" << std::hex << off;
    }
    // A register as a debugger sees it: no time, no side effect.
    uint64_t peek(uint64_t off, unsigned len = 8)
    {
        unsigned char b[8] = {};
        EXPECT_EQ(cpu.debug(tlm::TLM_READ_COMMAND, kIts + off, b, len), len);
        uint64_t v = 0;
        for (int i = 7; i >= 0; i--)
            v = (v << 8) | b[i];
        return v;
    }

    // ---- Driver ----
    uint64_t alloc(uint64_t bytes, uint64_t align = 0x10000)
    {
        next_ = (next_ + align - 1) & ~(align - 1);
        uint64_t pa = next_;
        next_ += bytes;
        return pa;
    }
    // Flat device and collection tables (one 64K page each), a 64K queue at
    // queue_pa (0: allocated in RAM), Enabled.
    void bring_up(uint64_t queue_pa = 0, uint64_t device_table = 0)
    {
        write(GITS_BASER(0), read(GITS_BASER(0)) | GITS_BASER_VALID_MASK | (device_table ? device_table : alloc(0x10000)));
        write(GITS_BASER(1), read(GITS_BASER(1)) | GITS_BASER_VALID_MASK | alloc(0x10000));
        queue_ = queue_pa ? queue_pa : alloc(0x10000);
        write(GITS_CBASER, its_cbaser_make(queue_, 16));
        write(GITS_CWRITER, 0);
        cwriter_ = 0;
        write(GITS_CTLR, GITS_CTLR_ENABLED_MASK, 4);
    }
    void put(const Cmd &c)
    {
        for (int i = 0; i < 4; i++)
            ram.write64(queue_ - kRam + cwriter_ + 8 * i, c[i]); // RAM's own addresses
        cwriter_ = (cwriter_ + ITS_CMD_BYTES) % 0x10000;
    }
    void publish() { write(CWRITER, cwriter_); }
    uint64_t cwriter() const { return cwriter_; }
    // Publish and poll CREADR until the engine caught up (or stalled).
    void run_queue(sc_time poll = ns(10))
    {
        publish();
        for (int i = 0; i < 100000 && (read(GITS_CREADR) & ~GITS_CREADR_STALLED_MASK) != cwriter_ &&
                        !(read(GITS_CREADR) & GITS_CREADR_STALLED_MASK);
             i++)
            wait(poll);
        EXPECT_EQ(read(CREADR), cwriter_) << "queue did not drain";
    }
    // Device 1: events 0..15 -> LPIs 8192.. on collection 0 (target 1),
    // collection 1 -> target 2.
    void map_device()
    {
        put(cmd::mapc(0, 1));
        put(cmd::mapc(1, 2));
        put(cmd::mapd(1, 3, alloc(0x1000, 0x100)));
        for (uint32_t ev = 0; ev < 4; ev++)
            put(cmd::mapti(1, ev, 8192 + ev, 0));
        run_queue();
    }
    initiator::result msi(uint32_t event_id, std::optional<uint32_t> device_id, unsigned len = 4)
    {
        gicv3::device_id_extension ext(device_id.value_or(0));
        return cpu.write(kIts + TRANSLATER, event_id, len, device_id ? &ext : nullptr);
    }

private:
    uint64_t next_ = kRam;
    uint64_t queue_ = 0;
    uint64_t cwriter_ = 0;
};

// Runs body in a thread of its own until the simulation has nothing left to do.
inline void run(std::function<void()> body)
{
    bool done = false;
    sc_core::sc_spawn([&] {
        body();
        done = true;
    });
    sc_core::sc_start();
    EXPECT_TRUE(done) << "the test thread did not finish";
}

} // namespace tb
