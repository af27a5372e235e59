/* SPDX-License-Identifier: Apache-2.0 */
/* State shared by the redistributor's translation units. Not part of the API. */
#ifndef ITS_REDIST_INTERNAL_H
#define ITS_REDIST_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "../bits.h"
#include "../cache.h"
#include "its/redist.h"
#include "lpi_set.h"

/* Internal to the core: hidden from a shared library's symbol table. */
#pragma GCC visibility push(hidden)

/* ---- RD_base registers --------------------------------------------------- */

#define GICR_CTLR 0x0000u
#define GICR_IIDR 0x0004u
#define GICR_TYPER 0x0008u
#define GICR_STATUSR 0x0010u
#define GICR_WAKER 0x0014u
#define GICR_SETLPIR 0x0040u
#define GICR_CLRLPIR 0x0048u
#define GICR_PROPBASER 0x0070u
#define GICR_PENDBASER 0x0078u
#define GICR_INVLPIR 0x00A0u
#define GICR_INVALLR 0x00B0u
#define GICR_SYNCR 0x00C0u
#define GICR_PIDR4 0xFFD0u
#define GICR_PIDR2 0xFFE8u
#define GICR_IDREGS_END 0x10000u

#define GICR_CTLR_ENABLE_LPIS 0, 1
#define GICR_CTLR_CES 1, 1
#define GICR_CTLR_IR 2, 1

#define GICR_TYPER_PLPIS 0, 1
#define GICR_TYPER_DIRECT_LPI 3, 1
#define GICR_TYPER_LAST 4, 1
#define GICR_TYPER_PROCESSOR_NUMBER 8, 16
#define GICR_TYPER_COMMON_LPI_AFF 24, 2
#define GICR_TYPER_AFFINITY 32, 32

#define GICR_WAKER_PROCESSOR_SLEEP 1, 1
#define GICR_WAKER_CHILDREN_ASLEEP 2, 1

#define GICR_PROPBASER_IDBITS 0, 5
#define GICR_BASER_INNERCACHE 7, 3 /* PROPBASER and PENDBASER */
#define GICR_BASER_SHAREABILITY 10, 2
#define GICR_BASER_OUTERCACHE 56, 3
#define GICR_PROPBASER_PA 12, 40 /* PA[51:12] */
#define GICR_PENDBASER_PA 16, 36 /* PA[51:16] */
#define GICR_PENDBASER_PTZ 62, 1

#define GICR_LPIR_INTID 0, 32 /* SETLPIR, CLRLPIR, INVLPIR */

/* ---- SGI_base registers (offsets from RD_base) ---------------------------- */

#define GICR_SGI_BASE 0x10000u
#define GICR_IGROUPR0 0x10080u
#define GICR_ISENABLER0 0x10100u
#define GICR_ICENABLER0 0x10180u
#define GICR_ISPENDR0 0x10200u
#define GICR_ICPENDR0 0x10280u
#define GICR_ISACTIVER0 0x10300u
#define GICR_ICACTIVER0 0x10380u
#define GICR_IPRIORITYR0 0x10400u
#define GICR_IPRIORITYR_END 0x10420u
#define GICR_ICFGR0 0x10C00u
#define GICR_ICFGR1 0x10C04u
#define GICR_IGRPMODR0 0x10D00u
#define GICR_NSACR 0x10E00u

#define ICFGR0_SGI_EDGE 0xAAAAAAAAu /* every SGI edge-triggered, read-only */
#define ICFGR1_WRITABLE 0xAAAAAAAAu /* PPI Int_config[1]; Int_config[0] is RES0 */

/* ---- LPI configuration bytes --------------------------------------------- */

#define LPI_FIRST 8192u
#define LPI_MIN_ID_BITS 14u
#define LPI_CFG_ENABLE 0, 1
#define LPI_CFG_PRIORITY 2, 6 /* priority[7:2]; priority[1:0] are 0 */
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

static inline bool redist_lpi_in_range(const redist_t *rd, uint32_t intid)
{
    return intid >= LPI_FIRST && intid < rd->limit;
}

#pragma GCC visibility pop

#endif
