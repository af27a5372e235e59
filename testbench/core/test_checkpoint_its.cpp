// SPDX-License-Identifier: Apache-2.0
// Checkpoint of an ITS: saved in the middle of real traffic (a stalled or
// skipped command, caches of every replacement policy, unbounded caches with
// memoised targets, collections held in the ITS), restored into a fresh
// instance of the same configuration on a copy of the memory, the twin then
// answers every later operation exactly as the original does.
#include <set>

#include "checkpoint_scenarios.h"

namespace {

class ItsCheckpoint : public ::testing::TestWithParam<ItsCkptCase> {};

// The original and its restored twin, at the checkpoint.
struct Twins {
    explicit Twins(const its_config &cfg) : a(cfg), b(cfg) {}
    ItsHarness a, b;
    Log setup;
    Blob blob;
    its_stats at_save{};
    uint64_t reads = 0, writes = 0; // a's memory traffic at the checkpoint
};

void make_twins(Twins &t)
{
    its_setup(t.a, t.setup);
    t.at_save = t.a.stats();
    t.blob = save_blob(t.a.its());
    shim_mem_copy(t.b.mem(), t.a.mem());
    t.b.copy_host_state(t.a);
    ASSERT_EQ(restore_blob(t.b.its(), t.blob), ITS_CKPT_OK);
    t.a.clear_events(); // what follows is compared
    t.reads = shim_mem_reads(t.a.mem());
    t.writes = shim_mem_writes(t.a.mem());
}

TEST_P(ItsCheckpoint, RestoredTwinContinuesIdentically)
{
    const its_config &cfg = GetParam().cfg;
    Twins t(cfg);
    make_twins(t);
    if (HasFatalFailure())
        return;
    EXPECT_EQ(t.a.stalled(), cfg.error_policy == ITS_POLICY_STALL) << "the checkpoint is taken on a stalled queue";
    EXPECT_NE(t.at_save.command_errors, 0u);

    Log la, lb;
    its_continue(t.a, la);
    its_continue(t.b, lb);
    la.add("memory reads", shim_mem_reads(t.a.mem()) - t.reads);
    la.add("memory writes", shim_mem_writes(t.a.mem()) - t.writes);
    lb.add("memory reads", shim_mem_reads(t.b.mem()));
    lb.add("memory writes", shim_mem_writes(t.b.mem()));
    EXPECT_TRUE(same_log(la, lb));
    EXPECT_TRUE(shim_mem_equal(t.a.mem(), t.b.mem())) << "the twins wrote different memory";

    // What was restored was used: the queue resumed, the caches kept working
    // (and, bounded, kept evicting), memoised targets kept being hit.
    its_stats s = t.a.stats();
    EXPECT_FALSE(t.a.stalled());
    EXPECT_GT(s.msi[ITS_MSI_DELIVERED], t.at_save.msi[ITS_MSI_DELIVERED]);
    its_cache_stats c;
    its_cache_totals(t.a.its(), &c);
    if (cfg.ite_cache.entries != 0) {
        EXPECT_GT(s.ite_cache.hits, t.at_save.ite_cache.hits);
        EXPECT_GT(s.ite_cache.misses, t.at_save.ite_cache.misses);
    }
    if (cfg.ite_cache.entries != 0 && cfg.ite_cache.entries != ITS_CACHE_UNBOUNDED) {
        EXPECT_GT(s.ite_cache.evictions, t.at_save.ite_cache.evictions);
    }
    if (cfg.device_cache.entries != 0 && cfg.device_cache.entries != ITS_CACHE_UNBOUNDED) {
        EXPECT_GT(s.device_cache.evictions, t.at_save.device_cache.evictions);
    }
}

TEST_P(ItsCheckpoint, SavingIsRepeatableAndRestoreSavesTheSameBytes)
{
    Twins t(GetParam().cfg);
    make_twins(t);
    if (HasFatalFailure())
        return;
    EXPECT_EQ(save_blob(t.a.its()), t.blob) << "a second save differs";
    EXPECT_EQ(save_blob(t.b.its()), t.blob) << "save -> restore -> save differs";
    // Restoring an instance's own checkpoint into it changes nothing.
    ASSERT_EQ(restore_blob(t.a.its(), t.blob), ITS_CKPT_OK);
    EXPECT_EQ(save_blob(t.a.its()), t.blob);
}

TEST_P(ItsCheckpoint, FreshInstanceRoundTrips)
{
    ItsHarness a(GetParam().cfg), b(GetParam().cfg);
    Blob blob = save_blob(a.its());
    b.bring_up(); // b has state of its own, which the restore replaces
    ASSERT_EQ(restore_blob(b.its(), blob), ITS_CKPT_OK);
    EXPECT_EQ(save_blob(b.its()), blob);
    Log la, lb;
    log_its_state(a, la);
    log_its_state(b, lb);
    EXPECT_TRUE(same_log(la, lb));
}

INSTANTIATE_TEST_SUITE_P(Configs, ItsCheckpoint, ::testing::ValuesIn(its_ckpt_cases()),
                         [](const ::testing::TestParamInfo<ItsCkptCase> &i) { return i.param.name; });

TEST(ItsCheckpointApi, SaveIntoASmallBufferWritesNothing)
{
    ItsHarness h(gic600_config());
    h.bring_up();
    const size_t size = its_save_size(h.its());
    size_t written = 0;
    EXPECT_EQ(its_save(h.its(), nullptr, 0, &written), ITS_CKPT_BUFFER_TOO_SMALL);
    EXPECT_EQ(written, size);
    Blob b(size - 1, 0xA5);
    written = 0;
    EXPECT_EQ(its_save(h.its(), b.data(), b.size(), &written), ITS_CKPT_BUFFER_TOO_SMALL);
    EXPECT_EQ(written, size);
    EXPECT_EQ(b, Blob(size - 1, 0xA5));
    Blob big(size + 16, 0xA5);
    EXPECT_EQ(its_save(h.its(), big.data(), big.size(), nullptr), ITS_CKPT_OK);
    EXPECT_EQ(Blob(big.begin(), big.begin() + long(size)), save_blob(h.its()));
    EXPECT_EQ(big[size], 0xA5) << "wrote beyond the checkpoint";
}

TEST(ItsCheckpointApi, StatusNames)
{
    const its_ckpt_status all[] = {ITS_CKPT_OK,           ITS_CKPT_BAD_MAGIC,       ITS_CKPT_BAD_VERSION,
                                   ITS_CKPT_TRUNCATED,    ITS_CKPT_CORRUPT,         ITS_CKPT_CONFIG_MISMATCH,
                                   ITS_CKPT_BAD_STATE,    ITS_CKPT_NO_MEMORY,       ITS_CKPT_BUFFER_TOO_SMALL};
    EXPECT_STREQ(its_ckpt_status_name(ITS_CKPT_OK), "ok");
    EXPECT_STREQ(its_ckpt_status_name(ITS_CKPT_CONFIG_MISMATCH), "config_mismatch");
    std::set<std::string> seen;
    for (its_ckpt_status s : all) {
        std::string n = its_ckpt_status_name(s);
        EXPECT_NE(n, "invalid") << int(s);
        EXPECT_TRUE(seen.insert(n).second) << n << " twice";
    }
    EXPECT_STREQ(its_ckpt_status_name(its_ckpt_status(1)), "invalid");
    EXPECT_STREQ(its_ckpt_status_name(its_ckpt_status(-9)), "invalid");
    EXPECT_STREQ(its_ckpt_status_name(its_ckpt_status(-2147483647 - 1)), "invalid");
}

// The header as docs/checkpoint.md lays it out, read byte by byte.
TEST(ItsCheckpointApi, HeaderLayout)
{
    its_config cfg = gic600_config();
    ItsHarness h(cfg);
    Blob b = save_blob(h.its());
    ASSERT_GT(b.size(), kCkptHeader);
    EXPECT_EQ(std::string(b.begin(), b.begin() + kCkptMagic), "GITSCKPT");
    EXPECT_EQ(le_at(b, kCkptVersionAt, 4), ITS_CKPT_VERSION);
    EXPECT_EQ(le_at(b, kCkptLengthAt, 8), b.size() - kCkptHeader);
    EXPECT_EQ(le_at(b, kCkptCrcAt, 4), crc32_ref(b.data() + kCkptHeader, b.size() - kCkptHeader));
    const uint8_t check[] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
    EXPECT_EQ(crc32_ref(check, sizeof check), 0xCBF43926u) << "the CRC-32 of the standard";
    // The payload opens with the configuration's image: IIDR, then PIDR0..7.
    EXPECT_EQ(le_at(b, kCkptHeader, 4), cfg.iidr);
    for (int i = 0; i < 8; i++)
        EXPECT_EQ(b[kCkptHeader + 4 + i], cfg.pidr[i]);
}

} // namespace
