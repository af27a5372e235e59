/* SPDX-License-Identifier: Apache-2.0 */
/* The GICR frames: decode of RD_base and SGI_base, reset values, write rules. */
#include "redist_internal.h"

static const uint8_t arm_cidr[4] = {0x0D, 0xF0, 0x05, 0xB1};

/* The LPI INTID range PROPBASER and the configuration allow. */
static void update_limit(redist_t *rd)
{
    unsigned bits = (unsigned)FIELD_GET(rd->propbaser, GICR_PROPBASER_IDBITS) + 1u;
    if (bits > rd->cfg.id_bits)
        bits = rd->cfg.id_bits;
    rd->limit = bits < LPI_MIN_ID_BITS ? 0 : 1u << bits;
}

void redist_regs_reset(redist_t *rd)
{
    rd->enable_lpis = false;
    rd->processor_sleep = true; /* the PE starts asleep: Linux wakes it */
    rd->propbaser = 0;
    rd->pendbaser = 0;
    rd->ptz = false;
    rd->igroupr0 = rd->enabler0 = rd->pendr0 = rd->activer0 = 0;
    rd->icfgr1 = rd->igrpmodr0 = rd->nsacr = 0;
    for (unsigned i = 0; i < sizeof rd->ipriority; i++)
        rd->ipriority[i] = 0;
    update_limit(rd);
}

static bool is_reg64(uint64_t off)
{
    switch (off) {
    case GICR_TYPER: case GICR_SETLPIR: case GICR_CLRLPIR: case GICR_PROPBASER:
    case GICR_PENDBASER: case GICR_INVLPIR: case GICR_INVALLR:
        return true;
    default:
        return false;
    }
}

static bool is_reg32(uint64_t off)
{
    switch (off) {
    case GICR_CTLR: case GICR_IIDR: case GICR_STATUSR: case GICR_WAKER: case GICR_SYNCR:
    case GICR_IGROUPR0: case GICR_ISENABLER0: case GICR_ICENABLER0: case GICR_ISPENDR0:
    case GICR_ICPENDR0: case GICR_ISACTIVER0: case GICR_ICACTIVER0: case GICR_ICFGR0:
    case GICR_ICFGR1: case GICR_IGRPMODR0: case GICR_NSACR:
        return true;
    default:
        return (off >= GICR_IPRIORITYR0 && off < GICR_IPRIORITYR_END) ||
               (off >= GICR_PIDR4 && off < GICR_IDREGS_END);
    }
}

static bool is_ipriority(uint64_t off) { return off >= GICR_IPRIORITYR0 && off < GICR_IPRIORITYR_END; }

static uint8_t id_register(const redist_t *rd, uint64_t off)
{
    /* PIDR4..7, PIDR0..3, CIDR0..3; only PIDR2 (ArchRev) is configurable */
    static const uint8_t pidr[8] = {0x93, 0xB4, 0x00, 0x00, 0x44, 0x00, 0x00, 0x00};
    unsigned i = (unsigned)(off - GICR_PIDR4) / 4;
    if (off == GICR_PIDR2)
        return rd->cfg.pidr2;
    if (i < 4)
        return pidr[4 + i];
    if (i < 8)
        return pidr[i - 4];
    return arm_cidr[i - 8];
}

static uint32_t ipriority_word(const redist_t *rd, uint64_t off)
{
    const uint8_t *b = &rd->ipriority[off - GICR_IPRIORITYR0];
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Value of the register at base (64-bit ones whole); false for a reserved
 * offset. *diag names a read that is legal but worth counting. */
static bool reg_value(const redist_t *rd, uint64_t base, uint64_t *v, redist_diag *diag)
{
    *v = 0;
    switch (base) {
    case GICR_CTLR:
        *v = FIELD_SET(FIELD_SET(FIELD_SET(0, GICR_CTLR_ENABLE_LPIS, rd->enable_lpis), GICR_CTLR_CES, 1),
                       GICR_CTLR_IR, rd->cfg.ir);
        return true;
    case GICR_IIDR: *v = rd->cfg.iidr; return true;
    case GICR_TYPER: *v = rd->typer; return true;
    case GICR_STATUSR: return true;
    case GICR_WAKER:
        *v = FIELD_SET(FIELD_SET(0, GICR_WAKER_PROCESSOR_SLEEP, rd->processor_sleep),
                       GICR_WAKER_CHILDREN_ASLEEP, rd->processor_sleep);
        return true;
    case GICR_SETLPIR: case GICR_CLRLPIR: case GICR_INVLPIR: case GICR_INVALLR:
        *diag = REDIST_DIAG_WRITEONLY_READ;
        return true;
    case GICR_PROPBASER: *v = rd->propbaser; return true;
    case GICR_PENDBASER: *v = rd->pendbaser; return true; /* PTZ reads 0 */
    case GICR_SYNCR: return true; /* never busy: the model is synchronous */
    case GICR_IGROUPR0: *v = rd->igroupr0; return true;
    case GICR_ISENABLER0: case GICR_ICENABLER0: *v = rd->enabler0; return true;
    case GICR_ISPENDR0: case GICR_ICPENDR0: *v = rd->pendr0; return true;
    case GICR_ISACTIVER0: case GICR_ICACTIVER0: *v = rd->activer0; return true;
    case GICR_ICFGR0: *v = ICFGR0_SGI_EDGE; return true;
    case GICR_ICFGR1: *v = rd->icfgr1; return true;
    case GICR_IGRPMODR0: *v = rd->igrpmodr0; return true;
    case GICR_NSACR: *v = rd->nsacr; return true;
    default: break;
    }
    if (is_ipriority(base)) {
        *v = ipriority_word(rd, base);
        return true;
    }
    if (base >= GICR_PIDR4 && base < GICR_IDREGS_END) {
        *v = id_register(rd, base);
        return true;
    }
    return false;
}

/* Shared size rules; sets *base (the register start) when well formed. */
static its_access check_access(uint64_t offset, unsigned size, uint64_t *base)
{
    if (offset >= REDIST_FRAMES_SIZE || size > REDIST_FRAMES_SIZE - offset)
        return ITS_ACCESS_BAD_ADDRESS;
    *base = offset;
    if (size == 1) /* GICR_IPRIORITYR<n> are byte-accessible */
        return is_ipriority(offset) ? ITS_ACCESS_OK : ITS_ACCESS_BAD_SIZE;
    if ((size != 4 && size != 8) || offset % size)
        return ITS_ACCESS_BAD_SIZE;
    if (size == 8 && !is_reg64(offset))
        return is_reg32(offset) || is_reg32(offset + 4) ? ITS_ACCESS_BAD_SIZE : ITS_ACCESS_OK;
    if (is_reg64(offset & ~7ull))
        *base = offset & ~7ull;
    return ITS_ACCESS_OK;
}

static redist_diag access_diag(its_access a)
{
    return a == ITS_ACCESS_BAD_SIZE ? REDIST_DIAG_BAD_ACCESS_SIZE : REDIST_DIAG_BAD_ADDRESS;
}

static its_access do_read(const redist_t *rd, uint64_t offset, unsigned size, uint64_t *value,
                          redist_diag *diag)
{
    uint64_t base = offset, v;
    *value = 0;
    its_access a = check_access(offset, size, &base);
    if (a != ITS_ACCESS_OK) {
        *diag = access_diag(a);
        return a;
    }
    if (size == 1) {
        *value = rd->ipriority[offset - GICR_IPRIORITYR0];
        return ITS_ACCESS_OK;
    }
    if (!reg_value(rd, base, &v, diag)) {
        *diag = REDIST_DIAG_RESERVED_READ;
        return ITS_ACCESS_OK;
    }
    if (size == 4)
        v = (v >> ((offset - base) * 8)) & 0xFFFFFFFFu;
    *value = v;
    return ITS_ACCESS_OK;
}

its_access redist_peek(const redist_t *rd, uint64_t offset, unsigned size, uint64_t *value)
{
    redist_diag diag = REDIST_DIAGS;
    return do_read(rd, offset, size, value, &diag);
}

its_access redist_read(redist_t *rd, uint64_t offset, unsigned size, uint64_t *value)
{
    redist_diag diag = REDIST_DIAGS;
    its_access a = do_read(rd, offset, size, value, &diag);
    if (diag != REDIST_DIAGS)
        rd->st.diag[diag]++;
    return a;
}

/* ---- Writes ------------------------------------------------------------- */

static void write_ctlr(redist_t *rd, uint64_t v)
{
    bool enable = FIELD_GET(v, GICR_CTLR_ENABLE_LPIS);
    if (enable == rd->enable_lpis)
        return;
    /* CES = 1: EnableLPIs may be cleared. RWP reads 0 because the pending
     * table write-back is complete when this write returns. */
    if (enable) {
        rd->enable_lpis = true;
        redist_lpi_enable(rd);
    } else {
        redist_lpi_disable(rd);
        rd->enable_lpis = false;
    }
    redist_update_irq(rd);
}

static uint64_t baser_attr_keep(const redist_t *rd)
{
    uint64_t keep = 0;
    if (rd->cfg.shareability)
        keep |= FIELD_MASK(GICR_BASER_SHAREABILITY);
    if (rd->cfg.cacheability)
        keep |= FIELD_MASK(GICR_BASER_INNERCACHE) | FIELD_MASK(GICR_BASER_OUTERCACHE);
    return keep;
}

static uint64_t propbaser_keep(const redist_t *rd)
{
    return FIELD_MASK(GICR_PROPBASER_IDBITS) | FIELD_MASK(GICR_PROPBASER_PA) | baser_attr_keep(rd);
}

static uint64_t pendbaser_keep(const redist_t *rd)
{
    return FIELD_MASK(GICR_PENDBASER_PA) | baser_attr_keep(rd);
}

static void write_propbaser(redist_t *rd, uint64_t v)
{
    if (rd->enable_lpis) {
        rd->st.diag[REDIST_DIAG_BASER_WHILE_ENABLED]++;
        return;
    }
    rd->propbaser = v & propbaser_keep(rd);
    update_limit(rd);
}

/* high: the write covered bits [63:32], so it carries a PTZ value. */
static void write_pendbaser(redist_t *rd, uint64_t v, bool high)
{
    if (rd->enable_lpis) {
        rd->st.diag[REDIST_DIAG_BASER_WHILE_ENABLED]++;
        return;
    }
    rd->pendbaser = v & pendbaser_keep(rd);
    if (high)
        rd->ptz = FIELD_GET(v, GICR_PENDBASER_PTZ);
}

/* SETLPIR/CLRLPIR/INVLPIR/INVALLR. low: the write covered bits [31:0];
 * [63:32] alone are RES0 in GICv3 and do nothing. */
static void write_direct(redist_t *rd, uint64_t base, uint64_t v, bool low)
{
    /* IR makes the invalidation registers work without DirectLPI. */
    bool ir_reg = base == GICR_INVLPIR || base == GICR_INVALLR;
    if (!rd->cfg.direct_lpi && !(rd->cfg.ir && ir_reg)) {
        rd->st.diag[REDIST_DIAG_DIRECT_LPI_OFF]++;
        return;
    }
    if (!low)
        return;
    uint32_t intid = (uint32_t)FIELD_GET(v, GICR_LPIR_INTID);
    switch (base) {
    case GICR_SETLPIR: redist_set_pending(rd, intid); break;
    case GICR_CLRLPIR: redist_clear_pending(rd, intid); break;
    case GICR_INVLPIR: redist_inv(rd, intid); break;
    default: redist_invall(rd); break;
    }
}

static void write_ipriority(redist_t *rd, uint64_t off, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        rd->ipriority[off - GICR_IPRIORITYR0 + i] = (uint8_t)(v >> (8 * i));
}

static void write_reg(redist_t *rd, uint64_t base, uint64_t v, bool low, bool high)
{
    uint32_t w = (uint32_t)v;
    switch (base) {
    case GICR_CTLR: write_ctlr(rd, v); return;
    case GICR_STATUSR: return; /* RAZ/WI: no access errors are recorded */
    case GICR_WAKER: rd->processor_sleep = FIELD_GET(v, GICR_WAKER_PROCESSOR_SLEEP); return;
    case GICR_SETLPIR: case GICR_CLRLPIR: case GICR_INVLPIR: case GICR_INVALLR:
        write_direct(rd, base, v, low);
        return;
    case GICR_PROPBASER: write_propbaser(rd, v); return;
    case GICR_PENDBASER: write_pendbaser(rd, v, high); return;
    case GICR_IGROUPR0: rd->igroupr0 = w; return;
    case GICR_ISENABLER0: rd->enabler0 |= w; return;
    case GICR_ICENABLER0: rd->enabler0 &= ~w; return;
    case GICR_ISPENDR0: rd->pendr0 |= w; return;
    case GICR_ICPENDR0: rd->pendr0 &= ~w; return;
    case GICR_ISACTIVER0: rd->activer0 |= w; return;
    case GICR_ICACTIVER0: rd->activer0 &= ~w; return;
    case GICR_ICFGR1: rd->icfgr1 = w & ICFGR1_WRITABLE; return;
    case GICR_IGRPMODR0: rd->igrpmodr0 = w; return;
    case GICR_NSACR: rd->nsacr = w; return;
    default: break;
    }
    if (is_ipriority(base)) {
        write_ipriority(rd, base, w);
        return;
    }
    rd->st.diag[REDIST_DIAG_READONLY_WRITE]++; /* IIDR, TYPER, SYNCR, ICFGR0, ID registers */
}

its_access redist_write(redist_t *rd, uint64_t offset, unsigned size, uint64_t value)
{
    uint64_t base = offset, old;
    redist_diag diag = REDIST_DIAGS;
    its_access a = check_access(offset, size, &base);
    if (a != ITS_ACCESS_OK) {
        rd->st.diag[access_diag(a)]++;
        return a;
    }
    if (size == 1) {
        rd->ipriority[offset - GICR_IPRIORITYR0] = (uint8_t)value;
        return ITS_ACCESS_OK;
    }
    if (!reg_value(rd, base, &old, &diag)) {
        rd->st.diag[REDIST_DIAG_RESERVED_WRITE]++;
        return ITS_ACCESS_OK;
    }
    bool low = offset == base, high = size == 8 || offset != base;
    if (size == 4 && is_reg64(base)) {
        unsigned shift = (unsigned)(offset - base) * 8;
        value = (old & ~(0xFFFFFFFFull << shift)) | ((value & 0xFFFFFFFFu) << shift);
    }
    write_reg(rd, base, value, low, high);
    return ITS_ACCESS_OK;
}

bool redist_regs_restored(redist_t *rd)
{
    if ((rd->propbaser & ~propbaser_keep(rd)) || (rd->pendbaser & ~pendbaser_keep(rd)) ||
        (rd->icfgr1 & ~ICFGR1_WRITABLE))
        return false;
    update_limit(rd);
    return true;
}
