// SPDX-License-Identifier: Apache-2.0
// Test harness for the C core: an ITS on the shim, a bump allocator for
// simulated memory, and a tiny driver that encodes commands into the queue.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdint>

#include "../support/command_values.h"
#include "its/commands.h"
#include "its/its.h"
#include "its/regs.h"
#include "shim.h"

namespace cmd {
using namespace command_values;
} // namespace cmd

// GITS register offsets (its/regs.h), by their short names
enum : uint64_t {
    CTLR = GITS_CTLR, IIDR = GITS_IIDR, TYPER = GITS_TYPER, CBASER = GITS_CBASER, CWRITER = GITS_CWRITER,
    CREADR = GITS_CREADR, BASER0 = GITS_BASER(0), PIDR4 = GITS_PIDR4, PIDR0 = GITS_PIDR0, CIDR0 = GITS_CIDR0,
    TRANSLATER = GITS_TRANSLATER
};

class ItsHarness {
public:
    static constexpr uint64_t kRamBase = 0x40000000ull;

    explicit ItsHarness(const its_config &cfg) : cfg_(cfg)
    {
        shim_ = shim_create();
        its_host_ops ops = shim_ops(shim_);
        its_ = its_create(&cfg_, &ops);
    }
    ~ItsHarness()
    {
        its_destroy(its_);
        shim_destroy(shim_);
    }
    ItsHarness(const ItsHarness &) = delete;
    ItsHarness &operator=(const ItsHarness &) = delete;

    its_t *its() { return its_; }
    shim *mem() { return shim_; }
    its_stats stats() // a snapshot: take a new one after acting
    {
        its_stats s;
        its_get_stats(its_, &s);
        return s;
    }

    uint64_t alloc(uint64_t bytes, uint64_t align = 0x10000)
    {
        next_ = (next_ + align - 1) & ~(align - 1);
        uint64_t pa = next_;
        next_ += bytes;
        return pa;
    }

    uint64_t rd(uint64_t off, unsigned size = 8)
    {
        uint64_t v = 0;
        EXPECT_EQ(its_read(its_, off, size, &v), ITS_ACCESS_OK) << "read 0x" << std::hex << off;
        return v;
    }
    void wr(uint64_t off, uint64_t v, unsigned size = 8)
    {
        EXPECT_EQ(its_write(its_, off, size, v), ITS_ACCESS_OK) << "write 0x" << std::hex << off;
    }

    // Index of the BASER holding a table type, -1 if none.
    int baser_of(its_table_type type) const
    {
        for (int n = 0; n < 8; n++)
            if (cfg_.baser[n].type == type)
                return n;
        return -1;
    }

    // Program a table: page size code (0 4K, 1 16K, 2 64K), pages, indirect.
    uint64_t setup_table(its_table_type type, unsigned psz = 2, unsigned pages = 1,
                         bool indirect = false)
    {
        int n = baser_of(type);
        uint64_t page = its_baser_page_bytes(psz);
        uint64_t pa = alloc(page * pages, page);
        uint64_t v = rd(GITS_BASER(n));
        v &= ~(GITS_BASER_SIZE_MASK | GITS_BASER_PAGE_SIZE_MASK | GITS_BASER_INDIRECT_MASK | GITS_BASER_PA_MASK);
        v |= GITS_BASER_VALID_MASK | ITS_FIELD_PREP(GITS_BASER_INDIRECT, indirect) | its_baser_pa_field(pa, psz) |
             ITS_FIELD_PREP(GITS_BASER_PAGE_SIZE, psz) | ITS_FIELD_PREP(GITS_BASER_SIZE, pages - 1);
        wr(GITS_BASER(n), v);
        return pa;
    }

    // Two-level table: back the level-1 slot covering id with a fresh page.
    uint64_t add_level2(its_table_type type, uint64_t l1_base, unsigned psz, uint64_t id)
    {
        uint64_t page = its_baser_page_bytes(psz);
        int n = baser_of(type);
        uint64_t esz = cfg_.baser[n].entry_size;
        uint64_t l2 = alloc(page, page);
        shim_write64(shim_, l1_base + (id / (page / esz)) * GITS_LVL1_ENTRY_BYTES, l2 | GITS_LVL1_VALID_MASK);
        return l2;
    }

    void setup_queue(unsigned pages = 16)
    {
        queue_bytes_ = pages * GITS_CBASER_PAGE_BYTES;
        queue_ = alloc(queue_bytes_);
        wr(GITS_CBASER, its_cbaser_make(queue_, pages));
        wr(GITS_CWRITER, 0);
        cwriter_ = 0;
    }

    // Tables (flat, 64K pages unless the preset cannot), queue, Enabled.
    void bring_up(unsigned psz = 2)
    {
        setup_table(ITS_TABLE_DEVICE, psz);
        if (baser_of(ITS_TABLE_COLLECTION) >= 0)
            setup_table(ITS_TABLE_COLLECTION, psz);
        setup_queue();
        wr(GITS_CTLR, GITS_CTLR_ENABLED_MASK, 4);
    }

    // Write a command at CWRITER and publish it (the core runs it when
    // process_on_write is set).
    void put(const Cmd &c)
    {
        for (int i = 0; i < 4; i++)
            shim_write64(shim_, queue_ + cwriter_ + 8 * i, c[i]);
        cwriter_ = (cwriter_ + ITS_CMD_BYTES) % queue_bytes_;
        wr(GITS_CWRITER, cwriter_);
    }
    // put() and expect the queue to have consumed it.
    void run(const Cmd &c)
    {
        put(c);
        EXPECT_EQ(creadr(), cwriter_) << "command 0x" << std::hex << (c[0] & 0xFF) << " not consumed";
    }

    uint64_t creadr() { return rd(GITS_CREADR) & ~GITS_CREADR_STALLED_MASK; }
    bool stalled() { return rd(GITS_CREADR) & GITS_CREADR_STALLED_MASK; }
    uint64_t cwriter() const { return cwriter_; }
    uint64_t queue_base() const { return queue_; }
    uint64_t queue_bytes() const { return queue_bytes_; }
    uint32_t last_error()
    {
        its_error_record r;
        its_last_error(its_, &r);
        return r.code;
    }

    // A device with 2^(size+1) events and its ITT.
    uint64_t map_device(uint32_t dev, uint32_t size)
    {
        uint64_t itt = alloc(uint64_t(cfg_.ite_size) << (size + 1), 256);
        run(cmd::mapd(dev, size, itt));
        return itt;
    }

    its_msi_result msi(uint32_t dev, uint32_t ev, its_translation *out = nullptr)
    {
        return its_msi(its_, dev, ev, out);
    }

    // Take over another harness's driver-side state (allocator, queue,
    // CWRITER), as a twin restored from its checkpoint continues from it.
    void copy_host_state(const ItsHarness &from)
    {
        next_ = from.next_;
        queue_ = from.queue_;
        queue_bytes_ = from.queue_bytes_;
        cwriter_ = from.cwriter_;
    }

    size_t events() const { return shim_event_count(shim_); }
    shim_event event(size_t i) const { return shim_event_at(shim_, i); }
    void clear_events() { shim_clear_events(shim_); }

private:
    its_config cfg_;
    shim *shim_ = nullptr;
    its_t *its_ = nullptr;
    uint64_t next_ = kRamBase;
    uint64_t queue_ = 0, queue_bytes_ = 0, cwriter_ = 0;
};

inline its_config qemu_config(uint32_t cpus = 4)
{
    its_config c;
    its_config_preset_qemu_virt(&c, cpus);
    return c;
}

inline its_config gic600_config(uint32_t cpus = 4)
{
    its_config c;
    its_config_preset_gic600(&c, cpus);
    return c;
}
