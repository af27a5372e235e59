/* SPDX-License-Identifier: Apache-2.0 */
/* Checkpoint and restore of an ITS instance (its/checkpoint.h; the format:
 * docs/checkpoint.md, "ITS blob"). */
#include <string.h>

#include "its_internal.h"
#include "save.h"

static const char its_magic[ITS_CKPT_MAGIC_BYTES] = {'G', 'I', 'T', 'S', 'C', 'K', 'P', 'T'};

#define CONFIG_IMAGE_MAX 128u
/* The u64 fields of its_stats, in order (stats_io). A new counter changes
 * the format: stats_io, docs/checkpoint.md and ITS_CKPT_VERSION follow. */
#define ITS_STAT_COUNTERS 89u
_Static_assert(sizeof(its_stats) == ITS_STAT_COUNTERS * sizeof(uint64_t), "its_stats changed");

/* ---- The configuration's image ------------------------------------------- */

static void cache_config(its_ckpt_io *w, const its_cache_config *c)
{
    its_ckpt_put_u32(w, c->entries);
    its_ckpt_put_u32(w, c->ways);
    its_ckpt_put_u8(w, (uint8_t)c->policy);
}

/* Every field, in declaration order, so that any difference shows. */
static size_t config_image(const its_config *c, uint8_t out[CONFIG_IMAGE_MAX])
{
    its_ckpt_io w = {0};
    w.out = out;
    w.cap = CONFIG_IMAGE_MAX;
    its_ckpt_put_u32(&w, c->iidr);
    for (int i = 0; i < 8; i++)
        its_ckpt_put_u8(&w, c->pidr[i]);
    for (int i = 0; i < 4; i++)
        its_ckpt_put_u8(&w, c->cidr[i]);
    its_ckpt_put_u8(&w, c->devid_bits);
    its_ckpt_put_u8(&w, c->eventid_bits);
    its_ckpt_put_u8(&w, c->icid_bits);
    its_ckpt_put_u8(&w, c->cil);
    its_ckpt_put_u8(&w, c->ite_size);
    its_ckpt_put_u8(&w, c->hcc);
    its_ckpt_put_u8(&w, c->pta);
    its_ckpt_put_u8(&w, c->seis);
    its_ckpt_put_u8(&w, c->lpi_id_bits);
    its_ckpt_put_u8(&w, c->pa_bits);
    its_ckpt_put_u32(&w, c->num_targets);
    its_ckpt_put_u64(&w, c->rd_base);
    its_ckpt_put_u64(&w, c->rd_stride);
    for (int n = 0; n < 8; n++) {
        its_ckpt_put_u8(&w, (uint8_t)c->baser[n].type);
        its_ckpt_put_u8(&w, c->baser[n].entry_size);
        its_ckpt_put_u8(&w, c->baser[n].indirect);
        its_ckpt_put_u8(&w, c->baser[n].reset_page_size);
    }
    its_ckpt_put_u8(&w, c->page_sizes);
    its_ckpt_put_u8(&w, c->shareability);
    its_ckpt_put_u8(&w, c->cacheability);
    its_ckpt_put_u8(&w, (uint8_t)c->error_policy);
    its_ckpt_put_u8(&w, c->process_on_write);
    its_ckpt_put_u8(&w, c->invalidate_on_disable);
    cache_config(&w, &c->device_cache);
    cache_config(&w, &c->ite_cache);
    cache_config(&w, &c->collection_cache);
    its_ckpt_put_u8(&w, c->errata.reported_ite_size);
    its_ckpt_put_u8(&w, c->errata.device_table_bits);
    its_ckpt_put_u8(&w, c->errata.port_pa_bits);
    return w.pos < CONFIG_IMAGE_MAX ? w.pos : CONFIG_IMAGE_MAX; /* a bigger image needs a bigger buffer */
}

/* ---- What a restored entry may hold -------------------------------------- */

/* A CTE: Valid and a target field, nothing above (HCC slots may be 0). */
static bool cte_ok(const its_t *its, uint64_t v)
{
    return (v & 1) && (v >> (1 + its->target_bits)) == 0;
}

static bool dcache_ok(const void *ctx, uint64_t key, uint64_t v)
{
    const its_t *its = ctx;
    return key < its->device_limit && (v & 1) && (v >> (6 + its->itt_addr_bits)) == 0;
}

static bool ccache_ok(const void *ctx, uint64_t key, uint64_t v)
{
    const its_t *its = ctx;
    return key >= its->cfg.hcc && key < its->icid_limit && cte_ok(its, v);
}

#define ITE_CANONICAL_BITS 41u /* Valid, INTID[24:1], ICID[40:25] */

/* A memo (translate.c) is trusted on the hot path without any check, so
 * the target and INTID it holds must be ones a translation could give. */
static bool icache_ok(const void *ctx, uint64_t key, uint64_t v)
{
    const its_t *its = ctx;
    if ((key >> 32) >= its->device_limit || (key & 0xFFFFFFFFu) >= its->event_limit || !(v & 1))
        return false;
    uint64_t extra = v & ~bits_mask(ITE_CANONICAL_BITS);
    if (!its->icache.unbounded || !(v & ITE_MEMO_VALID))
        return extra == 0;
    if (extra & ~ITE_MEMO_BITS)
        return false;
    uint32_t icid = ite_icid(v);
    bool in_its = icid < its->cfg.hcc;
    return its_lpi_valid(its, ite_intid(v)) && FIELD_GET(v, ITE_MEMO_TARGET) < its->cfg.num_targets &&
           (icid < its->icid_limit) && (in_its || its->ccache.unbounded) && !!(v & ITE_MEMO_IN_ITS) == in_its;
}

/* ---- The state, in either direction -------------------------------------- */

static void error_io(its_ckpt_io *io, its_error_record *e)
{
    its_ckpt_u32(io, &e->code);
    its_ckpt_u8(io, &e->opcode);
    its_ckpt_u32(io, &e->index);
    its_ckpt_u64(io, &e->count);
}

static void cache_stats_io(its_ckpt_io *io, its_cache_stats *c)
{
    its_ckpt_u64(io, &c->hits);
    its_ckpt_u64(io, &c->misses);
    its_ckpt_u64(io, &c->evictions);
    its_ckpt_u64(io, &c->invalidations);
}

static void stats_io(its_ckpt_io *io, its_stats *s)
{
    uint32_t n = ITS_STAT_COUNTERS;
    its_ckpt_count(io, &n, ITS_STAT_COUNTERS, 8);
    if (!its_ckpt_check(io, n == ITS_STAT_COUNTERS))
        return;
    its_ckpt_u64s(io, s->msi, ITS_MSI_RESULTS);
    its_ckpt_u64s(io, s->commands, 16);
    its_ckpt_u64(io, &s->commands_unknown);
    its_ckpt_u64(io, &s->command_errors);
    its_ckpt_u64(io, &s->stalls);
    its_ckpt_u64(io, &s->retries);
    its_ckpt_u64(io, &s->mem_reads);
    its_ckpt_u64(io, &s->mem_read_bytes);
    its_ckpt_u64(io, &s->mem_writes);
    its_ckpt_u64(io, &s->mem_write_bytes);
    its_ckpt_u64(io, &s->mem_faults);
    for (int k = 0; k < ITS_MEM_KINDS; k++) {
        its_ckpt_u64(io, &s->mem[k].reads);
        its_ckpt_u64(io, &s->mem[k].read_bytes);
        its_ckpt_u64(io, &s->mem[k].writes);
        its_ckpt_u64(io, &s->mem[k].write_bytes);
        its_ckpt_u64(io, &s->mem[k].faults);
    }
    cache_stats_io(io, &s->device_cache);
    cache_stats_io(io, &s->ite_cache);
    cache_stats_io(io, &s->collection_cache);
    its_ckpt_u64s(io, s->diag, ITS_DIAGS);
}

/* Saving reads a shallow copy of the instance; loading writes into a fresh
 * instance of the same configuration (its_restore). Derived state (decoded
 * tables, hot path) is set up again from the registers. */
static void its_state_io(its_ckpt_io *io, void *state)
{
    its_t *its = state;
    uint8_t image[CONFIG_IMAGE_MAX];
    its_ckpt_config(io, image, config_image(&its->cfg, image));
    if (io->mismatch)
        return;

    its_ckpt_bool(io, &its->enabled);
    its_ckpt_u64(io, &its->cbaser);
    its_ckpt_u64(io, &its->cwriter);
    its_ckpt_u64(io, &its->creadr);
    its_ckpt_bool(io, &its->stalled);
    its_ckpt_u64s(io, its->baser, 8);
    uint8_t kind = (uint8_t)its->mem_kind;
    its_ckpt_u8(io, &kind);
    if (io->loading && its_ckpt_check(io, kind < ITS_MEM_KINDS && !io->bad))
        its->mem_kind = (its_mem_kind)kind;
    error_io(io, &its->err);

    uint32_t hcc = its->cfg.hcc;
    its_ckpt_count(io, &hcc, its->cfg.hcc, 8);
    if (!its_ckpt_check(io, hcc == its->cfg.hcc))
        return;
    for (uint32_t i = 0; i < hcc; i++) {
        its_ckpt_u64(io, &its->hcc_cte[i]);
        its_ckpt_check(io, its->hcc_cte[i] == 0 || cte_ok(its, its->hcc_cte[i]));
    }

    its_cache_io(io, &its->dcache, dcache_ok, its);
    its_cache_io(io, &its->icache, icache_ok, its);
    its_cache_io(io, &its->ccache, ccache_ok, its);
    its_ckpt_u64(io, &its->hot_hits);
    its_ckpt_u64(io, &its->hot_hits_in_its);
    its_ckpt_check(io, its->hot_hits_in_its <= its->hot_hits);
    stats_io(io, &its->st);

    if (io->loading && !io->bad)
        its_ckpt_check(io, its_regs_restored(its));
}

size_t its_save_size(const its_t *its)
{
    its_t view = *its;
    return its_ckpt_size(its_state_io, &view);
}

its_ckpt_status its_save(const its_t *its, void *buf, size_t len, size_t *written)
{
    its_t view = *its;
    return its_ckpt_save(its_magic, its_state_io, &view, buf, len, written);
}

/* The caches count into the instance's own its_stats. */
static void rebind(its_t *its)
{
    its->dcache.st = &its->st.device_cache;
    its->icache.st = &its->st.ite_cache;
    its->ccache.st = &its->st.collection_cache;
}

its_ckpt_status its_restore(its_t *its, const void *buf, size_t len)
{
    its_ckpt_io io;
    its_ckpt_status s = its_ckpt_open(its_magic, buf, len, &io);
    if (s != ITS_CKPT_OK)
        return s;
    its_t *tmp = its_create(&its->cfg, &its->ops);
    if (!tmp)
        return ITS_CKPT_NO_MEMORY;
    its_state_io(&io, tmp);
    s = its_ckpt_loaded(&io);
    if (s == ITS_CKPT_OK) {
        its_t old = *its;
        *its = *tmp;
        *tmp = old;
        rebind(its);
        rebind(tmp);
    }
    its_destroy(tmp); /* the loaded state on failure, the replaced one on success */
    return s;
}
