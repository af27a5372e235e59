// SPDX-License-Identifier: Apache-2.0
// The driver kit's runtime flows on the C platform, on both presets, with the
// queue drained in the CWRITER write and with deferred processing (the queue
// runs only when the driver polls): vectors round-robin over the CPUs, MSIs
// acknowledged where they belong, mask/unmask, set_affinity, INT/CLEAR,
// deactivate, device removal, and DeviceIDs behind a two-level table.
#include "driver_test.h"

#include <algorithm>
#include <tuple>

using namespace drvtest;

namespace {

constexpr unsigned kCpus = 4;

class DriverFlows : public ::testing::TestWithParam<std::tuple<Preset, bool>> {
protected:
    void SetUp() override
    {
        its_config cfg = std::get<0>(GetParam()).make(kCpus);
        cfg.process_on_write = !std::get<1>(GetParam());
        p_ = std::make_unique<CPlatform>(cfg, kCpus);
        p_->run_queue_on_poll = std::get<1>(GetParam());
        ASSERT_EQ(p_->bring_up(), DRV_OK);
    }
    void TearDown() override
    {
        if (p_ && p_->driver()) {
            expect_queue_drained(*p_);
            EXPECT_EQ(stats(*p_).command_errors, 0u);
        }
    }
    CPlatform &p() { return *p_; }
    its_driver *d() { return p_->driver(); }
    const drv_env *e() { return p_->env(); }
    uint8_t prop_byte(uint32_t intid)
    {
        uint8_t b = 0;
        shim_mem_read(p_->mem(), drv_property_table(d()) + intid - 8192, &b, 1);
        return b;
    }
    // The last n commands the driver sent.
    std::vector<Cmd> last(unsigned n) { return queue_cmds(*p_, drv_commands_sent(d()) - n, n); }
    uint64_t target(unsigned cpu) { return drv_cpu_target(d(), cpu); }
    // One MSI; returns what the CPUs acknowledged.
    std::vector<std::pair<unsigned, uint32_t>> msi(uint32_t dev, uint32_t ev, its_msi_result want = ITS_MSI_DELIVERED)
    {
        EXPECT_EQ(p_->msi(dev, ev), want) << its_msi_result_name(want);
        return p_->take_all();
    }
    using Acks = std::vector<std::pair<unsigned, uint32_t>>;

    std::unique_ptr<CPlatform> p_;
};

TEST_P(DriverFlows, VectorsRoundRobinAndMsisOnTheRightCpu)
{
    const uint32_t dev = 0x100;
    ASSERT_EQ(drv_device_add(d(), e(), dev, 6), DRV_OK);
    Cmd mapd = last(1)[0];
    EXPECT_EQ(mapd.op(), ITS_CMD_MAPD);
    EXPECT_EQ(mapd.dw[0] >> 32, dev);
    EXPECT_EQ(mapd.dw[1], 2u) << "Size = log2(max(2, roundup_pow2(6))) - 1";
    EXPECT_EQ(mapd.dw[2] >> 63, 1u);
    EXPECT_EQ(mapd.dw[2] & 0xFF, 0u) << "ITT 256-byte aligned";
    EXPECT_NE(mapd.dw[2] & kPaMask, 0u);

    uint32_t first = 0;
    for (uint32_t v = 0; v < 6; v++) {
        uint32_t intid = 0;
        ASSERT_EQ(drv_vector_activate(d(), e(), dev, v, v % kCpus, &intid), DRV_OK);
        if (v == 0)
            first = intid;
        EXPECT_EQ(intid, first + v) << "event n is the device's first LPI + n";
        EXPECT_EQ(drv_vector_intid(d(), dev, v), intid);
        EXPECT_EQ(drv_vector_cpu(d(), dev, v), v % kCpus);
        EXPECT_EQ(prop_byte(intid), 0xA3) << "priority 0xA0, Group 1, enabled";
        std::vector<Cmd> q = last(4);
        ASSERT_EQ(op_names(q), "MAPTI SYNC INV SYNC");
        EXPECT_EQ(q[0].dw[0], (uint64_t(dev) << 32) | ITS_CMD_MAPTI);
        EXPECT_EQ(q[0].dw[1], (uint64_t(intid) << 32) | v);
        EXPECT_EQ(q[0].dw[2], v % kCpus) << "ICID = CPU";
        EXPECT_EQ(q[1].dw[2], target(v % kCpus));
        EXPECT_EQ(q[2].dw[0], (uint64_t(dev) << 32) | ITS_CMD_INV);
        EXPECT_EQ(q[2].dw[1], v);
        EXPECT_EQ(q[3].dw[2], target(v % kCpus));
    }
    EXPECT_GE(first, 8192u);
    for (int round = 0; round < 3; round++)
        for (uint32_t v = 0; v < 6; v++)
            EXPECT_EQ(msi(dev, v), (Acks{{v % kCpus, first + v}})) << "event " << v;
    // The next device's LPIs start after this one's range of 8.
    ASSERT_EQ(drv_device_add(d(), e(), dev + 1, 1), DRV_OK);
    uint32_t next = 0;
    ASSERT_EQ(drv_vector_activate(d(), e(), dev + 1, 0, 3, &next), DRV_OK);
    EXPECT_EQ(next, first + 8);
    EXPECT_EQ(msi(dev + 1, 0), (Acks{{3, next}}));
}

TEST_P(DriverFlows, MaskKeepsItPendingUnmaskDeliversOnce)
{
    ASSERT_EQ(drv_device_add(d(), e(), 5, 2), DRV_OK);
    uint32_t intid = 0;
    ASSERT_EQ(drv_vector_activate(d(), e(), 5, 1, 1, &intid), DRV_OK);
    ASSERT_EQ(drv_vector_mask(d(), e(), 5, 1, true), DRV_OK);
    EXPECT_EQ(prop_byte(intid), 0xA2);
    std::vector<Cmd> q = last(2);
    ASSERT_EQ(op_names(q), "INV SYNC");
    EXPECT_EQ(q[1].dw[2], target(1));

    EXPECT_TRUE(msi(5, 1).empty()) << "masked: not signalled";
    EXPECT_TRUE(redist_is_pending(p().rd(1), intid));
    EXPECT_TRUE(msi(5, 1).empty());
    ASSERT_EQ(drv_vector_mask(d(), e(), 5, 1, false), DRV_OK);
    EXPECT_EQ(prop_byte(intid), 0xA3);
    EXPECT_EQ(p().take_all(), (Acks{{1, intid}})) << "delivered once, where it was pending";
    EXPECT_TRUE(p().take_all().empty());
    EXPECT_EQ(msi(5, 1), (Acks{{1, intid}}));
}

TEST_P(DriverFlows, SetAffinityMovesLaterMsisAndThePendingState)
{
    ASSERT_EQ(drv_device_add(d(), e(), 0x20, 1), DRV_OK);
    uint32_t intid = 0;
    ASSERT_EQ(drv_vector_activate(d(), e(), 0x20, 0, 0, &intid), DRV_OK);
    EXPECT_EQ(msi(0x20, 0), (Acks{{0, intid}}));

    ASSERT_EQ(drv_vector_set_affinity(d(), e(), 0x20, 0, 2), DRV_OK);
    std::vector<Cmd> q = last(2);
    ASSERT_EQ(op_names(q), "MOVI SYNC");
    EXPECT_EQ(q[0].dw[0], (0x20ull << 32) | ITS_CMD_MOVI);
    EXPECT_EQ(q[0].dw[2], 2u) << "new ICID";
    EXPECT_EQ(q[1].dw[2], target(0)) << "SYNC to the old target";
    EXPECT_EQ(drv_vector_cpu(d(), 0x20, 0), 2u);
    EXPECT_EQ(msi(0x20, 0), (Acks{{2, intid}}));

    // Pending while masked, then moved: the pending state follows.
    ASSERT_EQ(drv_vector_mask(d(), e(), 0x20, 0, true), DRV_OK);
    EXPECT_TRUE(msi(0x20, 0).empty());
    ASSERT_TRUE(redist_is_pending(p().rd(2), intid));
    ASSERT_EQ(drv_vector_set_affinity(d(), e(), 0x20, 0, 3), DRV_OK);
    EXPECT_FALSE(redist_is_pending(p().rd(2), intid));
    EXPECT_TRUE(redist_is_pending(p().rd(3), intid));
    ASSERT_EQ(drv_vector_mask(d(), e(), 0x20, 0, false), DRV_OK);
    EXPECT_EQ(last(1)[0].dw[2], target(3)) << "the unmask's SYNC goes to the new target";
    EXPECT_EQ(p().take_all(), (Acks{{3, intid}}));

    uint64_t sent = drv_commands_sent(d());
    EXPECT_EQ(drv_vector_set_affinity(d(), e(), 0x20, 0, 3), DRV_OK);
    EXPECT_EQ(drv_commands_sent(d()), sent) << "same CPU: no MOVI";
}

TEST_P(DriverFlows, RaiseWithIntClearWithClear)
{
    ASSERT_EQ(drv_device_add(d(), e(), 0x30, 4), DRV_OK);
    uint32_t intid = 0;
    ASSERT_EQ(drv_vector_activate(d(), e(), 0x30, 3, 2, &intid), DRV_OK);
    ASSERT_EQ(drv_vector_raise(d(), e(), 0x30, 3, true), DRV_OK);
    std::vector<Cmd> q = last(2);
    ASSERT_EQ(op_names(q), "INT SYNC");
    EXPECT_EQ(q[0].dw[1], 3u);
    EXPECT_EQ(q[1].dw[2], target(2));
    EXPECT_EQ(p().take_all(), (Acks{{2, intid}})) << "INT: pending without an MSI";

    ASSERT_EQ(drv_vector_mask(d(), e(), 0x30, 3, true), DRV_OK);
    ASSERT_EQ(drv_vector_raise(d(), e(), 0x30, 3, true), DRV_OK);
    EXPECT_TRUE(redist_is_pending(p().rd(2), intid));
    ASSERT_EQ(drv_vector_raise(d(), e(), 0x30, 3, false), DRV_OK);
    EXPECT_EQ(op_names(last(2)), "CLEAR SYNC");
    EXPECT_FALSE(redist_is_pending(p().rd(2), intid)) << "CLEAR";
    ASSERT_EQ(drv_vector_mask(d(), e(), 0x30, 3, false), DRV_OK);
    EXPECT_TRUE(p().take_all().empty());
}

TEST_P(DriverFlows, DeactivateDropsMsisAsUnmappedEvent)
{
    ASSERT_EQ(drv_device_add(d(), e(), 0x40, 2), DRV_OK);
    uint32_t intid = 0;
    ASSERT_EQ(drv_vector_activate(d(), e(), 0x40, 0, 1, &intid), DRV_OK);
    ASSERT_EQ(drv_vector_mask(d(), e(), 0x40, 0, true), DRV_OK);
    EXPECT_TRUE(msi(0x40, 0).empty());
    ASSERT_TRUE(redist_is_pending(p().rd(1), intid));

    ASSERT_EQ(drv_vector_deactivate(d(), e(), 0x40, 0), DRV_OK);
    std::vector<Cmd> q = last(4);
    ASSERT_EQ(op_names(q), "INV SYNC DISCARD SYNC") << "mask, then DISCARD";
    EXPECT_EQ(q[2].dw[0], (0x40ull << 32) | ITS_CMD_DISCARD);
    EXPECT_EQ(q[3].dw[2], target(1));
    EXPECT_FALSE(redist_is_pending(p().rd(1), intid)) << "DISCARD clears the pending state";
    EXPECT_EQ(prop_byte(intid), 0xA2);
    EXPECT_EQ(drv_vector_intid(d(), 0x40, 0), 0u);
    uint64_t before = stats(p()).msi[ITS_MSI_DROP_UNMAPPED_EVENT];
    EXPECT_TRUE(msi(0x40, 0, ITS_MSI_DROP_UNMAPPED_EVENT).empty());
    EXPECT_EQ(stats(p()).msi[ITS_MSI_DROP_UNMAPPED_EVENT], before + 1);
    EXPECT_EQ(drv_vector_deactivate(d(), e(), 0x40, 0), DRV_E_ARGUMENT) << "not active";

    // Activated again: the same LPI (the range is the device's).
    uint32_t again = 0;
    ASSERT_EQ(drv_vector_activate(d(), e(), 0x40, 0, 3, &again), DRV_OK);
    EXPECT_EQ(again, intid);
    EXPECT_EQ(msi(0x40, 0), (Acks{{3, intid}}));
}

TEST_P(DriverFlows, DeviceRemovalDropsMsisAsUnmappedDevice)
{
    ASSERT_EQ(drv_device_add(d(), e(), 0x50, 3), DRV_OK);
    Cmd mapd = last(1)[0];
    uint32_t i0 = 0, i2 = 0;
    ASSERT_EQ(drv_vector_activate(d(), e(), 0x50, 0, 0, &i0), DRV_OK);
    ASSERT_EQ(drv_vector_activate(d(), e(), 0x50, 2, 3, &i2), DRV_OK);
    EXPECT_EQ(msi(0x50, 2), (Acks{{3, i2}}));

    ASSERT_EQ(drv_device_remove(d(), e(), 0x50), DRV_OK);
    std::vector<Cmd> q = last(9);
    ASSERT_EQ(op_names(q), "INV SYNC DISCARD SYNC INV SYNC DISCARD SYNC MAPD");
    EXPECT_EQ(q[8].dw[0], mapd.dw[0]);
    EXPECT_EQ(q[8].dw[1], mapd.dw[1]) << "MAPD V=0 keeps Size";
    EXPECT_EQ(q[8].dw[2], mapd.dw[2] & ~(1ull << 63)) << "and the ITT, with V = 0";
    EXPECT_TRUE(msi(0x50, 2, ITS_MSI_DROP_UNMAPPED_DEVICE).empty());
    EXPECT_TRUE(msi(0x50, 1, ITS_MSI_DROP_UNMAPPED_DEVICE).empty());
    EXPECT_EQ(drv_vector_intid(d(), 0x50, 0), 0u);
    EXPECT_EQ(drv_vector_mask(d(), e(), 0x50, 0, false), DRV_E_ARGUMENT);
    EXPECT_EQ(drv_device_remove(d(), e(), 0x50), DRV_E_ARGUMENT);

    // Added again: the freed LPI range is the first fit again.
    ASSERT_EQ(drv_device_add(d(), e(), 0x50, 3), DRV_OK);
    uint32_t again = 0;
    ASSERT_EQ(drv_vector_activate(d(), e(), 0x50, 0, 2, &again), DRV_OK);
    EXPECT_EQ(again, i0);
    EXPECT_EQ(msi(0x50, 0), (Acks{{2, i0}}));
}

// DeviceIDs across the whole space: level-2 pages are allocated on demand,
// one per level-1 slot used, and MSIs reach every device.
TEST_P(DriverFlows, LargeDeviceIdsBehindTheTwoLevelTable)
{
    unsigned dev_bits = unsigned(field(its_reg(p(), kTyper), 13, 5)) + 1;
    uint64_t b = its_reg(p(), kBaser0);
    ASSERT_EQ(field(b, 62, 1), 1u) << "two-level";
    uint64_t page = 4096ull << (2 * field(b, 8, 2)), per_l2 = page / (field(b, 48, 5) + 1);
    uint64_t l1 = b & kBaserPaMask, l1_entries = (field(b, 0, 8) + 1) * page / 8;
    uint32_t last_id = uint32_t((1ull << dev_bits) - 1);
    std::vector<uint32_t> ids = {0, uint32_t(per_l2 - 1), uint32_t(per_l2), last_id / 2 + 1, last_id};

    std::vector<uint64_t> used;
    for (uint32_t id : ids) {
        uint64_t slot = id / per_l2;
        bool fresh = std::find(used.begin(), used.end(), slot) == used.end();
        EXPECT_EQ(shim_read64(p().mem(), l1 + 8 * slot) >> 63, fresh ? 0u : 1u) << std::hex << id;
        uint64_t before = p().allocated();
        ASSERT_EQ(drv_device_add(d(), e(), id, 2), DRV_OK) << std::hex << id;
        uint64_t desc = shim_read64(p().mem(), l1 + 8 * slot);
        EXPECT_EQ(desc >> 63, 1u) << "level-1 descriptor valid";
        EXPECT_EQ((desc & kBaserPaMask) % page, 0u);
        if (fresh) {
            EXPECT_GE(p().allocated() - before, page) << "a level-2 page for a new slot";
            used.push_back(slot);
        } else {
            EXPECT_LT(p().allocated() - before, page) << "no page for a slot already backed";
        }
        uint32_t intid = 0;
        ASSERT_EQ(drv_vector_activate(d(), e(), id, 1, id % kCpus, &intid), DRV_OK);
        EXPECT_EQ(msi(id, 1), (Acks{{id % kCpus, intid}})) << std::hex << id;
    }
    unsigned valid = 0;
    for (uint64_t s = 0; s < l1_entries; s++)
        valid += unsigned(shim_read64(p().mem(), l1 + 8 * s) >> 63);
    EXPECT_EQ(valid, used.size()) << "only the slots used are backed";
    EXPECT_EQ(drv_device_add(d(), e(), last_id + 1, 1), DRV_E_ARGUMENT) << "beyond DevBits";
    // Removal leaves the level-2 page in place (Linux never frees it).
    ASSERT_EQ(drv_device_remove(d(), e(), last_id), DRV_OK);
    EXPECT_TRUE(msi(last_id, 1, ITS_MSI_DROP_UNMAPPED_DEVICE).empty());
    EXPECT_EQ(shim_read64(p().mem(), l1 + 8 * (last_id / per_l2)) >> 63, 1u);
}

// Many devices and vectors, then the whole teardown.
TEST_P(DriverFlows, ManyDevicesThenTeardown)
{
    std::vector<std::pair<uint32_t, unsigned>> devs;
    for (uint32_t i = 0; i < 24; i++)
        devs.push_back({0x1000 + 8 * i, 1 + i % 5});
    unsigned next_cpu = 0;
    for (auto [id, n] : devs) {
        ASSERT_EQ(drv_device_add(d(), e(), id, n), DRV_OK);
        for (uint32_t v = 0; v < n; v++)
            ASSERT_EQ(drv_vector_activate(d(), e(), id, v, next_cpu++ % kCpus, nullptr), DRV_OK);
    }
    std::vector<uint32_t> seen;
    for (auto [id, n] : devs) {
        for (uint32_t v = 0; v < n; v++) {
            uint32_t intid = drv_vector_intid(d(), id, v);
            EXPECT_EQ(msi(id, v), (Acks{{drv_vector_cpu(d(), id, v), intid}}));
            seen.push_back(intid);
        }
    }
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end()) << "every vector its own LPI";
    for (auto [id, n] : devs)
        ASSERT_EQ(drv_device_remove(d(), e(), id), DRV_OK);
    for (auto [id, n] : devs)
        EXPECT_TRUE(msi(id, 0, ITS_MSI_DROP_UNMAPPED_DEVICE).empty());
    its_stats s = stats(p());
    EXPECT_EQ(s.commands[ITS_CMD_DISCARD], seen.size());
    EXPECT_EQ(s.commands[ITS_CMD_MAPD], 2 * devs.size());
}

INSTANTIATE_TEST_SUITE_P(Presets, DriverFlows,
                         ::testing::Combine(::testing::Values(kQemu, kGic600), ::testing::Bool()),
                         [](const auto &i) {
                             return std::string(std::get<0>(i.param).name) +
                                    (std::get<1>(i.param) ? "_deferred" : "_immediate");
                         });

} // namespace
