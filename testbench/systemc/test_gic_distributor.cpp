// SPDX-License-Identifier: Apache-2.0
// gicv3::gic's distributor frame: the identity a QEMU virt GIC shows (the
// reference trace traces/linux-6.1-qemu-7.2 reads GICD_TYPER 0x37a0007 and
// GICD_CTLR 0x50 after writing 0).
#include "tlm_bench.h"
#include "gicv3/gic.h"
#include "gicv3_vp/memory.h"

using namespace tb;

namespace {

struct top : sc_core::sc_module {
    initiator cpu, rd; // on the distributor and redistributor frames
    gicv3::gic gic;
    gicv3_vp::memory ram;
    sc_core::sc_vector<sc_core::sc_signal<bool>> irq;
    explicit top(unsigned cpus, sc_core::sc_module_name n = "top")
        : sc_module(n), cpu("cpu"), rd("rd"), gic("gic", [cpus] { gicv3::gic_config c; c.cpus = cpus; return c; }()),
          ram("ram"), irq("irq", cpus)
    {
        cpu.socket.bind(gic.gicd);
        rd.socket.bind(gic.gicr);
        gic.mem.bind(ram.in);
        for (unsigned i = 0; i < cpus; i++)
            gic.irq[i](irq[i]);
    }
};

} // namespace

// Affinity routing only: CPUNumber is 0 whatever the CPU count.
TEST(GicDistributor, TyperAsQemuVirt)
{
    top t(4);
    run([&] {
        uint64_t v = 0;
        t.cpu.read(0x4, v, 4);
        EXPECT_EQ(v, 0x37a0007u);
        t.cpu.read(0x8, v, 4);
        EXPECT_EQ(v, 0x43Bu); // GICD_IIDR
    });
}

// One Security state, affinity routing only: DS and ARE_NS read as one and ignore writes.
TEST(GicDistributor, CtlrDsAndAreAreRaoWi)
{
    top t(2);
    run([&] {
        uint64_t v = 0;
        t.cpu.read(0x0, v, 4);
        EXPECT_EQ(v, 0x50u);
        t.cpu.write(0x0, 0x0, 4);
        t.cpu.read(0x0, v, 4);
        EXPECT_EQ(v, 0x50u);
        t.cpu.write(0x0, 0x13, 4);
        t.cpu.read(0x0, v, 4);
        EXPECT_EQ(v, 0x53u);
        t.cpu.write(0x0, 0x80000003, 4); // RWP is never set: writes complete at once
        t.cpu.read(0x0, v, 4);
        EXPECT_EQ(v, 0x53u);
    });
}
