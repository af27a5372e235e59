// SPDX-License-Identifier: Apache-2.0
// The modelled ITS caches (device, ITE, collection): functionally transparent,
// counted, bounded ones evict by their policy, unbounded ones grow, and they
// are invalidated by exactly the events that change a mapping. What software
// writes to a table behind the ITS's back is not seen while the entry is
// cached (the architecture lets an ITS cache table entries; only commands,
// or disabling the ITS on this model, make the change visible).
#include "its_harness.h"

#include <memory>
#include <vector>

namespace {

its_cache_config cache_of(uint32_t entries, uint32_t ways, its_cache_policy p)
{
    return its_cache_config{entries, ways, p};
}

its_config uncached()
{
    its_config c = qemu_config();
    c.device_cache.entries = c.ite_cache.entries = c.collection_cache.entries = 0;
    return c;
}

// An enabled ITS with flat 64K tables whose addresses are known.
struct Rig {
    its_config cfg;
    std::unique_ptr<ItsHarness> h;
    uint64_t dt = 0, ct = 0;

    explicit Rig(const its_config &c) : cfg(c), h(std::make_unique<ItsHarness>(c))
    {
        EXPECT_NE(h->its(), nullptr);
        dt = h->setup_table(ITS_TABLE_DEVICE, 2);
        ct = h->setup_table(ITS_TABLE_COLLECTION, 2);
        h->setup_queue();
        h->wr(CTLR, 1, 4);
    }
    ItsHarness *operator->() { return h.get(); }
    uint64_t reads() const { return shim_mem_reads(h->mem()); }
    its_stats st() const { return h->stats(); } // a snapshot
    uint64_t dte_addr(uint32_t dev) const { return dt + uint64_t(dev) * 8; }
    uint64_t cte_addr(uint32_t icid) const
    {
        return ct + uint64_t(icid) * cfg.baser[h->baser_of(ITS_TABLE_COLLECTION)].entry_size;
    }
    uint64_t ite_addr(uint64_t itt, uint32_t ev) const { return itt + uint64_t(ev) * cfg.ite_size; }
    // Software writing a table behind the ITS's back: copy one entry's bytes.
    void copy_entry(uint64_t from, uint64_t to, unsigned bytes)
    {
        std::vector<uint8_t> b(bytes);
        shim_mem_read(h->mem(), from, b.data(), bytes);
        shim_mem_write(h->mem(), to, b.data(), bytes);
    }
    void zero_entry(uint64_t at, unsigned bytes)
    {
        std::vector<uint8_t> b(bytes, 0);
        shim_mem_write(h->mem(), at, b.data(), bytes);
    }
    void toggle_enable()
    {
        h->wr(CTLR, 0, 4);
        h->wr(CTLR, 1, 4);
    }
};

// Delivered to intid at target? (EXPECTs on the way.)
void expect_xlate(Rig &r, uint32_t dev, uint32_t ev, uint32_t intid, uint32_t target)
{
    its_translation t{};
    ASSERT_EQ(r->msi(dev, ev, &t), ITS_MSI_DELIVERED) << "dev " << dev << " ev " << ev;
    EXPECT_EQ(t.intid, intid) << "dev " << dev << " ev " << ev;
    EXPECT_EQ(t.target, target) << "dev " << dev << " ev " << ev;
}

uint64_t lookups(const its_cache_stats &c) { return c.hits + c.misses; }

// ---- Hot path and cache-off ---------------------------------------------

struct PresetParam {
    const char *name;
    its_config (*make)();
};
void PrintTo(const PresetParam &p, std::ostream *os) { *os << p.name; }
its_config make_qemu() { return qemu_config(); }
its_config make_gic600() { return gic600_config(); }

class CacheHotPath : public ::testing::TestWithParam<PresetParam> {};

TEST_P(CacheHotPath, HotMsiDoesNotTouchMemory)
{
    Rig r(GetParam().make());
    r->run(cmd::mapc(1, 1));
    r->map_device(5, 3);
    r->run(cmd::mapti(5, 0, 8200, 1));
    expect_xlate(r, 5, 0, 8200, 1); // the first one fetches
    uint64_t reads = r.reads(), st_reads = r.st().mem_reads;
    its_cache_stats d = r.st().device_cache, i = r.st().ite_cache, c = r.st().collection_cache;
    for (int n = 0; n < 100; n++)
        expect_xlate(r, 5, 0, 8200, 1);
    EXPECT_EQ(r.reads(), reads);
    EXPECT_EQ(r.st().mem_reads, st_reads);
    EXPECT_EQ(r.st().ite_cache.hits, i.hits + 100);
    EXPECT_EQ(r.st().ite_cache.misses, i.misses);
    EXPECT_EQ(r.st().collection_cache.hits, c.hits + 100);
    EXPECT_EQ(r.st().collection_cache.misses, c.misses);
    // An ITE hit goes straight to the collection: the DTE is not looked up.
    EXPECT_EQ(lookups(r.st().device_cache), lookups(d));
    EXPECT_EQ(r->events(), 101u);
}

INSTANTIATE_TEST_SUITE_P(Presets, CacheHotPath,
                         ::testing::Values(PresetParam{"qemu", make_qemu}, PresetParam{"gic600", make_gic600}),
                         [](const ::testing::TestParamInfo<PresetParam> &p) { return p.param.name; });

TEST(CacheOff, EveryMsiReadsDteIteAndCte)
{
    Rig r(uncached());
    r->run(cmd::mapc(1, 1));
    r->map_device(5, 3);
    r->run(cmd::mapti(5, 0, 8200, 1));
    for (int n = 0; n < 10; n++) {
        uint64_t reads = r.reads();
        expect_xlate(r, 5, 0, 8200, 1);
        EXPECT_EQ(r.reads() - reads, 3u) << "flat tables: one DTE, one ITE, one CTE read";
    }
    // Nothing is looked up, so nothing is counted.
    its_stats s = r.st();
    for (const its_cache_stats *c : {&s.device_cache, &s.ite_cache, &s.collection_cache}) {
        EXPECT_EQ(c->hits, 0u);
        EXPECT_EQ(c->misses, 0u);
        EXPECT_EQ(c->evictions, 0u);
    }
}

TEST(CacheOff, OnlyTheIteCacheOffReadsOnlyTheIte)
{
    its_config c = qemu_config();
    c.ite_cache.entries = 0;
    Rig r(c);
    r->run(cmd::mapc(1, 1));
    r->map_device(5, 3);
    r->run(cmd::mapti(5, 0, 8200, 1));
    expect_xlate(r, 5, 0, 8200, 1);
    its_cache_stats d = r.st().device_cache;
    for (int n = 0; n < 10; n++) {
        uint64_t reads = r.reads();
        expect_xlate(r, 5, 0, 8200, 1);
        EXPECT_EQ(r.reads() - reads, 1u);
    }
    EXPECT_EQ(r.st().device_cache.hits, d.hits + 10);
    EXPECT_EQ(r.st().device_cache.misses, d.misses);
}

// ---- Bounded: eviction and replacement -------------------------------------

// Does this MSI hit the ITE cache? (and it must translate to 8200 + ev)
bool ite_hit(Rig &r, uint32_t dev, uint32_t ev)
{
    uint64_t hits = r.st().ite_cache.hits;
    its_translation t{};
    EXPECT_EQ(r->msi(dev, ev, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, 8200 + ev);
    return r.st().ite_cache.hits == hits + 1;
}

// One set of two ways for ITEs, other caches unbounded.
Rig *tiny_ite_rig(its_cache_policy p, uint32_t entries = 2, uint32_t ways = 2)
{
    its_config c = qemu_config();
    c.ite_cache = cache_of(entries, ways, p);
    Rig *r = new Rig(c);
    (*r)->run(cmd::mapc(1, 1));
    (*r)->map_device(5, 4);
    for (uint32_t ev = 0; ev < 32; ev++)
        (*r)->run(cmd::mapti(5, ev, 8200 + ev, 1));
    return r;
}

TEST(CacheReplacement, LruEvictsTheLeastRecentlyUsed)
{
    std::unique_ptr<Rig> r(tiny_ite_rig(ITS_REPLACE_LRU));
    EXPECT_FALSE(ite_hit(*r, 5, 0));
    EXPECT_FALSE(ite_hit(*r, 5, 1));
    EXPECT_EQ(r->st().ite_cache.evictions, 0u);
    EXPECT_TRUE(ite_hit(*r, 5, 0)); // 0 is now the most recently used
    EXPECT_FALSE(ite_hit(*r, 5, 2)); // evicts 1
    EXPECT_EQ(r->st().ite_cache.evictions, 1u);
    EXPECT_TRUE(ite_hit(*r, 5, 0));
    EXPECT_TRUE(ite_hit(*r, 5, 2));
    EXPECT_FALSE(ite_hit(*r, 5, 1)); // evicts 0 (2 was used after it)
    EXPECT_EQ(r->st().ite_cache.evictions, 2u);
    EXPECT_TRUE(ite_hit(*r, 5, 2));
    EXPECT_FALSE(ite_hit(*r, 5, 0));
}

TEST(CacheReplacement, FifoEvictsTheOldestFillWhateverItsUse)
{
    std::unique_ptr<Rig> r(tiny_ite_rig(ITS_REPLACE_FIFO));
    EXPECT_FALSE(ite_hit(*r, 5, 0));
    EXPECT_FALSE(ite_hit(*r, 5, 1));
    EXPECT_TRUE(ite_hit(*r, 5, 0)); // a hit does not refresh a FIFO entry
    EXPECT_FALSE(ite_hit(*r, 5, 2)); // evicts 0, the first filled
    EXPECT_EQ(r->st().ite_cache.evictions, 1u);
    EXPECT_TRUE(ite_hit(*r, 5, 1));
    EXPECT_TRUE(ite_hit(*r, 5, 2));
    EXPECT_FALSE(ite_hit(*r, 5, 0)); // evicts 1
    EXPECT_EQ(r->st().ite_cache.evictions, 2u);
    EXPECT_TRUE(ite_hit(*r, 5, 2));
    EXPECT_FALSE(ite_hit(*r, 5, 1)); // evicts 2
}

TEST(CacheReplacement, RandomIsDeterministicAcrossInstances)
{
    std::unique_ptr<Rig> a(tiny_ite_rig(ITS_REPLACE_RANDOM, 4, 4));
    std::unique_ptr<Rig> b(tiny_ite_rig(ITS_REPLACE_RANDOM, 4, 4));
    std::vector<bool> ha, hb;
    uint32_t x = 12345;
    for (int n = 0; n < 2000; n++) {
        x = x * 1103515245u + 12345u;
        uint32_t ev = (x >> 16) % 7; // 7 keys over 4 ways
        ha.push_back(ite_hit(*a, 5, ev));
        hb.push_back(ite_hit(*b, 5, ev));
    }
    EXPECT_EQ(ha, hb);
    EXPECT_EQ(a->st().ite_cache.evictions, b->st().ite_cache.evictions);
    EXPECT_GT(a->st().ite_cache.evictions, 100u);
    EXPECT_GT(a->st().ite_cache.hits, 100u);
    // The policy is really in use: the same sequence under LRU and FIFO
    // hits and misses differently.
    for (its_cache_policy p : {ITS_REPLACE_LRU, ITS_REPLACE_FIFO}) {
        std::unique_ptr<Rig> o(tiny_ite_rig(p, 4, 4));
        std::vector<bool> ho;
        x = 12345;
        for (int n = 0; n < 2000; n++) {
            x = x * 1103515245u + 12345u;
            ho.push_back(ite_hit(*o, 5, (x >> 16) % 7));
        }
        EXPECT_NE(ha, ho) << "policy " << p;
    }
}

TEST(CacheReplacement, EveryTinyCacheEvictsAndStaysTransparent)
{
    its_config c = qemu_config();
    c.device_cache = c.ite_cache = c.collection_cache = cache_of(2, 2, ITS_REPLACE_LRU);
    Rig r(c);
    for (uint32_t k = 0; k < 3; k++) {
        r->run(cmd::mapc(k + 1, k));
        r->map_device(10 + k, 1);
        r->run(cmd::mapti(10 + k, 1, 9000 + k, k + 1));
    }
    for (uint32_t k = 0; k < 3; k++)
        expect_xlate(r, 10 + k, 1, 9000 + k, k);
    its_stats before = r.st();
    uint64_t reads = r.reads();
    // Three keys cycling through two ways under LRU: every lookup misses.
    for (int n = 0; n < 30; n++)
        expect_xlate(r, 10 + n % 3, 1, 9000 + n % 3, n % 3);
    EXPECT_EQ(r.reads() - reads, 90u);
    its_stats after = r.st();
    const its_cache_stats *now[3] = {&after.device_cache, &after.ite_cache, &after.collection_cache};
    const its_cache_stats *was[3] = {&before.device_cache, &before.ite_cache, &before.collection_cache};
    for (int i = 0; i < 3; i++) {
        EXPECT_EQ(now[i]->misses - was[i]->misses, 30u) << i;
        EXPECT_EQ(now[i]->evictions - was[i]->evictions, 30u) << i;
        EXPECT_EQ(now[i]->hits, was[i]->hits) << i;
    }
}

TEST(CacheReplacement, Gic600SizedIteCacheHoldsAtMostItsEntries)
{
    Rig r(gic600_config());
    const uint32_t kEntries = r.cfg.ite_cache.entries; // 256, 2-way
    r->run(cmd::mapc(0, 0));
    r->run(cmd::mapc(1, 1));
    for (uint32_t d = 0; d < 4; d++) {
        r->map_device(d, 7);
        for (uint32_t ev = 0; ev < 256; ev++)
            r->run(cmd::mapti(d, ev, 8192 + d * 256 + ev, ev & 1));
    }
    ASSERT_EQ(r->last_error(), 0u);
    its_cache_stats i0 = r.st().ite_cache;
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t d = 0; d < 4; d++)
            for (uint32_t ev = 0; ev < 256; ev++)
                expect_xlate(r, d, ev, 8192 + d * 256 + ev, ev & 1);
    const its_cache_stats i = r.st().ite_cache;
    uint64_t misses = i.misses - i0.misses, hits = i.hits - i0.hits;
    EXPECT_EQ(hits + misses, 2048u);
    EXPECT_GE(misses, 2048u - kEntries) << "at most every cached entry can hit";
    EXPECT_LE(hits, kEntries);
    EXPECT_GE(i.evictions - i0.evictions, misses - kEntries) << "every fill beyond capacity evicts";
    EXPECT_LE(i.evictions - i0.evictions, misses);
}

// ---- Unbounded: growth ---------------------------------------------------

TEST(CacheUnbounded, GrowsToTensOfThousandsAndStaysCorrect)
{
    Rig r(qemu_config(8));
    const uint32_t kDevices = 32, kEvents = 1024;
    auto intid = [](uint32_t d, uint32_t ev) { return 8192 + d * kEvents + ev; };
    for (uint32_t t = 0; t < 8; t++)
        r->run(cmd::mapc(t, t));
    for (uint32_t d = 0; d < kDevices; d++) {
        r->map_device(d, 9);
        for (uint32_t ev = 0; ev < kEvents; ev++)
            r->put(cmd::mapti(d, ev, intid(d, ev), (d + ev) % 8));
    }
    ASSERT_EQ(r->creadr(), r->cwriter());
    ASSERT_EQ(r->last_error(), 0u);
    for (uint32_t d = 0; d < kDevices; d++)
        for (uint32_t ev = 0; ev < kEvents; ev++)
            expect_xlate(r, d, ev, intid(d, ev), (d + ev) % 8);
    ASSERT_FALSE(::testing::Test::HasFailure());
    const uint64_t total = uint64_t(kDevices) * kEvents;
    EXPECT_EQ(r.st().ite_cache.evictions, 0u);
    // Second pass: all hits, no memory.
    uint64_t reads = r.reads(), hits = r.st().ite_cache.hits;
    for (uint32_t d = 0; d < kDevices; d++)
        for (uint32_t ev = 0; ev < kEvents; ev++)
            expect_xlate(r, d, ev, intid(d, ev), (d + ev) % 8);
    EXPECT_EQ(r.reads(), reads);
    EXPECT_EQ(r.st().ite_cache.hits - hits, total);

    // Remove scattered entries (one at a time) and one whole device.
    uint64_t inval = r.st().ite_cache.invalidations;
    uint32_t discarded = 0;
    for (uint32_t n = 0; n < total; n += 97, discarded++)
        r->run(cmd::discard(n / kEvents, n % kEvents));
    r->run(cmd::mapd(17, 9, 0, false));
    uint32_t dev17_left = kEvents;
    for (uint32_t n = 0; n < total; n += 97)
        dev17_left -= n / kEvents == 17;
    EXPECT_EQ(r.st().ite_cache.invalidations - inval, discarded + dev17_left);

    reads = r.reads();
    uint32_t gone = 0;
    for (uint32_t d = 0; d < kDevices; d++) {
        for (uint32_t ev = 0; ev < kEvents; ev++) {
            uint32_t n = d * kEvents + ev;
            if (d == 17)
                EXPECT_EQ(r->msi(d, ev), ITS_MSI_DROP_UNMAPPED_DEVICE);
            else if (n % 97 == 0 && ++gone)
                EXPECT_EQ(r->msi(d, ev), ITS_MSI_DROP_UNMAPPED_EVENT) << d << "," << ev;
            else
                expect_xlate(r, d, ev, intid(d, ev), (d + ev) % 8);
        }
    }
    // Only the removed entries went back to memory: one ITE read each (the
    // DTE is still cached), and one DTE read per event of the unmapped device.
    EXPECT_EQ(r.reads() - reads, uint64_t(gone) + kEvents);
}

// Dropping one device's ITEs from an unbounded cache works in place (its
// runs shift back): every other entry stays cached, each drop counts exactly
// that device's entries, and mapping a device nothing of is cached counts none.
TEST(CacheUnbounded, DroppingDevicesOneByOneKeepsEveryOtherEntry)
{
    Rig r(qemu_config(8));
    const uint32_t kDevices = 64, kEvents = 64;
    auto intid = [](uint32_t d, uint32_t ev) { return 8192 + d * kEvents + ev; };
    for (uint32_t t = 0; t < 8; t++)
        r->run(cmd::mapc(t, t));
    for (uint32_t d = 0; d < kDevices; d++) {
        r->map_device(d, 6);
        for (uint32_t ev = 0; ev < kEvents; ev++)
            r->put(cmd::mapti(d, ev, intid(d, ev), ev % 8));
    }
    ASSERT_EQ(r->creadr(), r->cwriter());
    for (uint32_t d = 0; d < kDevices; d++)
        for (uint32_t ev = 0; ev < kEvents; ev++)
            expect_xlate(r, d, ev, intid(d, ev), ev % 8);
    uint64_t inval = r.st().ite_cache.invalidations;
    r->map_device(100, 6); // nothing of device 100 is cached
    EXPECT_EQ(r.st().ite_cache.invalidations, inval);
    std::vector<bool> gone(kDevices);
    for (uint32_t k = 0; k < kDevices; k++) {
        const uint32_t d = (k * 37) % kDevices;
        r->run(cmd::mapd(d, 6, 0, false));
        gone[d] = true;
        EXPECT_EQ(r.st().ite_cache.invalidations - inval, kEvents) << "device " << d;
        inval = r.st().ite_cache.invalidations;
        const uint64_t reads = r.reads();
        for (uint32_t o = 0; o < kDevices; o++)
            for (uint32_t ev = 0; !gone[o] && ev < kEvents; ev++)
                expect_xlate(r, o, ev, intid(o, ev), ev % 8);
        ASSERT_EQ(r.reads(), reads) << "an entry of another device was lost dropping device " << d;
    }
}

// ---- Invalidation --------------------------------------------------------

// Collections 1 -> PE1, 2 -> PE3. Device 5: events 0..3 -> 8200+ev on ICID 1.
// Device 6: events 0..1 -> 8300+ev on ICID 2. All six translated once.
class CacheInvalidation : public ::testing::TestWithParam<PresetParam> {
protected:
    void SetUp() override
    {
        r_ = std::make_unique<Rig>(GetParam().make());
        Rig &r = *r_;
        r->run(cmd::mapc(1, 1));
        r->run(cmd::mapc(2, 3));
        itt5_ = r->map_device(5, 3);
        itt6_ = r->map_device(6, 3);
        for (uint32_t ev = 0; ev < 4; ev++)
            r->run(cmd::mapti(5, ev, 8200 + ev, 1));
        for (uint32_t ev = 0; ev < 2; ev++)
            r->run(cmd::mapti(6, ev, 8300 + ev, 2));
        warm();
        ASSERT_EQ(r->last_error(), 0u);
        ASSERT_EQ(r.st().ite_cache.evictions + r.st().device_cache.evictions +
                      r.st().collection_cache.evictions, 0u)
            << "the scenario assumes everything stays cached";
        snap();
    }
    void warm()
    {
        for (uint32_t ev = 0; ev < 4; ev++)
            expect_xlate(*r_, 5, ev, 8200 + ev, 1);
        for (uint32_t ev = 0; ev < 2; ev++)
            expect_xlate(*r_, 6, ev, 8300 + ev, 3);
    }
    void snap()
    {
        s_ = r_->st();
        r_->h->clear_events();
    }
    uint64_t d_inval() const { return r_->st().device_cache.invalidations - s_.device_cache.invalidations; }
    uint64_t i_inval() const { return r_->st().ite_cache.invalidations - s_.ite_cache.invalidations; }
    uint64_t c_inval() const
    {
        return r_->st().collection_cache.invalidations - s_.collection_cache.invalidations;
    }
    // Device 6 is untouched by the command under test: still served from cache.
    void expect_dev6_hot()
    {
        uint64_t reads = r_->reads();
        expect_xlate(*r_, 6, 0, 8300, 3);
        expect_xlate(*r_, 6, 1, 8301, 3);
        EXPECT_EQ(r_->reads(), reads) << "device 6 lost its cached entries";
    }
    Rig &r() { return *r_; }

    std::unique_ptr<Rig> r_;
    its_stats s_{};
    uint64_t itt5_ = 0, itt6_ = 0;
};

TEST_P(CacheInvalidation, MapdRemapDropsThatDevicesItesOnly)
{
    uint64_t itt = r()->alloc(16u * r().cfg.ite_size, 256);
    r()->run(cmd::mapd(5, 3, itt));
    EXPECT_EQ(i_inval(), 4u);
    EXPECT_EQ(d_inval(), 1u);
    EXPECT_EQ(c_inval(), 0u);
    EXPECT_EQ(r()->msi(5, 0), ITS_MSI_DROP_UNMAPPED_EVENT) << "the new ITT is empty";
    EXPECT_EQ(r().st().ite_cache.misses, s_.ite_cache.misses + 1);
    expect_dev6_hot();
    r()->run(cmd::mapti(5, 0, 8210, 2));
    expect_xlate(r(), 5, 0, 8210, 3);
}

TEST_P(CacheInvalidation, MapdInvalidDropsThatDevicesItesOnly)
{
    r()->run(cmd::mapd(5, 3, itt5_, false));
    EXPECT_EQ(i_inval(), 4u);
    EXPECT_EQ(d_inval(), 1u);
    for (uint32_t ev = 0; ev < 4; ev++)
        EXPECT_EQ(r()->msi(5, ev), ITS_MSI_DROP_UNMAPPED_DEVICE);
    expect_dev6_hot();
    // Mapped again on the same ITT: the ITEs in memory are used again.
    r()->run(cmd::mapd(5, 3, itt5_));
    expect_xlate(r(), 5, 3, 8203, 1);
}

TEST_P(CacheInvalidation, MapcRemapAndUnmap)
{
    r()->run(cmd::mapc(1, 2));
    EXPECT_EQ(c_inval(), 1u);
    EXPECT_EQ(i_inval() + d_inval(), 0u);
    uint64_t ite_hits = r().st().ite_cache.hits;
    expect_xlate(r(), 5, 0, 8200, 2);
    EXPECT_EQ(r().st().ite_cache.hits, ite_hits + 1) << "the ITE itself stays cached";
    EXPECT_EQ(r().st().collection_cache.misses, s_.collection_cache.misses + 1);
    expect_dev6_hot();
    snap();
    r()->run(cmd::mapc(1, 0, false));
    EXPECT_EQ(c_inval(), 1u);
    EXPECT_EQ(r()->msi(5, 0), ITS_MSI_DROP_UNMAPPED_COLLECTION);
    expect_dev6_hot();
}

TEST_P(CacheInvalidation, MaptiOverAnExistingEvent)
{
    r()->run(cmd::mapti(5, 0, 8250, 2));
    EXPECT_EQ(i_inval(), 1u);
    EXPECT_EQ(d_inval() + c_inval(), 0u);
    expect_xlate(r(), 5, 0, 8250, 3);
    uint64_t reads = r().reads();
    expect_xlate(r(), 5, 1, 8201, 1); // its neighbour is still cached
    EXPECT_EQ(r().reads(), reads);
    expect_dev6_hot();
}

TEST_P(CacheInvalidation, MapiOverAnExistingEvent)
{
    // MAPI uses the EventID as the LPI: it needs EventIDs >= 8192.
    r()->map_device(7, 13);
    r()->run(cmd::mapi(7, 8195, 1));
    expect_xlate(r(), 7, 8195, 8195, 1);
    snap();
    r()->run(cmd::mapi(7, 8195, 2));
    EXPECT_EQ(i_inval(), 1u);
    expect_xlate(r(), 7, 8195, 8195, 3);
    expect_dev6_hot();
}

TEST_P(CacheInvalidation, Movi)
{
    r()->run(cmd::movi(5, 0, 2));
    EXPECT_EQ(i_inval(), 1u);
    EXPECT_EQ(d_inval() + c_inval(), 0u);
    ASSERT_EQ(r()->events(), 1u);
    EXPECT_EQ(r()->event(0).kind, SHIM_MOVE_PENDING);
    EXPECT_EQ(r()->event(0).target, 1u);
    EXPECT_EQ(r()->event(0).to, 3u);
    EXPECT_EQ(r()->event(0).intid, 8200u);
    its_translation t{};
    ASSERT_EQ(r()->msi(5, 0, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.icid, 2u);
    EXPECT_EQ(t.target, 3u);
    EXPECT_EQ(t.intid, 8200u);
    expect_dev6_hot();
}

TEST_P(CacheInvalidation, Discard)
{
    r()->run(cmd::discard(5, 2));
    EXPECT_EQ(i_inval(), 1u);
    EXPECT_EQ(d_inval() + c_inval(), 0u);
    EXPECT_EQ(r()->msi(5, 2), ITS_MSI_DROP_UNMAPPED_EVENT);
    expect_xlate(r(), 5, 3, 8203, 1);
    expect_dev6_hot();
}

TEST_P(CacheInvalidation, CommandsThatChangeNoMappingKeepTheCaches)
{
    for (const Cmd &c : {cmd::int_(5, 0), cmd::clear(5, 0), cmd::inv(5, 1), cmd::invall(1), cmd::sync(1),
                         cmd::movall(1, 3), cmd::mapc(9, 0), cmd::mapd(8, 2, r()->alloc(256, 256)),
                         cmd::mapti(6, 5, 8305, 2)})
        r()->run(c);
    EXPECT_EQ(r()->last_error(), 0u);
    EXPECT_EQ(i_inval() + d_inval() + c_inval(), 0u);
    uint64_t reads = r().reads();
    for (uint32_t ev = 0; ev < 4; ev++)
        expect_xlate(r(), 5, ev, 8200 + ev, 1);
    EXPECT_EQ(r().reads(), reads);
    expect_dev6_hot();
}

TEST_P(CacheInvalidation, DisablingTheItsDropsEverything)
{
    // Software edits ITE 5/0 in memory (a copy of 5/1, which targets the
    // same collection): not seen while cached...
    r().copy_entry(r().ite_addr(itt5_, 1), r().ite_addr(itt5_, 0), r().cfg.ite_size);
    expect_xlate(r(), 5, 0, 8200, 1);
    snap();
    r()->wr(CTLR, 0, 4);
    EXPECT_EQ(i_inval(), 6u);
    EXPECT_EQ(d_inval(), 2u);
    EXPECT_EQ(c_inval(), 2u);
    r()->wr(CTLR, 1, 4);
    // ...and seen once the caches are gone; every entry is fetched again.
    expect_xlate(r(), 5, 0, 8201, 1);
    EXPECT_EQ(r().st().ite_cache.misses, s_.ite_cache.misses + 1);
    EXPECT_EQ(r().st().device_cache.misses, s_.device_cache.misses + 1);
    EXPECT_EQ(r().st().collection_cache.misses, s_.collection_cache.misses + 1);
    uint64_t reads = r().reads();
    expect_xlate(r(), 6, 0, 8300, 3);
    EXPECT_GT(r().reads(), reads);
}

TEST_P(CacheInvalidation, DeviceBaserChange)
{
    r()->wr(CTLR, 0, 4);
    uint64_t dropped = i_inval() + d_inval() + c_inval();
    EXPECT_EQ(dropped, 10u);
    // A new device table where device 5 has device 6's DTE.
    uint64_t old_dt = r().dt;
    r().dt = r()->setup_table(ITS_TABLE_DEVICE, 2);
    ASSERT_NE(r().dt, old_dt);
    r().copy_entry(old_dt + 6 * 8, r().dte_addr(5), 8);
    r()->wr(CTLR, 1, 4);
    expect_xlate(r(), 5, 0, 8300, 3);
    expect_xlate(r(), 5, 1, 8301, 3);
    EXPECT_EQ(r()->msi(5, 2), ITS_MSI_DROP_UNMAPPED_EVENT);
    EXPECT_EQ(r()->msi(6, 0), ITS_MSI_DROP_UNMAPPED_DEVICE) << "device 6 is not in the new table";
    EXPECT_EQ(r().st().ite_cache.misses - s_.ite_cache.misses, 4u);
    // Device 5's DTE is fetched once, device 6's empty one every time.
    EXPECT_EQ(r().st().device_cache.misses - s_.device_cache.misses, 2u);
    EXPECT_EQ(r().st().ite_cache.hits, s_.ite_cache.hits);
}

INSTANTIATE_TEST_SUITE_P(Presets, CacheInvalidation,
                         ::testing::Values(PresetParam{"qemu", make_qemu}, PresetParam{"gic600", make_gic600}),
                         [](const ::testing::TestParamInfo<PresetParam> &p) { return p.param.name; });

// invalidate_on_disable = false (GITS_TYPER.INV = 0 style): the caches
// survive Enabled 1 -> 0 -> 1, so a stale entry stays stale.
TEST(CacheInvalidationKnob, WithoutInvalidateOnDisableCachesSurvive)
{
    its_config c = qemu_config();
    c.invalidate_on_disable = false;
    Rig r(c);
    r->run(cmd::mapc(1, 1));
    uint64_t itt = r->map_device(5, 3);
    r->run(cmd::mapti(5, 0, 8200, 1));
    r->run(cmd::mapti(5, 1, 8201, 1));
    expect_xlate(r, 5, 0, 8200, 1);
    r.copy_entry(r.ite_addr(itt, 1), r.ite_addr(itt, 0), c.ite_size);
    uint64_t inval = r.st().ite_cache.invalidations;
    r.toggle_enable();
    EXPECT_EQ(r.st().ite_cache.invalidations, inval);
    uint64_t reads = r.reads();
    expect_xlate(r, 5, 0, 8200, 1);
    EXPECT_EQ(r.reads(), reads);
    // A command on the entry still invalidates it.
    r->run(cmd::mapti(5, 0, 8202, 1));
    expect_xlate(r, 5, 0, 8202, 1);
}

// Without invalidate_on_disable the caches survive a disable, but not the
// tables they were read from: once a BASER is written with Valid = 0 its
// entries cannot translate, and the same table made Valid again is read
// afresh from memory.
class BaserInvalidKnob : public ::testing::TestWithParam<PresetParam> {
protected:
    its_config make() const
    {
        its_config c = GetParam().make();
        c.invalidate_on_disable = false;
        return c;
    }
    Rig r{make()};
    uint64_t itt = 0;
    void SetUp() override
    {
        r->run(cmd::mapc(1, 1));
        itt = r->map_device(5, 3);
        r->run(cmd::mapti(5, 0, 8200, 1));
        expect_xlate(r, 5, 0, 8200, 1); // DTE, ITE and CTE now cached
    }
    void rewrite(its_table_type type, bool valid)
    {
        uint64_t off = BASER0 + 8 * r->baser_of(type);
        uint64_t v = r->rd(off);
        r->wr(off, valid ? v | 1ull << 63 : v & ~(1ull << 63));
    }
};

TEST_P(BaserInvalidKnob, DeviceTableNotValidCannotTranslateFromTheCaches)
{
    r->wr(CTLR, 0, 4);
    rewrite(ITS_TABLE_DEVICE, false);
    r->wr(CTLR, 1, 4);
    EXPECT_EQ(r->msi(5, 0), ITS_MSI_DROP_DEVICE_OOR);
    // Valid again, same memory: the mapping is read from the table, and an
    // edit made meanwhile is seen (nothing cached from before survived).
    r.copy_entry(r.ite_addr(itt, 0), r.ite_addr(itt, 1), r.cfg.ite_size);
    r.zero_entry(r.ite_addr(itt, 0), r.cfg.ite_size);
    r->wr(CTLR, 0, 4);
    rewrite(ITS_TABLE_DEVICE, true);
    r->wr(CTLR, 1, 4);
    EXPECT_EQ(r->msi(5, 0), ITS_MSI_DROP_UNMAPPED_EVENT);
    expect_xlate(r, 5, 1, 8200, 1);
}

TEST_P(BaserInvalidKnob, CollectionTableNotValidCannotTranslateFromTheCaches)
{
    r->wr(CTLR, 0, 4);
    rewrite(ITS_TABLE_COLLECTION, false);
    r->wr(CTLR, 1, 4);
    EXPECT_EQ(r->msi(5, 0), ITS_MSI_DROP_UNMAPPED_COLLECTION);
    r->wr(CTLR, 0, 4);
    rewrite(ITS_TABLE_COLLECTION, true);
    r->wr(CTLR, 1, 4);
    expect_xlate(r, 5, 0, 8200, 1);
}

TEST_P(BaserInvalidKnob, TablesLeftAloneKeepTheirEntries)
{
    // Rewriting a BASER with the value it holds moves nothing: entries stay.
    r->wr(CTLR, 0, 4);
    rewrite(ITS_TABLE_DEVICE, true);
    rewrite(ITS_TABLE_COLLECTION, true);
    r->wr(CTLR, 1, 4);
    r.zero_entry(r.ite_addr(itt, 0), r.cfg.ite_size);
    if (r.cfg.ite_cache.entries != 0)
        expect_xlate(r, 5, 0, 8200, 1);
}

INSTANTIATE_TEST_SUITE_P(Presets, BaserInvalidKnob,
                         ::testing::Values(PresetParam{"qemu", make_qemu}, PresetParam{"gic600", make_gic600}),
                         [](const ::testing::TestParamInfo<PresetParam> &p) { return p.param.name; });

// ---- Staleness -----------------------------------------------------------

class CacheStaleness : public ::testing::TestWithParam<PresetParam> {};

TEST_P(CacheStaleness, TableEditsBehindTheItsBackAreNotSeenWhileCached)
{
    Rig r(GetParam().make());
    const bool cached = r.cfg.ite_cache.entries != 0;
    r->run(cmd::mapc(1, 1));
    r->run(cmd::mapc(2, 3));
    uint64_t itt = r->map_device(5, 3);
    r->map_device(6, 3);
    r->run(cmd::mapti(5, 0, 8200, 1));
    r->run(cmd::mapti(5, 1, 8201, 2));
    r->run(cmd::mapti(5, 2, 8202, 1));
    r->run(cmd::mapti(6, 0, 8300, 1));
    expect_xlate(r, 5, 0, 8200, 1);
    expect_xlate(r, 6, 0, 8300, 1);

    // ITE: 5/0 becomes a copy of 5/1 in memory.
    r.copy_entry(r.ite_addr(itt, 1), r.ite_addr(itt, 0), r.cfg.ite_size);
    if (cached)
        expect_xlate(r, 5, 0, 8200, 1);
    else
        expect_xlate(r, 5, 0, 8201, 3);

    // CTE: collection 1 becomes a copy of collection 2 (PE3).
    unsigned cte_size = r.cfg.baser[r->baser_of(ITS_TABLE_COLLECTION)].entry_size;
    r.copy_entry(r.cte_addr(2), r.cte_addr(1), cte_size);
    expect_xlate(r, 6, 0, 8300, cached ? 1 : 3);

    // DTE: device 5 erased. Event 2 was never translated, so its ITE is not
    // cached, but the DTE is (MAPTI read it).
    r.zero_entry(r.dte_addr(5), 8);
    if (cached) {
        expect_xlate(r, 5, 2, 8202, 1);
    } else {
        EXPECT_EQ(r->msi(5, 2), ITS_MSI_DROP_UNMAPPED_DEVICE);
        return;
    }
    // Dropping the caches makes every edit visible.
    r.toggle_enable();
    EXPECT_EQ(r->msi(5, 2), ITS_MSI_DROP_UNMAPPED_DEVICE);
    expect_xlate(r, 6, 0, 8300, 3);
}

INSTANTIATE_TEST_SUITE_P(Presets, CacheStaleness,
                         ::testing::Values(PresetParam{"qemu", make_qemu}, PresetParam{"gic600", make_gic600},
                                           PresetParam{"uncached", uncached}),
                         [](const ::testing::TestParamInfo<PresetParam> &p) { return p.param.name; });

} // namespace
