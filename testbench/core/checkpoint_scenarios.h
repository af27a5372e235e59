// SPDX-License-Identifier: Apache-2.0
// The traffic the checkpoint tests save in the middle of: for an ITS,
// mappings through the command queue, MSIs that thrash small caches, and a
// command that fails (the queue stalls on it, or skips it); for a
// redistributor, LPIs across several 4096-INTID chunks, nested acknowledges,
// property changes with INV/INVALL. The *_continue halves run after the
// checkpoint and log every result, so that an instance and its restored
// twin can be compared observation by observation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checkpoint_util.h"
#include "its_harness.h"
#include "redist_harness.h"

// The same pseudo-random stream in both twins.
struct Lcg {
    uint64_t s;
    uint32_t next()
    {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        return uint32_t(s >> 33);
    }
};

// ---- ITS ------------------------------------------------------------------

constexpr uint32_t kCkptDevices = 8, kCkptEvents = 24, kCkptCollections = 8;
constexpr uint32_t kFailingDevice = 100; // never mapped before the checkpoint

inline uint32_t ckpt_lpi(uint32_t dev, uint32_t ev) { return GIC_LPI_FIRST_INTID + dev * 32 + ev; }

inline void log_cache_totals(its_t *its, Log &log)
{
    its_cache_stats c;
    its_cache_totals(its, &c);
    log.add("cache hits", c.hits);
    log.add("cache misses", c.misses);
    log.add("cache evictions", c.evictions);
    log.add("cache invalidations", c.invalidations);
}

inline void log_translation(Log &log, its_msi_result r, const its_translation &t)
{
    log.add("result", r);
    if (r == ITS_MSI_DELIVERED) {
        log.add("intid", t.intid);
        log.add("target", t.target);
        log.add("icid", t.icid);
    }
}

// MSIs on a hot set with a cold tail, a few unmapped: every cache hits,
// misses and (when bounded) evicts.
inline void msi_burst(ItsHarness &h, Log &log, Lcg &g, int n, bool probe_only = false)
{
    for (int i = 0; i < n; i++) {
        uint32_t dev = g.next() % (kCkptDevices + 1);
        uint32_t ev = g.next() % 4 == 0 ? g.next() % (kCkptEvents + 4) : g.next() % 6;
        its_translation t{};
        its_msi_result r = probe_only ? its_translate(h.its(), dev, ev, &t) : h.msi(dev, ev, &t);
        log_translation(log, r, t);
        log_cache_totals(h.its(), log);
    }
}

inline void log_its_registers(its_t *its, Log &log)
{
    auto peek = [&](uint64_t off, unsigned size) {
        uint64_t v = 0;
        EXPECT_EQ(its_peek(its, off, size, &v), ITS_ACCESS_OK);
        log.add("register", v);
    };
    for (uint64_t off = 0; off < 0x140; off += 4)
        peek(off, 4);
    for (uint64_t off = GITS_PIDR4; off < 0x10000; off += 4)
        peek(off, 4);
    for (uint64_t off : {uint64_t(GITS_TYPER), uint64_t(GITS_CBASER), uint64_t(GITS_CWRITER), uint64_t(GITS_CREADR)})
        peek(off, 8);
}

inline void log_its_state(ItsHarness &h, Log &log)
{
    log_its_registers(h.its(), log);
    log.add_counters("stats", h.stats());
    its_error_record e;
    its_last_error(h.its(), &e);
    log.add("error code", e.code);
    log.add("error opcode", e.opcode);
    log.add("error index", e.index);
    log.add("error count", e.count);
    log_cache_totals(h.its(), log);
    log.add("mem kind", its_mem_kind_current(h.its()));
    log.add("queue ready", its_cmdq_ready(h.its()));
}

// Up to the checkpoint: the failing command is last but two in the queue.
inline void its_setup(ItsHarness &h, Log &log)
{
    h.bring_up();
    for (uint32_t icid = 0; icid < kCkptCollections; icid++)
        h.run(cmd::mapc(icid, icid % 4));
    for (uint32_t dev = 0; dev < kCkptDevices; dev++)
        h.map_device(dev, 4);
    for (uint32_t dev = 0; dev < kCkptDevices; dev++)
        for (uint32_t ev = 0; ev < kCkptEvents; ev++)
            h.run(cmd::mapti(dev, ev, ckpt_lpi(dev, ev), (dev + ev) % kCkptCollections));
    Lcg g{1};
    msi_burst(h, log, g, 300);
    h.run(cmd::movi(1, 3, 5));
    h.run(cmd::discard(2, 4));
    h.run(cmd::inv(3, 5));
    h.run(cmd::int_(4, 6));
    h.run(cmd::invall(2));
    h.run(cmd::sync(1));
    msi_burst(h, log, g, 100);
    h.put(cmd::mapti(kFailingDevice, 0, ckpt_lpi(kCkptDevices, 0), 0));
    h.put(cmd::mapti(5, 25, ckpt_lpi(5, 25), 1));
    h.put(cmd::int_(5, 25));
    log.add("creadr", h.rd(GITS_CREADR));
}

// After the checkpoint: mend the failing command and Retry (when stalled),
// then traffic, remappings, a disable and enable.
inline void its_continue(ItsHarness &h, Log &log)
{
    log_its_state(h, log);
    if (h.stalled()) {
        uint64_t itt = h.alloc(uint64_t(its_get_config(h.its())->ite_size) << 3, 256);
        Cmd fix = cmd::mapd(kFailingDevice, 2, itt);
        for (int i = 0; i < 4; i++)
            shim_write64(h.mem(), h.queue_base() + h.creadr() + 8 * i, fix[i]);
        h.wr(GITS_CWRITER, h.cwriter() | GITS_CWRITER_RETRY_MASK);
    }
    log.add("creadr", h.rd(GITS_CREADR));
    Lcg g{2};
    msi_burst(h, log, g, 400);
    h.run(cmd::mapc(3, 2)); // a collection moves: memoised targets go
    msi_burst(h, log, g, 150);
    h.run(cmd::mapd(6, 4, 0, false)); // a device goes, with its cached ITEs
    h.run(cmd::mapti(kFailingDevice, 1, ckpt_lpi(kCkptDevices, 1), 6));
    msi_burst(h, log, g, 100);
    its_translation t{};
    log_translation(log, h.msi(kFailingDevice, 1, &t), t);
    h.wr(GITS_CTLR, 0, 4);
    log_its_registers(h.its(), log);
    h.wr(GITS_CTLR, GITS_CTLR_ENABLED_MASK, 4);
    msi_burst(h, log, g, 100);
    msi_burst(h, log, g, 50, true);
    log_its_state(h, log);
    for (size_t i = 0; i < h.events(); i++) {
        shim_event e = h.event(i);
        log.add("event kind", e.kind);
        log.add("event target", e.target);
        log.add("event to", e.to);
        log.add("event intid", e.intid);
    }
}

struct ItsCkptCase {
    std::string name;
    its_config cfg;
};

// Printed by name: GoogleTest would otherwise print the bytes, padding included.
inline void PrintTo(const ItsCkptCase &c, std::ostream *os) { *os << c.name; }

inline its_config small_caches(its_cache_policy dev, its_cache_policy ite, its_cache_policy coll, uint8_t hcc)
{
    its_config c = gic600_config(4);
    c.device_cache = {4, 2, dev};
    c.ite_cache = {32, 4, ite};
    c.collection_cache = {4, 2, coll};
    c.hcc = hcc;
    return c;
}

inline std::vector<ItsCkptCase> its_ckpt_cases()
{
    std::vector<ItsCkptCase> v;
    v.push_back({"lru", small_caches(ITS_REPLACE_LRU, ITS_REPLACE_LRU, ITS_REPLACE_LRU, 0)});
    v.push_back({"fifo", small_caches(ITS_REPLACE_FIFO, ITS_REPLACE_FIFO, ITS_REPLACE_FIFO, 4)});
    v.push_back({"random", small_caches(ITS_REPLACE_RANDOM, ITS_REPLACE_RANDOM, ITS_REPLACE_RANDOM, 2)});
    its_config mixed = small_caches(ITS_REPLACE_LRU, ITS_REPLACE_RANDOM, ITS_REPLACE_FIFO, 3);
    mixed.error_policy = ITS_POLICY_IGNORE;
    v.push_back({"mixed_ignore", mixed});
    its_config unbounded = qemu_config(4);
    unbounded.hcc = 4;
    unbounded.error_policy = ITS_POLICY_STALL;
    v.push_back({"unbounded", unbounded});
    its_config memo_hcc_only = qemu_config(4);
    memo_hcc_only.hcc = 2;
    memo_hcc_only.collection_cache = {4, 2, ITS_REPLACE_FIFO};
    v.push_back({"unbounded_ite_ignore", memo_hcc_only});
    its_config uncached = gic600_config(4);
    uncached.device_cache.entries = uncached.ite_cache.entries = uncached.collection_cache.entries = 0;
    v.push_back({"uncached", uncached});
    return v;
}

// ---- Redistributor --------------------------------------------------------

constexpr uint32_t kCkptLpis = 12000; // INTIDs 8192 .. 20191: three chunks

// Priorities 0x40 .. 0xF0 (so that higher ones can nest above), every
// seventh disabled.
inline uint8_t ckpt_prop(uint32_t i) { return its_lpi_prop_byte(uint8_t((4 + i * 37 % 12) << 4), i % 7 != 0); }

inline void log_cpu(RedistHarness &h, Log &log)
{
    log.add("level", h.level());
    log.add("hppir", redist_icc_hppir1_read(h.rd()));
    log.add("rpr", redist_icc_rpr_read(h.rd()));
    log.add("pmr", redist_icc_pmr_read(h.rd()));
    log.add("igrpen1", redist_icc_igrpen1_read(h.rd()));
    log.add("next pending", redist_next_pending(h.rd(), 0));
}

inline void log_redist_state(RedistHarness &h, Log &log)
{
    auto peek = [&](uint64_t off, unsigned size) {
        uint64_t v = 0;
        EXPECT_EQ(redist_peek(h.rd(), off, size, &v), ITS_ACCESS_OK);
        log.add("register", v);
    };
    for (uint64_t off = 0; off < 0x100; off += 4)
        peek(off, 4);
    for (uint64_t off = GICR_SGI_BASE; off < GICR_SGI_BASE + 0x1000; off += 4)
        peek(off, 4);
    for (uint64_t off : {uint64_t(GICR_TYPER), uint64_t(GICR_PROPBASER), uint64_t(GICR_PENDBASER)})
        peek(off, 8);
    log_cpu(h, log);
    log.add_counters("stats", h.stats());
    for (uint32_t i = kLpi0; i < kLpi0 + kCkptLpis; i++)
        if (redist_is_pending(h.rd(), i))
            log.add("pending", i);
}

// Half on a hot set of 48 LPIs (the property cache hits), half anywhere.
inline void set_burst(RedistHarness &h, Log &log, Lcg &g, int n)
{
    for (int i = 0; i < n; i++) {
        uint32_t r = g.next();
        log.add("set", h.set(kLpi0 + (r & 1 ? g.next() % 48 : g.next() % kCkptLpis)));
        log.add("level", h.level());
    }
}

inline void redist_setup(RedistHarness &h, Log &log)
{
    for (uint32_t i = 0; i < kCkptLpis; i++)
        h.prop(kLpi0 + i, ckpt_prop(i));
    h.bring_up(16, true);
    Lcg g{3};
    set_burst(h, log, g, 400);
    log.add("ack", h.ack()); // the best of the bulk, 0x40 or below
    // Two more, each beating the one before: three active priorities.
    // (The INV after the set reloads the byte and, with the erratum, takes
    // the LPI out of the pending table.)
    h.prop(kLpi0 + 5, its_lpi_prop_byte(0x20, true));
    log.add("set", h.set(kLpi0 + 5));
    redist_inv(h.rd(), kLpi0 + 5);
    log.add("ack", h.ack());
    h.prop(kLpi0 + 6, its_lpi_prop_byte(0x10, true));
    log.add("set", h.set(kLpi0 + 6));
    redist_inv(h.rd(), kLpi0 + 6);
    uint32_t top = h.ack();
    log.add("ack", top);
    h.eoi(top);
    for (uint32_t i = 100; i < 160; i++) // property changes seen through INV
        h.prop(kLpi0 + i, its_lpi_prop_byte(uint8_t(0xE0 - (i % 8) * 0x10), i % 3 != 0));
    for (uint32_t i = 100; i < 130; i++)
        redist_inv(h.rd(), kLpi0 + i);
    redist_invall(h.rd());
    for (uint32_t i = 0; i < 40; i++)
        log.add("cleared", redist_clear_pending(h.rd(), kLpi0 + g.next() % kCkptLpis));
    set_burst(h, log, g, 50); // after the INVALL: strands again with the erratum
    redist_icc_pmr_write(h.rd(), 0xE0);
    log_cpu(h, log);
}

inline void ack_burst(RedistHarness &h, Log &log, int n, int keep_every = 0)
{
    for (int k = 0; k < n; k++) {
        uint32_t i = h.ack();
        log.add("ack", i);
        if (i != REDIST_SPURIOUS && !(keep_every && k % keep_every == 0))
            h.eoi(i);
        log_cpu(h, log);
    }
}

// New LPIs over every set, then the hot set pending anew: each looks its
// byte up, so what the property cache holds, and which entry each miss
// drops, show in the hits that follow.
inline void repend_hot(RedistHarness &h, Log &log)
{
    auto set_logged = [&](uint32_t intid) {
        log.add("set", h.set(intid));
        redist_stats s = h.stats();
        log.add("prop hits", s.prop_hits);
        log.add("prop misses", s.prop_misses);
        log.add("prop evictions", s.prop_evictions);
    };
    for (int round = 0; round < 2; round++) {
        for (uint32_t i = 0; i < 48; i++)
            log.add("cleared", redist_clear_pending(h.rd(), kLpi0 + i));
        for (uint32_t j = 0; j < 24; j++)
            set_logged(kLpi0 + 1000 + 24 * round + j);
        for (uint32_t i = 48; i-- > 0;)
            set_logged(kLpi0 + i);
    }
}

inline void redist_continue(RedistHarness &h, Log &log)
{
    log_redist_state(h, log);
    repend_hot(h, log);
    Lcg g{4};
    set_burst(h, log, g, 300);
    ack_burst(h, log, 40, 7);
    for (uint32_t i = 200; i < 300; i++)
        h.prop(kLpi0 + i, its_lpi_prop_byte(uint8_t(0x30 + (i % 4) * 0x20), true));
    for (uint32_t i = 200; i < 250; i++)
        redist_inv(h.rd(), kLpi0 + i);
    set_burst(h, log, g, 100);
    redist_invall(h.rd());
    redist_icc_pmr_write(h.rd(), 0x80);
    ack_burst(h, log, 20);
    redist_icc_pmr_write(h.rd(), 0xFF);
    for (int k = 0; k < 8; k++) // EOIs beyond the acknowledges: counted
        h.eoi(kLpi0 + 1);
    h.wr(GICR_SETLPIR, kLpi0 + 77, 8); // DirectLPI or a diagnostic
    ack_burst(h, log, 600);
    // Pending again soon after: the property cache hits. (With the erratum,
    // the disabled LPIs left pending hold the slots: the INV takes each new
    // one out of the pending table.)
    for (uint32_t k = 0; k < 64; k++) {
        log.add("set", h.set(kLpi0 + k % 16));
        redist_inv(h.rd(), kLpi0 + k % 16);
        ack_burst(h, log, 1);
    }
    set_burst(h, log, g, 200);
    h.enable_lpis(false); // the pending table written back
    log_redist_state(h, log);
    h.wr(GICR_PENDBASER, its_pendbaser_make(h.pend_base, false), 8);
    h.enable_lpis(true); // and scanned again
    ack_burst(h, log, 100);
    log_redist_state(h, log);
}

struct RedistCkptCase {
    std::string name;
    redist_config cfg;
};

inline void PrintTo(const RedistCkptCase &c, std::ostream *os) { *os << c.name; }

inline std::vector<RedistCkptCase> redist_ckpt_cases()
{
    std::vector<RedistCkptCase> v;
    v.push_back({"unbounded", qemu_redist()});
    redist_config bounded = qemu_redist();
    bounded.property_cache_entries = 64;
    bounded.property_cache_ways = 4;
    v.push_back({"bounded", bounded});
    redist_config gic700 = qemu_redist();
    gic700.property_cache_entries = 16;
    gic700.property_cache_ways = 2;
    gic700.gic700_2195890 = true;
    gic700.pending_slots = 3;
    gic700.direct_lpi = true;
    gic700.pri_bits = 8;
    v.push_back({"gic700_stranding", gic700});
    redist_config narrow = qemu_redist();
    narrow.pri_bits = 4;
    narrow.id_bits = 15;
    v.push_back({"pri4_id15", narrow});
    return v;
}
