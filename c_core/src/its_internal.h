/* SPDX-License-Identifier: Apache-2.0 */
/* State shared by the core's translation units. Not part of the API. */
#ifndef ITS_INTERNAL_H
#define ITS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "bits.h"
#include "cache.h"
#include "its/its.h"
#include "its/regs.h"

/* Internal to the core: hidden from a shared library's symbol table. */
#pragma GCC visibility push(hidden)

/* Register offsets and fields: its/regs.h; command fields: its/commands.h. */

#define GITS_IDREGS_END 0x10000u /* PIDR4 .. CIDR3 end the control frame */
#define LPI_FIRST_INTID GIC_LPI_FIRST_INTID

/* ---- Decoded table descriptor (one per table type) ----------------------- */

typedef struct its_table {
    bool valid;
    bool indirect;
    uint32_t entry_size;
    uint32_t page_size;
    uint64_t base;
    uint64_t pages;    /* Size + 1 */
    uint64_t capacity; /* IDs the table holds, capped by the ID space */
} its_table;

typedef enum its_fetch {
    FETCH_OK = 0,
    FETCH_OOR,  /* beyond the table, or behind an invalid level-1 entry */
    FETCH_FAULT /* the memory access faulted */
} its_fetch;

struct its_core {
    its_config cfg;
    its_host_ops ops;

    /* Registers */
    bool enabled;
    uint64_t typer;
    uint64_t cbaser;
    uint64_t cwriter;
    uint64_t creadr; /* Offset field only */
    bool stalled;
    uint64_t baser[8];

    /* Decoded from the registers */
    its_table devices;
    its_table collections;
    uint64_t queue_base;
    uint64_t queue_bytes;

    /* ID spaces and entry layouts, fixed at creation */
    uint64_t device_limit; /* 2^devid_bits (2^errata.device_table_bits when set) */
    uint64_t port_limit;   /* 2^errata.port_pa_bits, 0: no limit */
    uint64_t event_limit;  /* 2^eventid_bits */
    uint32_t icid_limit;   /* 2^(icid bits reported) */
    uint64_t intid_limit;  /* 2^lpi_id_bits */
    unsigned itt_addr_bits;
    unsigned intid_bits;
    unsigned icid_bits;
    unsigned target_bits;

    /* State */
    uint64_t *hcc_cte; /* raw entries of the collections held in the ITS */
    its_cache dcache, icache, ccache;
    bool hot_path;             /* enabled and an unbounded ITE cache (translate.c) */
    uint64_t hot_hits;         /* memoised translations */
    uint64_t hot_hits_in_its;  /* ... of them with a collection held in the ITS (no cache) */
    its_mem_kind mem_kind; /* of the access in progress, for the host */
    its_stats st;
    its_error_record err;
};

/* config.c */
unsigned its_bits_for(uint64_t n); /* bits to hold 0 .. n-1, at least 1 */

/* its.c */
int its_mem_read(its_t *its, its_mem_kind kind, uint64_t pa, void *buf, uint32_t len);
int its_mem_write(its_t *its, its_mem_kind kind, uint64_t pa, const void *buf, uint32_t len);
bool its_resolve_rdbase(const its_t *its, uint64_t rdbase, uint32_t *target);
void its_invalidate_caches(its_t *its);
/* Drop the cached entries that depend on a device or collection table. */
void its_table_dropped(its_t *its, its_table_type type);

/*
 * Memo bits above the canonical ITE, kept only in an unbounded ITE cache
 * (translate.c): the target the ITE's collection resolved to. Any change of
 * a collection mapping forgets them all.
 */
#define ITE_MEMO_VALID (1ull << 41)
#define ITE_MEMO_IN_ITS (1ull << 42) /* the collection is held in the ITS (HCC): no cache hit */
#define ITE_MEMO_TARGET_SHIFT 43
#define ITE_MEMO_TARGET_WIDTH 16
#define ITE_MEMO_BITS (ITE_MEMO_VALID | ITE_MEMO_IN_ITS | FIELD_MASK(ITE_MEMO_TARGET))

static inline void its_collections_changed(its_t *its)
{
    if (its->icache.unbounded)
        its_cache_clear_bits(&its->icache, ITE_MEMO_BITS);
}

/* regs.c */
void its_regs_reset(its_t *its);
/* After a restore stored the registers: false when one holds a value no
 * write could leave; else the state derived from them is set up again. */
bool its_regs_restored(its_t *its);

/* tables.c: the one walker, the entry codecs, cached entry access */
void its_tables_decode(its_t *its);
its_fetch its_table_entry_addr(its_t *its, const its_table *t, uint64_t id, uint64_t *pa);

static inline uint64_t dte_make(const its_t *its, uint32_t size, uint64_t itt_pa)
{
    return 1u | ((uint64_t)size << 1) | (((itt_pa >> 8) & bits_mask(its->itt_addr_bits)) << 6);
}
static inline uint32_t dte_size(uint64_t dte) { return (uint32_t)bits_get(dte, 1, 5); }
static inline uint64_t dte_itt(const its_t *its, uint64_t dte)
{
    return bits_get(dte, 6, its->itt_addr_bits) << 8;
}
/* ITEs are handled in one canonical form (Valid[0], INTID[24:1],
 * ICID[40:25]); tables.c packs them into the configured ITE size. */
static inline uint64_t ite_make(uint32_t intid, uint32_t icid)
{
    return 1u | ((uint64_t)intid << 1) | ((uint64_t)icid << 25);
}
static inline uint32_t ite_intid(uint64_t ite) { return (uint32_t)bits_get(ite, 1, 24); }
/* An INTID an ITE may name: an LPI the ITS can send (8192 .. 2^lpi_id_bits - 1). */
static inline bool its_lpi_valid(const its_t *its, uint32_t intid)
{
    return intid >= LPI_FIRST_INTID && intid < its->intid_limit;
}
static inline uint32_t ite_icid(uint64_t ite) { return (uint32_t)bits_get(ite, 25, 16); }
static inline uint64_t cte_make(uint32_t target) { return 1u | ((uint64_t)target << 1); }
static inline uint32_t cte_target(const its_t *its, uint64_t cte)
{
    return (uint32_t)bits_get(cte, 1, its->target_bits);
}
static inline uint64_t ite_key(uint32_t device_id, uint32_t event_id)
{
    return ((uint64_t)device_id << 32) | event_id;
}

/* Entries read as raw bits; an invalid entry reads as 0. */
its_fetch its_dte_get(its_t *its, uint32_t device_id, uint64_t *dte);
its_fetch its_dte_put(its_t *its, uint32_t device_id, uint64_t dte);
its_fetch its_ite_fetch(its_t *its, uint32_t device_id, uint32_t event_id, uint64_t dte,
                        uint64_t *ite); /* memory, then fill the cache */
its_fetch its_ite_get(its_t *its, uint32_t device_id, uint32_t event_id, uint64_t dte,
                      uint64_t *ite);
its_fetch its_ite_put(its_t *its, uint32_t device_id, uint32_t event_id, uint64_t dte,
                      uint64_t ite);
its_fetch its_cte_fetch(its_t *its, uint32_t icid, uint64_t *cte); /* memory, then fill */
its_fetch its_cte_put(its_t *its, uint32_t icid, uint64_t cte);

/* ICIDs below HCC live in the ITS; the others index the memory table from 0. */
static inline bool its_icid_in_range(const its_t *its, uint32_t icid)
{
    if (icid >= its->icid_limit)
        return false;
    return icid < its->cfg.hcc || icid - its->cfg.hcc < its->collections.capacity;
}

static inline its_fetch its_cte_get(its_t *its, uint32_t icid, uint64_t *cte)
{
    if (icid < its->cfg.hcc) {
        *cte = its->hcc_cte[icid];
        return FETCH_OK;
    }
    if (its_cache_lookup(&its->ccache, icid, cte))
        return FETCH_OK;
    return its_cte_fetch(its, icid, cte);
}

/* translate.c: lookups shared by MSIs and commands. Results use the MSI
 * outcome names; ITS_MSI_DELIVERED means "found". */
its_msi_result its_find_event(its_t *its, uint32_t device_id, uint32_t event_id, uint64_t *dte,
                              uint64_t *ite);

/* The collection's target redistributor (inline: it is on every MSI's path). */
static inline its_msi_result its_find_target(its_t *its, uint32_t icid, uint32_t *target)
{
    uint64_t cte;
    if (!its_icid_in_range(its, icid))
        return ITS_MSI_DROP_UNMAPPED_COLLECTION;
    its_fetch f = its_cte_get(its, icid, &cte);
    if (f != FETCH_OK)
        return f == FETCH_FAULT ? ITS_MSI_DROP_MEMORY_FAULT : ITS_MSI_DROP_UNMAPPED_COLLECTION;
    if (cte == 0 || cte_target(its, cte) >= its->cfg.num_targets)
        return ITS_MSI_DROP_UNMAPPED_COLLECTION;
    *target = cte_target(its, cte);
    return ITS_MSI_DELIVERED;
}

/* cmdq.c */
void its_cmdq_kick(its_t *its); /* run the queue now when process_on_write */

/* commands.c: execute one decoded command; returns 0 or an E_ITS code */
uint32_t its_execute(its_t *its, const uint64_t cmd[4]);

#pragma GCC visibility pop

#endif
