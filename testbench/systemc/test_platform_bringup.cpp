// SPDX-License-Identifier: Apache-2.0
// The platform with its default software: the driver kit's full bring-up on
// every CPU, device set-up, MSI traffic and teardown, on 1, 4 and 64 CPUs,
// with both target formats (PTA), both presets and both timing modes.
#include "platform_bench.h"

using namespace pb;

namespace {

// Runs the default software to the end and checks what it must always give:
// completed, no failure, every MSI delivered to the CPU its vector's
// round-robin affinity names, teardown done, the ledger balanced.
void expect_default_run(gicv3_vp::platform &p)
{
    const gicv3_vp::platform_config &c = p.config();
    p.run();
    EXPECT_TRUE(p.completed());
    EXPECT_EQ(p.failure(), "");
    expect_conservation(p);
    const gicv3_vp::msi_ledger &l = p.ledger();
    EXPECT_EQ(l.injected(), total_msis(c));
    EXPECT_EQ(l.delivered(), total_msis(c));
    EXPECT_EQ(l.dropped(), 0u);
    EXPECT_EQ(l.per_cpu(), predicted_per_cpu(c));
    // Every LPI taken was raised by MSIs (no INT here): one acknowledge
    // resolves one MSI plus those merged into it.
    uint64_t acks = 0;
    for (unsigned i = 0; i < c.cpus; i++) {
        acks += l.acks()[i];
        EXPECT_FALSE(p.cpu(i).failed()) << "cpu" << i;
    }
    EXPECT_EQ(acks + l.merged(), l.delivered());

    // Teardown: every vector discarded, every device unmapped; no command failed.
    uint64_t vectors = 0;
    for (const auto &d : c.devices)
        vectors += d.msi.vectors;
    its_stats s = p.its_module().stats();
    EXPECT_EQ(s.command_errors, 0u);
    EXPECT_EQ(s.commands[ITS_CMD_MAPTI], vectors);
    EXPECT_EQ(s.commands[ITS_CMD_DISCARD], vectors);
    EXPECT_EQ(s.commands[ITS_CMD_MAPD], 2 * c.devices.size()); // V=1 and V=0
    EXPECT_EQ(s.commands[ITS_CMD_MAPC], c.cpus);
    EXPECT_EQ(s.msi[ITS_MSI_DELIVERED], total_msis(c));
    for (const auto &d : c.devices)
        for (uint32_t v = 0; v < d.msi.vectors; v++)
            EXPECT_EQ(drv_vector_intid(p.driver(), d.msi.requester_id, v), 0u) << d.name << " vector " << v;
    // Every redistributor is up (EnableLPIs) and nothing is left pending.
    for (unsigned i = 0; i < c.cpus; i++) {
        uint64_t ctlr = 0;
        EXPECT_EQ(redist_peek(p.gic_module().redistributor(i), 0, 4, &ctlr), ITS_ACCESS_OK);
        EXPECT_EQ(ctlr & 1, 1u) << "cpu" << i;
        EXPECT_EQ(redist_next_pending(p.gic_module().redistributor(i), 0), 0u) << "cpu" << i;
    }
}

TEST(PlatformBringUp, OneCpu)
{
    gicv3_vp::platform_config c;
    c.cpus = 1;
    gicv3_vp::platform p("p", c);
    expect_default_run(p);
    EXPECT_EQ(p.ledger().per_cpu(), (std::vector<uint64_t>{850}));
}

TEST(PlatformBringUp, FourCpusDefaultConfig)
{
    gicv3_vp::platform_config c; // what its-vp runs
    gicv3_vp::platform p("p", c);
    expect_default_run(p);
    // net 3 vectors, blk 5, rng 1: CPUs 0,1,2 | 3,0,1,2,3 | 0
    EXPECT_EQ(p.ledger().per_cpu(), (std::vector<uint64_t>{250, 200, 200, 200}));
}

TEST(PlatformBringUp, SixtyFourCpus)
{
    gicv3_vp::platform_config c;
    c.cpus = 64;
    c.devices.push_back(device("nvme", 0x400, 70, 700, 100)); // vectors 9..78 wrap past CPU 63
    gicv3_vp::platform p("p", c);
    expect_default_run(p);
    std::vector<uint64_t> want = predicted_per_cpu(c);
    // net 0..2 -> CPUs 0..2, blk 0..4 -> 3..7, rng -> 8, nvme 0..54 -> 9..63, nvme 55..69 -> 0..14
    EXPECT_EQ(want[0], 100u + 10); // net0, nvme55
    EXPECT_EQ(want[8], 50u + 10);  // rng, nvme63
    EXPECT_EQ(want[9], 10u + 10);  // nvme0, nvme64
    EXPECT_EQ(want[63], 10u);
}

// ---- Variants: same functional results ----------------------------------------

gicv3_vp::platform_config variant(const std::string &preset, const std::string &mode, bool pta)
{
    gicv3_vp::platform_config c;
    c.its.preset = preset;
    c.its.mode = mode;
    c.its.pta = pta;
    return c;
}

TEST(PlatformVariants, QemuLtPta1)
{
    gicv3_vp::platform p("p", variant("qemu", "lt", true));
    expect_default_run(p);
    EXPECT_EQ(drv_cpu_target(p.driver(), 2), gicv3_vp::address_map::gicr + 2 * REDIST_FRAMES_SIZE); // RD_base
}

TEST(PlatformVariants, QemuLtPta0)
{
    gicv3_vp::platform p("p", variant("qemu", "lt", false));
    expect_default_run(p);
    EXPECT_EQ(drv_cpu_target(p.driver(), 2), 2u << 16); // Processor_Number
}

TEST(PlatformVariants, QemuAccurate)
{
    gicv3_vp::platform p("p", variant("qemu", "accurate", false));
    expect_default_run(p);
}

TEST(PlatformVariants, QemuAccuratePta1)
{
    gicv3_vp::platform p("p", variant("qemu", "accurate", true));
    expect_default_run(p);
}

TEST(PlatformVariants, Gic600Lt)
{
    gicv3_vp::platform p("p", variant("gic600", "lt", false));
    expect_default_run(p);
    uint64_t iidr = 0;
    its_peek(p.its_module().core(), 0x4, 4, &iidr);
    EXPECT_EQ(iidr, 0x0201743Bu);
}

TEST(PlatformVariants, Gic600AccuratePta1)
{
    gicv3_vp::platform p("p", variant("gic600", "accurate", true));
    expect_default_run(p);
}

// Bounded caches that thrash (1 entry each) change timing, not results.
TEST(PlatformVariants, TinyCachesGiveTheSameResults)
{
    gicv3_vp::platform_config c = variant("gic600", "lt", false);
    c.its.device_cache = c.its.ite_cache = c.its.collection_cache = "1x1";
    gicv3_vp::platform p("p", c);
    expect_default_run(p);
    its_stats s = p.its_module().stats();
    EXPECT_GT(s.ite_cache.evictions, 0u);
}

// Without teardown the vectors stay mapped; the traffic is the same.
TEST(PlatformVariants, NoTeardown)
{
    gicv3_vp::platform_config c;
    c.teardown = false;
    gicv3_vp::platform p("p", c);
    p.run();
    EXPECT_TRUE(p.completed());
    EXPECT_EQ(p.failure(), "");
    expect_conservation(p);
    EXPECT_EQ(p.ledger().per_cpu(), predicted_per_cpu(c));
    EXPECT_EQ(p.its_module().stats().commands[ITS_CMD_DISCARD], 0u);
    EXPECT_NE(drv_vector_intid(p.driver(), 0x100, 0), 0u);
}

// The time limit: what is unresolved then is reported, nothing is lost.
TEST(PlatformVariants, TimeLimitLeavesTheLedgerBalanced)
{
    gicv3_vp::platform_config c;
    c.max_us = 900; // bring-up done (about 470 us of 1-us CREADR polls), traffic under way (blk takes 750 us)
    gicv3_vp::platform p("p", c);
    p.run();
    EXPECT_FALSE(p.completed());
    EXPECT_EQ(p.failure(), "");
    expect_conservation(p);
    EXPECT_LT(p.ledger().injected(), total_msis(c));
    EXPECT_GT(p.ledger().delivered(), 0u);
}

} // namespace
