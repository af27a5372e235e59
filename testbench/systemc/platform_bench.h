// SPDX-License-Identifier: Apache-2.0
// Helpers for the tests of the whole platform (gicv3_vp::platform): raw ITS
// commands for CPU software, an acknowledge recorder, and the checks every
// platform test makes (the MSI ledger balances, nothing is unaccounted).
#pragma once

#define SC_INCLUDE_DYNAMIC_PROCESSES // sc_spawn
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <map>
#include <numeric>
#include <string>
#include <systemc>
#include <vector>

#include "../support/command_values.h"
#include "gicv3_vp/platform.h"
#include "its/commands.h"
#include "its/regs.h"

namespace pb {

using sc_core::sc_time;
using sc_core::SC_NS;
using sc_core::SC_US;

inline sc_time ns(double v) { return sc_time(v, SC_NS); }
inline sc_time us(double v) { return sc_time(v, SC_US); }

constexpr uint32_t kLpi0 = GIC_LPI_FIRST_INTID;

// ---- Raw commands (32 bytes): ../support/command_values.h, but mapc takes
// the target as drv_cpu_target() gives it.
namespace cmd {
using namespace command_values;
// target: the RDbase field as drv_cpu_target() gives it (PA, or ProcNum << 16)
inline Cmd mapc(uint32_t icid, uint64_t target, bool valid = true)
{
    Cmd c;
    its_cmd_mapc(c.data(), icid, target >> ITS_CMD_RDBASE_SHIFT, valid);
    return c;
}
} // namespace cmd

// ---- CPU software helpers -----------------------------------------------------

// What one CPU's software uses: the platform, the CPU and the driver.
struct sw {
    gicv3_vp::platform &p;
    gicv3_vp::cpu_stub &cpu;

    its_driver *drv() { return p.driver(); }
    const drv_env *env() { return &cpu.env(); }

    // One raw command, waited for through CREADR (no SYNC), as kvm-unit-tests does.
    bool send(const Cmd &c)
    {
        drv_status s = drv_send_command(drv(), env(), c.data());
        if (s != DRV_OK)
            p.fail(std::string("command ") + its_cmd_name(uint8_t(c[0] & 0xFF)) + ": " + drv_status_name(s));
        return s == DRV_OK;
    }
    uint64_t target(unsigned c) { return drv_cpu_target(drv(), c); }
    uint64_t gicr(unsigned c) { return gicv3_vp::address_map::gicr + uint64_t(c) * REDIST_FRAMES_SIZE; }
    // An ITT for 256 events of any ITE size, 256-byte aligned.
    uint64_t itt() { return cpu.alloc(256 * 16, 256); }

    void prop(uint32_t intid, uint8_t byte) { cpu.write(drv_property_table(drv()) + (intid - kLpi0), 1, byte); }
    uint8_t prop(uint32_t intid) { return uint8_t(cpu.read(drv_property_table(drv()) + (intid - kLpi0), 1)); }
    // Sets intid's bit in the in-memory pending table of CPU c.
    void mark_pending(unsigned c, uint32_t intid)
    {
        uint64_t pa = drv_pending_table(drv(), c) + intid / 8;
        cpu.write(pa, 1, cpu.read(pa, 1) | (1u << (intid % 8)));
    }
    void enable_lpis(unsigned c, bool on)
    {
        uint64_t ctlr = cpu.read(gicr(c), 4);
        cpu.write(gicr(c), 4, on ? (ctlr | 1) : (ctlr & ~1ull));
    }

    // Takes interrupts for t of simulated time (the observation window).
    void idle_for(sc_time t)
    {
        sc_core::sc_event timeout;
        sc_time end = cpu.now() + t;
        timeout.notify(end - sc_core::sc_time_stamp());
        cpu.idle_until(timeout, [end] { return sc_core::sc_time_stamp() >= end; });
    }
    // Takes interrupts until every device has sent all its MSIs and each is
    // resolved (or the limit passes).
    void idle_until_traffic_over(sc_time limit = us(50000))
    {
        sc_time end = cpu.now() + limit;
        auto over = [this] {
            for (unsigned i = 0; i < p.config().devices.size(); i++)
                if (!p.device(i).done())
                    return false;
            return p.ledger().outstanding() == 0;
        };
        while (!over() && cpu.now() < end)
            idle_for(us(1));
    }

    // The platform's default device set-up for device i, with choices: the
    // vectors go round-robin over the CPUs from *next_cpu; program_msix =
    // false leaves the MSI-X table untouched; mask leaves entries masked.
    bool setup_device(unsigned i, unsigned *next_cpu, bool add = true, bool program_msix = true, bool mask = false)
    {
        const gicv3_vp::msi_device_config &m = p.device(i).config();
        if (add && drv_device_add(drv(), env(), m.requester_id, m.vectors) != DRV_OK) {
            p.fail("MAPD failed");
            return false;
        }
        uint64_t bar = gicv3_vp::address_map::device_bar(i);
        for (uint32_t v = 0; v < m.vectors; v++) {
            uint32_t intid = 0;
            unsigned c = (*next_cpu)++ % p.config().cpus;
            if (add && drv_vector_activate(drv(), env(), m.requester_id, v, c, &intid) != DRV_OK) {
                p.fail("vector activation failed");
                return false;
            }
            if (!program_msix)
                continue;
            uint64_t addr = drv_msi_address(drv()), e = bar + v * gicv3_vp::msi_device::kEntryBytes;
            cpu.write(e + 0, 4, uint32_t(addr));
            cpu.write(e + 4, 4, uint32_t(addr >> 32));
            cpu.write(e + 8, 4, v);
            cpu.write(e + 12, 4, mask ? 1 : 0);
        }
        return true;
    }
};

// Runs body on CPU 0 after the driver kit's bring-up on every CPU; the other
// CPUs take interrupts. The platform finishes when body returns.
inline void cpu0_program(gicv3_vp::platform &p, std::function<void(sw &)> body)
{
    p.program = [body](gicv3_vp::platform &pl, gicv3_vp::cpu_stub &cpu) {
        if (!pl.bring_up(cpu))
            return;
        pl.rendezvous(cpu);
        if (cpu.index() != 0)
            return;
        sw s{pl, cpu};
        body(s);
        if (pl.failure().empty())
            pl.finish();
    };
}

// ---- Acknowledges -------------------------------------------------------------

// Every LPI each CPU acknowledged, tagged with the phase the software was in.
struct ack_log {
    struct ack {
        unsigned phase, cpu;
        uint32_t intid;
        sc_time when;
    };
    std::vector<ack> acks;
    unsigned phase = 0;

    void attach(gicv3_vp::platform &p)
    {
        for (unsigned c = 0; c < p.config().cpus; c++)
            p.cpu(c).on_interrupt = [this](unsigned cpu, uint32_t intid, sc_time when) {
                acks.push_back({phase, cpu, intid, when});
            };
    }
    // (cpu, intid) -> count, in one phase
    std::map<std::pair<unsigned, uint32_t>, unsigned> in_phase(unsigned ph) const
    {
        std::map<std::pair<unsigned, uint32_t>, unsigned> m;
        for (const auto &a : acks)
            if (a.phase == ph)
                m[{a.cpu, a.intid}]++;
        return m;
    }
    std::vector<unsigned> per_cpu(unsigned cpus) const
    {
        std::vector<unsigned> n(cpus, 0);
        for (const auto &a : acks)
            n[a.cpu]++;
        return n;
    }
};

using acked = std::map<std::pair<unsigned, uint32_t>, unsigned>;

// ---- Checks every platform test makes -----------------------------------------

// The ledger balances after run(): every MSI injected is delivered or dropped
// for a named reason, none is outstanding, and the per-CPU and per-reason
// figures add up to the totals.
inline void expect_conservation(gicv3_vp::platform &p)
{
    const gicv3_vp::msi_ledger &l = p.ledger();
    EXPECT_EQ(l.outstanding(), 0u);
    EXPECT_EQ(l.injected(), l.delivered() + l.dropped());
    uint64_t per_cpu = std::accumulate(l.per_cpu().begin(), l.per_cpu().end(), uint64_t(0));
    EXPECT_EQ(per_cpu, l.delivered()) << "deliveries not attributed to a CPU";
    uint64_t by_reason = 0;
    for (const auto &[reason, n] : l.drops()) {
        EXPECT_FALSE(reason.empty());
        EXPECT_GT(n, 0u) << reason;
        by_reason += n;
    }
    EXPECT_EQ(by_reason, l.dropped());
    EXPECT_LE(l.merged(), l.delivered());
    // Every LPI a CPU took is in the ledger's acknowledge count, and each CPU's
    // own count agrees with it.
    ASSERT_EQ(l.acks().size(), p.config().cpus);
    for (unsigned c = 0; c < p.config().cpus; c++) {
        EXPECT_EQ(l.acks()[c], p.cpu(c).interrupts()) << "cpu" << c;
        EXPECT_EQ(p.cpu(c).spurious(), 0u) << "cpu" << c; // kvm-unit-tests' check_spurious
    }
}

// MSIs each CPU receives under the default software: vectors are activated
// round-robin over the CPUs, device by device, and a device sends message i
// on vector i % vectors.
inline std::vector<uint64_t> predicted_per_cpu(const gicv3_vp::platform_config &c)
{
    std::vector<uint64_t> n(c.cpus, 0);
    unsigned next = 0;
    for (const auto &d : c.devices)
        for (uint32_t v = 0; v < d.msi.vectors; v++)
            n[next++ % c.cpus] += d.msi.count / d.msi.vectors + (v < d.msi.count % d.msi.vectors ? 1 : 0);
    return n;
}

inline uint64_t total_msis(const gicv3_vp::platform_config &c)
{
    uint64_t n = 0;
    for (const auto &d : c.devices)
        n += d.msi.count;
    return n;
}

inline uint64_t drop_count(const gicv3_vp::platform &p, const std::string &reason)
{
    auto it = p.ledger().drops().find(reason);
    return it == p.ledger().drops().end() ? 0 : it->second;
}

// A device with a simple periodic pattern.
inline gicv3_vp::device_spec device(const std::string &name, uint32_t rid, uint32_t vectors, uint64_t count,
                              double interval_ns = 1000)
{
    gicv3_vp::device_spec d;
    d.name = name;
    d.msi.requester_id = rid;
    d.msi.vectors = vectors;
    d.msi.pattern = "periodic";
    d.msi.interval_ns = interval_ns;
    d.msi.count = count;
    return d;
}

} // namespace pb
