/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The in-memory tables: decoding GITS_BASER<n>/CBASER, the one table walker
 * that serves every table (flat or two-level), and cached access to device
 * (DTE), interrupt translation (ITE) and collection (CTE) entries.
 * Entry formats are IMPLEMENTATION DEFINED: see docs/tables.md.
 */
#include <string.h>

#include "its_internal.h"

#define MAX_ENTRY_BYTES 32u
#define L1_DESCRIPTOR_BYTES 8u

static void decode_table(uint64_t baser, uint64_t id_limit, its_table *t)
{
    memset(t, 0, sizeof *t);
    t->valid = FIELD_GET(baser, GITS_BASER_VALID);
    t->indirect = FIELD_GET(baser, GITS_BASER_INDIRECT);
    t->entry_size = (uint32_t)FIELD_GET(baser, GITS_BASER_ENTRY_SIZE) + 1;
    unsigned psz = (unsigned)FIELD_GET(baser, GITS_BASER_PAGE_SIZE);
    t->page_size = 4096u << (2 * psz);
    t->pages = FIELD_GET(baser, GITS_BASER_SIZE) + 1;
    uint64_t pa = FIELD_GET(baser, GITS_BASER_PA) << 12;
    if (psz == 2) /* 64K pages: bits [15:12] of the field carry PA[51:48] */
        pa = (pa & ~0xFFFFull) | (((pa >> 12) & 0xF) << 48);
    t->base = pa;
    if (!t->valid)
        return;
    uint64_t per_page = t->page_size / t->entry_size;
    uint64_t ids = t->indirect ? t->pages * (t->page_size / L1_DESCRIPTOR_BYTES) * per_page
                               : t->pages * per_page;
    t->capacity = ids < id_limit ? ids : id_limit;
}

void its_tables_decode(its_t *its)
{
    memset(&its->devices, 0, sizeof its->devices);
    memset(&its->collections, 0, sizeof its->collections);
    for (int n = 0; n < 8; n++) {
        its_table_type type = its->cfg.baser[n].type;
        if (type == ITS_TABLE_DEVICE) {
            decode_table(its->baser[n], its->device_limit, &its->devices);
            if (its->cfg.errata.device_table_bits && its->devices.valid) {
                /* The part's fixed geometry: flat, 2^n entries, Size ignored. */
                its->devices.indirect = false;
                its->devices.capacity = its->device_limit;
            }
        } else if (type == ITS_TABLE_COLLECTION) {
            decode_table(its->baser[n], its->icid_limit - its->cfg.hcc, &its->collections);
        }
    }
    its->queue_base = FIELD_GET(its->cbaser, GITS_CBASER_PA) << 12;
    its->queue_bytes = FIELD_GET(its->cbaser, GITS_CBASER_VALID)
                           ? (FIELD_GET(its->cbaser, GITS_CBASER_SIZE) + 1) * 4096u
                           : 0;
}

its_fetch its_table_entry_addr(its_t *its, const its_table *t, uint64_t id, uint64_t *pa)
{
    const its_mem_kind l1 = t == &its->devices ? ITS_MEM_DEVICE_L1 : ITS_MEM_COLLECTION_L1;
    if (!t->valid || id >= t->capacity)
        return FETCH_OOR;
    if (!t->indirect) {
        *pa = t->base + id * t->entry_size;
        return FETCH_OK;
    }
    uint64_t per_page = t->page_size / t->entry_size;
    uint8_t buf[L1_DESCRIPTOR_BYTES];
    if (its_mem_read(its, l1, t->base + (id / per_page) * L1_DESCRIPTOR_BYTES, buf, sizeof buf))
        return FETCH_FAULT;
    uint64_t desc = bits_load_le(buf, sizeof buf);
    if (!FIELD_GET(desc, GITS_LVL1_VALID))
        return FETCH_OOR;
    uint64_t level2 = desc & bits_mask(its->cfg.pa_bits) & ~(uint64_t)(t->page_size - 1);
    *pa = level2 + (id % per_page) * t->entry_size;
    return FETCH_OK;
}

/* Read an entry; an entry whose Valid bit is clear reads as 0. */
static its_fetch read_entry(its_t *its, its_mem_kind kind, uint64_t pa, unsigned size,
                            unsigned used_bits, uint64_t *raw)
{
    uint8_t buf[MAX_ENTRY_BYTES];
    if (its_mem_read(its, kind, pa, buf, size))
        return FETCH_FAULT;
    uint64_t v = bits_load_le(buf, size) & bits_mask(used_bits);
    *raw = (v & 1) ? v : 0;
    return FETCH_OK;
}

static its_fetch write_entry(its_t *its, its_mem_kind kind, uint64_t pa, unsigned size,
                             uint64_t raw)
{
    uint8_t buf[MAX_ENTRY_BYTES];
    bits_store_le(buf, size, raw);
    return its_mem_write(its, kind, pa, buf, size) ? FETCH_FAULT : FETCH_OK;
}

static unsigned dte_bits(const its_t *its) { return 6 + its->itt_addr_bits; }

/* In memory an ITE packs Valid, INTID and ICID tightly: Valid[0],
 * INTID[lpi_id_bits:1], ICID above it (it must fit a 4-byte ITE). */
static uint64_t ite_pack(const its_t *its, uint64_t ite)
{
    return ite ? 1u | ((uint64_t)ite_intid(ite) << 1) |
                     ((uint64_t)ite_icid(ite) << (1 + its->intid_bits))
               : 0;
}

static uint64_t ite_unpack(const its_t *its, uint64_t raw)
{
    if (!(raw & 1))
        return 0;
    return ite_make((uint32_t)bits_get(raw, 1, its->intid_bits),
                    (uint32_t)bits_get(raw, 1 + its->intid_bits, its->icid_bits));
}
static unsigned cte_bits(const its_t *its) { return 1 + its->target_bits; }

its_fetch its_dte_get(its_t *its, uint32_t device_id, uint64_t *dte)
{
    if (its_cache_lookup(&its->dcache, device_id, dte))
        return FETCH_OK;
    uint64_t pa;
    its_fetch f = its_table_entry_addr(its, &its->devices, device_id, &pa);
    if (f == FETCH_OK)
        f = read_entry(its, ITS_MEM_DEVICE, pa, its->devices.entry_size, dte_bits(its), dte);
    if (f == FETCH_OK)
        its_cache_fill(&its->dcache, device_id, *dte);
    return f;
}

its_fetch its_dte_put(its_t *its, uint32_t device_id, uint64_t dte)
{
    uint64_t pa;
    its_fetch f = its_table_entry_addr(its, &its->devices, device_id, &pa);
    if (f == FETCH_OK)
        f = write_entry(its, ITS_MEM_DEVICE, pa, its->devices.entry_size, dte);
    /* Cached ITEs hang off the old DTE's ITT: they go with it. */
    its_cache_invalidate(&its->dcache, device_id);
    its_cache_invalidate_matching(&its->icache, ITS_CACHE_GROUP_MASK, ite_key(device_id, 0));
    return f;
}

static uint64_t ite_addr(const its_t *its, uint64_t dte, uint32_t event_id)
{
    return dte_itt(its, dte) + (uint64_t)event_id * its->cfg.ite_size;
}

its_fetch its_ite_fetch(its_t *its, uint32_t device_id, uint32_t event_id, uint64_t dte,
                        uint64_t *ite)
{
    uint64_t raw;
    its_fetch f = read_entry(its, ITS_MEM_ITT, ite_addr(its, dte, event_id), its->cfg.ite_size, 64, &raw);
    if (f != FETCH_OK)
        return f;
    *ite = ite_unpack(its, raw);
    its_cache_fill(&its->icache, ite_key(device_id, event_id), *ite);
    return f;
}

its_fetch its_ite_get(its_t *its, uint32_t device_id, uint32_t event_id, uint64_t dte,
                      uint64_t *ite)
{
    if (its_cache_lookup(&its->icache, ite_key(device_id, event_id), ite))
        return FETCH_OK;
    return its_ite_fetch(its, device_id, event_id, dte, ite);
}

its_fetch its_ite_put(its_t *its, uint32_t device_id, uint32_t event_id, uint64_t dte,
                      uint64_t ite)
{
    its_cache_invalidate(&its->icache, ite_key(device_id, event_id));
    return write_entry(its, ITS_MEM_ITT, ite_addr(its, dte, event_id), its->cfg.ite_size, ite_pack(its, ite));
}

its_fetch its_cte_fetch(its_t *its, uint32_t icid, uint64_t *cte)
{
    uint64_t pa;
    its_fetch f = its_table_entry_addr(its, &its->collections, icid - its->cfg.hcc, &pa);
    if (f == FETCH_OK)
        f = read_entry(its, ITS_MEM_COLLECTION, pa, its->collections.entry_size, cte_bits(its), cte);
    if (f == FETCH_OK)
        its_cache_fill(&its->ccache, icid, *cte);
    return f;
}

its_fetch its_cte_put(its_t *its, uint32_t icid, uint64_t cte)
{
    its_collections_changed(its);
    if (icid < its->cfg.hcc) {
        its->hcc_cte[icid] = cte;
        return FETCH_OK;
    }
    its_cache_invalidate(&its->ccache, icid);
    uint64_t pa;
    its_fetch f = its_table_entry_addr(its, &its->collections, icid - its->cfg.hcc, &pa);
    if (f == FETCH_OK)
        f = write_entry(its, ITS_MEM_COLLECTION, pa, its->collections.entry_size, cte);
    return f;
}
