/* SPDX-License-Identifier: Apache-2.0 */
/* The GITS register file: decode of both frames, reset values, write rules. */
#include "its_internal.h"

static uint64_t baser_reset_value(const its_baser_config *b)
{
    uint64_t v = 0;
    if (b->type == ITS_TABLE_NONE)
        return 0;
    v = FIELD_SET(v, GITS_BASER_TYPE, b->type);
    v = FIELD_SET(v, GITS_BASER_ENTRY_SIZE, b->entry_size - 1u);
    v = FIELD_SET(v, GITS_BASER_PAGE_SIZE, b->reset_page_size);
    return v;
}

void its_regs_reset(its_t *its)
{
    its->enabled = false;
    its->hot_path = false;
    its->cbaser = 0;
    its->cwriter = 0;
    its->creadr = 0;
    its->stalled = false;
    for (int n = 0; n < 8; n++)
        its->baser[n] = baser_reset_value(&its->cfg.baser[n]);
    its_tables_decode(its);
}

static uint64_t ctlr_value(const its_t *its)
{
    uint64_t v = 0;
    v = FIELD_SET(v, GITS_CTLR_ENABLED, its->enabled);
    v = FIELD_SET(v, GITS_CTLR_QUIESCENT, !its_cmdq_ready(its));
    return v;
}

static uint8_t id_register(const its_t *its, uint64_t off)
{
    unsigned i = (unsigned)(off - GITS_PIDR4) / 4; /* PIDR4..7, PIDR0..3, CIDR0..3 */
    if (i < 4)
        return its->cfg.pidr[4 + i];
    if (i < 8)
        return its->cfg.pidr[i - 4];
    return its->cfg.cidr[i - 8];
}

static bool is_reg64(uint64_t off)
{
    return off == GITS_TYPER || off == GITS_CBASER || off == GITS_CWRITER || off == GITS_CREADR ||
           (off >= GITS_BASER(0) && off < GITS_BASER(GITS_BASER_COUNT));
}

static bool is_reg32(uint64_t off)
{
    return off == GITS_CTLR || off == GITS_IIDR || (off >= GITS_PIDR4 && off < GITS_IDREGS_END);
}

/* Value of the register containing off (64-bit registers whole), and
 * whether off names a register at all. */
static bool reg_value(const its_t *its, uint64_t off, uint64_t *v)
{
    switch (off) {
    case GITS_CTLR: *v = ctlr_value(its); return true;
    case GITS_IIDR: *v = its->cfg.iidr; return true;
    case GITS_TYPER: *v = its->typer; return true;
    case GITS_CBASER: *v = its->cbaser; return true;
    case GITS_CWRITER: *v = its->cwriter; return true;
    case GITS_CREADR: *v = its->creadr | (its->stalled ? 1u : 0u); return true;
    default: break;
    }
    if (off >= GITS_BASER(0) && off < GITS_BASER(GITS_BASER_COUNT)) {
        unsigned n = (unsigned)(off - GITS_BASER(0)) / 8;
        *v = its->baser[n];
        return its->cfg.baser[n].type != ITS_TABLE_NONE; /* else RES0: reserved */
    }
    if (off >= GITS_PIDR4 && off < GITS_IDREGS_END) {
        *v = id_register(its, off);
        return true;
    }
    return false;
}

/* Shared size rules. Returns OK and sets *base (the register start) when the
 * access is well formed. */
static its_access check_access(uint64_t offset, unsigned size, uint64_t *base)
{
    if (offset >= ITS_FRAMES_SIZE || offset + size > ITS_FRAMES_SIZE)
        return ITS_ACCESS_BAD_ADDRESS;
    if (offset == ITS_TRANSLATER_OFFSET)
        return (size == 2 || size == 4) ? ITS_ACCESS_OK : ITS_ACCESS_BAD_SIZE;
    if ((size != 4 && size != 8) || offset % size)
        return ITS_ACCESS_BAD_SIZE;
    uint64_t reg = offset & ~7ull;
    if (size == 8 && !is_reg64(offset))
        return is_reg32(offset) || is_reg32(offset + 4) ? ITS_ACCESS_BAD_SIZE : ITS_ACCESS_OK;
    *base = is_reg64(reg) ? reg : offset;
    return ITS_ACCESS_OK;
}

static its_access do_read(const its_t *its, uint64_t offset, unsigned size, uint64_t *value,
                          its_diag *diag)
{
    uint64_t base = offset, v;
    *value = 0;
    its_access a = check_access(offset, size, &base);
    if (a != ITS_ACCESS_OK) {
        *diag = a == ITS_ACCESS_BAD_SIZE ? ITS_DIAG_BAD_ACCESS_SIZE : ITS_DIAG_BAD_ADDRESS;
        return a;
    }
    if (offset == ITS_TRANSLATER_OFFSET) {
        *diag = ITS_DIAG_WRITEONLY_READ;
        return ITS_ACCESS_OK;
    }
    if (offset >= ITS_TRANSLATION_FRAME || !reg_value(its, base, &v)) {
        *diag = ITS_DIAG_RESERVED_READ;
        return ITS_ACCESS_OK;
    }
    if (size == 4)
        v = (v >> ((offset - base) * 8)) & 0xFFFFFFFFu;
    *value = v;
    return ITS_ACCESS_OK;
}

its_access its_peek(const its_t *its, uint64_t offset, unsigned size, uint64_t *value)
{
    its_diag diag = ITS_DIAGS;
    return do_read(its, offset, size, value, &diag);
}

its_access its_read(its_t *its, uint64_t offset, unsigned size, uint64_t *value)
{
    its_diag diag = ITS_DIAGS;
    its_access a = do_read(its, offset, size, value, &diag);
    if (diag != ITS_DIAGS)
        its->st.diag[diag]++;
    return a;
}

/* ---- Writes ------------------------------------------------------------- */

static uint64_t pa_mask(const its_t *its, unsigned lo)
{
    return bits_mask(its->cfg.pa_bits) & ~bits_mask(lo);
}

static void write_ctlr(its_t *its, uint64_t v)
{
    bool enable = FIELD_GET(v, GITS_CTLR_ENABLED);
    if (enable && !its->enabled) {
        if (!FIELD_GET(its->cbaser, GITS_CBASER_VALID) || !its->devices.valid ||
            (its->cfg.hcc < its->icid_limit && !its->collections.valid))
            its->st.diag[ITS_DIAG_ENABLED_WITHOUT_TABLES]++;
        its->enabled = true;
        its->hot_path = its->icache.unbounded;
        its_cmdq_kick(its);
    } else if (!enable && its->enabled) {
        its->enabled = false;
        its->hot_path = false;
        if (its->cfg.invalidate_on_disable)
            its_invalidate_caches(its);
    }
}

/* The GITS_CBASER bits that stick. */
static uint64_t cbaser_keep(const its_t *its)
{
    uint64_t keep = FIELD_MASK(GITS_CBASER_SIZE) | FIELD_MASK(GITS_CBASER_VALID) | pa_mask(its, 12);
    if (its->cfg.shareability)
        keep |= FIELD_MASK(GITS_CBASER_SHAREABILITY);
    if (its->cfg.cacheability)
        keep |= FIELD_MASK(GITS_CBASER_OUTERCACHE) | FIELD_MASK(GITS_CBASER_INNERCACHE);
    return keep;
}

static void write_cbaser(its_t *its, uint64_t v)
{
    if (its->enabled) {
        its->st.diag[ITS_DIAG_CBASER_WHILE_ENABLED]++;
        return;
    }
    its->cbaser = v & cbaser_keep(its);
    its->creadr = 0;
    its->stalled = false;
    its_tables_decode(its);
}

static void write_cwriter(its_t *its, uint64_t v)
{
    its->cwriter = v & FIELD_MASK(GITS_CWRITER_OFFSET);
    if (its->cwriter >= its->queue_bytes && FIELD_GET(its->cbaser, GITS_CBASER_VALID))
        its->st.diag[ITS_DIAG_CWRITER_OUT_OF_RANGE]++;
    if (FIELD_GET(v, GITS_CWRITER_RETRY) && its->stalled) {
        its->stalled = false;
        its->st.retries++;
    }
    its_cmdq_kick(its);
}

/* Physical_Address bits that stick for a page size (encoded 0/1/2). */
static uint64_t baser_pa_keep(const its_t *its, unsigned page_size)
{
    if (page_size == 2) {
        uint64_t keep = FIELD_MASK(GITS_BASER_PA) & pa_mask(its, 16);
        if (its->cfg.pa_bits > 48) /* [15:12] carry PA[51:48] */
            keep |= bits_mask(its->cfg.pa_bits - 48) << 12;
        return keep;
    }
    return FIELD_MASK(GITS_BASER_PA) & pa_mask(its, page_size == 1 ? 14 : 12);
}

/* Whether entries read through table `was` may be wrong for `now`. */
static bool table_gone(const its_table *was, const its_table *now)
{
    return was->valid && (!now->valid || now->base != was->base || now->indirect != was->indirect ||
                          now->page_size != was->page_size || now->pages != was->pages);
}

static bool page_size_ok(const its_t *its, unsigned psz)
{
    return psz <= 2 && (its->cfg.page_sizes & (1u << psz));
}

/* What GITS_BASER<n> holds after a write of v with the (accepted) page size psz. */
static uint64_t baser_stored(const its_t *its, unsigned n, uint64_t v, unsigned psz)
{
    const its_baser_config *b = &its->cfg.baser[n];
    uint64_t keep = FIELD_MASK(GITS_BASER_SIZE) | FIELD_MASK(GITS_BASER_VALID) | baser_pa_keep(its, psz);
    if (b->indirect && !(b->type == ITS_TABLE_DEVICE && its->cfg.errata.device_table_bits))
        keep |= FIELD_MASK(GITS_BASER_INDIRECT);
    if (its->cfg.shareability)
        keep |= FIELD_MASK(GITS_BASER_SHAREABILITY);
    if (its->cfg.cacheability)
        keep |= FIELD_MASK(GITS_BASER_OUTERCACHE) | FIELD_MASK(GITS_BASER_INNERCACHE);
    uint64_t fixed = baser_reset_value(b) & (FIELD_MASK(GITS_BASER_TYPE) | FIELD_MASK(GITS_BASER_ENTRY_SIZE));
    return FIELD_SET((v & keep) | fixed, GITS_BASER_PAGE_SIZE, psz);
}

static void write_baser(its_t *its, unsigned n, uint64_t v)
{
    const its_baser_config *b = &its->cfg.baser[n];
    if (its->enabled) {
        its->st.diag[ITS_DIAG_BASER_WHILE_ENABLED]++;
        return;
    }
    unsigned psz = (unsigned)FIELD_GET(v, GITS_BASER_PAGE_SIZE);
    if (!page_size_ok(its, psz)) {
        its->st.diag[ITS_DIAG_PAGE_SIZE_REJECTED]++;
        psz = (unsigned)FIELD_GET(its->baser[n], GITS_BASER_PAGE_SIZE);
    }
    uint64_t nv = baser_stored(its, n, v, psz);
    its_table before = b->type == ITS_TABLE_DEVICE ? its->devices : its->collections;
    its->baser[n] = nv;
    its_tables_decode(its);
    /* Writes are only taken while disabled, and disabling emptied the caches
     * (with invalidate_on_disable). Without it, entries survive a disable,
     * as the architecture allows; but not the table they were read from: a
     * table no longer Valid, or moved, cannot translate through them. */
    if (table_gone(&before, b->type == ITS_TABLE_DEVICE ? &its->devices : &its->collections))
        its_table_dropped(its, b->type);
}

static void write_reg(its_t *its, uint64_t base, uint64_t v)
{
    switch (base) {
    case GITS_CTLR: write_ctlr(its, v); return;
    case GITS_CBASER: write_cbaser(its, v); return;
    case GITS_CWRITER: write_cwriter(its, v); return;
    default: break;
    }
    if (base >= GITS_BASER(0) && base < GITS_BASER(GITS_BASER_COUNT)) {
        write_baser(its, (unsigned)(base - GITS_BASER(0)) / 8, v);
        return;
    }
    its->st.diag[ITS_DIAG_READONLY_WRITE]++; /* IIDR, TYPER, CREADR, ID registers */
}

its_access its_write(its_t *its, uint64_t offset, unsigned size, uint64_t value)
{
    uint64_t base = offset, old;
    its_access a = check_access(offset, size, &base);
    if (a != ITS_ACCESS_OK) {
        its->st.diag[a == ITS_ACCESS_BAD_SIZE ? ITS_DIAG_BAD_ACCESS_SIZE : ITS_DIAG_BAD_ADDRESS]++;
        return a;
    }
    if (offset == ITS_TRANSLATER_OFFSET) {
        its->st.msi[ITS_MSI_DROP_NO_DEVICE_ID]++; /* no sideband: cannot translate */
        return ITS_ACCESS_OK;
    }
    if (offset >= ITS_TRANSLATION_FRAME || !reg_value(its, base, &old)) {
        its->st.diag[ITS_DIAG_RESERVED_WRITE]++;
        return ITS_ACCESS_OK;
    }
    if (size == 4 && is_reg64(base)) {
        unsigned shift = (unsigned)(offset - base) * 8;
        value = (old & ~(0xFFFFFFFFull << shift)) | ((value & 0xFFFFFFFFu) << shift);
    }
    write_reg(its, base, value);
    return ITS_ACCESS_OK;
}

bool its_regs_restored(its_t *its)
{
    if ((its->cbaser & ~cbaser_keep(its)) || (its->cwriter & ~FIELD_MASK(GITS_CWRITER_OFFSET)) ||
        (its->creadr & ~FIELD_MASK(GITS_CREADR_OFFSET)))
        return false;
    for (unsigned n = 0; n < 8; n++) {
        uint64_t v = its->baser[n];
        unsigned psz = (unsigned)FIELD_GET(v, GITS_BASER_PAGE_SIZE);
        bool ok = its->cfg.baser[n].type == ITS_TABLE_NONE ? v == 0
                                                           : page_size_ok(its, psz) && baser_stored(its, n, v, psz) == v;
        if (!ok)
            return false;
    }
    its_tables_decode(its);
    /* CREADR restarts at 0 with every CBASER write and wraps within the queue. */
    if (its->queue_bytes ? its->creadr >= its->queue_bytes : its->creadr != 0)
        return false;
    its->hot_path = its->enabled && its->icache.unbounded;
    return true;
}
