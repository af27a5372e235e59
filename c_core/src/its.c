/* SPDX-License-Identifier: Apache-2.0 */
/* Instance life cycle, memory and redistributor plumbing, statistics. */
#include <stdlib.h>
#include <string.h>

#include "its_internal.h"

static uint64_t typer_value(const its_config *cfg)
{
    uint64_t t = 0;
    t = FIELD_SET(t, GITS_TYPER_PHYSICAL, 1);
    uint8_t ite = cfg->errata.reported_ite_size ? cfg->errata.reported_ite_size : cfg->ite_size;
    t = FIELD_SET(t, GITS_TYPER_ITT_ENTRY_SIZE, ite - 1u);
    t = FIELD_SET(t, GITS_TYPER_ID_BITS, cfg->eventid_bits - 1u);
    t = FIELD_SET(t, GITS_TYPER_DEVBITS, cfg->devid_bits - 1u);
    t = FIELD_SET(t, GITS_TYPER_SEIS, cfg->seis);
    t = FIELD_SET(t, GITS_TYPER_PTA, cfg->pta);
    t = FIELD_SET(t, GITS_TYPER_HCC, cfg->hcc);
    /* Collections held in the ITS add to those in memory. */
    t = FIELD_SET(t, GITS_TYPER_CCT, cfg->hcc != 0);
    if (cfg->cil) {
        t = FIELD_SET(t, GITS_TYPER_CIL, 1);
        t = FIELD_SET(t, GITS_TYPER_CIDBITS, cfg->icid_bits - 1u);
    }
    return t;
}

/* Absent redistributor callbacks become no-ops, so callers never test them. */
static void ignore2(void *ctx, uint32_t a, uint32_t b) { (void)ctx, (void)a, (void)b; }
static void ignore1(void *ctx, uint32_t a) { (void)ctx, (void)a; }
static void ignore3(void *ctx, uint32_t a, uint32_t b, uint32_t c) { (void)ctx, (void)a, (void)b, (void)c; }

static void complete_ops(its_host_ops *o)
{
    if (!o->set_pending) o->set_pending = ignore2;
    if (!o->clear_pending) o->clear_pending = ignore2;
    if (!o->move_pending) o->move_pending = ignore3;
    if (!o->inv) o->inv = ignore2;
    if (!o->invall) o->invall = ignore1;
    if (!o->sync) o->sync = ignore1;
    if (!o->movall) o->movall = ignore2;
}

its_t *its_create(const its_config *cfg, const its_host_ops *ops)
{
    if (its_config_check(cfg) != NULL)
        return NULL;
    its_t *its = calloc(1, sizeof *its);
    if (!its)
        return NULL;
    its->cfg = *cfg;
    if (ops)
        its->ops = *ops;
    complete_ops(&its->ops);
    its->typer = typer_value(cfg);
    its->device_limit = 1ull << (cfg->errata.device_table_bits ? cfg->errata.device_table_bits : cfg->devid_bits);
    its->port_limit = cfg->errata.port_pa_bits ? 1ull << cfg->errata.port_pa_bits : 0;
    its->event_limit = 1ull << cfg->eventid_bits;
    its->icid_bits = cfg->cil ? cfg->icid_bits : 16;
    its->icid_limit = 1u << its->icid_bits;
    its->intid_bits = cfg->lpi_id_bits;
    its->intid_limit = 1ull << cfg->lpi_id_bits;
    its->itt_addr_bits = cfg->pa_bits - 8u;
    its->target_bits = its_bits_for(cfg->num_targets);
    if (cfg->hcc)
        its->hcc_cte = calloc(cfg->hcc, sizeof *its->hcc_cte);
    if ((cfg->hcc && !its->hcc_cte) ||
        its_cache_init(&its->dcache, &cfg->device_cache, &its->st.device_cache) ||
        its_cache_init(&its->icache, &cfg->ite_cache, &its->st.ite_cache) ||
        its_cache_init(&its->ccache, &cfg->collection_cache, &its->st.collection_cache)) {
        its_destroy(its);
        return NULL;
    }
    its_reset(its);
    return its;
}

void its_destroy(its_t *its)
{
    if (!its)
        return;
    its_cache_free(&its->dcache);
    its_cache_free(&its->icache);
    its_cache_free(&its->ccache);
    free(its->hcc_cte);
    free(its);
}

void its_reset(its_t *its)
{
    its_regs_reset(its);
    if (its->hcc_cte)
        memset(its->hcc_cte, 0, its->cfg.hcc * sizeof *its->hcc_cte);
    its_invalidate_caches(its);
}

const its_config *its_get_config(const its_t *its) { return &its->cfg; }

void its_invalidate_caches(its_t *its)
{
    its_cache_invalidate_all(&its->dcache);
    its_cache_invalidate_all(&its->icache);
    its_cache_invalidate_all(&its->ccache);
    its_collections_changed(its);
}

void its_table_dropped(its_t *its, its_table_type type)
{
    if (type == ITS_TABLE_DEVICE) {
        /* ITEs were found through the table's DTEs: they go too. */
        its_cache_invalidate_all(&its->dcache);
        its_cache_invalidate_all(&its->icache);
    } else {
        its_cache_invalidate_all(&its->ccache);
        its_collections_changed(its);
    }
}

/* An access the memory port cannot address faults (errata.port_pa_bits). */
static bool port_reaches(const its_t *its, uint64_t pa, uint32_t len)
{
    return !its->port_limit || (pa < its->port_limit && len <= its->port_limit - pa);
}

int its_mem_read(its_t *its, its_mem_kind kind, uint64_t pa, void *buf, uint32_t len)
{
    its->st.mem_reads++;
    its->st.mem_read_bytes += len;
    its->st.mem[kind].reads++;
    its->st.mem[kind].read_bytes += len;
    its->mem_kind = kind;
    if (port_reaches(its, pa, len) && its->ops.mem_read && its->ops.mem_read(its->ops.ctx, pa, buf, len) == 0)
        return 0;
    its->st.mem_faults++;
    its->st.mem[kind].faults++;
    return -1;
}

int its_mem_write(its_t *its, its_mem_kind kind, uint64_t pa, const void *buf, uint32_t len)
{
    its->st.mem_writes++;
    its->st.mem_write_bytes += len;
    its->st.mem[kind].writes++;
    its->st.mem[kind].write_bytes += len;
    its->mem_kind = kind;
    if (port_reaches(its, pa, len) && its->ops.mem_write && its->ops.mem_write(its->ops.ctx, pa, buf, len) == 0)
        return 0;
    its->st.mem_faults++;
    its->st.mem[kind].faults++;
    return -1;
}

/* RDbase field of MAPC/SYNC/MOVALL -> Processor_Number of the target. */
bool its_resolve_rdbase(const its_t *its, uint64_t rdbase, uint32_t *target)
{
    const its_config *c = &its->cfg;
    if (!c->pta) {
        if (rdbase >= c->num_targets)
            return false;
        *target = (uint32_t)rdbase;
        return true;
    }
    uint64_t pa = rdbase << 16;
    if (pa < c->rd_base || (pa - c->rd_base) % c->rd_stride != 0)
        return false;
    uint64_t n = (pa - c->rd_base) / c->rd_stride;
    if (n >= c->num_targets)
        return false;
    *target = (uint32_t)n;
    return true;
}

void its_last_error(const its_t *its, its_error_record *rec) { *rec = its->err; }

void its_get_stats(const its_t *its, its_stats *out)
{
    *out = its->st;
    /* Fold in the memoised hits of translate.c's hot path. */
    out->ite_cache.hits += its->hot_hits;
    out->collection_cache.hits += its->hot_hits - its->hot_hits_in_its;
}

void its_cache_totals(const its_t *its, its_cache_stats *out)
{
    const its_cache_stats *c[3] = {&its->st.device_cache, &its->st.ite_cache, &its->st.collection_cache};
    out->hits = 2 * its->hot_hits - its->hot_hits_in_its; /* as its_get_stats folds them */
    out->misses = out->evictions = out->invalidations = 0;
    for (int i = 0; i < 3; i++) {
        out->hits += c[i]->hits;
        out->misses += c[i]->misses;
        out->evictions += c[i]->evictions;
        out->invalidations += c[i]->invalidations;
    }
}

void its_stats_clear(its_t *its)
{
    memset(&its->st, 0, sizeof its->st);
    its->hot_hits = its->hot_hits_in_its = 0;
    its->err.count = 0;
}

const char *its_msi_result_name(its_msi_result r)
{
    static const char *const names[ITS_MSI_RESULTS] = {
        "delivered",       "its_disabled",   "no_device_id",
        "device_oor",      "unmapped_device", "event_oor",
        "unmapped_event",  "unmapped_collection", "memory_fault",
        "invalid_intid",
    };
    return (unsigned)r < ITS_MSI_RESULTS ? names[r] : "invalid";
}

const char *its_diag_name(its_diag d)
{
    static const char *const names[ITS_DIAGS] = {
        "reserved_read",          "reserved_write",         "readonly_write",
        "writeonly_read",         "bad_access_size",        "bad_address",        "baser_write_while_enabled",
        "cbaser_write_while_enabled", "page_size_rejected", "cwriter_out_of_range",
        "enabled_without_tables", "sync_bad_target",
    };
    return (unsigned)d < ITS_DIAGS ? names[d] : "invalid";
}

const char *its_cmd_name(uint8_t opcode)
{
    switch (opcode) {
    case ITS_CMD_MOVI: return "MOVI";
    case ITS_CMD_INT: return "INT";
    case ITS_CMD_CLEAR: return "CLEAR";
    case ITS_CMD_SYNC: return "SYNC";
    case ITS_CMD_MAPD: return "MAPD";
    case ITS_CMD_MAPC: return "MAPC";
    case ITS_CMD_MAPTI: return "MAPTI";
    case ITS_CMD_MAPI: return "MAPI";
    case ITS_CMD_INV: return "INV";
    case ITS_CMD_INVALL: return "INVALL";
    case ITS_CMD_MOVALL: return "MOVALL";
    case ITS_CMD_DISCARD: return "DISCARD";
    default: return "UNKNOWN";
    }
}

its_mem_kind its_mem_kind_current(const its_t *its) { return its->mem_kind; }

const char *its_mem_kind_name(its_mem_kind k)
{
    static const char *const names[ITS_MEM_KINDS] = {"command", "device_l1", "device", "itt",
                                                     "collection_l1", "collection"};
    return (unsigned)k < ITS_MEM_KINDS ? names[k] : "invalid";
}
