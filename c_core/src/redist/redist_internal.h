/* SPDX-License-Identifier: Apache-2.0 */
/* State shared by the redistributor's translation units. Not part of the API. */
#ifndef ITS_REDIST_INTERNAL_H
#define ITS_REDIST_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "../bits.h"
#include "../cache.h"
#include "its/redist.h"
#include "its/regs.h"
#include "lpi_set.h"

/* Internal to the core: hidden from a shared library's symbol table. */
#pragma GCC visibility push(hidden)

/* Register offsets and fields: its/regs.h. */

#define GICR_IDREGS_END 0x10000u /* PIDR4 .. CIDR3 end RD_base */
#define GICR_IPRIORITYR0 GICR_IPRIORITYR(0)
#define GICR_IPRIORITYR_END GICR_IPRIORITYR(8)

#define ICFGR0_SGI_EDGE 0xAAAAAAAAu /* every SGI edge-triggered, read-only */
#define ICFGR1_WRITABLE 0xAAAAAAAAu /* PPI Int_config[1]; Int_config[0] is RES0 */

/* ---- LPI configuration bytes --------------------------------------------- */

#define LPI_FIRST GIC_LPI_FIRST_INTID
#define LPI_MIN_ID_BITS GIC_LPI_MIN_ID_BITS
/* A cached byte keeps priority and enable and sets bit 1 (RES1 in memory,
 * so unused) to mark the slot as holding a value. */
#define LPI_CFG_CACHED 0x02u
#define LPI_LEVELS 64u /* priority >> 2 */
#define LPI_IDLE_PRIORITY 0x100u /* running priority with nothing active */
#define ACTIVE_MAX 64u /* each nested acknowledge beats the one below: <= 64 levels */

/* Per 4096 INTIDs, allocated the first time one of them is touched. */
typedef struct lpi_chunk {
    lpi_leaf pending; /* the leaf of redist.pending for these INTIDs */
    /* The configuration byte each pending LPI is selected with. With an
     * unbounded property cache this is the cache itself (0 = not cached). */
    uint8_t cfg[LPI_LEAF_SIZE];
} lpi_chunk;

struct redist {
    redist_config cfg;
    redist_host_ops ops;
    uint64_t typer;
    uint8_t primask; /* implemented priority bits */

    /* RD_base registers */
    bool enable_lpis;
    bool processor_sleep;
    uint64_t propbaser;
    uint64_t pendbaser; /* without PTZ */
    bool ptz;           /* PTZ of the last PENDBASER write covering bit 62 */

    /* SGI_base storage */
    uint32_t igroupr0, enabler0, pendr0, activer0, icfgr1, igrpmodr0, nsacr;
    uint8_t ipriority[32];

    /* LPIs: INTIDs LPI_FIRST .. limit - 1 (limit 0: none) */
    uint32_t limit;
    uint32_t nchunks; /* slots for cfg.id_bits */
    lpi_chunk **chunk;
    lpi_set pending;            /* every pending LPI, its leaves live in the chunks */
    lpi_set stranded;           /* gic700_2195890: pending LPIs left out of selection */
    uint32_t held;              /* pending LPIs not stranded */
    lpi_set *level[LPI_LEVELS]; /* pending enabled LPIs by priority >> 2, lazily */
    uint64_t level_mask;        /* bit p: level[p] non-empty */
    its_cache pcache;           /* bounded property cache (pcache.enabled); INTID -> byte */
    its_cache_stats prop;       /* property cache hits, misses, evictions (either kind) */

    /* CPU interface */
    uint8_t pmr;
    bool igrpen1;
    unsigned nactive;
    uint8_t active_prio[ACTIVE_MAX];
    uint32_t active_intid[ACTIVE_MAX];
    bool irq_level;

    redist_stats st;
};

/* redist.c */
int redist_mem_read(redist_t *rd, uint64_t pa, void *buf, uint32_t len);
int redist_mem_write(redist_t *rd, uint64_t pa, const void *buf, uint32_t len);
/* Recompute the IRQ level and tell the host when it changed. */
void redist_update_irq(redist_t *rd);

/* redist_regs.c */
void redist_regs_reset(redist_t *rd);
/* After a restore stored the registers: false when one holds a value no
 * write could leave; else the LPI range they imply is set up again. */
bool redist_regs_restored(redist_t *rd);

/* lpi.c: pending state, configuration cache, priority selection */
int redist_lpi_init(redist_t *rd);
void redist_lpi_free(redist_t *rd);
void redist_lpi_reset(redist_t *rd);
void redist_lpi_enable(redist_t *rd);  /* EnableLPIs 0 -> 1 */
void redist_lpi_disable(redist_t *rd); /* EnableLPIs 1 -> 0 */
/* The best pending enabled LPI (lowest priority value, then lowest INTID). */
bool redist_lpi_best(const redist_t *rd, uint32_t *intid, unsigned *priority);
/* Take it: pending state cleared (IAR). */
void redist_lpi_take(redist_t *rd, uint32_t intid);
/* After a restore set the pending and stranded bits and the bytes: the
 * held count and the priority levels, derived from them. -1: out of memory. */
int redist_lpi_restored(redist_t *rd);

static inline bool redist_lpi_in_range(const redist_t *rd, uint32_t intid)
{
    return intid >= LPI_FIRST && intid < rd->limit;
}

#pragma GCC visibility pop

#endif
