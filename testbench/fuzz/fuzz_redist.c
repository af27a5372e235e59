/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Target 4: the redistributor and CPU-interface registers with random LPI
 * traffic.
 *
 * Input: byte 0 configures the redistributor: ID bits 14 + b % 3, a bounded
 * property cache (bit 2), DirectLPI (bit 3), GIC-700 erratum 2195890 with two
 * slots (bit 4), 4 + (b >> 5) % 5 priority bits. Then operations, an opcode
 * byte op and its operands:
 *   op % 8 == 0  write: offset u32 (mod the two frames + 0x100), size
 *                1 << (op >> 3 & 3), value u64
 *   op % 8 == 1  read: offset u32, size as above
 *   op % 8 == 2  a named register write (op >> 3 % 8: CTLR, PROPBASER placed
 *                in RAM, PENDBASER placed in RAM, SETLPIR, CLRLPIR, INVLPIR,
 *                INVALLR, SYNCR read), value u64
 *   op % 8 == 3  software stores a property byte: LPI u16, byte u8
 *   op % 8 == 4  an LPI from an ITS: 8192 + u16 % 2048 (raw u32 when op bit 3)
 *   op % 8 == 5  clear / INV / INVALL / SYNC (op >> 3 % 4) of LPI u16 + 8192
 *   op % 8 == 6  ICC_IAR1 read, then EOIR1 of it (bit 3) or of u16 (bit 4)
 *   op % 8 == 7  PMR = u8 (op >> 3 % 4 == 0), IGRPEN1 = bit 5 (1),
 *                HPPIR1 read (2), reset (3)
 * Invariants: the memory only sees the property and pending tables
 * (fz_mem.h); the IRQ line the callback reported is the one the
 * redistributor says, and changes only when it moves; IAR1 returns 1023 or an
 * LPI pending just before and no longer after; HPPIR1 names a pending LPI;
 * an LPI's outcome agrees with EnableLPIs and the range; clear answers
 * whether it was pending; the counters add up.
 */
#include <stddef.h>
#include <stdint.h>

#include "fz_check.h"
#include "fz_input.h"
#include "fz_mem.h"
#include "its/redist.h"
#include "its/regs.h"

typedef struct ctx {
    redist_t *rd;
    fz_mem *mem;
    bool level;
    uint64_t iar, lpis, setlpir;
} ctx;

static void on_irq(void *p, bool level)
{
    ctx *c = p;
    FZ_CHECK(level != c->level, "the IRQ callback repeated level %d", level);
    c->level = level;
}

static uint64_t peek(ctx *c, uint64_t off, unsigned size)
{
    uint64_t v = 0;
    FZ_CHECK(redist_peek(c->rd, off, size, &v) == ITS_ACCESS_OK, "peek 0x%llx", (unsigned long long)off);
    return v;
}

static unsigned lpi_bits(ctx *c)
{
    unsigned bits = (unsigned)ITS_FIELD_GET(peek(c, GICR_PROPBASER, 8), GICR_PROPBASER_IDBITS) + 1;
    unsigned cap = redist_get_config(c->rd)->id_bits;
    return bits < cap ? bits : cap;
}

static bool lpis_on(ctx *c) { return peek(c, GICR_CTLR, 4) & GICR_CTLR_ENABLE_LPIS_MASK; }

static void check(ctx *c)
{
    FZ_CHECK(redist_irq_pending(c->rd) == c->level, "IRQ line %d, the callback said %d",
             redist_irq_pending(c->rd), c->level);
    uint32_t h = redist_icc_hppir1_read(c->rd);
    FZ_CHECK(h == REDIST_SPURIOUS || redist_is_pending(c->rd, h), "HPPIR1 names %u, not pending", h);
}

static void lpi(ctx *c, uint32_t intid)
{
    bool on = lpis_on(c);
    bool in_range = intid >= 8192 && (uint64_t)intid < (1ull << lpi_bits(c));
    bool was = redist_is_pending(c->rd, intid);
    redist_lpi_result r = redist_set_pending(c->rd, intid);
    c->lpis++;
    FZ_CHECK(r < REDIST_LPI_RESULTS, "LPI outcome %d", r);
    if (!on)
        FZ_CHECK(r == REDIST_LPI_DROP_DISABLED, "LPI %u with LPIs off: %s", intid, redist_lpi_result_name(r));
    else if (!in_range)
        FZ_CHECK(r == REDIST_LPI_DROP_OOR, "LPI %u out of range: %s", intid, redist_lpi_result_name(r));
    else if (r != REDIST_LPI_DROP_NO_MEMORY) {
        FZ_CHECK(r == (was ? REDIST_LPI_MERGED : REDIST_LPI_PENDING), "LPI %u (pending %d): %s", intid, was,
                 redist_lpi_result_name(r));
        if (!redist_get_config(c->rd)->gic700_2195890)
            FZ_CHECK(redist_is_pending(c->rd, intid), "LPI %u made pending is not", intid);
    }
}

static void iar(ctx *c, uint8_t op, fz_input *in)
{
    redist_stats before, after;
    redist_get_stats(c->rd, &before);
    uint32_t hp = redist_icc_hppir1_read(c->rd);
    uint32_t id = redist_icc_iar1_read(c->rd);
    c->iar++;
    redist_get_stats(c->rd, &after);
    if (id == REDIST_SPURIOUS) {
        FZ_CHECK(after.spurious == before.spurious + 1, "spurious IAR1 not counted");
    } else {
        FZ_CHECK(id >= 8192 && (uint64_t)id < (1ull << lpi_bits(c)), "IAR1 returned %u", id);
        FZ_CHECK(hp != REDIST_SPURIOUS, "IAR1 returned %u while HPPIR1 said none", id);
        FZ_CHECK(!redist_is_pending(c->rd, id), "LPI %u still pending after its acknowledge", id);
        FZ_CHECK(after.acknowledged == before.acknowledged + 1, "acknowledge not counted");
    }
    if (op & 8)
        redist_icc_eoir1_write(c->rd, id);
    if (op & 16)
        redist_icc_eoir1_write(c->rd, 8192u + fz_u16(in));
}

static void named(ctx *c, unsigned which, uint64_t v)
{
    uint64_t ram = FZ_RAM_BASE;
    switch (which) {
    case 0: redist_write(c->rd, GICR_CTLR, 4, v & 0xFFFFFFFFu); break;
    case 1: /* in the first half of RAM, 4 KB aligned */
        redist_write(c->rd, GICR_PROPBASER, 8,
                     (v & ~GICR_PROPBASER_PA_MASK) | ((ram + ((v >> 12) << 12) % (FZ_RAM_BYTES / 2)) & GICR_PROPBASER_PA_MASK));
        break;
    case 2: /* in the second half, 64 KB aligned */
        redist_write(c->rd, GICR_PENDBASER, 8,
                     (v & ~GICR_PENDBASER_PA_MASK) |
                         ((ram + FZ_RAM_BYTES / 2 + ((v >> 16) << 16) % (FZ_RAM_BYTES / 2)) & GICR_PENDBASER_PA_MASK));
        break;
    case 3: c->setlpir++; redist_write(c->rd, GICR_SETLPIR, 8, v); break;
    case 4: redist_write(c->rd, GICR_CLRLPIR, 8, v); break;
    case 5: redist_write(c->rd, GICR_INVLPIR, 8, v); break;
    case 6: redist_write(c->rd, GICR_INVALLR, 8, v); break;
    default: {
        uint64_t s;
        redist_read(c->rd, GICR_SYNCR, 4, &s);
    }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_mem *mem = fz_mem_for_input();
    fz_input in = {data, size};
    uint8_t b = fz_u8(&in);
    redist_config cfg;
    redist_config_qemu_virt(&cfg, 0, 1);
    cfg.id_bits = (uint8_t)(14 + b % 3);
    if (b & 4) {
        cfg.property_cache_entries = 8;
        cfg.property_cache_ways = 2;
    }
    cfg.direct_lpi = b & 8;
    if (b & 16) {
        cfg.gic700_2195890 = true;
        cfg.pending_slots = 2;
    }
    cfg.pri_bits = (uint8_t)(4 + (b >> 5) % 5);
    if (redist_config_check(&cfg))
        return 0;
    ctx c = {0};
    c.mem = mem;
    redist_host_ops ops = fz_mem_redist_ops(mem, on_irq, &c);
    c.rd = redist_create(&cfg, &ops);
    FZ_CHECK(c.rd != NULL, "redist_create refused a checked configuration");
    fz_mem_attach_redist(mem, c.rd);
    redist_icc_pmr_write(c.rd, 0xFF);
    redist_icc_igrpen1_write(c.rd, true);
    while (fz_more(&in)) {
        uint8_t op = fz_u8(&in);
        unsigned sz = 1u << ((op >> 3) & 3);
        uint64_t v;
        switch (op % 8) {
        case 0: {
            uint64_t off = fz_u32(&in) % (REDIST_FRAMES_SIZE + 0x100);
            c.setlpir += off >= GICR_SETLPIR && off < GICR_SETLPIR + 8;
            redist_write(c.rd, off, sz, fz_u64(&in));
            break;
        }
        case 1:
            redist_read(c.rd, fz_u32(&in) % (REDIST_FRAMES_SIZE + 0x100), sz, &v);
            break;
        case 2:
            named(&c, (op >> 3) % 8, fz_u64(&in));
            break;
        case 3: {
            uint64_t prop = peek(&c, GICR_PROPBASER, 8) & GICR_PROPBASER_PA_MASK;
            uint8_t byte[1];
            uint32_t n = fz_u16(&in);
            byte[0] = fz_u8(&in);
            fz_mem_store(mem, prop + n, byte, 1);
            break;
        }
        case 4:
            lpi(&c, (op & 8) ? fz_u32(&in) : 8192u + fz_u16(&in) % 2048u);
            break;
        case 5: {
            uint32_t id = 8192u + fz_u16(&in);
            switch ((op >> 3) % 4) {
            case 0: {
                bool was = redist_is_pending(c.rd, id);
                FZ_CHECK(redist_clear_pending(c.rd, id) == was, "clear of %u answered wrong", id);
                FZ_CHECK(!redist_is_pending(c.rd, id), "LPI %u pending after its clear", id);
                break;
            }
            case 1: redist_inv(c.rd, id); break;
            case 2: redist_invall(c.rd); break;
            default: redist_sync(c.rd);
            }
            uint32_t n = redist_next_pending(c.rd, id);
            FZ_CHECK(n == 0 || (n >= id && redist_is_pending(c.rd, n)), "next pending from %u: %u", id, n);
            break;
        }
        case 6:
            iar(&c, op, &in);
            break;
        default:
            switch ((op >> 3) % 4) {
            case 0: redist_icc_pmr_write(c.rd, fz_u8(&in)); break;
            case 1: redist_icc_igrpen1_write(c.rd, op & 32); break;
            case 2: break; /* check() reads HPPIR1 */
            default: redist_reset(c.rd);
            }
        }
        check(&c);
    }
    redist_stats s;
    redist_get_stats(c.rd, &s);
    uint64_t lpis = 0;
    for (int r = 0; r < REDIST_LPI_RESULTS; r++)
        lpis += s.lpi[r];
    FZ_CHECK(lpis >= c.lpis && lpis <= c.lpis + c.setlpir, "%llu LPI outcomes counted for %llu LPIs + %llu SETLPIR",
             (unsigned long long)lpis, (unsigned long long)c.lpis, (unsigned long long)c.setlpir);
    FZ_CHECK(s.acknowledged + s.spurious == c.iar, "%llu + %llu acknowledges counted for %llu IAR1 reads",
             (unsigned long long)s.acknowledged, (unsigned long long)s.spurious, (unsigned long long)c.iar);
    FZ_CHECK(s.eoi <= s.acknowledged, "more priority drops than acknowledges");
    redist_destroy(c.rd);
    return 0;
}
