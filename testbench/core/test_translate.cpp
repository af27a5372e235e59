// SPDX-License-Identifier: Apache-2.0
// MSI translation: every its_msi_result outcome, its statistics counter, the
// conservation of those counters, and the GITS_TRANSLATER entry points.
//
// Each test runs on three configurations: the QEMU preset (unbounded caches),
// the GIC-600 preset (bounded 2-way caches, 4-byte ITEs, 2-byte CTEs) and the
// QEMU preset with every cache off, so that an outcome never depends on
// whether an entry happened to be cached.
#include "its_harness.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace {

its_config qemu_uncached()
{
    its_config c = qemu_config();
    c.device_cache.entries = 0;
    c.ite_cache.entries = 0;
    c.collection_cache.entries = 0;
    return c;
}

struct XlateParam {
    const char *name;
    its_config (*make)();
};

void PrintTo(const XlateParam &p, std::ostream *os) { *os << p.name; }

its_config make_qemu() { return qemu_config(); }
its_config make_gic600() { return gic600_config(); }

using MsiCounts = std::vector<uint64_t>;

// Fixture: flat device and collection tables (64K pages) whose addresses we
// know, collections 1 -> PE1 and 2 -> PE3, device 5 with 16 events of which
// event 0 -> 8200 (ICID 1) and event 1 -> 8201 (ICID 2).
class TranslateTest : public ::testing::TestWithParam<XlateParam> {
protected:
    void SetUp() override
    {
        cfg_ = GetParam().make();
        h_ = std::make_unique<ItsHarness>(cfg_);
        ASSERT_NE(h_->its(), nullptr);
        dt_ = h_->setup_table(ITS_TABLE_DEVICE, 2);
        ct_ = h_->setup_table(ITS_TABLE_COLLECTION, 2);
        h_->setup_queue();
        h_->wr(CTLR, 1, 4);
        h_->run(cmd::mapc(1, 1));
        h_->run(cmd::mapc(2, 3));
        itt5_ = h_->map_device(5, 3);
        h_->run(cmd::mapti(5, 0, 8200, 1));
        h_->run(cmd::mapti(5, 1, 8201, 2));
        ASSERT_EQ(h_->last_error(), 0u);
        h_->clear_events();
    }

    ItsHarness &h() { return *h_; }

    MsiCounts counts()
    {
        const its_stats &s = h_->stats();
        return MsiCounts(s.msi, s.msi + ITS_MSI_RESULTS);
    }

    // Exactly one more translation since `before`, and it was `r`.
    void expect_counted(const MsiCounts &before, its_msi_result r)
    {
        MsiCounts now = counts();
        for (int i = 0; i < ITS_MSI_RESULTS; i++)
            EXPECT_EQ(now[i] - before[i], i == r ? 1u : 0u)
                << "counter " << its_msi_result_name(its_msi_result(i));
    }

    // Translate and expect a drop with reason r: counted once, nothing sent.
    void expect_drop(uint32_t dev, uint32_t ev, its_msi_result r)
    {
        MsiCounts before = counts();
        size_t events = h_->events();
        EXPECT_EQ(h_->msi(dev, ev), r) << "dev " << dev << " ev " << ev;
        expect_counted(before, r);
        EXPECT_EQ(h_->events(), events) << "a dropped MSI reached a redistributor";
    }

    // Translate and expect delivery of intid to target through icid.
    void expect_delivery(uint32_t dev, uint32_t ev, uint32_t intid, uint32_t target, uint32_t icid)
    {
        MsiCounts before = counts();
        size_t events = h_->events();
        its_translation t{~0u, ~0u, ~0u};
        ASSERT_EQ(h_->msi(dev, ev, &t), ITS_MSI_DELIVERED) << "dev " << dev << " ev " << ev;
        expect_counted(before, ITS_MSI_DELIVERED);
        EXPECT_EQ(t.intid, intid);
        EXPECT_EQ(t.target, target);
        EXPECT_EQ(t.icid, icid);
        ASSERT_EQ(h_->events(), events + 1);
        shim_event e = h_->event(events);
        EXPECT_EQ(e.kind, SHIM_SET_PENDING);
        EXPECT_EQ(e.target, target);
        EXPECT_EQ(e.intid, intid);
    }

    // Rewrite event `ev` of device 5 in memory, behind the ITS's back, with
    // `intid` in its INTID field (INTID[lpi_id_bits:1] of the packed ITE);
    // returns the INTID it held.
    uint32_t poke_ite_intid(uint32_t ev, uint32_t intid)
    {
        const uint64_t pa = itt5_ + uint64_t(ev) * cfg_.ite_size;
        const uint64_t field = ((uint64_t(1) << cfg_.lpi_id_bits) - 1) << 1;
        uint8_t buf[16] = {};
        const unsigned n = cfg_.ite_size < 8 ? cfg_.ite_size : 8;
        shim_mem_read(h_->mem(), pa, buf, n);
        uint64_t raw = 0;
        for (unsigned i = 0; i < n; i++)
            raw |= uint64_t(buf[i]) << (8 * i);
        uint32_t old = uint32_t((raw & field) >> 1);
        raw = (raw & ~field) | ((uint64_t(intid) << 1) & field);
        for (unsigned i = 0; i < n; i++)
            buf[i] = uint8_t(raw >> (8 * i));
        shim_mem_write(h_->mem(), pa, buf, n);
        return old;
    }

    // Drop every cached entry: the presets invalidate when Enabled clears.
    void flush_caches()
    {
        ASSERT_TRUE(cfg_.invalidate_on_disable);
        h_->wr(CTLR, 0, 4);
        h_->wr(CTLR, 1, 4);
    }

    bool caches_on() const
    {
        return cfg_.device_cache.entries && cfg_.ite_cache.entries && cfg_.collection_cache.entries;
    }

    // Publish a command that must fail with `code`. Under the stall policy
    // the queue stops on it; skip it the way software does (rewrite the slot
    // as a SYNC, then CWRITER.Retry).
    void run_failing(const Cmd &c, uint32_t code)
    {
        uint64_t errors = h_->stats().command_errors;
        h_->put(c);
        EXPECT_EQ(h_->last_error(), code);
        EXPECT_EQ(h_->stats().command_errors, errors + 1);
        if (cfg_.error_policy == ITS_POLICY_STALL) {
            uint64_t slot = (h_->cwriter() + h_->queue_bytes() - 32) % h_->queue_bytes();
            ASSERT_TRUE(h_->stalled());
            ASSERT_EQ(h_->creadr(), slot);
            Cmd s = cmd::sync(0);
            for (int i = 0; i < 4; i++)
                shim_write64(h_->mem(), h_->queue_base() + slot + 8 * i, s[i]);
            h_->wr(CWRITER, h_->cwriter() | 1);
        }
        EXPECT_FALSE(h_->stalled());
        EXPECT_EQ(h_->creadr(), h_->cwriter());
    }

    static constexpr uint64_t kTableBytes = 0x10000; // one 64K page, as set up

    its_config cfg_;
    std::unique_ptr<ItsHarness> h_;
    uint64_t dt_ = 0, ct_ = 0, itt5_ = 0;
};

TEST_P(TranslateTest, DeliveredCarriesIntidTargetAndIcid)
{
    expect_delivery(5, 0, 8200, 1, 1);
    expect_delivery(5, 1, 8201, 3, 2);
    // Again, now possibly from the caches: same answer.
    expect_delivery(5, 0, 8200, 1, 1);
    expect_delivery(5, 1, 8201, 3, 2);
    // out may be NULL: still delivered and still one SET_PENDING.
    size_t events = h().events();
    EXPECT_EQ(its_msi(h().its(), 5, 1, nullptr), ITS_MSI_DELIVERED);
    ASSERT_EQ(h().events(), events + 1);
    EXPECT_EQ(h().event(events).intid, 8201u);
    EXPECT_EQ(h().event(events).target, 3u);
}

TEST_P(TranslateTest, TranslateAloneAnswersLikeAnMsiButDeliversNothing)
{
    for (int round = 0; round < 2; round++) { // cold, then from the caches
        its_stats before = h().stats();
        size_t events = h().events();
        its_translation t{};
        ASSERT_EQ(its_translate(h().its(), 5, 1, &t), ITS_MSI_DELIVERED);
        EXPECT_EQ(t.intid, 8201u);
        EXPECT_EQ(t.target, 3u);
        EXPECT_EQ(t.icid, 2u);
        EXPECT_EQ(its_translate(h().its(), 5, 200, &t), ITS_MSI_DROP_EVENT_OOR);
        EXPECT_EQ(its_translate(h().its(), 9, 0, nullptr), ITS_MSI_DROP_UNMAPPED_DEVICE);
        its_stats after = h().stats();
        EXPECT_EQ(h().events(), events) << "nothing reaches a redistributor";
        for (int r = 0; r < ITS_MSI_RESULTS; r++)
            EXPECT_EQ(after.msi[r], before.msi[r]) << "no MSI counted: " << its_msi_result_name(its_msi_result(r));
        // The lookups are real: the ITE cache saw them (docs/errors.md).
        if (caches_on()) {
            EXPECT_GE(after.ite_cache.hits + after.ite_cache.misses,
                      before.ite_cache.hits + before.ite_cache.misses + 3);
        }
    }
    // Disabled, the answer is its_disabled, still not counted.
    h().wr(CTLR, 0, 4);
    its_stats before = h().stats();
    EXPECT_EQ(its_translate(h().its(), 5, 1, nullptr), ITS_MSI_DROP_DISABLED);
    EXPECT_EQ(h().stats().msi[ITS_MSI_DROP_DISABLED], before.msi[ITS_MSI_DROP_DISABLED]);
    h().wr(CTLR, 1, 4);
    ASSERT_EQ(h().events(), 0u);
    ASSERT_EQ(h().msi(5, 1), ITS_MSI_DELIVERED); // the MSI itself still delivers
    EXPECT_EQ(h().events(), 1u);
}

TEST_P(TranslateTest, TranslationNeverWritesMemory)
{
    uint64_t writes = shim_mem_writes(h().mem());
    for (int i = 0; i < 8; i++) {
        h().msi(5, i % 3);
        h().msi(9, 0);
        h().msi(5, 200);
    }
    EXPECT_EQ(shim_mem_writes(h().mem()), writes);
}

// The core counts every access by what it is for: an MSI's reads are table
// reads (DTE, ITE, CTE) and add up to the total; a command fetch is a command.
TEST_P(TranslateTest, MemoryAccessesAreCountedByTable)
{
    const its_stats before = h().stats();
    for (int i = 0; i < 4; i++)
        h().msi(5, i % 2);
    const its_stats after = h().stats();
    uint64_t by_kind = 0;
    for (int k = 0; k < ITS_MEM_KINDS; k++)
        by_kind += after.mem[k].reads - before.mem[k].reads;
    EXPECT_EQ(by_kind, after.mem_reads - before.mem_reads);
    EXPECT_EQ(after.mem[ITS_MEM_COMMAND].reads, before.mem[ITS_MEM_COMMAND].reads);
    // Uncached, every MSI reads its DTE, ITE and CTE.
    if (cfg_.ite_cache.entries == 0) {
        EXPECT_EQ(after.mem[ITS_MEM_DEVICE].reads - before.mem[ITS_MEM_DEVICE].reads, 4u);
        EXPECT_EQ(after.mem[ITS_MEM_ITT].reads - before.mem[ITS_MEM_ITT].reads, 4u);
        EXPECT_EQ(after.mem[ITS_MEM_COLLECTION].reads - before.mem[ITS_MEM_COLLECTION].reads, 4u);
        EXPECT_EQ(after.mem[ITS_MEM_ITT].read_bytes - before.mem[ITS_MEM_ITT].read_bytes, 4u * cfg_.ite_size);
    }
    h().run(cmd::sync(1));
    EXPECT_EQ(h().stats().mem[ITS_MEM_COMMAND].reads, after.mem[ITS_MEM_COMMAND].reads + 1);
    EXPECT_STREQ(its_mem_kind_name(ITS_MEM_ITT), "itt");
    // The caches' totals are the snapshot's counters added up.
    its_cache_stats t;
    its_cache_totals(h().its(), &t);
    const its_stats s = h().stats();
    EXPECT_EQ(t.hits, s.device_cache.hits + s.ite_cache.hits + s.collection_cache.hits);
    EXPECT_EQ(t.misses, s.device_cache.misses + s.ite_cache.misses + s.collection_cache.misses);
    EXPECT_EQ(t.invalidations,
              s.device_cache.invalidations + s.ite_cache.invalidations + s.collection_cache.invalidations);
    EXPECT_STREQ(its_mem_kind_name(ITS_MEM_KINDS), "invalid");
}

TEST_P(TranslateTest, DisabledItsDropsAndKeepsMappings)
{
    h().wr(CTLR, 0, 4);
    EXPECT_EQ(h().rd(CTLR, 4) & 1, 0u);
    expect_drop(5, 0, ITS_MSI_DROP_DISABLED);
    // Disabled wins over every other reason.
    expect_drop(0xFFFFFFFFu, 0xFFFFFFFFu, ITS_MSI_DROP_DISABLED);
    its_msi_result r = ITS_MSI_RESULTS;
    EXPECT_EQ(its_translater_write(h().its(), 5, 4, 0, &r), ITS_ACCESS_OK);
    EXPECT_EQ(r, ITS_MSI_DROP_DISABLED);
    EXPECT_EQ(h().events(), 0u);
    h().wr(CTLR, 1, 4);
    expect_delivery(5, 0, 8200, 1, 1);
}

TEST_P(TranslateTest, NeverEnabledItsDrops)
{
    ItsHarness fresh(cfg_);
    EXPECT_EQ(fresh.msi(0, 0), ITS_MSI_DROP_DISABLED);
    EXPECT_EQ(fresh.stats().msi[ITS_MSI_DROP_DISABLED], 1u);
    EXPECT_EQ(fresh.events(), 0u);
}

TEST_P(TranslateTest, TranslaterRegisterWriteHasNoDeviceId)
{
    MsiCounts before = counts();
    EXPECT_EQ(its_write(h().its(), ITS_TRANSLATER_OFFSET, 4, 0), ITS_ACCESS_OK);
    expect_counted(before, ITS_MSI_DROP_NO_DEVICE_ID);
    before = counts();
    EXPECT_EQ(its_write(h().its(), ITS_TRANSLATER_OFFSET, 2, 1), ITS_ACCESS_OK);
    expect_counted(before, ITS_MSI_DROP_NO_DEVICE_ID);
    // A 64-bit write is not a TRANSLATER access at all: rejected, not counted.
    before = counts();
    EXPECT_EQ(its_write(h().its(), ITS_TRANSLATER_OFFSET, 8, 0), ITS_ACCESS_BAD_SIZE);
    EXPECT_EQ(counts(), before);
    // The register is write-only: reads as zero.
    uint64_t v = 0xDEAD;
    EXPECT_EQ(its_read(h().its(), ITS_TRANSLATER_OFFSET, 4, &v), ITS_ACCESS_OK);
    EXPECT_EQ(v, 0u);
    EXPECT_EQ(h().events(), 0u);
}

TEST_P(TranslateTest, DeviceIdBeyondDevbits)
{
    uint64_t limit = 1ull << cfg_.devid_bits;
    expect_drop(uint32_t(limit), 0, ITS_MSI_DROP_DEVICE_OOR);
    expect_drop(0xFFFFFFFFu, 0, ITS_MSI_DROP_DEVICE_OOR);
    // The last DeviceID Devbits allows is in range of the ID space; it is
    // dropped only because the 64K table does not reach it.
    expect_drop(uint32_t(limit - 1), 0, ITS_MSI_DROP_DEVICE_OOR);
}

TEST_P(TranslateTest, DeviceIdBeyondDeviceTable)
{
    int n = h().baser_of(ITS_TABLE_DEVICE);
    uint32_t per_table = uint32_t(kTableBytes / cfg_.baser[n].entry_size);
    ASSERT_LT(per_table, 1ull << cfg_.devid_bits) << "table must be smaller than the ID space";
    expect_drop(per_table, 0, ITS_MSI_DROP_DEVICE_OOR);
    // The last entry of the table is inside it: unmapped, not out of range.
    expect_drop(per_table - 1, 0, ITS_MSI_DROP_UNMAPPED_DEVICE);
    // And MAPD cannot map beyond the table either (the error is the command's).
    run_failing(cmd::mapd(per_table, 1, h().alloc(256, 256)), ITS_ERROR_CODE(0x08, ITS_REASON_DEVICE_OOR));
    expect_drop(per_table, 0, ITS_MSI_DROP_DEVICE_OOR);
}

TEST_P(TranslateTest, DeviceTableNotValidHoldsNoDeviceId)
{
    // Enabled with a queue and a collection table but no device table.
    ItsHarness bare(cfg_);
    bare.setup_table(ITS_TABLE_COLLECTION, 2);
    bare.setup_queue();
    bare.wr(CTLR, 1, 4);
    EXPECT_EQ(bare.stats().diag[ITS_DIAG_ENABLED_WITHOUT_TABLES], 1u);
    EXPECT_EQ(bare.msi(0, 0), ITS_MSI_DROP_DEVICE_OOR);
    EXPECT_EQ(bare.msi(5, 0), ITS_MSI_DROP_DEVICE_OOR);
    EXPECT_EQ(bare.stats().msi[ITS_MSI_DROP_DEVICE_OOR], 2u);
    EXPECT_EQ(bare.events(), 0u);
}

TEST_P(TranslateTest, UnmappedDevice)
{
    expect_drop(6, 0, ITS_MSI_DROP_UNMAPPED_DEVICE);
    expect_drop(0, 0, ITS_MSI_DROP_UNMAPPED_DEVICE);
    expect_delivery(5, 0, 8200, 1, 1);
    h().run(cmd::mapd(5, 3, itt5_, false));
    expect_drop(5, 0, ITS_MSI_DROP_UNMAPPED_DEVICE);
    expect_drop(5, 1, ITS_MSI_DROP_UNMAPPED_DEVICE);
}

TEST_P(TranslateTest, EventIdBeyondIdBits)
{
    uint64_t limit = 1ull << cfg_.eventid_bits;
    expect_drop(5, uint32_t(limit), ITS_MSI_DROP_EVENT_OOR);
    expect_drop(5, 0xFFFFFFFFu, ITS_MSI_DROP_EVENT_OOR);
    // A device whose ITT spans the whole EventID space: the last EventID is
    // in range (unmapped), the next one is beyond ID_bits.
    h().map_device(8, cfg_.eventid_bits - 1);
    ASSERT_EQ(h().last_error(), 0u);
    expect_drop(8, uint32_t(limit - 1), ITS_MSI_DROP_UNMAPPED_EVENT);
    expect_drop(8, uint32_t(limit), ITS_MSI_DROP_EVENT_OOR);
}

TEST_P(TranslateTest, EventIdBeyondDeviceItt)
{
    // MAPD Size 3: 2^4 = 16 events.
    expect_drop(5, 15, ITS_MSI_DROP_UNMAPPED_EVENT);
    expect_drop(5, 16, ITS_MSI_DROP_EVENT_OOR);
    expect_drop(5, 1000, ITS_MSI_DROP_EVENT_OOR);
    // Remapped with Size 4 (32 events) on a new ITT: 16 is now in range.
    uint64_t itt = h().alloc(uint64_t(cfg_.ite_size) << 5, 256);
    h().run(cmd::mapd(5, 4, itt));
    expect_drop(5, 16, ITS_MSI_DROP_UNMAPPED_EVENT);
    expect_drop(5, 32, ITS_MSI_DROP_EVENT_OOR);
    h().run(cmd::mapti(5, 31, 8231, 1));
    expect_delivery(5, 31, 8231, 1, 1);
}

TEST_P(TranslateTest, UnmappedEvent)
{
    expect_drop(5, 2, ITS_MSI_DROP_UNMAPPED_EVENT);
    expect_drop(5, 15, ITS_MSI_DROP_UNMAPPED_EVENT);
    expect_delivery(5, 0, 8200, 1, 1);
    h().run(cmd::discard(5, 0));
    h().clear_events();
    expect_drop(5, 0, ITS_MSI_DROP_UNMAPPED_EVENT);
    expect_delivery(5, 1, 8201, 3, 2);
}

TEST_P(TranslateTest, UnmappedCollectionThenMapcDelivers)
{
    // MAPTI may name a collection that was never mapped.
    h().run(cmd::mapti(5, 3, 8203, 7));
    ASSERT_EQ(h().last_error(), 0u);
    expect_drop(5, 3, ITS_MSI_DROP_UNMAPPED_COLLECTION);
    expect_drop(5, 3, ITS_MSI_DROP_UNMAPPED_COLLECTION); // and again (cached ITE)
    h().run(cmd::mapc(7, 2));
    expect_delivery(5, 3, 8203, 2, 7);
    // Unmapping the collection drops it again; the ITE is untouched.
    h().run(cmd::mapc(7, 0, false));
    expect_drop(5, 3, ITS_MSI_DROP_UNMAPPED_COLLECTION);
    h().run(cmd::mapc(7, 0));
    expect_delivery(5, 3, 8203, 0, 7);
}

TEST_P(TranslateTest, MemoryFaultOnDeviceTableFetch)
{
    flush_caches();
    shim_add_fault(h().mem(), dt_, dt_ + kTableBytes);
    uint64_t faults = h().stats().mem_faults;
    expect_drop(5, 0, ITS_MSI_DROP_MEMORY_FAULT);
    EXPECT_EQ(h().stats().mem_faults, faults + 1);
    // Out-of-range and disabled checks need no memory: not faults.
    expect_drop(1u << cfg_.devid_bits, 0, ITS_MSI_DROP_DEVICE_OOR);
    shim_clear_faults(h().mem());
    expect_delivery(5, 0, 8200, 1, 1); // a fault is not remembered
}

TEST_P(TranslateTest, MemoryFaultOnIttFetch)
{
    flush_caches();
    shim_add_fault(h().mem(), itt5_, itt5_ + 16u * cfg_.ite_size);
    expect_drop(5, 0, ITS_MSI_DROP_MEMORY_FAULT);
    expect_drop(5, 2, ITS_MSI_DROP_MEMORY_FAULT); // unmapped, but unreadable
    expect_drop(5, 16, ITS_MSI_DROP_EVENT_OOR);   // the DTE decides that
    shim_clear_faults(h().mem());
    expect_delivery(5, 0, 8200, 1, 1);
}

TEST_P(TranslateTest, MemoryFaultOnCollectionTableFetch)
{
    flush_caches();
    shim_add_fault(h().mem(), ct_, ct_ + kTableBytes);
    expect_drop(5, 1, ITS_MSI_DROP_MEMORY_FAULT);
    shim_clear_faults(h().mem());
    expect_delivery(5, 1, 8201, 3, 2);
}

// An ITE whose INTID is no LPI (< 8192; MAPTI refuses those, so only a
// table written behind the ITS's back holds one) is never sent: the MSI is
// dropped as invalid_intid, INT fails as MAPTI of that INTID would.
TEST_P(TranslateTest, CorruptedIttIntidIsDroppedNotDelivered)
{
    for (uint32_t bad : {0u, 4u, 1023u, 8191u}) {
        ASSERT_EQ(poke_ite_intid(0, bad), 8200u) << "the ITE layout the test assumes";
        flush_caches();
        expect_drop(5, 0, ITS_MSI_DROP_INVALID_INTID); // counted, nothing sent
        expect_drop(5, 0, ITS_MSI_DROP_INVALID_INTID); // nor once cached
        expect_delivery(5, 1, 8201, 3, 2);             // the others are unaffected
        size_t events = h().events();
        run_failing(cmd::int_(5, 0), ITS_ERROR_CODE(ITS_CMD_INT, ITS_REASON_PHYSICALID_OOR));
        for (size_t i = events; i < h().events(); i++) // (a stalled queue's SYNC may show)
            EXPECT_NE(h().event(i).kind, SHIM_SET_PENDING) << "INT of INTID " << bad;
        ASSERT_EQ(poke_ite_intid(0, 8200), bad);
        flush_caches();
        expect_delivery(5, 0, 8200, 1, 1);
    }
    EXPECT_STREQ(its_msi_result_name(ITS_MSI_DROP_INVALID_INTID), "invalid_intid");
}

TEST_P(TranslateTest, DiscardOfACorruptedIteClearsNothing)
{
    poke_ite_intid(0, 4);
    flush_caches();
    size_t events = h().events();
    h().run(cmd::discard(5, 0)); // the entry goes; no clear of INTID 4 reaches a redistributor
    EXPECT_EQ(h().last_error(), 0u);
    for (size_t i = events; i < h().events(); i++)
        EXPECT_NE(h().event(i).kind, SHIM_CLEAR_PENDING) << "intid " << h().event(i).intid;
    expect_drop(5, 0, ITS_MSI_DROP_UNMAPPED_EVENT);
}

TEST_P(TranslateTest, CachedTranslationNeedsNoMemory)
{
    expect_delivery(5, 0, 8200, 1, 1); // warm whatever caches there are
    shim_add_fault(h().mem(), dt_, dt_ + kTableBytes);
    shim_add_fault(h().mem(), ct_, ct_ + kTableBytes);
    shim_add_fault(h().mem(), itt5_, itt5_ + 16u * cfg_.ite_size);
    uint64_t reads = shim_mem_reads(h().mem());
    if (caches_on()) {
        expect_delivery(5, 0, 8200, 1, 1);
        EXPECT_EQ(shim_mem_reads(h().mem()), reads);
    } else {
        expect_drop(5, 0, ITS_MSI_DROP_MEMORY_FAULT);
        EXPECT_GT(shim_mem_reads(h().mem()), reads);
    }
}

TEST_P(TranslateTest, OutcomeCountersAddUpToTranslations)
{
    its_stats_clear(h().its());
    h().clear_events();
    uint64_t translations = 0, delivered = 0;
    auto go = [&](uint32_t dev, uint32_t ev) {
        translations++;
        if (h().msi(dev, ev) == ITS_MSI_DELIVERED)
            delivered++;
    };
    h().run(cmd::mapti(5, 4, 8204, 9)); // ICID 9 never mapped
    for (int round = 0; round < 3; round++) {
        go(5, 0);
        go(5, 1);
        go(1u << cfg_.devid_bits, 0); // device OOR
        go(6, 0);                     // unmapped device
        go(5, 16);                    // event OOR
        go(5, 2);                     // unmapped event
        go(5, 4);                     // unmapped collection
        ASSERT_EQ(its_write(h().its(), ITS_TRANSLATER_OFFSET, 4, 0), ITS_ACCESS_OK);
        translations++;
        its_msi_result r;
        ASSERT_EQ(its_translater_write(h().its(), 5, 4, 1, &r), ITS_ACCESS_OK);
        translations++;
        delivered += r == ITS_MSI_DELIVERED;
        EXPECT_EQ(its_translater_write(h().its(), 5, 8, 1, &r), ITS_ACCESS_BAD_SIZE); // not one
    }
    flush_caches();
    shim_add_fault(h().mem(), itt5_, itt5_ + 16u * cfg_.ite_size);
    go(5, 0); // memory fault
    shim_clear_faults(h().mem());
    {
        // A corrupted ITE (INTID 4, not an LPI): event 3's, mapped then rewritten.
        h().run(cmd::mapti(5, 3, 8203, 1));
        poke_ite_intid(3, 4);
        flush_caches();
        go(5, 3); // invalid INTID
    }
    h().wr(CTLR, 0, 4);
    go(5, 0); // disabled
    h().wr(CTLR, 1, 4);

    const its_stats &s = h().stats();
    uint64_t sum = 0;
    for (int i = 0; i < ITS_MSI_RESULTS; i++) {
        EXPECT_GE(s.msi[i], 1u) << "outcome never seen: " << its_msi_result_name(its_msi_result(i));
        sum += s.msi[i];
    }
    EXPECT_EQ(sum, translations);
    EXPECT_EQ(s.msi[ITS_MSI_DELIVERED], delivered);
    EXPECT_EQ(s.msi[ITS_MSI_DELIVERED], 9u);
    size_t pending = 0;
    for (size_t i = 0; i < h().events(); i++)
        pending += h().event(i).kind == SHIM_SET_PENDING;
    EXPECT_EQ(pending, delivered) << "every delivery, and only those, sets an LPI pending";
}

TEST_P(TranslateTest, TranslaterWriteSizes)
{
    its_msi_result r = ITS_MSI_RESULTS;
    MsiCounts before = counts();
    // 32-bit: the whole value is the EventID.
    EXPECT_EQ(its_translater_write(h().its(), 5, 4, 0, &r), ITS_ACCESS_OK);
    EXPECT_EQ(r, ITS_MSI_DELIVERED);
    expect_counted(before, ITS_MSI_DELIVERED);
    ASSERT_EQ(h().events(), 1u);
    EXPECT_EQ(h().event(0).intid, 8200u);
    // 16-bit: the upper half of the value is ignored (EventID 1).
    before = counts();
    EXPECT_EQ(its_translater_write(h().its(), 5, 2, 0xABCD0001u, &r), ITS_ACCESS_OK);
    EXPECT_EQ(r, ITS_MSI_DELIVERED);
    expect_counted(before, ITS_MSI_DELIVERED);
    ASSERT_EQ(h().events(), 2u);
    EXPECT_EQ(h().event(1).intid, 8201u);
    EXPECT_EQ(h().event(1).target, 3u);
    // The same value as a 32-bit write is an EventID beyond ID_bits.
    before = counts();
    EXPECT_EQ(its_translater_write(h().its(), 5, 4, 0xABCD0001u, &r), ITS_ACCESS_OK);
    EXPECT_EQ(r, ITS_MSI_DROP_EVENT_OOR);
    expect_counted(before, ITS_MSI_DROP_EVENT_OOR);
    // Bits above 32 of the value never reach the EventID.
    EXPECT_EQ(its_translater_write(h().its(), 5, 4, 0x100000001ull, &r), ITS_ACCESS_OK);
    EXPECT_EQ(r, ITS_MSI_DELIVERED);
    // No result pointer: still translated.
    EXPECT_EQ(its_translater_write(h().its(), 5, 4, 0, nullptr), ITS_ACCESS_OK);
    EXPECT_EQ(h().events(), 4u);

    // Other sizes: rejected, nothing translated, result untouched.
    for (unsigned size : {0u, 1u, 3u, 8u, 16u}) {
        before = counts();
        uint64_t bad = h().stats().diag[ITS_DIAG_BAD_ACCESS_SIZE];
        r = ITS_MSI_RESULTS;
        EXPECT_EQ(its_translater_write(h().its(), 5, size, 0, &r), ITS_ACCESS_BAD_SIZE) << size;
        EXPECT_EQ(r, ITS_MSI_RESULTS) << size;
        EXPECT_EQ(counts(), before) << size;
        EXPECT_EQ(h().stats().diag[ITS_DIAG_BAD_ACCESS_SIZE], bad + 1) << size;
    }
    EXPECT_EQ(h().events(), 4u);
}

INSTANTIATE_TEST_SUITE_P(Presets, TranslateTest,
                         ::testing::Values(XlateParam{"qemu", make_qemu},
                                           XlateParam{"gic600", make_gic600},
                                           XlateParam{"uncached", qemu_uncached}),
                         [](const ::testing::TestParamInfo<XlateParam> &i) { return i.param.name; });

TEST(TranslateNames, EveryOutcomeHasItsOwnName)
{
    std::set<std::string> names;
    for (int i = 0; i < ITS_MSI_RESULTS; i++) {
        const char *n = its_msi_result_name(its_msi_result(i));
        ASSERT_NE(n, nullptr);
        EXPECT_STRNE(n, "");
        EXPECT_STRNE(n, "invalid") << i;
        names.insert(n);
    }
    EXPECT_EQ(names.size(), size_t(ITS_MSI_RESULTS));
    EXPECT_STREQ(its_msi_result_name(ITS_MSI_RESULTS), "invalid");
}

} // namespace
