// SPDX-License-Identifier: Apache-2.0
// Test harness for the redistributor: one instance on the shim's fake memory,
// a record of every IRQ level change, and helpers for the property and
// pending tables.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "its/redist.h"
#include "its/regs.h"
#include "shim.h"

namespace gicr { // the its/regs.h offsets by their short names
// RD_base
constexpr uint64_t CTLR = GICR_CTLR, IIDR = GICR_IIDR, TYPER = GICR_TYPER, STATUSR = GICR_STATUSR,
                   WAKER = GICR_WAKER, SETLPIR = GICR_SETLPIR, CLRLPIR = GICR_CLRLPIR, PROPBASER = GICR_PROPBASER,
                   PENDBASER = GICR_PENDBASER, INVLPIR = GICR_INVLPIR, INVALLR = GICR_INVALLR, SYNCR = GICR_SYNCR,
                   PIDR4 = GICR_PIDR4, PIDR0 = GICR_PIDR0, PIDR2 = GICR_PIDR2, CIDR0 = GICR_CIDR0;
// SGI_base, as offsets from RD_base
constexpr uint64_t SGI = GICR_SGI_BASE;
constexpr uint64_t IGROUPR0 = GICR_IGROUPR0, ISENABLER0 = GICR_ISENABLER0, ICENABLER0 = GICR_ICENABLER0,
                   ISPENDR0 = GICR_ISPENDR0, ICPENDR0 = GICR_ICPENDR0, ISACTIVER0 = GICR_ISACTIVER0,
                   ICACTIVER0 = GICR_ICACTIVER0, IPRIORITYR0 = GICR_IPRIORITYR(0), ICFGR0 = GICR_ICFGR0,
                   ICFGR1 = GICR_ICFGR1, IGRPMODR0 = GICR_IGRPMODR0, NSACR = GICR_NSACR;
constexpr uint64_t PTZ = GICR_PENDBASER_PTZ_MASK;
} // namespace gicr

constexpr uint32_t kLpi0 = GIC_LPI_FIRST_INTID;

inline redist_config qemu_redist(uint32_t n = 0, uint32_t count = 1)
{
    redist_config c;
    redist_config_qemu_virt(&c, n, count);
    return c;
}

class RedistHarness {
public:
    static constexpr uint64_t kProp = 0x40000000ull; // property table (4 KB aligned)
    static constexpr uint64_t kPend = 0x48000000ull; // pending table (64 KB aligned)

    // shared: the memory of another harness (an ITS's), else a fresh one.
    explicit RedistHarness(const redist_config &cfg, shim *shared = nullptr)
        : owns_shim_(shared == nullptr)
    {
        shim_ = shared ? shared : shim_create();
        mem_ = shim_ops(shim_);
        redist_host_ops ops{this, &RedistHarness::mem_read, &RedistHarness::mem_write,
                            &RedistHarness::irq};
        rd_ = redist_create(&cfg, &ops);
    }
    ~RedistHarness()
    {
        redist_destroy(rd_);
        if (owns_shim_)
            shim_destroy(shim_);
    }
    RedistHarness(const RedistHarness &) = delete;
    RedistHarness &operator=(const RedistHarness &) = delete;

    redist_t *rd() { return rd_; }
    shim *mem() { return shim_; }
    redist_stats stats() const
    {
        redist_stats s;
        redist_get_stats(rd_, &s);
        return s;
    }
    uint64_t diag(redist_diag d) const { return stats().diag[d]; }

    uint64_t rd(uint64_t off, unsigned size = 4)
    {
        uint64_t v = ~0ull;
        EXPECT_EQ(redist_read(rd_, off, size, &v), ITS_ACCESS_OK) << "read 0x" << std::hex << off;
        return v;
    }
    void wr(uint64_t off, uint64_t v, unsigned size = 4)
    {
        EXPECT_EQ(redist_write(rd_, off, size, v), ITS_ACCESS_OK) << "write 0x" << std::hex << off;
    }

    // Property and pending tables in the fake memory.
    uint64_t prop_base = kProp, pend_base = kPend; // used by bring_up() and below
    void prop(uint32_t intid, uint8_t byte) { shim_mem_write(shim_, prop_base + intid - kLpi0, &byte, 1); }
    void set_pend_bit(uint32_t intid, bool on = true)
    {
        uint8_t b;
        shim_mem_read(shim_, pend_base + intid / 8, &b, 1);
        b = on ? uint8_t(b | (1u << (intid % 8))) : uint8_t(b & ~(1u << (intid % 8)));
        shim_mem_write(shim_, pend_base + intid / 8, &b, 1);
    }
    bool pend_bit(uint32_t intid)
    {
        uint8_t b;
        shim_mem_read(shim_, pend_base + intid / 8, &b, 1);
        return (b >> (intid % 8)) & 1;
    }

    // Linux-like per-CPU bring-up: PROPBASER with IDbits, PENDBASER (PTZ
    // when the table is known zero), EnableLPIs; then the CPU interface
    // open (PMR 0xFF, IGRPEN1).
    void bring_up(unsigned id_bits = 16, bool ptz = true)
    {
        wr(GICR_PROPBASER, its_propbaser_make(prop_base, id_bits), 8);
        wr(GICR_PENDBASER, its_pendbaser_make(pend_base, ptz), 8);
        wr(GICR_CTLR, GICR_CTLR_ENABLE_LPIS_MASK);
        redist_icc_pmr_write(rd_, 0xFF);
        redist_icc_igrpen1_write(rd_, true);
    }
    void enable_lpis(bool on) { wr(gicr::CTLR, on ? 1 : 0); }

    redist_lpi_result set(uint32_t intid) { return redist_set_pending(rd_, intid); }
    uint32_t ack() { return redist_icc_iar1_read(rd_); }
    void eoi(uint32_t intid) { redist_icc_eoir1_write(rd_, intid); }
    // Acknowledge (and EOI) until spurious: the INTIDs in the order taken.
    std::vector<uint32_t> drain()
    {
        std::vector<uint32_t> got;
        for (uint32_t i; (i = ack()) != REDIST_SPURIOUS;) {
            got.push_back(i);
            eoi(i);
        }
        return got;
    }

    bool level() const { return redist_irq_pending(rd_); }
    std::vector<bool> irq_log;   // every level the callback reported
    uint64_t mem_reads = 0, mem_writes = 0;

private:
    static int mem_read(void *ctx, uint64_t pa, void *buf, uint32_t len)
    {
        auto *h = static_cast<RedistHarness *>(ctx);
        h->mem_reads++;
        return h->mem_.mem_read(h->mem_.ctx, pa, buf, len);
    }
    static int mem_write(void *ctx, uint64_t pa, const void *buf, uint32_t len)
    {
        auto *h = static_cast<RedistHarness *>(ctx);
        h->mem_writes++;
        return h->mem_.mem_write(h->mem_.ctx, pa, buf, len);
    }
    static void irq(void *ctx, bool level) { static_cast<RedistHarness *>(ctx)->irq_log.push_back(level); }

    bool owns_shim_;
    shim *shim_ = nullptr;
    its_host_ops mem_{};
    redist_t *rd_ = nullptr;
};
