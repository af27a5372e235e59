// SPDX-License-Identifier: Apache-2.0
// Scenarios from real clients, at core level: the kvm-unit-tests ITS tests
// that need only the ITS (a recording sink stands in for the CPUs), and the
// Linux driver's bring-up and runtime command flow, checked at every step a
// driver can observe (CREADR, register read-back, where translations land).
#include "its_harness.h"

#include <initializer_list>
#include <map>
#include <memory>
#include <vector>

namespace {

struct PresetParam {
    const char *name;
    its_config (*make)();
};
void PrintTo(const PresetParam &p, std::ostream *os) { *os << p.name; }
its_config make_qemu() { return qemu_config(4); }
its_config make_gic600() { return gic600_config(4); }
auto param_name = [](const ::testing::TestParamInfo<PresetParam> &p) { return std::string(p.param.name); };

uint64_t field(uint64_t v, unsigned lo, unsigned width) { return (v >> lo) & ((1ull << width) - 1); }

// ---- Introspection (kvm-unit-tests its-introspection) ---------------------

class ScenarioIntrospection : public ::testing::TestWithParam<PresetParam> {};

TEST_P(ScenarioIntrospection, IdRegistersTyperAndBasers)
{
    its_config cfg = GetParam().make();
    ItsHarness h(cfg);
    uint64_t iidr = h.rd(IIDR, 4), typer = h.rd(TYPER);
    EXPECT_EQ(iidr, cfg.iidr);

    uint64_t ro = h.stats().diag[ITS_DIAG_READONLY_WRITE];
    h.wr(IIDR, ~iidr & 0xFFFFFFFFu, 4);
    h.wr(TYPER, ~typer);
    h.wr(TYPER, 0, 4);
    h.wr(TYPER + 4, 0xFFFFFFFFu, 4);
    EXPECT_EQ(h.rd(IIDR, 4), iidr) << "GITS_IIDR is read-only";
    EXPECT_EQ(h.rd(TYPER), typer) << "GITS_TYPER is read-only";
    EXPECT_EQ(h.rd(TYPER, 4), typer & 0xFFFFFFFFu);
    EXPECT_EQ(h.rd(TYPER + 4, 4), typer >> 32);
    EXPECT_EQ(h.stats().diag[ITS_DIAG_READONLY_WRITE], ro + 4);

    EXPECT_EQ(field(typer, 0, 1), 1u) << "TYPER.Physical";
    unsigned ite_size = unsigned(field(typer, 4, 4)) + 1, event_bits = unsigned(field(typer, 8, 5)) + 1,
             dev_bits = unsigned(field(typer, 13, 5)) + 1;
    unsigned coll_bits = field(typer, 36, 1) ? unsigned(field(typer, 32, 4)) + 1 : 16;
    EXPECT_EQ(ite_size, cfg.ite_size);
    EXPECT_EQ(event_bits, cfg.eventid_bits);
    EXPECT_EQ(dev_bits, cfg.devid_bits);
    EXPECT_EQ(coll_bits, cfg.icid_bits);
    EXPECT_GT(event_bits, 0u);
    EXPECT_GT(dev_bits, 0u);
    EXPECT_GT(coll_bits, 0u);
    EXPECT_EQ(field(typer, 19, 1), 0u) << "both presets target Processor_Numbers (PTA = 0)";

    std::map<uint64_t, int> found; // BASER Type -> how many
    for (int n = 0; n < 8; n++) {
        uint64_t b = h.rd(BASER0 + 8 * n);
        uint64_t type = field(b, 56, 3);
        if (type == 0) {
            EXPECT_EQ(b, 0u) << "an unimplemented BASER is all zero";
            continue;
        }
        found[type]++;
        EXPECT_EQ(field(b, 63, 1), 0u) << "not Valid at reset";
        EXPECT_EQ(field(b, 48, 5) + 1, cfg.baser[n].entry_size);
        EXPECT_EQ(field(b, 8, 2), cfg.baser[n].reset_page_size);
        if (cfg.iidr == 0x43B) { // QEMU: kvm-unit-tests asserts 64K pages at reset
            EXPECT_EQ(field(b, 8, 2), 2u) << "BASER" << n << " page size is not 64K";
        }
    }
    EXPECT_EQ(found[ITS_TABLE_DEVICE], 1);
    EXPECT_EQ(found[ITS_TABLE_COLLECTION], 1);
    if (cfg.iidr == 0x43B) {
        EXPECT_EQ(typer, 0x1F0001EFB1ull) << "QEMU virt's GITS_TYPER";
    }
}

INSTANTIATE_TEST_SUITE_P(Presets, ScenarioIntrospection,
                         ::testing::Values(PresetParam{"qemu", make_qemu}, PresetParam{"gic600", make_gic600}),
                         param_name);

// ---- its_setup1 and the tests built on it ---------------------------------

// kvm-unit-tests' poll: wait until CREADR passes `to` (or wraps below `from`).
// Each poll is a bus read; the budget stands for the test's one second.
bool kut_wait(ItsHarness &h, uint64_t from, uint64_t to, unsigned budget = 1000)
{
    for (unsigned i = 0; i < budget; i++) {
        uint64_t rd = h.creadr();
        if (rd >= to || rd < from)
            return true;
    }
    return false;
}

class ScenarioKut : public ::testing::TestWithParam<PresetParam> {
protected:
    void SetUp() override
    {
        cfg_ = GetParam().make();
        h_ = std::make_unique<ItsHarness>(cfg_);
        h_->bring_up();
        // its_setup1, in kvm-unit-tests' order. 8 ITEs = Size 7 (256 events).
        itt2_ = h_->map_device(2, 7);
        itt7_ = h_->map_device(7, 7);
        h_->run(cmd::mapc(3, 3));
        h_->run(cmd::mapc(2, 2));
        h_->run(cmd::invall(2));
        h_->run(cmd::invall(3));
        h_->run(cmd::mapti(2, 20, 8195, 3));
        h_->run(cmd::mapti(7, 255, 8196, 2));
        ASSERT_EQ(h_->last_error(), 0u);
        setup_events_.clear();
        for (size_t i = 0; i < h_->events(); i++)
            setup_events_.push_back(h_->event(i));
        h_->clear_events();
    }

    ItsHarness &h() { return *h_; }

    // A command that fails with `code`: no LPI, and the queue drains within
    // kvm-unit-tests' budget under IGNORE. Under STALL the poll times out;
    // then software skips the command (SYNC in its slot, CWRITER.Retry).
    void post_failing(const Cmd &c, uint32_t code)
    {
        uint64_t from = h_->creadr();
        h_->put(c);
        EXPECT_EQ(h_->last_error(), code);
        if (cfg_.error_policy == ITS_POLICY_IGNORE) {
            EXPECT_TRUE(kut_wait(*h_, from, h_->cwriter())) << "the test's poll would time out";
            EXPECT_FALSE(h_->stalled());
            return;
        }
        EXPECT_FALSE(kut_wait(*h_, from, h_->cwriter()));
        ASSERT_TRUE(h_->stalled());
        ASSERT_EQ(h_->creadr(), from);
        Cmd s = cmd::sync(0);
        for (int i = 0; i < 4; i++)
            shim_write64(h_->mem(), h_->queue_base() + from + 8 * i, s[i]);
        h_->wr(CWRITER, h_->cwriter() | 1);
        EXPECT_FALSE(h_->stalled());
        EXPECT_EQ(h_->creadr(), h_->cwriter());
        ASSERT_GE(h_->events(), 1u);
        EXPECT_EQ(h_->event(h_->events() - 1).kind, SHIM_SYNC);
        h_->clear_events();
    }

    // Exactly one LPI, intid at target, and nothing else.
    void expect_only_lpi(uint32_t intid, uint32_t target)
    {
        ASSERT_EQ(h_->events(), 1u);
        EXPECT_EQ(h_->event(0).kind, SHIM_SET_PENDING);
        EXPECT_EQ(h_->event(0).intid, intid);
        EXPECT_EQ(h_->event(0).target, target);
        h_->clear_events();
    }

    its_config cfg_;
    std::unique_ptr<ItsHarness> h_;
    uint64_t itt2_ = 0, itt7_ = 0;
    std::vector<shim_event> setup_events_;
};

TEST_P(ScenarioKut, Setup1ReachesOnlyTheInvalledRedistributors)
{
    ASSERT_EQ(setup_events_.size(), 2u);
    EXPECT_EQ(setup_events_[0].kind, SHIM_INVALL);
    EXPECT_EQ(setup_events_[0].target, 2u);
    EXPECT_EQ(setup_events_[1].kind, SHIM_INVALL);
    EXPECT_EQ(setup_events_[1].target, 3u);
    EXPECT_EQ(h().stats().command_errors, 0u);
}

TEST_P(ScenarioKut, IntFiresExactlyOneLpiOnItsPe)
{
    h().run(cmd::int_(2, 20));
    expect_only_lpi(8195, 3);
    h().run(cmd::int_(7, 255));
    expect_only_lpi(8196, 2);
    // An MSI from the device takes the same route.
    its_translation t{};
    EXPECT_EQ(h().msi(2, 20, &t), ITS_MSI_DELIVERED);
    expect_only_lpi(8195, 3);
    EXPECT_EQ(t.icid, 3u);
}

TEST_P(ScenarioKut, InvAfterPropertyChangeReachesTheRightRedistributor)
{
    h().run(cmd::inv(2, 20));
    ASSERT_EQ(h().events(), 1u);
    EXPECT_EQ(h().event(0).kind, SHIM_INV);
    EXPECT_EQ(h().event(0).target, 3u);
    EXPECT_EQ(h().event(0).intid, 8195u);
    h().clear_events();
    h().run(cmd::int_(2, 20));
    h().run(cmd::invall(3));
    ASSERT_EQ(h().events(), 2u);
    EXPECT_EQ(h().event(0).kind, SHIM_SET_PENDING);
    EXPECT_EQ(h().event(0).target, 3u);
    EXPECT_EQ(h().event(1).kind, SHIM_INVALL);
    EXPECT_EQ(h().event(1).target, 3u);
    h().clear_events();
    h().run(cmd::int_(2, 20));
    expect_only_lpi(8195, 3);
    // The redistributor is the collection's target, not the ICID's number.
    h().run(cmd::mapc(5, 1));
    h().run(cmd::movi(2, 20, 5));
    h().clear_events();
    h().run(cmd::inv(2, 20));
    ASSERT_EQ(h().events(), 1u);
    EXPECT_EQ(h().event(0).kind, SHIM_INV);
    EXPECT_EQ(h().event(0).target, 1u);
    EXPECT_EQ(h().event(0).intid, 8195u);
}

TEST_P(ScenarioKut, DiscardThenIntIsUnmappedInterrupt)
{
    h().run(cmd::discard(2, 20));
    ASSERT_EQ(h().events(), 1u);
    EXPECT_EQ(h().event(0).kind, SHIM_CLEAR_PENDING);
    EXPECT_EQ(h().event(0).target, 3u);
    EXPECT_EQ(h().event(0).intid, 8195u);
    h().clear_events();
    post_failing(cmd::int_(2, 20), ITS_ERROR_CODE(ITS_CMD_INT, ITS_REASON_UNMAPPED_INTERRUPT));
    EXPECT_EQ(h().events(), 0u) << "no LPI after DISCARD";
    EXPECT_EQ(h().msi(2, 20), ITS_MSI_DROP_UNMAPPED_EVENT);
    h().run(cmd::int_(7, 255));
    expect_only_lpi(8196, 2);
}

TEST_P(ScenarioKut, MapdInvalidThenIntFiresNothing)
{
    h().run(cmd::mapd(2, 7, itt2_, false));
    EXPECT_EQ(h().events(), 0u);
    post_failing(cmd::int_(2, 20), ITS_ERROR_CODE(ITS_CMD_INT, ITS_REASON_UNMAPPED_DEVICE));
    EXPECT_EQ(h().events(), 0u);
    EXPECT_EQ(h().msi(2, 20), ITS_MSI_DROP_UNMAPPED_DEVICE);
    h().run(cmd::int_(7, 255));
    expect_only_lpi(8196, 2);
}

TEST_P(ScenarioKut, UnmappedCollectionDeliversOnceMapped)
{
    h().run(cmd::mapti(2, 0, 8192, 0)); // ICID 0 is not mapped: accepted
    EXPECT_EQ(h().last_error(), 0u);
    post_failing(cmd::int_(2, 0), ITS_ERROR_CODE(ITS_CMD_INT, ITS_REASON_UNMAPPED_COLLECTION));
    EXPECT_EQ(h().events(), 0u);
    EXPECT_EQ(h().msi(2, 0), ITS_MSI_DROP_UNMAPPED_COLLECTION);
    h().run(cmd::mapc(0, 0));
    h().run(cmd::invall(0));
    ASSERT_EQ(h().events(), 1u);
    EXPECT_EQ(h().event(0).kind, SHIM_INVALL);
    EXPECT_EQ(h().event(0).target, 0u);
    h().clear_events();
    h().run(cmd::int_(7, 255));
    expect_only_lpi(8196, 2);
    h().run(cmd::int_(2, 0));
    expect_only_lpi(8192, 0);
}

INSTANTIATE_TEST_SUITE_P(Presets, ScenarioKut,
                         ::testing::Values(PresetParam{"qemu", make_qemu}, PresetParam{"gic600", make_gic600}),
                         param_name);

// its-pending-migration's mapping: 256 events split odd/even over the
// collections of the last two PEs, then every one of them fired.
class ScenarioPending : public ::testing::TestWithParam<PresetParam> {};

TEST_P(ScenarioPending, TwoHundredFiftySixMaptisSplitOddEven)
{
    its_config cfg = GetParam().make();
    ItsHarness h(cfg);
    h.bring_up();
    const uint32_t pe0 = cfg.num_targets - 1, pe1 = cfg.num_targets - 2;
    h.map_device(2, 7);
    h.run(cmd::mapc(pe0, pe0));
    h.run(cmd::mapc(pe1, pe1));
    for (uint32_t i = 0; i < 256; i++)
        h.run(cmd::mapti(2, i, 8192 + i, (i & 1) ? pe0 : pe1));
    h.run(cmd::invall(pe0));
    h.run(cmd::invall(pe1));
    ASSERT_EQ(h.last_error(), 0u);
    h.clear_events();
    for (uint32_t i = 0; i < 256; i++)
        h.run(cmd::int_(2, i));
    for (uint32_t i = 0; i < 256; i++)
        EXPECT_EQ(h.msi(2, i), ITS_MSI_DELIVERED);
    ASSERT_EQ(h.events(), 512u);
    std::map<uint32_t, unsigned> per_target;
    for (size_t n = 0; n < h.events(); n++) {
        shim_event e = h.event(n);
        uint32_t i = uint32_t(n % 256);
        ASSERT_EQ(e.kind, SHIM_SET_PENDING);
        EXPECT_EQ(e.intid, 8192 + i);
        EXPECT_EQ(e.target, (i & 1) ? pe0 : pe1) << "event " << i;
        per_target[e.target]++;
    }
    EXPECT_EQ(per_target.size(), 2u);
    EXPECT_EQ(per_target[pe0], 256u);
    EXPECT_EQ(per_target[pe1], 256u);
}

INSTANTIATE_TEST_SUITE_P(Presets, ScenarioPending,
                         ::testing::Values(PresetParam{"qemu", make_qemu}, PresetParam{"gic600", make_gic600}),
                         param_name);

// micro-bench "lpi": INT after INT through the 64K queue, wrapping it.
TEST(ScenarioMicroBench, IntLoopWrapsTheQueueAndDeliversEachOne)
{
    ItsHarness h(qemu_config(2));
    h.bring_up();
    h.map_device(2, 7);
    h.run(cmd::mapc(1, 1));
    h.run(cmd::invall(1));
    h.run(cmd::mapti(2, 20, 8199, 1));
    h.clear_events();
    const unsigned kIters = 3 * 2048 + 5; // more than three laps of 2048 slots
    unsigned wraps = 0;
    for (unsigned i = 0; i < kIters; i++) {
        uint64_t from = h.creadr();
        h.put(cmd::int_(2, 20));
        wraps += h.cwriter() < from;
        ASSERT_TRUE(kut_wait(h, from, h.cwriter() ? h.cwriter() : h.queue_bytes())) << i;
        ASSERT_EQ(h.events(), i + 1u);
        ASSERT_EQ(h.event(i).target, 1u);
        ASSERT_EQ(h.event(i).intid, 8199u);
    }
    EXPECT_EQ(wraps, 3u);
    EXPECT_EQ(h.stats().commands[ITS_CMD_INT], kIters);
}

// ---- The Linux driver (real-clients-and-hardware.md section 3) ------------

struct DriverParam {
    const char *name;
    its_config (*make)();
    unsigned expect_psz; // page size code the negotiation must settle on
};
void PrintTo(const DriverParam &p, std::ostream *os) { *os << p.name; }
its_config gic600_4k_only()
{
    its_config c = gic600_config(4);
    c.page_sizes = ITS_PAGE_4K;
    return c;
}
its_config qemu_deferred()
{
    its_config c = qemu_config(4);
    c.process_on_write = false; // the host runs the queue between polls
    return c;
}

// The driver's view: 32-bit CWRITER writes, 32-bit CREADR polls, a SYNC after
// every command that targets a collection (MAPD and INVALL get none).
class LinuxDriver {
public:
    LinuxDriver(ItsHarness &h, const its_config &cfg) : h_(h), cfg_(cfg) {}

    static constexpr uint64_t kQueueBytes = 0x10000;
    static constexpr uint64_t kInnerShareable = 1ull << 10, kRaWaWb = 7ull << 59, kValid = 1ull << 63;

    void probe()
    {
        uint64_t ctlr = h_.rd(CTLR, 4);
        ASSERT_EQ(ctlr & 1, 0u);
        ASSERT_EQ(ctlr >> 31, 1u) << "disabled and quiescent at reset";
        ASSERT_EQ(field(h_.rd(PIDR0 + 8, 4), 4, 4), 3u) << "GITS_PIDR2.ArchRev: GICv3";
        typer_ = h_.rd(TYPER);
        devbits_ = unsigned(field(typer_, 13, 5)) + 1;
        queue_ = h_.alloc(kQueueBytes);
        for (int n = 0; n < 8; n++)
            alloc_table(n);
        uint64_t cbaser = queue_ | kRaWaWb | kInnerShareable | (kQueueBytes / 4096 - 1) | kValid;
        h_.wr(CBASER, cbaser);
        EXPECT_EQ(h_.rd(CBASER), cbaser) << "CBASER attributes stick";
        h_.wr(CWRITER, 0);
        EXPECT_EQ(h_.creadr(), 0u);
        h_.wr(CTLR, h_.rd(CTLR, 4) | 1, 4);
        EXPECT_EQ(h_.rd(CTLR, 4) & 1, 1u);
    }

    uint64_t rdbase(uint32_t cpu) const
    {
        return field(typer_, 19, 1) ? (cfg_.rd_base + cpu * cfg_.rd_stride) >> 16 : cpu;
    }

    // Post commands in one batch; wait for CREADR like the driver does.
    // Returns the number of CREADR reads it took.
    unsigned send(std::initializer_list<Cmd> cmds)
    {
        uint64_t from = h_.rd(CREADR, 4) & 0xFFFE0u;
        for (const Cmd &c : cmds) {
            for (int i = 0; i < 4; i++)
                shim_write64(h_.mem(), queue_ + widx_ + 8 * i, c[i]);
            widx_ = (widx_ + 32) % kQueueBytes;
        }
        h_.wr(CWRITER, widx_, 4);
        uint64_t target = from + 32 * cmds.size(), linear = from, prev = from;
        for (unsigned polls = 1; polls <= 1000; polls++) {
            uint64_t rd = h_.rd(CREADR, 4);
            EXPECT_EQ(rd & 1, 0u) << "the driver never expects a stall";
            rd &= 0xFFFE0u;
            linear += (rd + kQueueBytes - prev) % kQueueBytes;
            prev = rd;
            if (linear >= target)
                return polls;
            if (!cfg_.process_on_write)
                its_cmdq_run(h_.its(), 1); // the ITS moves on while the CPU spins
        }
        ADD_FAILURE() << "ITS queue timeout";
        return 0;
    }

    // its_cpu_init_collections: MAPC + SYNC, INVALL + SYNC. Returns polls.
    unsigned cpu_init(uint32_t cpu)
    {
        return send({cmd::mapc(cpu, rdbase(cpu)), cmd::sync(rdbase(cpu))}) +
               send({cmd::invall(cpu), cmd::sync(rdbase(cpu))});
    }

    // its_create_device: the L2 page of the device table if needed, an ITT
    // of max(2, pow2(nvecs)) entries, MAPD without a SYNC.
    void create_device(uint32_t devid, uint32_t nvecs)
    {
        if (dt_indirect_) {
            uint64_t l1 = dt_base_ + (devid / (dt_page_ / dt_esz_)) * 8;
            if (!(shim_read64(h_.mem(), l1) >> 63))
                shim_write64(h_.mem(), l1, h_.alloc(dt_page_, dt_page_) | kValid);
        }
        uint32_t ites = 2;
        while (ites < nvecs)
            ites *= 2;
        uint32_t size = 0;
        while ((2u << size) < ites)
            size++;
        itt_[devid] = h_.alloc(uint64_t(ites) * cfg_.ite_size, 256);
        send({cmd::mapd(devid, size, itt_[devid])});
    }

    unsigned negotiated_psz = ~0u;
    bool device_table_indirect() const { return dt_indirect_; }
    std::map<uint32_t, uint64_t> itt_;

private:
    void alloc_table(int n)
    {
        uint64_t reset = h_.rd(BASER0 + 8 * n);
        uint64_t type = field(reset, 56, 3);
        if (type == 0)
            return;
        uint64_t esz = field(reset, 48, 5) + 1;
        for (unsigned psz = 2;; psz--) {
            uint64_t page = 4096ull << (2 * psz);
            bool indirect = type == ITS_TABLE_DEVICE && (esz << devbits_) > 2 * page;
            uint64_t bytes = type == ITS_TABLE_COLLECTION ? page : esz << devbits_;
            if (indirect) {
                unsigned per_page_bits = 0;
                while ((1ull << per_page_bits) < page / esz)
                    per_page_bits++;
                bytes = (1ull << (devbits_ - per_page_bits)) * 8;
            }
            uint64_t pages = (bytes + page - 1) / page;
            pages = pages > 256 ? 256 : pages;
            uint64_t pa = h_.alloc(pages * page, page);
            uint64_t pa_field = psz == 2 ? (pa & 0xFFFFFFFF0000ull) | (field(pa, 48, 4) << 12) : pa;
            uint64_t v = pa_field | (type << 56) | ((esz - 1) << 48) | (pages - 1) | kRaWaWb |
                         kInnerShareable | kValid | (uint64_t(indirect) << 62) | (uint64_t(psz) << 8);
            h_.wr(BASER0 + 8 * n, v);
            uint64_t back = h_.rd(BASER0 + 8 * n);
            if (field(back ^ v, 8, 2) != 0) {
                ASSERT_GT(psz, 0u) << "no page size sticks";
                continue; // 64K -> 16K -> 4K
            }
            ASSERT_EQ(back, v) << "BASER" << n << " doesn't stick";
            if (type == ITS_TABLE_DEVICE) {
                dt_base_ = pa, dt_page_ = page, dt_esz_ = esz, dt_indirect_ = indirect;
                negotiated_psz = psz;
            }
            return;
        }
    }

    ItsHarness &h_;
    its_config cfg_;
    uint64_t typer_ = 0, queue_ = 0, widx_ = 0;
    unsigned devbits_ = 0;
    uint64_t dt_base_ = 0, dt_page_ = 0, dt_esz_ = 0;
    bool dt_indirect_ = false;
};

class ScenarioLinux : public ::testing::TestWithParam<DriverParam> {
protected:
    // The driver-visible effects since the last call, then forget them.
    std::vector<shim_event> take(ItsHarness &h)
    {
        std::vector<shim_event> v;
        for (size_t i = 0; i < h.events(); i++)
            v.push_back(h.event(i));
        h.clear_events();
        return v;
    }
    static void expect_event(const shim_event &e, shim_event_kind k, uint32_t target, uint32_t intid = 0)
    {
        EXPECT_EQ(e.kind, k);
        EXPECT_EQ(e.target, target);
        EXPECT_EQ(e.intid, intid);
    }
    // An MSI lands on cpu as hwirq, and nowhere else.
    void expect_msi(ItsHarness &h, uint32_t dev, uint32_t ev, uint32_t hwirq, uint32_t cpu)
    {
        its_translation t{};
        ASSERT_EQ(h.msi(dev, ev, &t), ITS_MSI_DELIVERED);
        EXPECT_EQ(t.intid, hwirq);
        EXPECT_EQ(t.target, cpu);
        EXPECT_EQ(t.icid, cpu) << "the driver's collection for a CPU is its number";
        std::vector<shim_event> e = take(h);
        ASSERT_EQ(e.size(), 1u);
        expect_event(e[0], SHIM_SET_PENDING, cpu, hwirq);
    }
};

TEST_P(ScenarioLinux, BringUpAndRuntimeFlow)
{
    const DriverParam &p = GetParam();
    its_config cfg = p.make();
    ItsHarness h(cfg);
    LinuxDriver drv(h, cfg);
    const unsigned kCpus = cfg.num_targets;

    drv.probe();
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_EQ(drv.negotiated_psz, p.expect_psz);
    EXPECT_TRUE(drv.device_table_indirect()) << "esz << DevBits exceeds two pages on both presets";
    EXPECT_EQ(h.stats().diag[ITS_DIAG_PAGE_SIZE_REJECTED], p.expect_psz == 0 ? 4u : 0u)
        << "64K and 16K refused for each of the two tables";
    EXPECT_EQ(h.stats().diag[ITS_DIAG_ENABLED_WITHOUT_TABLES], 0u);

    for (uint32_t cpu = 0; cpu < kCpus; cpu++) {
        // Synchronous CWRITER: done at the first read. Deferred: one
        // command per poll, so two batches of two take three reads each.
        EXPECT_EQ(drv.cpu_init(cpu), cfg.process_on_write ? 2u : 6u);
        std::vector<shim_event> e = take(h);
        ASSERT_EQ(e.size(), 3u) << "cpu " << cpu;
        expect_event(e[0], SHIM_SYNC, cpu);
        expect_event(e[1], SHIM_INVALL, cpu);
        expect_event(e[2], SHIM_SYNC, cpu);
    }

    // A device high in the DeviceID space: its L2 page is new.
    const uint32_t dev = (1u << cfg.devid_bits) - 3;
    EXPECT_EQ(h.msi(dev, 0), ITS_MSI_DROP_DEVICE_OOR) << "no L2 page behind its L1 entry yet";
    drv.create_device(dev, 3); // 4 ITEs: MAPD Size 1
    EXPECT_TRUE(take(h).empty()) << "MAPD reaches no redistributor";
    EXPECT_EQ(h.msi(dev, 0), ITS_MSI_DROP_UNMAPPED_EVENT);
    EXPECT_EQ(h.msi(dev, 4), ITS_MSI_DROP_EVENT_OOR);

    // Activate three LPIs on CPUs 1, 2, 3: MAPTI + SYNC each.
    for (uint32_t ev = 0; ev < 3; ev++) {
        uint32_t cpu = (ev + 1) % kCpus;
        drv.send({cmd::mapti(dev, ev, 8192 + ev, cpu), cmd::sync(drv.rdbase(cpu))});
        std::vector<shim_event> e = take(h);
        ASSERT_EQ(e.size(), 1u);
        expect_event(e[0], SHIM_SYNC, cpu);
        expect_msi(h, dev, ev, 8192 + ev, cpu);
    }

    // Mask/unmask: property byte, then INV + SYNC.
    drv.send({cmd::inv(dev, 0), cmd::sync(drv.rdbase(1))});
    std::vector<shim_event> e = take(h);
    ASSERT_EQ(e.size(), 2u);
    expect_event(e[0], SHIM_INV, 1, 8192);
    expect_event(e[1], SHIM_SYNC, 1);

    // Retrigger: INT + SYNC.
    drv.send({cmd::int_(dev, 0), cmd::sync(drv.rdbase(1))});
    e = take(h);
    ASSERT_EQ(e.size(), 2u);
    expect_event(e[0], SHIM_SET_PENDING, 1, 8192);
    expect_event(e[1], SHIM_SYNC, 1);

    // set_affinity to CPU 0: MOVI + SYNC to the old collection's target.
    drv.send({cmd::movi(dev, 0, 0), cmd::sync(drv.rdbase(1))});
    e = take(h);
    ASSERT_EQ(e.size(), 2u);
    EXPECT_EQ(e[0].kind, SHIM_MOVE_PENDING);
    EXPECT_EQ(e[0].target, 1u);
    EXPECT_EQ(e[0].to, 0u);
    EXPECT_EQ(e[0].intid, 8192u);
    expect_event(e[1], SHIM_SYNC, 1);
    expect_msi(h, dev, 0, 8192, 0);
    expect_msi(h, dev, 1, 8193, 2); // the others stay put

    // Deactivate: DISCARD + SYNC; the MSI is then dropped.
    drv.send({cmd::discard(dev, 1), cmd::sync(drv.rdbase(2))});
    e = take(h);
    ASSERT_EQ(e.size(), 2u);
    expect_event(e[0], SHIM_CLEAR_PENDING, 2, 8193);
    expect_event(e[1], SHIM_SYNC, 2);
    EXPECT_EQ(h.msi(dev, 1), ITS_MSI_DROP_UNMAPPED_EVENT);
    expect_msi(h, dev, 2, 8194, 3);

    // Free the device: DISCARD the rest, then MAPD V=0.
    drv.send({cmd::discard(dev, 0), cmd::sync(drv.rdbase(0))});
    drv.send({cmd::discard(dev, 2), cmd::sync(drv.rdbase(3))});
    take(h);
    drv.send({cmd::mapd(dev, 0, 0, false)});
    EXPECT_TRUE(take(h).empty());
    for (uint32_t ev = 0; ev < 4; ev++)
        EXPECT_EQ(h.msi(dev, ev), ITS_MSI_DROP_UNMAPPED_DEVICE);
    EXPECT_TRUE(take(h).empty());

    EXPECT_EQ(h.stats().command_errors, 0u);
    EXPECT_EQ(h.last_error(), 0u);
    EXPECT_EQ(h.stats().stalls, 0u);
}

INSTANTIATE_TEST_SUITE_P(Drivers, ScenarioLinux,
                         ::testing::Values(DriverParam{"qemu", make_qemu, 2},
                                           DriverParam{"gic600", make_gic600, 2},
                                           DriverParam{"gic600_4k_pages", gic600_4k_only, 0},
                                           DriverParam{"qemu_deferred", qemu_deferred, 2}),
                         [](const ::testing::TestParamInfo<DriverParam> &i) { return std::string(i.param.name); });

} // namespace
