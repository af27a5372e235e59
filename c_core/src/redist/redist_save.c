/* SPDX-License-Identifier: Apache-2.0 */
/* Checkpoint and restore of a redistributor (its/checkpoint.h; the format:
 * docs/checkpoint.md, "Redistributor blob"). */
#include <stdlib.h>
#include <string.h>

#include "../save.h"
#include "redist_internal.h"

static const char redist_magic[ITS_CKPT_MAGIC_BYTES] = {'G', 'I', 'C', 'R', 'C', 'K', 'P', 'T'};

#define CONFIG_IMAGE_MAX 64u
#define CHUNK_RECORD_BYTES (4u + 2u * 64u * 8u + LPI_LEAF_SIZE) /* index, pending, stranded, bytes */
#define ACTIVE_RECORD_BYTES 5u /* priority, INTID */

/* The u64 fields of redist_stats, in order (stats_io). A new counter changes
 * the format: stats_io, docs/checkpoint.md and ITS_CKPT_VERSION follow. */
#define REDIST_STAT_COUNTERS 34u
_Static_assert(sizeof(redist_stats) == REDIST_STAT_COUNTERS * sizeof(uint64_t), "redist_stats changed");

/* Every field, in declaration order, so that any difference shows. */
static size_t config_image(const redist_config *c, uint8_t out[CONFIG_IMAGE_MAX])
{
    its_ckpt_io w = {0};
    w.out = out;
    w.cap = CONFIG_IMAGE_MAX;
    its_ckpt_put_u32(&w, c->processor_number);
    its_ckpt_put_u32(&w, c->affinity);
    its_ckpt_put_u8(&w, c->last);
    its_ckpt_put_u8(&w, c->common_lpi_aff);
    its_ckpt_put_u32(&w, c->iidr);
    its_ckpt_put_u8(&w, c->pidr2);
    its_ckpt_put_u8(&w, c->id_bits);
    its_ckpt_put_u8(&w, c->direct_lpi);
    its_ckpt_put_u8(&w, c->pri_bits);
    its_ckpt_put_u8(&w, c->shareability);
    its_ckpt_put_u8(&w, c->cacheability);
    its_ckpt_put_u32(&w, c->property_cache_entries);
    its_ckpt_put_u32(&w, c->property_cache_ways);
    its_ckpt_put_u8(&w, c->ir);
    its_ckpt_put_u8(&w, c->port_pa_bits);
    its_ckpt_put_u8(&w, c->gic700_2195890);
    its_ckpt_put_u32(&w, c->pending_slots);
    return w.pos < CONFIG_IMAGE_MAX ? w.pos : CONFIG_IMAGE_MAX; /* a bigger image needs a bigger buffer */
}

static uint32_t chunk_of(uint32_t intid) { return intid >> LPI_LEAF_BITS; }

/* A configuration byte in cached form (lpi.c, cfg_load): priority within
 * the implemented bits, the cached marker, the enable bit. */
static bool cfg_byte_ok(const redist_t *rd, uint64_t b)
{
    return b <= 0xFF && (b & LPI_CFG_CACHED) && (b & 0xFCu & ~(uint64_t)rd->primask) == 0;
}

/* INVALL walks the cached INTIDs into their chunks: each must exist. */
static bool pcache_ok(const void *ctx, uint64_t key, uint64_t v)
{
    const redist_t *rd = ctx;
    return key >= LPI_FIRST && key < (1ull << rd->cfg.id_bits) && rd->chunk[chunk_of((uint32_t)key)] &&
           cfg_byte_ok(rd, v);
}

static void regs_io(its_ckpt_io *io, redist_t *rd)
{
    its_ckpt_bool(io, &rd->enable_lpis);
    its_ckpt_bool(io, &rd->processor_sleep);
    its_ckpt_u64(io, &rd->propbaser);
    its_ckpt_u64(io, &rd->pendbaser);
    its_ckpt_bool(io, &rd->ptz);
    its_ckpt_u32(io, &rd->igroupr0);
    its_ckpt_u32(io, &rd->enabler0);
    its_ckpt_u32(io, &rd->pendr0);
    its_ckpt_u32(io, &rd->activer0);
    its_ckpt_u32(io, &rd->icfgr1);
    its_ckpt_u32(io, &rd->igrpmodr0);
    its_ckpt_u32(io, &rd->nsacr);
    its_ckpt_bytes(io, rd->ipriority, sizeof rd->ipriority);
    if (io->loading && !io->bad)
        its_ckpt_check(io, redist_regs_restored(rd));
}

/* The active priorities: strictly falling (each acknowledge beat the one
 * below), so at most ACTIVE_MAX and never one more than the stack holds. */
static void cpuif_io(its_ckpt_io *io, redist_t *rd)
{
    its_ckpt_u8(io, &rd->pmr);
    its_ckpt_check(io, (rd->pmr & ~rd->primask) == 0);
    its_ckpt_bool(io, &rd->igrpen1);
    its_ckpt_bool(io, &rd->irq_level);
    uint32_t n = rd->nactive;
    its_ckpt_count(io, &n, ACTIVE_MAX, ACTIVE_RECORD_BYTES);
    if (io->bad)
        return;
    rd->nactive = n;
    for (uint32_t i = 0; i < n; i++) {
        its_ckpt_u8(io, &rd->active_prio[i]);
        its_ckpt_u32(io, &rd->active_intid[i]);
        uint8_t p = rd->active_prio[i];
        uint32_t intid = rd->active_intid[i];
        its_ckpt_check(io, (p & 3) == 0 && (p & ~rd->primask) == 0 && (i == 0 || p < rd->active_prio[i - 1]) &&
                               intid >= LPI_FIRST && intid < (1ull << rd->cfg.id_bits));
    }
}

/* One chunk's pending and stranded words and configuration bytes. Loading:
 * pending only within the range and with LPIs on (disabling empties it),
 * stranded within pending. */
static void chunk_io(its_ckpt_io *io, redist_t *rd, uint32_t c)
{
    lpi_chunk *k = rd->chunk[c];
    uint64_t stranded[64] = {0};
    if (!io->loading && rd->stranded.leaf[c])
        memcpy(stranded, rd->stranded.leaf[c]->w, sizeof stranded);
    its_ckpt_u64s(io, k->pending.w, 64);
    its_ckpt_u64s(io, stranded, 64);
    its_ckpt_bytes(io, k->cfg, sizeof k->cfg);
    if (!io->loading || io->bad)
        return;
    uint64_t any = 0, extra = 0, strays = 0;
    for (unsigned j = 0; j < 64; j++) {
        any |= k->pending.w[j];
        strays |= stranded[j];
        extra |= stranded[j] & ~k->pending.w[j];
    }
    bool in_range = rd->enable_lpis && c < chunk_of(rd->limit);
    if (!its_ckpt_check(io, extra == 0 && (any == 0 || in_range)))
        return;
    for (unsigned i = 0; i < LPI_LEAF_SIZE; i++)
        if (!its_ckpt_check(io, k->cfg[i] == 0 || cfg_byte_ok(rd, k->cfg[i])))
            return;
    its_lpi_set_leaf_loaded(&rd->pending, c);
    if (strays) {
        lpi_leaf *l = its_lpi_set_leaf(&rd->stranded, c << LPI_LEAF_BITS);
        if (!l) {
            io->nomem = true;
            return;
        }
        memcpy(l->w, stranded, sizeof stranded);
        its_lpi_set_leaf_loaded(&rd->stranded, c);
    }
}

/* The chunks that exist (were ever touched), by increasing index. */
static void chunks_io(its_ckpt_io *io, redist_t *rd)
{
    uint32_t n = 0;
    for (uint32_t c = 0; !io->loading && c < rd->nchunks; c++)
        n += rd->chunk[c] != NULL;
    its_ckpt_count(io, &n, rd->nchunks, CHUNK_RECORD_BYTES);
    uint32_t c = 0;
    for (uint32_t i = 0; i < n && !io->bad && !io->nomem; i++, c++) {
        uint32_t index = c;
        if (!io->loading) {
            while (!rd->chunk[c])
                c++;
            index = c;
        }
        its_ckpt_u32(io, &index);
        if (io->loading) {
            /* Strictly increasing: c is one past the previous index. */
            if (!its_ckpt_check(io, !io->bad && index >= c && index >= chunk_of(LPI_FIRST) && index < rd->nchunks))
                return;
            lpi_chunk *k = calloc(1, sizeof *k);
            if (!k) {
                io->nomem = true;
                return;
            }
            rd->chunk[index] = k;
            rd->pending.leaf[index] = &k->pending;
            c = index;
        }
        chunk_io(io, rd, index);
    }
}

static void stats_io(its_ckpt_io *io, redist_stats *s)
{
    uint32_t n = REDIST_STAT_COUNTERS;
    its_ckpt_count(io, &n, REDIST_STAT_COUNTERS, 8);
    if (!its_ckpt_check(io, n == REDIST_STAT_COUNTERS))
        return;
    its_ckpt_u64s(io, s->lpi, REDIST_LPI_RESULTS);
    its_ckpt_u64(io, &s->cleared);
    its_ckpt_u64(io, &s->acknowledged);
    its_ckpt_u64(io, &s->spurious);
    its_ckpt_u64(io, &s->eoi);
    its_ckpt_u64(io, &s->prop_reads);
    its_ckpt_u64(io, &s->prop_hits);
    its_ckpt_u64(io, &s->prop_misses);
    its_ckpt_u64(io, &s->prop_evictions);
    its_ckpt_u64(io, &s->pend_scans);
    its_ckpt_u64(io, &s->pend_writebacks);
    its_ckpt_u64(io, &s->invs);
    its_ckpt_u64(io, &s->invalls);
    its_ckpt_u64(io, &s->syncs);
    its_ckpt_u64(io, &s->stranded);
    its_ckpt_u64(io, &s->rescans);
    its_ckpt_u64s(io, s->diag, REDIST_DIAGS);
}

/* Saving reads a shallow copy of the instance; loading writes into a fresh
 * instance of the same configuration (redist_restore). The LPI range, the
 * held count and the priority levels are derived again. */
static void redist_state_io(its_ckpt_io *io, void *state)
{
    redist_t *rd = state;
    uint8_t image[CONFIG_IMAGE_MAX];
    its_ckpt_config(io, image, config_image(&rd->cfg, image));
    if (io->mismatch)
        return;
    regs_io(io, rd);
    cpuif_io(io, rd);
    chunks_io(io, rd);
    its_cache_io(io, &rd->pcache, pcache_ok, rd);
    its_ckpt_u64(io, &rd->prop.hits);
    its_ckpt_u64(io, &rd->prop.misses);
    its_ckpt_u64(io, &rd->prop.evictions);
    its_ckpt_u64(io, &rd->prop.invalidations);
    stats_io(io, &rd->st);
    if (io->loading && !io->bad && !io->nomem && redist_lpi_restored(rd))
        io->nomem = true;
}

size_t redist_save_size(const redist_t *rd)
{
    redist_t view = *rd;
    return its_ckpt_size(redist_state_io, &view);
}

its_ckpt_status redist_save(const redist_t *rd, void *buf, size_t len, size_t *written)
{
    redist_t view = *rd;
    return its_ckpt_save(redist_magic, redist_state_io, &view, buf, len, written);
}

its_ckpt_status redist_restore(redist_t *rd, const void *buf, size_t len)
{
    its_ckpt_io io;
    its_ckpt_status s = its_ckpt_open(redist_magic, buf, len, &io);
    if (s != ITS_CKPT_OK)
        return s;
    redist_t *tmp = redist_create(&rd->cfg, &rd->ops);
    if (!tmp)
        return ITS_CKPT_NO_MEMORY;
    redist_state_io(&io, tmp);
    s = its_ckpt_loaded(&io);
    if (s == ITS_CKPT_OK) {
        redist_t old = *rd;
        *rd = *tmp;
        *tmp = old;
        /* The property cache counts into its own instance. */
        rd->pcache.st = &rd->prop;
        tmp->pcache.st = &tmp->prop;
    }
    redist_destroy(tmp); /* the loaded state on failure, the replaced one on success */
    return s;
}
