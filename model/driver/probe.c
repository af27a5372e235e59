/* SPDX-License-Identifier: Apache-2.0 */
/* Global bring-up: probe, BASER negotiation, command queue, enable, LPI tables. */
#include <stdlib.h>
#include <string.h>

#include "driver_internal.h"

#define BASER_TYPE(v) (unsigned)ITS_FIELD_GET((v), GITS_BASER_TYPE)
#define BASER_ESZ(v) (unsigned)(ITS_FIELD_GET((v), GITS_BASER_ENTRY_SIZE) + 1)

void drv_options_default(drv_options *o)
{
    o->poll_limit = 1000000;
    o->lpi_id_bits = 16;
    o->priority = 0xA0;
    o->set_ptz = false;
    o->quirks_off = 0;
    memset(&o->firmware, 0, sizeof o->firmware);
    o->retrigger_us = 1000000; /* the Linux workaround's 1 s */
}

const char *drv_status_name(drv_status s)
{
    static const char *const names[] = {
        "ok", "no ITS (GITS_PIDR2.ArchRev)", "ITS not quiescent", "no GITS_BASER page size sticks",
        "GITS_BASER value does not stick", "out of memory", "no LPIs", "EnableLPIs stuck at 1",
        "ITS queue not draining", "ITS queue timeout", "bad argument",
    };
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "invalid status";
}

static uint64_t its_rd(const its_driver *d, const drv_env *e, uint32_t off, unsigned size)
{
    return e->read(e->ctx, d->layout.its_base + off, size);
}

static void its_wr(const its_driver *d, const drv_env *e, uint32_t off, unsigned size, uint64_t v)
{
    e->write(e->ctx, d->layout.its_base + off, size, v);
}

static unsigned log2_floor(uint64_t v)
{
    unsigned n = 0;
    while (v >>= 1)
        n++;
    return n;
}

static drv_status force_quiescent(its_driver *d, const drv_env *e)
{
    uint64_t ctlr = its_rd(d, e, GITS_CTLR, 4);
    if ((ctlr & GITS_CTLR_QUIESCENT_MASK) && !(ctlr & GITS_CTLR_ENABLED_MASK))
        return DRV_OK;
    its_wr(d, e, GITS_CTLR, 4, ctlr & ~(GITS_CTLR_ENABLED_MASK | GITS_CTLR_IMDE_MASK));
    return drv_poll(d, e, d->layout.its_base + GITS_CTLR, GITS_CTLR_QUIESCENT_MASK, GITS_CTLR_QUIESCENT_MASK) == DRV_OK
               ? DRV_OK
               : DRV_E_NOT_QUIESCENT;
}

/* The checks of its_map_one: an ITS (GICv3/v4 ArchRev), then quiescent. */
static drv_status its_map_one(its_driver *d, const drv_env *e)
{
    unsigned arch = (unsigned)ITS_FIELD_GET(its_rd(d, e, GITS_PIDR2, 4), GITS_PIDR2_ARCHREV);
    if (arch != 3 && arch != 4)
        return DRV_E_NO_ITS;
    return force_quiescent(d, e);
}

/* Write 64K, read back, fall back to 16K then 4K (Page_Size codes 2, 1, 0);
 * each try rewrites the value read with only Page_Size changed. */
static drv_status negotiate_page_size(its_driver *d, const drv_env *e, unsigned n, uint32_t *psz)
{
    for (int code = 2; code >= 0; code--) {
        uint64_t v = ITS_FIELD_SET(its_rd(d, e, GITS_BASER(n), 8), GITS_BASER_PAGE_SIZE, (unsigned)code);
        its_wr(d, e, GITS_BASER(n), 8, v);
        if (ITS_FIELD_GET(its_rd(d, e, GITS_BASER(n), 8), GITS_BASER_PAGE_SIZE) == (uint64_t)code) {
            *psz = its_baser_page_bytes((unsigned)code);
            return DRV_OK;
        }
    }
    return DRV_E_NO_PAGE_SIZE;
}

/* Type and Entry_Size are read-only; Linux writes them back as read
 * (its_baser_make keeps them). */
static uint64_t baser_value(const drv_table *t, uint64_t reset, uint64_t pages, unsigned shareability,
                            unsigned cache)
{
    unsigned code = t->page_size == 65536   ? GITS_BASER_PAGE_SIZE_64K
                    : t->page_size == 16384 ? GITS_BASER_PAGE_SIZE_16K
                                            : GITS_BASER_PAGE_SIZE_4K;
    uint64_t v = its_baser_make(reset, t->pa, code, (unsigned)pages, t->indirect);
    v = ITS_FIELD_SET(v, GITS_BASER_INNERCACHE, cache);
    return ITS_FIELD_SET(v, GITS_BASER_SHAREABILITY, shareability);
}

/* Allocate and program one table, as its_setup_baser does. *shr and *cache
 * come in as what stuck on the previous BASER and go out as what stuck here. */
static drv_status setup_table(its_driver *d, const drv_env *e, unsigned n, uint64_t reset, drv_table *t,
                              unsigned *shr, unsigned *cache)
{
    t->baser = (int)n;
    t->entry_size = BASER_ESZ(reset);
    drv_status s = negotiate_page_size(d, e, n, &t->page_size);
    if (s != DRV_OK)
        return s;
    uint64_t bytes = t->page_size; /* collections: one page */
    if (BASER_TYPE(reset) == GITS_BASER_TYPE_DEVICE) {
        unsigned ids = d->dev_bits;
        if (((uint64_t)t->entry_size << ids) > 2ull * t->page_size) {
            /* Linux's probe value: Indirect with its default attributes and
             * Page_Size 0; the final write below sets the page size again.
             * (The read is its_parse_indirect_baser's, for Type and Entry_Size.) */
            (void)its_rd(d, e, GITS_BASER(n), 8);
            its_wr(d, e, GITS_BASER(n), 8,
                   GITS_BASER_INDIRECT_MASK | ITS_FIELD_PREP(GITS_BASER_INNERCACHE, CACHE_RAWAWB) |
                       ITS_FIELD_PREP(GITS_BASER_SHAREABILITY, ATTR_INNER_SHAREABLE));
            t->indirect = (its_rd(d, e, GITS_BASER(n), 8) & GITS_BASER_INDIRECT_MASK) != 0;
        }
        if (t->indirect) {
            ids -= log2_floor(t->page_size / t->entry_size);
            t->l1_entries = 1ull << ids;
            bytes = 8ull << ids;
        } else {
            bytes = (uint64_t)t->entry_size << ids;
        }
    }
    uint64_t pages = (bytes + t->page_size - 1) / t->page_size;
    if (pages > BASER_PAGES_MAX)
        pages = BASER_PAGES_MAX; /* Linux caps the table and warns */
    if (t->indirect)
        t->l1_entries = pages * t->page_size / 8;
    if (BASER_TYPE(reset) == GITS_BASER_TYPE_DEVICE) { /* what MAPD can name: table capacity and DevBits */
        uint64_t fit = t->indirect ? t->l1_entries * (t->page_size / t->entry_size)
                                   : pages * t->page_size / t->entry_size;
        unsigned dev_bits = d->dev_bits;
        t->ids = dev_bits < 64 && fit > (1ull << dev_bits) ? 1ull << dev_bits : fit;
    }
    t->pa = drv_alloc(d, e, pages * t->page_size, t->page_size);
    if (!t->pa)
        return DRV_E_NO_MEMORY;
    reset = its_rd(d, e, GITS_BASER(n), 8); /* its_setup_baser reads Type and Entry_Size again */
    for (int attempt = 0; attempt < 2; attempt++) {
        uint64_t v = baser_value(t, reset, pages, *shr, *cache);
        its_wr(d, e, GITS_BASER(n), 8, v);
        uint64_t got = its_rd(d, e, GITS_BASER(n), 8);
        unsigned got_shr = drv_shareability(d, got);
        if (got_shr != *shr) { /* shareability did not stick: adopt it, non-cacheable if 0 */
            *shr = got_shr;
            if (!*shr)
                *cache = CACHE_NC;
            continue;
        }
        if (got != v)
            return DRV_E_BASER;
        /* A non-shareable table is read from memory: clean what the CPU
         * wrote there (the zeroes), and later its level-1 entries. */
        t->needs_flush = *shr == 0;
        if (t->needs_flush)
            drv_clean(e, t->pa, pages * t->page_size);
        return DRV_OK;
    }
    return DRV_E_BASER;
}

static drv_status setup_tables(its_driver *d, const drv_env *e)
{
    unsigned shr = ATTR_INNER_SHAREABLE, cache = CACHE_RAWAWB; /* carried from BASER to BASER */
    if (d->quirks & DRV_QUIRK_CAVIUM_22375)
        cache = CACHE_NCNB; /* erratum 24313, same parts: memory attributes are ignored */
    d->devices.baser = d->collections.baser = -1;
    for (unsigned n = 0; n < 8; n++) {
        uint64_t reset = its_rd(d, e, GITS_BASER(n), 8);
        drv_table *t = BASER_TYPE(reset) == GITS_BASER_TYPE_DEVICE       ? &d->devices
                       : BASER_TYPE(reset) == GITS_BASER_TYPE_COLLECTION ? &d->collections
                                                                         : NULL;
        if (!t)
            continue;
        drv_status s = setup_table(d, e, n, reset, t, &shr, &cache);
        if (s != DRV_OK)
            return s;
    }
    return d->devices.baser < 0 ? DRV_E_BASER : DRV_OK;
}

static drv_status setup_queue(its_driver *d, const drv_env *e)
{
    d->cmdq = drv_alloc(d, e, QUEUE_BYTES, 65536);
    if (!d->cmdq)
        return DRV_E_NO_MEMORY;
    uint64_t v = its_cbaser_make(d->cmdq, QUEUE_BYTES / GITS_CBASER_PAGE_BYTES) |
                 ITS_FIELD_PREP(GITS_CBASER_INNERCACHE, CACHE_RAWAWB) |
                 ITS_FIELD_PREP(GITS_CBASER_SHAREABILITY, ATTR_INNER_SHAREABLE);
    its_wr(d, e, GITS_CBASER, 8, v);
    if (drv_shareability(d, its_rd(d, e, GITS_CBASER, 8)) == 0) {
        /* Non-shareable: non-cacheable, and every command cleaned to PoC. */
        its_wr(d, e, GITS_CBASER, 8,
               ITS_FIELD_SET(v & ~GITS_CBASER_SHAREABILITY_MASK, GITS_CBASER_INNERCACHE, CACHE_NC));
        d->cmdq_flush = true;
    }
    its_wr(d, e, GITS_CWRITER, 8, 0);
    d->cwriter = 0;
    return DRV_OK;
}

/* One property table (all LPIs disabled, priority set) and a pending table per CPU. */
static drv_status setup_lpi_tables(its_driver *d, const drv_env *e, unsigned id_bits)
{
    d->lpi_bits = (uint8_t)(id_bits < d->opt.lpi_id_bits ? id_bits : d->opt.lpi_id_bits);
    if (d->lpi_bits < 14)
        return DRV_E_NO_LPIS;
    uint64_t bytes = 1ull << d->lpi_bits;
    d->prop_table = drv_alloc(d, e, bytes < 65536 ? 65536 : bytes, 65536);
    if (!d->prop_table)
        return DRV_E_NO_MEMORY;
    uint64_t fill = (uint64_t)(d->opt.priority | GIC_LPI_PROP_GROUP1_MASK) * 0x0101010101010101ull; /* disabled */
    for (uint64_t off = 0; off < bytes - LPI_FIRST; off += 8)
        e->write(e->ctx, d->prop_table + off, 8, fill);
    drv_clean(e, d->prop_table, bytes - LPI_FIRST); /* the GIC must see it, as Linux makes sure */
    d->pend_table = calloc(d->layout.cpus, sizeof *d->pend_table);
    d->target = calloc(d->layout.cpus, sizeof *d->target);
    d->online = calloc(d->layout.cpus, 1);
    d->lpi_count = (uint32_t)(bytes - LPI_FIRST);
    d->lpi_used = calloc((d->lpi_count + 63) / 64, sizeof *d->lpi_used);
    if (!d->pend_table || !d->target || !d->online || !d->lpi_used)
        return DRV_E_NO_MEMORY;
    if (d->quirks & DRV_QUIRK_GIC700_2195890) {
        /* The first LPI stays unused: drv_periodic invalidates it. */
        d->lpi_used[0] = 1; /* LPI 8192 */
        d->reserved_lpi = LPI_FIRST;
    }
    for (unsigned cpu = 0; cpu < d->layout.cpus; cpu++) {
        uint64_t pend = bytes / 8 < 65536 ? 65536 : bytes / 8;
        d->pend_table[cpu] = drv_alloc(d, e, pend, 65536);
        if (!d->pend_table[cpu])
            return DRV_E_NO_MEMORY;
        drv_clean(e, d->pend_table[cpu], pend); /* zeroes the redistributor will scan */
    }
    return DRV_OK;
}

/* its_enable_quirks: what the matched workarounds change before any table
 * is sized. */
static void apply_quirks(its_driver *d, uint32_t iidr)
{
    d->quirks = drv_match_quirks(iidr, &d->opt);
    if (d->quirks & DRV_QUIRK_QDF2400_E0065)
        d->ite_size = 16; /* what the ITS really uses, whatever TYPER says */
    if (d->quirks & DRV_QUIRK_CAVIUM_22375)
        d->dev_bits = 20; /* the part's 8 MB device table */
    if (d->quirks & DRV_QUIRK_PRE_ITS) {
        /* A window of 4-byte slots: DeviceIDs beyond it cannot be named. */
        unsigned window_bits = log2_floor(d->opt.firmware.pre_its_size);
        if (window_bits >= 2 && window_bits - 2 < d->dev_bits)
            d->dev_bits = window_bits - 2;
    }
}

drv_status drv_new(its_driver **out, const drv_layout *layout, const drv_options *options)
{
    *out = NULL;
    if (layout->cpus > UINT16_MAX) /* a vector keeps its CPU in 16 bits */
        return DRV_E_ARGUMENT;
    its_driver *d = calloc(1, sizeof *d);
    if (!d)
        return DRV_E_NO_MEMORY;
    d->layout = *layout;
    if (options)
        d->opt = *options;
    else
        drv_options_default(&d->opt);
    *out = d;
    return DRV_OK;
}

drv_status drv_probe(its_driver **out, const drv_env *env, const drv_layout *layout,
                     const drv_options *options)
{
    drv_status made = drv_new(out, layout, options);
    if (made != DRV_OK)
        return made;
    its_driver *d = *out;
    /* The GIC driver reads GICD_TYPER first; without LPIS no ITS is touched. */
    uint64_t gicd_typer = env->read(env->ctx, layout->gicd_base + GICD_TYPER, 4);
    if (!(gicd_typer & GICD_TYPER_LPIS_MASK))
        return DRV_E_NO_LPIS;
    /* its_reset_one: check the ITS, make it quiescent and clear its BASERs
     * (tables a previous kernel left must not be used); then probe it. */
    drv_status s = its_map_one(d, env);
    if (s != DRV_OK)
        return s;
    for (unsigned n = 0; n < 8; n++)
        its_wr(d, env, GITS_BASER(n), 8, 0);
    if ((s = its_map_one(d, env)) != DRV_OK)
        return s;
    d->typer = its_rd(d, env, GITS_TYPER, 8);
    d->ite_size = (uint32_t)ITS_FIELD_GET(d->typer, GITS_TYPER_ITT_ENTRY_SIZE) + 1;
    d->dev_bits = (unsigned)ITS_FIELD_GET(d->typer, GITS_TYPER_DEVBITS) + 1;
    apply_quirks(d, (uint32_t)its_rd(d, env, GITS_IIDR, 4));
    if ((s = setup_tables(d, env)) != DRV_OK || (s = setup_queue(d, env)) != DRV_OK)
        return s;
    its_wr(d, env, GITS_CTLR, 4, its_rd(d, env, GITS_CTLR, 4) | GITS_CTLR_ENABLED_MASK);
    return setup_lpi_tables(d, env, (unsigned)ITS_FIELD_GET(gicd_typer, GICD_TYPER_IDBITS) + 1);
}

void drv_free(its_driver *d)
{
    if (!d)
        return;
    for (unsigned i = 0; i < d->ndev; i++)
        free(d->dev[i].vec);
    free(d->dev);
    free(d->pend_table);
    free(d->target);
    free(d->online);
    free(d->lpi_used);
    free(d);
}

uint64_t drv_msi_address(const its_driver *d) { return d->layout.its_base + GITS_TRANSLATER; }
uint64_t drv_commands_sent(const its_driver *d) { return d->commands; }

drv_status drv_send_command(its_driver *d, const drv_env *env, const uint64_t cmd[4])
{
    return drv_send(d, env, cmd, NO_SYNC);
}

uint64_t drv_cpu_target(const its_driver *d, unsigned cpu) { return cpu < d->layout.cpus ? d->target[cpu] : 0; }
uint64_t drv_property_table(const its_driver *d) { return d->prop_table; }
uint64_t drv_pending_table(const its_driver *d, unsigned cpu) { return cpu < d->layout.cpus ? d->pend_table[cpu] : 0; }
unsigned drv_lpi_bits(const its_driver *d) { return d->lpi_bits; }
