/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The LPI side of one GICv3 redistributor, with the CPU interface registers
 * LPIs touch, as one opaque instance per PE.
 *
 * It holds GICR_CTLR.EnableLPIs, PROPBASER/PENDBASER, the pending state of
 * every LPI (backed by the pending table in memory: scanned when LPIs are
 * enabled with PTZ = 0, written back when they are disabled), a property
 * cache (unbounded, or set-associative with LRU) whose bytes change only on
 * INV/INVALL (or GICR_INVLPIR/INVALLR), the highest-priority pending
 * selection, and ICC_IAR1/EOIR1/PMR/IGRPEN1.
 * Memory traffic and the PE's interrupt line leave through redist_host_ops.
 *
 * C11, no globals, no printing, no exit.
 */
#ifndef ITS_REDIST_H
#define ITS_REDIST_H

#include <stdbool.h>
#include <stdint.h>

#include "its/its.h" /* its_access */

#ifdef __cplusplus
extern "C" {
#endif

#define REDIST_FRAMES_SIZE 0x20000u /* RD_base + SGI_base */
#define REDIST_SPURIOUS 1023u

typedef struct redist_host_ops {
    void *ctx;
    /* Property and pending table accesses; 0 = success, non-zero = bus fault. */
    int (*mem_read)(void *ctx, uint64_t pa, void *buf, uint32_t len);
    int (*mem_write)(void *ctx, uint64_t pa, const void *buf, uint32_t len);
    /* The PE's IRQ line: level true while an LPI can be taken (see
     * redist_irq_pending()). Called only when the level changes. */
    void (*irq)(void *ctx, bool level);
} redist_host_ops;

typedef struct redist_config {
    uint32_t processor_number; /* GICR_TYPER.Processor_Number: the ITS's target */
    uint32_t affinity;         /* GICR_TYPER[63:32]: Aff3.Aff2.Aff1.Aff0 */
    bool last;                 /* GICR_TYPER.Last */
    uint8_t common_lpi_aff;    /* GICR_TYPER.CommonLPIAff, 0..3 (QEMU reports 1) */
    uint32_t iidr;             /* GICR_IIDR */
    uint8_t pidr2;             /* GICR_PIDR2 (ArchRev in [7:4]) */
    uint8_t id_bits;           /* GICD_TYPER.IDbits + 1: caps PROPBASER.IDbits + 1, 14..24 */
    bool direct_lpi;           /* GICR_TYPER.DirectLPI: SETLPIR/CLRLPIR/INVLPIR/INVALLR/SYNCR work */
    uint8_t pri_bits;          /* implemented priority bits (ICC_CTLR_EL1.PRIbits + 1), 4..8 */
    bool shareability;         /* PROPBASER/PENDBASER Shareability sticks (false: RAZ/WI) */
    bool cacheability;         /* PROPBASER/PENDBASER InnerCache/OuterCache stick (false: RAZ/WI) */
    /* Configuration (property) cache: 0 entries = unbounded (every byte read
     * stays cached). Otherwise `entries` bytes in sets of `ways`, the set
     * being INTID % (entries / ways) (the low INTID bits), LRU within a set;
     * entries a multiple of ways, at most 2^id_bits. */
    uint32_t property_cache_entries;
    uint32_t property_cache_ways;
    /* GICR_CTLR.IR (GICv4.1): GICR_INVLPIR/INVALLR/SYNCR work without DirectLPI. */
    bool ir;
    /* Errata of real parts (docs/errata.md); false/0: the architecture. */
    /* The memory port drives n address bits: a property or pending table
     * access at or above 2^n faults (RK3568 / R-Car Gen4: 32). 0: no limit. */
    uint8_t port_pa_bits;
    /* GIC-700 erratum 2195890: the redistributor holds pending_slots pending
     * LPIs itself; one arriving when they are full goes to the pending table
     * and stays there, not signalled, until an INV, INVALL, GICR_INVLPIR or
     * GICR_INVALLR (any INTID) makes the redistributor look again (a part
     * without the erratum fetches it back as slots free up). */
    bool gic700_2195890;
    uint32_t pending_slots; /* with gic700_2195890: at least 1 */
} redist_config;

/* QEMU virt redistributor n of a machine with `count` PEs (IIDR 0x43B, 16 ID
 * bits, 5 priority bits, DirectLPI off, CommonLPIAff 1, affinity
 * 0.0.(n / 16).(n % 16), Last on the last of each GICR region: the first
 * region holds 123; an unbounded property cache). */
void redist_config_qemu_virt(redist_config *cfg, uint32_t n, uint32_t count);
/* NULL when usable, else one sentence naming the problem. */
const char *redist_config_check(const redist_config *cfg);

typedef struct redist redist_t;

/* NULL when the configuration fails redist_config_check() or memory runs
 * out. ops may be NULL; a NULL memory callback faults every access. */
redist_t *redist_create(const redist_config *cfg, const redist_host_ops *ops);
void redist_destroy(redist_t *rd);
/* Architectural reset: registers, LPI state and the CPU interface to their
 * reset values (the irq callback sees the level drop). Statistics are kept. */
void redist_reset(redist_t *rd);
const redist_config *redist_get_config(const redist_t *rd);

/* ---- GICR frames (RD_base at 0, SGI_base at 0x10000) --------------------- */

its_access redist_read(redist_t *rd, uint64_t offset, unsigned size, uint64_t *value);
its_access redist_peek(const redist_t *rd, uint64_t offset, unsigned size, uint64_t *value);
its_access redist_write(redist_t *rd, uint64_t offset, unsigned size, uint64_t value);

/* ---- LPIs arriving from an ITS (or GICR_SETLPIR) ------------------------- */

typedef enum redist_lpi_result {
    REDIST_LPI_PENDING = 0,   /* newly pending */
    REDIST_LPI_MERGED,        /* was already pending: coalesced */
    REDIST_LPI_DROP_DISABLED, /* GICR_CTLR.EnableLPIs = 0 */
    REDIST_LPI_DROP_OOR,      /* INTID not an LPI of the PROPBASER.IDbits range */
    REDIST_LPI_DROP_NO_MEMORY, /* the host ran out of memory for the LPI's state */
    REDIST_LPI_RESULTS
} redist_lpi_result;

const char *redist_lpi_result_name(redist_lpi_result r);

redist_lpi_result redist_set_pending(redist_t *rd, uint32_t intid);
/* Returns whether it was pending. */
bool redist_clear_pending(redist_t *rd, uint32_t intid);
bool redist_is_pending(const redist_t *rd, uint32_t intid);
/* Reload one LPI's cached configuration byte / every cached byte from the
 * property table (a byte not cached yet is read when first needed). With
 * EnableLPIs = 0 they only count: the cache empties when LPIs are enabled. */
void redist_inv(redist_t *rd, uint32_t intid);
void redist_invall(redist_t *rd);
/* Every effect so far is complete (the model is synchronous: counts only). */
void redist_sync(redist_t *rd);
/* The lowest pending INTID >= from, or 0 when none: MOVALL walks with it. */
uint32_t redist_next_pending(const redist_t *rd, uint32_t from);

/* ---- CPU interface (ICC_*_EL1, Group 1 Non-secure) ----------------------- */

/* ICC_IAR1_EL1 read: acknowledges the highest-priority pending enabled LPI
 * whose priority beats PMR and the running priority; 1023 when none. */
uint32_t redist_icc_iar1_read(redist_t *rd);
/* ICC_EOIR1_EL1 write: priority drop of the most recent acknowledge. */
void redist_icc_eoir1_write(redist_t *rd, uint32_t intid);
/* ICC_HPPIR1_EL1: the highest-priority pending enabled LPI, 1023 when none.
 * As the architecture defines it, PMR, the running priority and IGRPEN1 do
 * not mask it (so it may name an LPI that IAR1 would not return). */
uint32_t redist_icc_hppir1_read(const redist_t *rd);
void redist_icc_pmr_write(redist_t *rd, uint8_t pmr);
uint8_t redist_icc_pmr_read(const redist_t *rd);
void redist_icc_igrpen1_write(redist_t *rd, bool enable);
bool redist_icc_igrpen1_read(const redist_t *rd);
/* ICC_RPR_EL1: the running priority, 0xFF (idle) when nothing is active. */
uint8_t redist_icc_rpr_read(const redist_t *rd);
/* The level the irq callback last reported. */
bool redist_irq_pending(const redist_t *rd);

/* ---- Statistics ---------------------------------------------------------- */

typedef enum redist_diag {
    REDIST_DIAG_RESERVED_READ = 0,
    REDIST_DIAG_RESERVED_WRITE,
    REDIST_DIAG_READONLY_WRITE,
    REDIST_DIAG_WRITEONLY_READ,      /* read of SETLPIR/CLRLPIR/INVLPIR/INVALLR (RAZ) */
    REDIST_DIAG_BAD_ACCESS_SIZE,
    REDIST_DIAG_BAD_ADDRESS,
    REDIST_DIAG_BASER_WHILE_ENABLED, /* PROPBASER/PENDBASER write with EnableLPIs = 1: ignored */
    REDIST_DIAG_DIRECT_LPI_OFF,      /* SETLPIR & co. written without DirectLPI: ignored */
    REDIST_DIAG_EOI_WITHOUT_ACK,     /* EOIR1 with nothing active: ignored */
    REDIST_DIAG_EOI_MISMATCH,        /* EOIR1 of an INTID other than the last acknowledged:
                                        the priority drop still happens */
    REDIST_DIAG_EOI_SPECIAL,         /* EOIR1 of 1020..1023: ignored */
    REDIST_DIAG_TABLE_FAULT,         /* a property/pending table access faulted */
    REDIST_DIAG_NO_MEMORY,           /* the host refused memory for LPI state */
    REDIST_DIAG_INTID_OOR,           /* an INV or clear (ITS command, INVLPIR, CLRLPIR) of an
                                        INTID outside the LPI range: ignored (set-pending
                                        drops count in lpi[REDIST_LPI_DROP_OOR]) */
    REDIST_DIAGS
} redist_diag;

const char *redist_diag_name(redist_diag d);

typedef struct redist_stats {
    uint64_t lpi[REDIST_LPI_RESULTS]; /* redist_set_pending outcomes */
    uint64_t cleared;                 /* pending LPIs cleared (CLEAR, DISCARD, CLRLPIR, moves) */
    uint64_t acknowledged;            /* IAR1 reads that returned an LPI */
    uint64_t spurious;                /* IAR1 reads that returned 1023 */
    uint64_t eoi;                     /* EOIR1 writes that dropped a priority */
    uint64_t prop_reads;              /* configuration bytes read from memory (misses, INV/INVALL) */
    uint64_t prop_hits;               /* property cache: LPIs made pending with their byte cached */
    uint64_t prop_misses;             /* ... with their byte read from the property table */
    uint64_t prop_evictions;          /* bytes a bounded cache dropped to make room */
    uint64_t pend_scans;              /* pending-table scans on EnableLPIs */
    uint64_t pend_writebacks;         /* pending-table write-backs on disable */
    uint64_t invs, invalls, syncs;
    uint64_t stranded;                /* gic700_2195890: LPIs left in the pending table */
    uint64_t rescans;                 /* ... and looks that found them again */
    uint64_t diag[REDIST_DIAGS];
} redist_stats;

void redist_get_stats(const redist_t *rd, redist_stats *out);
void redist_stats_clear(redist_t *rd);

#ifdef __cplusplus
}
#endif

#endif
