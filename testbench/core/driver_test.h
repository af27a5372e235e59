// SPDX-License-Identifier: Apache-2.0
// Helpers of the driver kit's tests (test_driver*.cpp): register and queue
// read-back through the debugger's view (no counters move, no queue runs),
// the presets, and the commands a bring-up must leave in the queue.
#pragma once

#include "c_platform.h"
#include "its/regs.h"

#include <string>
#include <vector>

namespace drvtest {

// Registers (its/regs.h) by the names these tests use
constexpr uint64_t kCtlr = GITS_CTLR, kTyper = GITS_TYPER, kCbaser = GITS_CBASER, kCwriter = GITS_CWRITER,
                   kCreadr = GITS_CREADR;
constexpr uint64_t kBaser0 = GITS_BASER(0);
constexpr uint64_t kRdCtlr = GICR_CTLR, kPropbaser = GICR_PROPBASER, kPendbaser = GICR_PENDBASER;
constexpr uint64_t kPaMask = GITS_CBASER_PA_MASK;      // CBASER/PROPBASER Physical_Address [51:12]
constexpr uint64_t kBaserPaMask = GITS_BASER_PA_MASK;  // GITS_BASER: [47:12] (Entry_Size above)
constexpr unsigned kSlots = 2048;                    // 64 KB queue of 32-byte commands

inline uint64_t field(uint64_t v, unsigned lo, unsigned width) { return (v >> lo) & ((1ull << width) - 1); }

inline uint64_t its_reg(CPlatform &p, uint64_t off, unsigned size = 8)
{
    uint64_t v = 0;
    EXPECT_EQ(its_peek(p.its(), off, size, &v), ITS_ACCESS_OK) << std::hex << off;
    return v;
}

inline uint64_t rd_reg(CPlatform &p, unsigned cpu, uint64_t off, unsigned size = 8)
{
    uint64_t v = 0;
    EXPECT_EQ(redist_peek(p.rd(cpu), off, size, &v), ITS_ACCESS_OK) << std::hex << off;
    return v;
}

inline its_stats stats(CPlatform &p)
{
    its_stats s;
    its_get_stats(p.its(), &s);
    return s;
}

// The GITS_BASER<n> of a table type (1 device, 4 collection), or -1.
inline int baser_of_type(CPlatform &p, unsigned type)
{
    for (int n = 0; n < 8; n++)
        if (ITS_FIELD_GET(its_reg(p, GITS_BASER(n)), GITS_BASER_TYPE) == type)
            return n;
    return -1;
}

struct Cmd {
    uint64_t dw[4];
    uint8_t op() const { return uint8_t(dw[0]); }
};

// Queue slot `slot` as the driver left it in memory.
inline Cmd queue_slot(CPlatform &p, unsigned slot)
{
    uint64_t base = its_reg(p, kCbaser) & kPaMask;
    Cmd c;
    for (int i = 0; i < 4; i++)
        c.dw[i] = shim_read64(p.mem(), base + 32ull * (slot % kSlots) + 8 * i);
    return c;
}

// Commands [first, first + n) of everything the driver sent (wrapping).
inline std::vector<Cmd> queue_cmds(CPlatform &p, uint64_t first, uint64_t n)
{
    std::vector<Cmd> out;
    for (uint64_t i = first; i < first + n; i++)
        out.push_back(queue_slot(p, unsigned(i % kSlots)));
    return out;
}

inline std::string op_names(const std::vector<Cmd> &cmds)
{
    std::string s;
    for (const Cmd &c : cmds)
        s += std::string(s.empty() ? "" : " ") + its_cmd_name(c.op());
    return s;
}

inline its_config qemu(unsigned cpus)
{
    its_config c;
    its_config_preset_qemu_virt(&c, cpus);
    return c;
}

inline its_config gic600(unsigned cpus)
{
    its_config c;
    its_config_preset_gic600(&c, cpus);
    return c;
}

struct Preset {
    const char *name;
    its_config (*make)(unsigned cpus);
};
inline void PrintTo(const Preset &p, std::ostream *os) { *os << p.name; }
inline const Preset kQemu{"qemu", qemu}, kGic600{"gic600", gic600};

// The queue holds, for each CPU c from first_cpu, MAPC(c) SYNC INVALL(c) SYNC
// with the CPU's target, starting at command index `at`.
inline void expect_cpu_init_commands(CPlatform &p, uint64_t at, unsigned cpus)
{
    for (unsigned c = 0; c < cpus; c++) {
        std::vector<Cmd> q = queue_cmds(p, at + 4 * c, 4);
        uint64_t target = drv_cpu_target(p.driver(), c);
        ASSERT_EQ(op_names(q), "MAPC SYNC INVALL SYNC") << "cpu " << c;
        EXPECT_EQ(q[0].dw[0], uint64_t(ITS_CMD_MAPC));
        EXPECT_EQ(q[0].dw[1], 0u);
        EXPECT_EQ(q[0].dw[2], (1ull << 63) | target | c) << "MAPC ICID = cpu, V = 1, target";
        EXPECT_EQ(q[1].dw[2], target) << "SYNC to the CPU's target";
        EXPECT_EQ(q[2].dw[2], c) << "INVALL ICID";
        EXPECT_EQ(q[3].dw[2], target);
        for (const Cmd &k : q)
            EXPECT_EQ(k.dw[3], 0u);
    }
}

// Every command sent has been consumed: CREADR = CWRITER = the driver's count.
inline void expect_queue_drained(CPlatform &p)
{
    uint64_t creadr = its_reg(p, kCreadr), cwriter = its_reg(p, kCwriter);
    EXPECT_EQ(creadr & 1, 0u) << "not stalled";
    EXPECT_EQ(creadr, cwriter);
    EXPECT_EQ(cwriter, (drv_commands_sent(p.driver()) * 32) % (kSlots * 32));
}

// One device with a vector per CPU, vector c on CPU c: every MSI must be
// acknowledged once, by CPU c, with the vector's INTID.
inline void expect_msis_reach_every_cpu(CPlatform &p, unsigned cpus, uint32_t dev)
{
    const drv_env *e = p.env();
    ASSERT_EQ(drv_device_add(p.driver(), e, dev, cpus), DRV_OK);
    for (unsigned c = 0; c < cpus; c++)
        ASSERT_EQ(drv_vector_activate(p.driver(), e, dev, c, c, nullptr), DRV_OK) << c;
    for (unsigned c = 0; c < cpus; c++) {
        its_translation t{};
        ASSERT_EQ(its_translate(p.its(), dev, c, &t), ITS_MSI_DELIVERED);
        EXPECT_EQ(t.icid, c);
        EXPECT_EQ(t.target, c) << "collection " << c << " maps to its CPU";
        ASSERT_EQ(p.msi(dev, c), ITS_MSI_DELIVERED);
        auto got = p.take_all();
        ASSERT_EQ(got.size(), 1u) << "cpu " << c;
        EXPECT_EQ(got[0].first, c);
        EXPECT_EQ(got[0].second, drv_vector_intid(p.driver(), dev, c));
    }
}

} // namespace drvtest
