/* SPDX-License-Identifier: Apache-2.0 */
/* State shared by the core's translation units. Not part of the API. */
#ifndef ITS_INTERNAL_H
#define ITS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "bits.h"
#include "cache.h"
#include "its/its.h"

/* Internal to the core: hidden from a shared library's symbol table. */
#pragma GCC visibility push(hidden)

/* ---- Register fields ("lo, width") --------------------------------------- */

#define GITS_CTLR 0x0000u
#define GITS_IIDR 0x0004u
#define GITS_TYPER 0x0008u
#define GITS_CBASER 0x0080u
#define GITS_CWRITER 0x0088u
#define GITS_CREADR 0x0090u
#define GITS_BASER0 0x0100u
#define GITS_BASER_END 0x0140u
#define GITS_PIDR4 0xFFD0u
#define GITS_IDREGS_END 0x10000u

#define CTLR_ENABLED 0, 1
#define CTLR_QUIESCENT 31, 1

#define TYPER_PHYSICAL 0, 1
#define TYPER_CCT 2, 1
#define TYPER_ITT_ENTRY_SIZE 4, 4
#define TYPER_ID_BITS 8, 5
#define TYPER_DEVBITS 13, 5
#define TYPER_SEIS 18, 1
#define TYPER_PTA 19, 1
#define TYPER_HCC 24, 8
#define TYPER_CIDBITS 32, 4
#define TYPER_CIL 36, 1

#define CBASER_SIZE 0, 8
#define CBASER_SHAREABILITY 10, 2
#define CBASER_PA 12, 40 /* PA[51:12] */
#define CBASER_OUTERCACHE 53, 3
#define CBASER_INNERCACHE 59, 3
#define CBASER_VALID 63, 1

#define CWRITER_RETRY 0, 1
#define CQ_OFFSET 5, 15 /* CWRITER and CREADR */
#define CREADR_STALLED 0, 1

#define BASER_SIZE 0, 8
#define BASER_PAGE_SIZE 8, 2
#define BASER_SHAREABILITY 10, 2
#define BASER_PA 12, 36 /* PA[47:12]; with 64K pages [15:12] hold PA[51:48] */
#define BASER_ENTRY_SIZE 48, 5
#define BASER_OUTERCACHE 53, 3
#define BASER_TYPE 56, 3
#define BASER_INNERCACHE 59, 3
#define BASER_INDIRECT 62, 1
#define BASER_VALID 63, 1

#define L1_VALID 63, 1 /* two-level table: level-1 descriptor */

/* ---- Command fields: DW index, then "lo, width" -------------------------- */

#define CMD_OPCODE 0, 8       /* DW0 */
#define CMD_DEVICEID 32, 32   /* DW0 */
#define CMD_EVENTID 0, 32     /* DW1 */
#define CMD_PINTID 32, 32     /* DW1 */
#define CMD_SIZE 0, 5         /* DW1 */
#define CMD_ITT_ADDR 8, 44    /* DW2: PA[51:8] */
#define CMD_VALID 63, 1       /* DW2 */
#define CMD_ICID 0, 16        /* DW2 */
#define CMD_RDBASE 16, 36     /* DW2, and DW3 for MOVALL's RDbase2 */

#define LPI_FIRST_INTID 8192u

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
#define ITE_MEMO_TARGET 43, 16
#define ITE_MEMO_BITS (ITE_MEMO_VALID | ITE_MEMO_IN_ITS | FIELD_MASK(ITE_MEMO_TARGET))

static inline void its_collections_changed(its_t *its)
{
    if (its->icache.unbounded)
        its_cache_clear_bits(&its->icache, ITE_MEMO_BITS);
}

/* regs.c */
void its_regs_reset(its_t *its);

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
