// SPDX-License-Identifier: Apache-2.0
// The driver kit's checkpoint (drv_save / drv_restore, docs/checkpoint.md):
// a restored driver saves the same bytes, answers the same and tears down
// cleanly; bytes that are not a state of this layout and options are refused.
#include "driver_test.h"

#include <vector>

using namespace drvtest;

namespace {

class DriverCheckpoint : public ::testing::TestWithParam<Preset> {
protected:
    static constexpr unsigned kCpus = 3;
    void SetUp() override
    {
        p_ = std::make_unique<CPlatform>(GetParam().make(kCpus), kCpus);
        drv_options_default(&opt_);
        ASSERT_EQ(p_->bring_up(&opt_), DRV_OK);
        its_driver *d = p_->driver();
        const drv_env *e = p_->env();
        uint32_t intid = 0;
        for (uint32_t dev : {0x100u, 0x200u, 0x1234u}) {
            ASSERT_EQ(drv_device_add(d, e, dev, dev == 0x200 ? 5 : 2), DRV_OK);
            for (uint32_t ev = 0; ev < (dev == 0x200 ? 4u : 2u); ev++)
                ASSERT_EQ(drv_vector_activate(d, e, dev, ev, (dev + ev) % kCpus, &intid), DRV_OK);
        }
        ASSERT_EQ(drv_vector_mask(d, e, 0x200, 1, true), DRV_OK);
        ASSERT_EQ(drv_vector_set_affinity(d, e, 0x100, 0, 2), DRV_OK);
        saved_.resize(drv_save_size(d));
        ASSERT_EQ(drv_save(d, saved_.data(), saved_.size()), saved_.size());
    }
    drv_status restore(const std::vector<uint8_t> &b, its_driver **out, const drv_options *opt = nullptr)
    {
        return drv_restore(out, p_->layout(), opt ? opt : &opt_, b.data(), b.size());
    }

    std::unique_ptr<CPlatform> p_;
    drv_options opt_;
    std::vector<uint8_t> saved_;
};

TEST_P(DriverCheckpoint, RestoredSavesTheSameAndGoesOn)
{
    its_driver *r = nullptr;
    ASSERT_EQ(restore(saved_, &r), DRV_OK);
    ASSERT_NE(r, nullptr);
    std::vector<uint8_t> again(drv_save_size(r));
    ASSERT_EQ(drv_save(r, again.data(), again.size()), again.size());
    EXPECT_EQ(again, saved_);
    its_driver *d = p_->driver();
    EXPECT_EQ(drv_commands_sent(r), drv_commands_sent(d));
    for (uint32_t dev : {0x100u, 0x200u, 0x1234u})
        for (uint32_t ev = 0; ev < 5; ev++) {
            EXPECT_EQ(drv_vector_intid(r, dev, ev), drv_vector_intid(d, dev, ev)) << dev << "/" << ev;
            EXPECT_EQ(drv_vector_cpu(r, dev, ev), drv_vector_cpu(d, dev, ev)) << dev << "/" << ev;
        }
    // The restored driver takes over: a new device, then the whole teardown.
    drv_free(p_->driver());
    p_->driver() = r;
    const drv_env *e = p_->env();
    uint32_t intid = 0;
    ASSERT_EQ(drv_device_add(r, e, 0x300, 1), DRV_OK);
    ASSERT_EQ(drv_vector_activate(r, e, 0x300, 0, 1, &intid), DRV_OK);
    EXPECT_NE(intid, 0u);
    for (uint32_t dev : {0x100u, 0x200u, 0x1234u, 0x300u})
        EXPECT_EQ(drv_device_remove(r, e, dev), DRV_OK) << dev;
    expect_queue_drained(*p_);
    EXPECT_EQ(stats(*p_).command_errors, 0u);
}

TEST_P(DriverCheckpoint, SmallBufferWritesNothing)
{
    std::vector<uint8_t> b(saved_.size() - 1, 0xEE);
    EXPECT_EQ(drv_save(p_->driver(), b.data(), b.size()), 0u);
    EXPECT_EQ(b, std::vector<uint8_t>(saved_.size() - 1, 0xEE));
}

TEST_P(DriverCheckpoint, EveryTruncationAndExtraByteRefused)
{
    for (size_t n = 0; n < saved_.size(); n++) {
        its_driver *r = reinterpret_cast<its_driver *>(1);
        std::vector<uint8_t> b(saved_.begin(), saved_.begin() + long(n));
        EXPECT_EQ(restore(b, &r), DRV_E_ARGUMENT) << n << " of " << saved_.size() << " bytes";
        EXPECT_EQ(r, nullptr);
    }
    std::vector<uint8_t> longer = saved_;
    longer.push_back(0);
    its_driver *r = nullptr;
    EXPECT_EQ(restore(longer, &r), DRV_E_ARGUMENT);
}

TEST_P(DriverCheckpoint, OtherLayoutOptionsOrVersionRefused)
{
    its_driver *r = nullptr;
    drv_options other = opt_;
    other.retrigger_us = 5;
    EXPECT_EQ(restore(saved_, &r, &other), DRV_E_ARGUMENT);
    drv_layout fewer = *p_->layout();
    fewer.cpus = 2;
    EXPECT_EQ(drv_restore(&r, &fewer, &opt_, saved_.data(), saved_.size()), DRV_E_ARGUMENT);
    std::vector<uint8_t> b = saved_;
    b[8] = 2; // the version
    EXPECT_EQ(restore(b, &r), DRV_E_ARGUMENT);
    b = saved_;
    b[0] ^= 1; // the magic
    EXPECT_EQ(restore(b, &r), DRV_E_ARGUMENT);
    EXPECT_EQ(r, nullptr);
}

INSTANTIATE_TEST_SUITE_P(Presets, DriverCheckpoint, ::testing::Values(kQemu, kGic600),
                         [](const auto &info) { return std::string(info.param.name); });

} // namespace
