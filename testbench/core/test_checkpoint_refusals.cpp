// SPDX-License-Identifier: Apache-2.0
// What restore refuses, and that a refusal changes nothing: other magic or
// versions, every truncation, every flipped byte, payloads changed and
// resealed with a good checksum (each refused as a bad state or taken
// exactly), another configuration. Every case runs against a target that
// has state of its own, compared before and after.
#include <functional>
#include <memory>

#include "checkpoint_scenarios.h"

namespace {

constexpr size_t kItsConfigImage = 114, kRedistConfigImage = 35; // docs/checkpoint.md

void append(Blob &b, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        b.push_back(uint8_t(v >> (8 * i)));
}

// A source saved in the middle of its scenario, and a target of the same
// configuration, on a copy of the source's memory, with a state of its own.
class Subject {
public:
    virtual ~Subject() = default;
    const Blob &blob() const { return blob_; }
    virtual size_t config_bytes() const = 0;
    virtual its_ckpt_status restore(const Blob &b) = 0;
    virtual Blob target_blob() = 0; // the target's own checkpoint
    // Everything a refusal must leave as it was: the target's own checkpoint
    // and what its registers read.
    virtual Blob target_state() = 0;
    // Traffic on the target after it took a changed payload: nothing may
    // crash, and nothing may reach a redistributor that does not exist.
    virtual void use_target() = 0;

protected:
    Blob blob_;
};

class ItsSubject : public Subject {
public:
    explicit ItsSubject(const its_config &cfg) : cfg_(cfg), src_(cfg), dst_(cfg)
    {
        Log log;
        its_setup(src_, log);
        blob_ = save_blob(src_.its());
        shim_mem_copy(dst_.mem(), src_.mem());
        dst_.bring_up();
        dst_.msi(0, 0);
    }
    size_t config_bytes() const override { return kItsConfigImage; }
    its_ckpt_status restore(const Blob &b) override { return restore_blob(dst_.its(), b); }
    Blob target_blob() override { return save_blob(dst_.its()); }
    Blob target_state() override
    {
        Blob s = save_blob(dst_.its());
        for (uint64_t off = 0; off < 0x140; off += 4) {
            uint64_t v = 0;
            its_peek(dst_.its(), off, 4, &v);
            append(s, v);
        }
        return s;
    }
    void use_target() override
    {
        dst_.clear_events();
        Log log;
        Lcg g{9};
        msi_burst(dst_, log, g, 40);
        its_cmdq_run(dst_.its(), 8);
        for (size_t i = 0; i < dst_.events(); i++)
            ASSERT_LT(dst_.event(i).target, cfg_.num_targets);
    }

private:
    its_config cfg_;
    ItsHarness src_, dst_;
};

class RedistSubject : public Subject {
public:
    explicit RedistSubject(const redist_config &cfg) : src_(cfg), dst_(cfg)
    {
        Log log;
        redist_setup(src_, log);
        blob_ = save_blob(src_.rd());
        shim_mem_copy(dst_.mem(), src_.mem());
        dst_.bring_up(16, true);
        dst_.set(kLpi0 + 3);
        dst_.set(kLpi0 + 4);
        dst_.ack();
    }
    size_t config_bytes() const override { return kRedistConfigImage; }
    its_ckpt_status restore(const Blob &b) override { return restore_blob(dst_.rd(), b); }
    Blob target_blob() override { return save_blob(dst_.rd()); }
    Blob target_state() override
    {
        Blob s = save_blob(dst_.rd());
        for (uint64_t off : {uint64_t(GICR_CTLR), uint64_t(GICR_PROPBASER), uint64_t(GICR_PENDBASER),
                             uint64_t(GICR_WAKER), uint64_t(GICR_SGI_BASE + GICR_IGROUPR0)}) {
            uint64_t v = 0;
            redist_peek(dst_.rd(), off, 4, &v);
            append(s, v);
        }
        append(s, dst_.level());
        append(s, redist_icc_hppir1_read(dst_.rd()));
        return s;
    }
    void use_target() override
    {
        for (int k = 0; k < 8; k++) {
            uint32_t i = dst_.ack();
            if (i != REDIST_SPURIOUS)
                dst_.eoi(i);
        }
        dst_.set(kLpi0 + 9);
        redist_inv(dst_.rd(), kLpi0 + 9);
        redist_invall(dst_.rd());
        dst_.ack();
        dst_.eoi(kLpi0);
    }

private:
    RedistHarness src_, dst_;
};

struct SubjectCase {
    std::string name;
    std::function<std::unique_ptr<Subject>()> make;
};
void PrintTo(const SubjectCase &c, std::ostream *os) { *os << c.name; }

template <class Case> Case named(const std::vector<Case> &all, const std::string &name)
{
    for (const Case &c : all)
        if (c.name == name)
            return c;
    ADD_FAILURE() << "no case " << name;
    return all.front();
}

std::vector<SubjectCase> subjects()
{
    std::vector<SubjectCase> v;
    for (const char *n : {"random", "unbounded"}) {
        its_config cfg = named(its_ckpt_cases(), n).cfg;
        v.push_back({std::string("its_") + n, [cfg] { return std::unique_ptr<Subject>(new ItsSubject(cfg)); }});
    }
    for (const char *n : {"gic700_stranding", "unbounded"}) {
        redist_config cfg = named(redist_ckpt_cases(), n).cfg;
        v.push_back({std::string("redist_") + n, [cfg] { return std::unique_ptr<Subject>(new RedistSubject(cfg)); }});
    }
    return v;
}

class CheckpointRefusal : public ::testing::TestWithParam<SubjectCase> {
protected:
    void SetUp() override
    {
        s = GetParam().make();
        before = s->target_state();
    }
    // A refusal with the expected status, the target unchanged.
    void expect_refused(const Blob &b, its_ckpt_status want, const std::string &what)
    {
        its_ckpt_status got = s->restore(b);
        EXPECT_EQ(got, want) << what << ": " << its_ckpt_status_name(got);
        EXPECT_EQ(s->target_state(), before) << what << " changed the target";
    }
    std::unique_ptr<Subject> s;
    Blob before;
};

TEST_P(CheckpointRefusal, EveryTruncationIsRefused)
{
    const Blob &full = s->blob();
    for (size_t n = 0; n < full.size(); n++) {
        Blob b(full.begin(), full.begin() + long(n));
        expect_refused(b, ITS_CKPT_TRUNCATED, "first " + std::to_string(n) + " bytes");
        if (HasFailure())
            return;
    }
    EXPECT_EQ(s->restore(Blob()), ITS_CKPT_TRUNCATED);
    EXPECT_EQ(s->target_state(), before);
}

TEST_P(CheckpointRefusal, TrailingBytesAreRefused)
{
    Blob b = s->blob();
    b.push_back(0);
    expect_refused(b, ITS_CKPT_CORRUPT, "one byte more");
}

TEST_P(CheckpointRefusal, OtherMagicAndVersionsAreRefused)
{
    for (size_t i = 0; i < kCkptMagic; i++) {
        Blob b = s->blob();
        b[i] ^= 0x20;
        expect_refused(b, ITS_CKPT_BAD_MAGIC, "magic byte " + std::to_string(i));
    }
    for (uint32_t v : {0u, ITS_CKPT_VERSION + 1, 0x100u + ITS_CKPT_VERSION, 0xFFFFFFFFu}) {
        Blob b = s->blob();
        put_le(b, kCkptVersionAt, v, 4);
        expect_refused(b, ITS_CKPT_BAD_VERSION, "version " + std::to_string(v));
    }
    // The magic is checked first, even on a blob too short for a header.
    expect_refused(Blob{'N', 'O'}, ITS_CKPT_BAD_MAGIC, "two bytes of something else");
}

// Without resealing, the header's own checks or the checksum catch each one.
TEST_P(CheckpointRefusal, EveryFlippedByteIsRefused)
{
    const Blob &full = s->blob();
    const uint64_t payload = full.size() - kCkptHeader;
    for (size_t i = 0; i < full.size(); i++) {
        Blob b = full;
        b[i] ^= 0xFF;
        its_ckpt_status want = ITS_CKPT_CORRUPT;
        if (i < kCkptMagic)
            want = ITS_CKPT_BAD_MAGIC;
        else if (i < kCkptCrcAt)
            want = ITS_CKPT_BAD_VERSION;
        else if (i >= kCkptLengthAt && i < kCkptHeader)
            want = le_at(b, kCkptLengthAt, 8) > payload ? ITS_CKPT_TRUNCATED : ITS_CKPT_CORRUPT;
        expect_refused(b, want, "byte " + std::to_string(i) + " flipped");
        if (HasFailure())
            return;
    }
}

// A payload changed and given a good checksum, as garbage might be: the
// configuration's bytes say another configuration; anything else is
// refused as a bad state, or taken exactly (saving it again gives the same
// bytes), and the target then runs without harm. Every byte of the first
// 2 KB and the last 1 KB; in between (a redistributor's configuration
// bytes, 4 KB a chunk) every seventh.
TEST_P(CheckpointRefusal, ResealedChangesAreRefusedOrTakenExactly)
{
    const Blob &full = s->blob();
    const Blob own = s->target_blob();
    size_t taken = 0, bad_state = 0;
    for (size_t i = kCkptHeader; i < full.size(); i++) {
        if (i >= kCkptHeader + 2048 && i + 1024 < full.size() && i % 7 != 0)
            continue;
        for (uint8_t mask : {uint8_t(0x01), uint8_t(0xFF)}) {
            Blob b = full;
            b[i] ^= mask;
            reseal(b);
            const std::string what = "byte " + std::to_string(i) + " ^ " + std::to_string(mask);
            if (i < kCkptHeader + s->config_bytes()) {
                expect_refused(b, ITS_CKPT_CONFIG_MISMATCH, what);
            } else {
                its_ckpt_status r = s->restore(b);
                if (r == ITS_CKPT_OK) {
                    taken++;
                    EXPECT_EQ(s->target_blob(), b) << what << " not taken exactly";
                    s->use_target();
                    // Back to the target's own state for the next case.
                    ASSERT_EQ(s->restore(own), ITS_CKPT_OK);
                    ASSERT_EQ(s->target_state(), before);
                } else {
                    bad_state++;
                    EXPECT_EQ(r, ITS_CKPT_BAD_STATE) << what << ": " << its_ckpt_status_name(r);
                    EXPECT_EQ(s->target_state(), before) << what << " changed the target";
                }
            }
            if (HasFailure())
                return;
        }
    }
    // Both kinds happen: counters take any value, structure does not.
    EXPECT_GT(taken, 0u);
    EXPECT_GT(bad_state, 0u);
}

INSTANTIATE_TEST_SUITE_P(Subjects, CheckpointRefusal, ::testing::ValuesIn(subjects()),
                         [](const ::testing::TestParamInfo<SubjectCase> &i) { return i.param.name; });

TEST(CheckpointRefusalKinds, AnItsBlobIsNoRedistributorBlob)
{
    ItsHarness its(gic600_config());
    RedistHarness rd(qemu_redist());
    Blob ib = save_blob(its.its()), rb = save_blob(rd.rd());
    Blob rd_before = save_blob(rd.rd()), its_before = save_blob(its.its());
    EXPECT_EQ(restore_blob(rd.rd(), ib), ITS_CKPT_BAD_MAGIC);
    EXPECT_EQ(restore_blob(its.its(), rb), ITS_CKPT_BAD_MAGIC);
    EXPECT_EQ(save_blob(rd.rd()), rd_before);
    EXPECT_EQ(save_blob(its.its()), its_before);
}

// One field of the configuration differs: refused, the target unchanged.
TEST(CheckpointRefusalConfig, ItsConfigurationMustMatch)
{
    const its_config base = named(its_ckpt_cases(), "random").cfg;
    ItsHarness src(base);
    Log log;
    its_setup(src, log);
    Blob blob = save_blob(src.its());
    std::vector<std::pair<const char *, std::function<void(its_config &)>>> tweaks = {
        {"iidr", [](its_config &c) { c.iidr ^= 1; }},
        {"pidr", [](its_config &c) { c.pidr[7] ^= 1; }},
        {"hcc", [](its_config &c) { c.hcc++; }},
        {"num_targets", [](its_config &c) { c.num_targets++; }},
        {"ite cache entries", [](its_config &c) { c.ite_cache.entries *= 2; }},
        {"ite cache policy", [](its_config &c) { c.ite_cache.policy = ITS_REPLACE_LRU; }},
        {"error policy", [](its_config &c) { c.error_policy = ITS_POLICY_IGNORE; }},
        {"baser entry size", [](its_config &c) { c.baser[1].entry_size = 4; }},
        {"rd_stride", [](its_config &c) { c.rd_stride *= 2; }},
        {"errata", [](its_config &c) { c.errata.port_pa_bits = 40; }},
    };
    for (auto &t : tweaks) {
        its_config cfg = base;
        t.second(cfg);
        ASSERT_EQ(its_config_check(&cfg), nullptr) << t.first;
        ItsHarness dst(cfg);
        dst.bring_up();
        Blob before = save_blob(dst.its());
        EXPECT_EQ(restore_blob(dst.its(), blob), ITS_CKPT_CONFIG_MISMATCH) << t.first;
        EXPECT_EQ(save_blob(dst.its()), before) << t.first;
    }
}

TEST(CheckpointRefusalConfig, RedistributorConfigurationMustMatch)
{
    const redist_config base = named(redist_ckpt_cases(), "gic700_stranding").cfg;
    RedistHarness src(base);
    Log log;
    redist_setup(src, log);
    Blob blob = save_blob(src.rd());
    std::vector<std::pair<const char *, std::function<void(redist_config &)>>> tweaks = {
        {"processor_number", [](redist_config &c) { c.processor_number = 1; }},
        {"affinity", [](redist_config &c) { c.affinity = 0x100; }},
        {"id_bits", [](redist_config &c) { c.id_bits = 17; }},
        {"pri_bits", [](redist_config &c) { c.pri_bits = 5; }},
        {"property cache", [](redist_config &c) { c.property_cache_entries = 32; }},
        {"pending_slots", [](redist_config &c) { c.pending_slots = 4; }},
        {"erratum", [](redist_config &c) { c.gic700_2195890 = false; }},
        {"ir", [](redist_config &c) { c.ir = true; }},
    };
    for (auto &t : tweaks) {
        redist_config cfg = base;
        t.second(cfg);
        ASSERT_EQ(redist_config_check(&cfg), nullptr) << t.first;
        RedistHarness dst(cfg);
        dst.bring_up(16, true);
        Blob before = save_blob(dst.rd());
        EXPECT_EQ(restore_blob(dst.rd(), blob), ITS_CKPT_CONFIG_MISMATCH) << t.first;
        EXPECT_EQ(save_blob(dst.rd()), before) << t.first;
    }
}

} // namespace

// The deepest nesting there is (64 active priorities, 0 on top), and the
// stack's records at the offsets docs/checkpoint.md gives: a stack that does
// not fall strictly, or one record more, could let an acknowledge write
// past the stack, and is refused.
TEST(CheckpointRefusalState, ActivePrioritiesMustFallStrictly)
{
    redist_config cfg = qemu_redist();
    cfg.pri_bits = 8;
    RedistHarness h(cfg);
    for (uint32_t k = 0; k < 65; k++)
        h.prop(kLpi0 + k, its_lpi_prop_byte(uint8_t(k < 64 ? (63 - k) << 2 : 0), true));
    h.bring_up(16, true);
    for (uint32_t k = 0; k < 64; k++) {
        h.set(kLpi0 + k);
        ASSERT_EQ(h.ack(), kLpi0 + k);
    }
    h.set(kLpi0 + 64);
    EXPECT_EQ(h.ack(), REDIST_SPURIOUS) << "nothing beats priority 0";
    const Blob blob = save_blob(h.rd());
    const size_t count_at = kCkptHeader + kRedistConfigImage + 79 + 3, records = count_at + 4;
    ASSERT_EQ(le_at(blob, count_at, 4), 64u);
    EXPECT_EQ(blob[records], 0xFC);
    EXPECT_EQ(le_at(blob, records + 1, 4), kLpi0);
    EXPECT_EQ(blob[records + 63 * 5], 0x00);

    RedistHarness dst(cfg);
    const Blob before = save_blob(dst.rd());
    auto refused = [&](Blob b, const char *what) {
        reseal(b);
        EXPECT_EQ(restore_blob(dst.rd(), b), ITS_CKPT_BAD_STATE) << what;
        EXPECT_EQ(save_blob(dst.rd()), before) << what;
    };
    Blob top_low = blob;
    top_low[records + 63 * 5] = 0xFC;
    refused(top_low, "the top priority no higher than the one below");
    Blob flat = blob;
    flat[records + 10 * 5] = flat[records + 9 * 5];
    refused(flat, "two equal priorities");
    Blob odd = blob;
    odd[records + 63 * 5] = 0x01;
    refused(odd, "a priority no level has");
    Blob one_more = blob;
    put_le(one_more, count_at, 65, 4);
    refused(one_more, "65 records");
    ASSERT_EQ(restore_blob(dst.rd(), blob), ITS_CKPT_OK);
    EXPECT_EQ(redist_icc_rpr_read(dst.rd()), 0u);
}
