/* SPDX-License-Identifier: Apache-2.0 */
/* Redistributor life cycle, configuration, memory plumbing, statistics. */
#include <stdlib.h>
#include <string.h>

#include "redist_internal.h"

/* QEMU's virt board: 123 redistributors fit its first GICR region; the rest
 * go to a second one. GICR_TYPER.Last marks the end of each region. */
#define QEMU_VIRT_REDIST_REGION0 123u

void redist_config_qemu_virt(redist_config *cfg, uint32_t n, uint32_t count)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->processor_number = n;
    /* virt packs 16 PEs per Aff1 cluster with a GICv3 */
    cfg->affinity = ((n / 16) << 8) | (n % 16);
    cfg->last = n + 1 == count || (count > QEMU_VIRT_REDIST_REGION0 && n + 1 == QEMU_VIRT_REDIST_REGION0);
    cfg->common_lpi_aff = 1;
    cfg->iidr = 0x0000043B;
    cfg->pidr2 = 0x3B;
    cfg->id_bits = 16;
    cfg->direct_lpi = false;
    cfg->pri_bits = 5;
    cfg->shareability = true;
    cfg->cacheability = true;
    cfg->property_cache_entries = 0; /* unbounded */
    cfg->property_cache_ways = 1;
}

const char *redist_config_check(const redist_config *cfg)
{
    if (cfg->processor_number > 0xFFFF)
        return "processor_number must fit GICR_TYPER.Processor_Number (16 bits)";
    if (cfg->common_lpi_aff > 3)
        return "common_lpi_aff must be 0..3";
    if (cfg->id_bits < LPI_MIN_ID_BITS || cfg->id_bits > 24)
        return "id_bits must be 14..24";
    if (cfg->pri_bits < 4 || cfg->pri_bits > 8)
        return "pri_bits must be 4..8";
    if (cfg->property_cache_entries) {
        if (!cfg->property_cache_ways || cfg->property_cache_entries % cfg->property_cache_ways)
            return "property_cache_ways must be at least 1 and divide property_cache_entries";
        if (cfg->property_cache_entries > 1u << cfg->id_bits)
            return "property_cache_entries must be at most 2^id_bits";
    }
    if (cfg->port_pa_bits && (cfg->port_pa_bits < 32 || cfg->port_pa_bits > 52))
        return "port_pa_bits must be 0 or 32..52";
    if (cfg->gic700_2195890 && cfg->pending_slots == 0)
        return "gic700_2195890 needs pending_slots of at least 1";
    return NULL;
}

static uint64_t typer_value(const redist_config *cfg)
{
    uint64_t t = 0;
    t = FIELD_SET(t, GICR_TYPER_PLPIS, 1);
    t = FIELD_SET(t, GICR_TYPER_DIRECT_LPI, cfg->direct_lpi);
    t = FIELD_SET(t, GICR_TYPER_LAST, cfg->last);
    t = FIELD_SET(t, GICR_TYPER_PROCESSOR_NUMBER, cfg->processor_number);
    t = FIELD_SET(t, GICR_TYPER_COMMON_LPI_AFF, cfg->common_lpi_aff);
    t = FIELD_SET(t, GICR_TYPER_AFFINITY, cfg->affinity);
    return t;
}

redist_t *redist_create(const redist_config *cfg, const redist_host_ops *ops)
{
    if (!cfg || redist_config_check(cfg) != NULL)
        return NULL;
    redist_t *rd = calloc(1, sizeof *rd);
    if (!rd)
        return NULL;
    rd->cfg = *cfg;
    if (ops)
        rd->ops = *ops;
    rd->typer = typer_value(cfg);
    rd->primask = (uint8_t)(0xFFu << (8 - cfg->pri_bits));
    if (redist_lpi_init(rd)) {
        redist_destroy(rd);
        return NULL;
    }
    redist_reset(rd);
    return rd;
}

void redist_destroy(redist_t *rd)
{
    if (!rd)
        return;
    redist_lpi_free(rd);
    free(rd);
}

void redist_reset(redist_t *rd)
{
    redist_regs_reset(rd);
    redist_lpi_reset(rd);
    rd->pmr = 0;
    rd->igrpen1 = false;
    rd->nactive = 0;
    redist_update_irq(rd);
}

const redist_config *redist_get_config(const redist_t *rd) { return &rd->cfg; }

/* What the memory port cannot address faults (cfg.port_pa_bits). */
static bool port_reaches(const redist_t *rd, uint64_t pa, uint32_t len)
{
    if (!rd->cfg.port_pa_bits)
        return true;
    uint64_t limit = 1ull << rd->cfg.port_pa_bits;
    return pa < limit && len <= limit - pa;
}

/* A missing memory callback faults, as an unbacked address would. */
int redist_mem_read(redist_t *rd, uint64_t pa, void *buf, uint32_t len)
{
    if (port_reaches(rd, pa, len) && rd->ops.mem_read && rd->ops.mem_read(rd->ops.ctx, pa, buf, len) == 0)
        return 0;
    rd->st.diag[REDIST_DIAG_TABLE_FAULT]++;
    return -1;
}

int redist_mem_write(redist_t *rd, uint64_t pa, const void *buf, uint32_t len)
{
    if (port_reaches(rd, pa, len) && rd->ops.mem_write && rd->ops.mem_write(rd->ops.ctx, pa, buf, len) == 0)
        return 0;
    rd->st.diag[REDIST_DIAG_TABLE_FAULT]++;
    return -1;
}

void redist_sync(redist_t *rd) { rd->st.syncs++; }

void redist_get_stats(const redist_t *rd, redist_stats *out)
{
    *out = rd->st;
    out->prop_hits = rd->prop.hits;
    out->prop_misses = rd->prop.misses;
    out->prop_evictions = rd->prop.evictions;
}

void redist_stats_clear(redist_t *rd)
{
    memset(&rd->st, 0, sizeof rd->st);
    memset(&rd->prop, 0, sizeof rd->prop);
}

const char *redist_lpi_result_name(redist_lpi_result r)
{
    static const char *const names[REDIST_LPI_RESULTS] = {
        "pending", "merged", "lpis_disabled", "intid_oor", "no_memory",
    };
    return (unsigned)r < REDIST_LPI_RESULTS ? names[r] : "invalid";
}

const char *redist_diag_name(redist_diag d)
{
    static const char *const names[REDIST_DIAGS] = {
        "reserved_read",    "reserved_write",   "readonly_write",
        "writeonly_read",   "bad_access_size",  "bad_address",
        "baser_write_while_enabled", "direct_lpi_off", "eoi_without_ack",
        "eoi_mismatch",     "eoi_special",      "table_fault",
        "no_memory",        "intid_oor",
    };
    return (unsigned)d < REDIST_DIAGS ? names[d] : "invalid";
}
