// SPDX-License-Identifier: Apache-2.0
// Checkpoint of a redistributor: saved with LPIs pending across several
// chunks, nested acknowledges, a property cache (unbounded or bounded LRU)
// and, with GIC-700 erratum 2195890, LPIs stranded in the pending table;
// restored into a fresh instance on a copy of the memory, the twin then
// answers every later operation exactly as the original does.
#include "checkpoint_scenarios.h"

namespace {

class RedistCheckpoint : public ::testing::TestWithParam<RedistCkptCase> {};

struct RedistTwins {
    explicit RedistTwins(const redist_config &cfg) : a(cfg), b(cfg) {}
    RedistHarness a, b;
    Log setup;
    Blob blob;
    redist_stats at_save{};
    size_t irqs = 0; // a's IRQ changes before the checkpoint
    uint64_t reads = 0, writes = 0;
};

void make_twins(RedistTwins &t)
{
    redist_setup(t.a, t.setup);
    t.at_save = t.a.stats();
    t.blob = save_blob(t.a.rd());
    shim_mem_copy(t.b.mem(), t.a.mem());
    ASSERT_EQ(restore_blob(t.b.rd(), t.blob), ITS_CKPT_OK);
    EXPECT_TRUE(t.b.irq_log.empty()) << "restore called the host";
    t.irqs = t.a.irq_log.size();
    t.reads = t.a.mem_reads;
    t.writes = t.a.mem_writes;
}

TEST_P(RedistCheckpoint, RestoredTwinContinuesIdentically)
{
    const redist_config &cfg = GetParam().cfg;
    RedistTwins t(cfg);
    make_twins(t);
    if (HasFatalFailure())
        return;
    // The checkpoint holds what the test means it to.
    EXPECT_EQ(redist_icc_rpr_read(t.a.rd()), 0x20u) << "two priorities active, 0x20 on top";
    if (cfg.gic700_2195890) {
        EXPECT_GT(t.at_save.stranded, t.at_save.rescans);
    }

    Log la, lb;
    redist_continue(t.a, la);
    redist_continue(t.b, lb);
    for (size_t i = t.irqs; i < t.a.irq_log.size(); i++)
        la.add("irq", t.a.irq_log[i]);
    for (bool level : t.b.irq_log)
        lb.add("irq", level);
    la.add("memory reads", t.a.mem_reads - t.reads);
    la.add("memory writes", t.a.mem_writes - t.writes);
    lb.add("memory reads", t.b.mem_reads);
    lb.add("memory writes", t.b.mem_writes);
    EXPECT_TRUE(same_log(la, lb));
    EXPECT_TRUE(shim_mem_equal(t.a.mem(), t.b.mem())) << "the twins wrote different pending tables";

    // What was restored was used: the nested priorities were dropped by
    // EOIs, the property cache kept hitting (and, bounded, evicting).
    redist_stats s = t.a.stats();
    EXPECT_GT(s.eoi, t.at_save.eoi + 2);
    EXPECT_GT(s.prop_hits, t.at_save.prop_hits);
    if (cfg.property_cache_entries) {
        EXPECT_GT(s.prop_evictions, t.at_save.prop_evictions);
    }
    if (cfg.gic700_2195890) {
        EXPECT_GT(s.rescans, t.at_save.rescans);
    }
}

TEST_P(RedistCheckpoint, SavingIsRepeatableAndRestoreSavesTheSameBytes)
{
    RedistTwins t(GetParam().cfg);
    make_twins(t);
    if (HasFatalFailure())
        return;
    EXPECT_EQ(save_blob(t.a.rd()), t.blob) << "a second save differs";
    EXPECT_EQ(save_blob(t.b.rd()), t.blob) << "save -> restore -> save differs";
    ASSERT_EQ(restore_blob(t.a.rd(), t.blob), ITS_CKPT_OK);
    EXPECT_EQ(save_blob(t.a.rd()), t.blob);
}

TEST_P(RedistCheckpoint, FreshInstanceRoundTrips)
{
    RedistHarness a(GetParam().cfg), b(GetParam().cfg);
    Blob blob = save_blob(a.rd());
    b.prop(kLpi0 + 1, its_lpi_prop_byte(0x80, true));
    b.bring_up(16, true);
    b.set(kLpi0 + 1);
    ASSERT_TRUE(b.level());
    ASSERT_EQ(restore_blob(b.rd(), blob), ITS_CKPT_OK);
    EXPECT_FALSE(b.level()) << "the restored level, whatever the line was";
    EXPECT_EQ(save_blob(b.rd()), blob);
    Log la, lb;
    log_redist_state(a, la);
    log_redist_state(b, lb);
    EXPECT_TRUE(same_log(la, lb));
}

INSTANTIATE_TEST_SUITE_P(Configs, RedistCheckpoint, ::testing::ValuesIn(redist_ckpt_cases()),
                         [](const ::testing::TestParamInfo<RedistCkptCase> &i) { return i.param.name; });

TEST(RedistCheckpointApi, HeaderAndSmallBuffer)
{
    redist_config cfg = qemu_redist(3, 8);
    RedistHarness h(cfg);
    Blob b = save_blob(h.rd());
    EXPECT_EQ(std::string(b.begin(), b.begin() + kCkptMagic), "GICRCKPT");
    EXPECT_EQ(le_at(b, kCkptVersionAt, 4), ITS_CKPT_VERSION);
    EXPECT_EQ(le_at(b, kCkptLengthAt, 8), b.size() - kCkptHeader);
    EXPECT_EQ(le_at(b, kCkptCrcAt, 4), crc32_ref(b.data() + kCkptHeader, b.size() - kCkptHeader));
    EXPECT_EQ(le_at(b, kCkptHeader, 4), cfg.processor_number); // the configuration's image first
    EXPECT_EQ(le_at(b, kCkptHeader + 4, 4), cfg.affinity);
    size_t written = 0;
    Blob small(b.size() - 1, 0x5A);
    EXPECT_EQ(redist_save(h.rd(), small.data(), small.size(), &written), ITS_CKPT_BUFFER_TOO_SMALL);
    EXPECT_EQ(written, b.size());
    EXPECT_EQ(small, Blob(b.size() - 1, 0x5A));
    EXPECT_EQ(redist_save_size(h.rd()), b.size());
}

} // namespace
