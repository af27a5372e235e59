/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The GICv3 Interrupt Translation Service core.
 *
 * One opaque instance holds the architectural state of one ITS: the GITS
 * register file, the command queue engine, the walks of the device,
 * collection and interrupt translation tables (which live in simulated
 * memory), and the modelled caches. The core never touches memory or a
 * redistributor itself: every access and every effect leaves through the
 * its_host_ops callbacks, so it is deterministic and runs anywhere.
 *
 * C11, no globals, no printing, no exit. Every outcome is a return value or
 * a counter in its_stats.
 */
#ifndef ITS_H
#define ITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "its/commands.h"
#include "its/its_config.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Frames -------------------------------------------------------------- */

#define ITS_CONTROL_FRAME 0x00000u
#define ITS_TRANSLATION_FRAME 0x10000u
#define ITS_FRAMES_SIZE 0x20000u /* control + translation frame */
#define ITS_TRANSLATER_OFFSET 0x10040u /* GITS_TRANSLATER (its/regs.h) */

/* ---- Host interface ------------------------------------------------------ */

/*
 * Callbacks the core calls. Memory data is a little-endian byte image; the
 * memory callbacks return 0 on success and non-zero for a bus fault. A
 * target is the Processor_Number of a redistributor (0 .. num_targets - 1),
 * whatever GITS_TYPER.PTA is. A NULL redistributor callback means "nothing
 * to do"; a NULL memory callback faults every access.
 */
typedef struct its_host_ops {
    void *ctx;
    int (*mem_read)(void *ctx, uint64_t pa, void *buf, uint32_t len);
    int (*mem_write)(void *ctx, uint64_t pa, const void *buf, uint32_t len);
    void (*set_pending)(void *ctx, uint32_t target, uint32_t intid);
    void (*clear_pending)(void *ctx, uint32_t target, uint32_t intid);
    /* MOVI across redistributors: move intid's pending state from -> to */
    void (*move_pending)(void *ctx, uint32_t from, uint32_t to, uint32_t intid);
    void (*inv)(void *ctx, uint32_t target, uint32_t intid);
    void (*invall)(void *ctx, uint32_t target);
    void (*sync)(void *ctx, uint32_t target);
    void (*movall)(void *ctx, uint32_t from, uint32_t to);
} its_host_ops;

/* ---- Instance ------------------------------------------------------------ */

typedef struct its_core its_t;

/* NULL when the configuration fails its_config_check() or memory runs out. */
its_t *its_create(const its_config *cfg, const its_host_ops *ops);
void its_destroy(its_t *its);
/* Architectural reset: registers to reset values, caches and HCC emptied.
 * Statistics are kept (its_stats_clear() clears them). */
void its_reset(its_t *its);
const its_config *its_get_config(const its_t *its);

/* ---- Register access ----------------------------------------------------- */

typedef enum its_access {
    ITS_ACCESS_OK = 0,
    ITS_ACCESS_BAD_ADDRESS = 1, /* outside the two 64 KB frames */
    ITS_ACCESS_BAD_SIZE = 2     /* size or alignment the register does not take */
} its_access;

/*
 * Offsets are from ITS_base and cover both frames. Reserved offsets read as
 * zero and ignore writes (counted in its_stats.diag). its_peek() is the
 * debugger's read: the same value, no counter moves.
 */
its_access its_read(its_t *its, uint64_t offset, unsigned size, uint64_t *value);
its_access its_peek(const its_t *its, uint64_t offset, unsigned size, uint64_t *value);
its_access its_write(its_t *its, uint64_t offset, unsigned size, uint64_t value);

/* ---- Translation --------------------------------------------------------- */

typedef enum its_msi_result {
    ITS_MSI_DELIVERED = 0,         /* set pending at the target redistributor */
    ITS_MSI_DROP_DISABLED,         /* GITS_CTLR.Enabled = 0 */
    ITS_MSI_DROP_NO_DEVICE_ID,     /* the write carried no DeviceID */
    ITS_MSI_DROP_DEVICE_OOR,       /* DeviceID beyond Devbits or the device table */
    ITS_MSI_DROP_UNMAPPED_DEVICE,  /* DTE not valid */
    ITS_MSI_DROP_EVENT_OOR,        /* EventID beyond ID_bits or the device's ITT */
    ITS_MSI_DROP_UNMAPPED_EVENT,   /* ITE not valid */
    ITS_MSI_DROP_UNMAPPED_COLLECTION, /* CTE not valid, or ICID beyond the table */
    ITS_MSI_DROP_MEMORY_FAULT,     /* a table fetch faulted */
    ITS_MSI_DROP_INVALID_INTID,    /* the ITE read from memory names no LPI: pINTID < 8192 or
                                    * not below 2^lpi_id_bits (a corrupted ITT) */
    ITS_MSI_RESULTS
} its_msi_result;

typedef struct its_translation {
    uint32_t intid;
    uint32_t target;
    uint32_t icid;
} its_translation;

/* An MSI: translate (device_id, event_id), count the outcome and, when it
 * maps, make the LPI pending at its target. out (may be NULL) is filled when
 * the result is DELIVERED. */
its_msi_result its_msi(its_t *its, uint32_t device_id, uint32_t event_id, its_translation *out);

/* The translation alone: where an MSI would go (DELIVERED) or why it would be
 * dropped. It walks the tables through the caches like an MSI (so cache
 * state and cache counters move) but delivers nothing and counts no MSI. */
its_msi_result its_translate(its_t *its, uint32_t device_id, uint32_t event_id,
                             its_translation *out);

/* A write to GITS_TRANSLATER that carries a DeviceID (size 2 or 4). */
its_access its_translater_write(its_t *its, uint32_t device_id, unsigned size,
                                uint64_t value, its_msi_result *result);

const char *its_msi_result_name(its_msi_result r);

/* ---- Command queue ------------------------------------------------------- */

typedef enum its_step {
    ITS_STEP_IDLE = 0,  /* nothing to do: disabled, empty, stalled or queue invalid */
    ITS_STEP_DONE,      /* one command executed */
    ITS_STEP_SKIPPED,   /* one command failed and was skipped (ignore policy) */
    ITS_STEP_STALLED    /* a command failed or faulted: CREADR.Stalled is now 1 */
} its_step;

typedef struct its_cmd_report {
    uint8_t opcode;
    uint32_t index; /* queue slot (CREADR.Offset) of the command */
    uint32_t error; /* E_ITS code, 0 when it succeeded */
} its_cmd_report;

/* Execute the command at CREADR, if there is one to execute. */
its_step its_cmdq_step(its_t *its, its_cmd_report *report);
/* Execute up to max commands; returns how many were consumed or stalled on. */
unsigned its_cmdq_run(its_t *its, unsigned max);
/* True when commands wait and the queue may run (enabled, valid, not stalled). */
bool its_cmdq_ready(const its_t *its);

/* Command opcodes (ITS_CMD_*): its/commands.h */
const char *its_cmd_name(uint8_t opcode); /* "UNKNOWN" for others */

/*
 * Command error codes: 0x01_CC_RR, CC naming the command, RR the reason.
 * docs/errors.md gives the full table, including which command reports which.
 * ITS_REASON_LIST(X) calls X(name, value) once per reason, so that code (a
 * table of names, a test that wants every reason covered) can walk them all.
 */
#define ITS_REASON_LIST(X)                                                                    \
    X(DEVICE_OOR, 0x01)                                                                       \
    X(ITTSIZE_OOR, 0x02) /* MAPD */                                                           \
    X(PROCNUM_OOR, 0x02) /* MAPC */                                                           \
    X(MOVALL_PROCNUM_OOR, 0x01) /* MOVALL: a bad RDbase1 or RDbase2 */                        \
    X(COLLECTION_OOR, 0x03)                                                                   \
    X(UNMAPPED_DEVICE, 0x04)                                                                  \
    X(ID_OOR, 0x05)                                                                           \
    X(PHYSICALID_OOR, 0x06)                                                                   \
    X(UNMAPPED_INTERRUPT, 0x07)                                                               \
    X(UNMAPPED_COLLECTION, 0x09)                                                              \
    /* Model-specific (IMPLEMENTATION DEFINED) reasons */                                     \
    X(MEMORY_FAULT, 0xF0)                                                                     \
    X(UNSUPPORTED_CMD, 0xFF)

enum {
#define ITS_REASON_ENUMERATOR_(name, value) ITS_REASON_##name = (value),
    ITS_REASON_LIST(ITS_REASON_ENUMERATOR_)
#undef ITS_REASON_ENUMERATOR_
};
#define ITS_ERROR_CODE(cmd_field, reason) (0x010000u | ((uint32_t)(cmd_field) << 8) | (reason))

typedef struct its_error_record {
    uint32_t code;   /* last E_ITS code, 0 if none yet */
    uint8_t opcode;
    uint32_t index;  /* queue slot of the failing command */
    uint64_t count;  /* command errors since reset of the statistics */
} its_error_record;

void its_last_error(const its_t *its, its_error_record *rec);

/* ---- Statistics ---------------------------------------------------------- */

typedef enum its_diag {
    ITS_DIAG_RESERVED_READ = 0,   /* read of a reserved offset (RAZ) */
    ITS_DIAG_RESERVED_WRITE,      /* write to a reserved offset (WI) */
    ITS_DIAG_READONLY_WRITE,      /* write to a read-only register */
    ITS_DIAG_WRITEONLY_READ,      /* read of GITS_TRANSLATER (RAZ) */
    ITS_DIAG_BAD_ACCESS_SIZE,     /* access rejected for its size/alignment */
    ITS_DIAG_BAD_ADDRESS,         /* access beyond the two frames */
    ITS_DIAG_BASER_WHILE_ENABLED, /* GITS_BASER<n> write ignored: ITS enabled */
    ITS_DIAG_CBASER_WHILE_ENABLED,/* GITS_CBASER write ignored: ITS enabled */
    ITS_DIAG_PAGE_SIZE_REJECTED,  /* unsupported Page_Size written: kept old */
    ITS_DIAG_CWRITER_OUT_OF_RANGE,/* CWRITER beyond the queue: queue stops */
    ITS_DIAG_ENABLED_WITHOUT_TABLES, /* enabled with CBASER/device/collection table invalid */
    ITS_DIAG_SYNC_BAD_TARGET,     /* SYNC to no redistributor: ignored */
    ITS_DIAGS
} its_diag;

const char *its_diag_name(its_diag d);

typedef struct its_cache_stats {
    uint64_t hits, misses, evictions, invalidations;
} its_cache_stats;

/* What a memory access of the core is for (its_mem_kind_current() tells a
 * memory callback; its_stats.mem counts by it). */
typedef enum its_mem_kind {
    ITS_MEM_COMMAND = 0,   /* a command fetched from the queue */
    ITS_MEM_DEVICE_L1,     /* level-1 descriptor of a two-level device table */
    ITS_MEM_DEVICE,        /* a DTE */
    ITS_MEM_ITT,           /* an ITE */
    ITS_MEM_COLLECTION_L1, /* level-1 descriptor of a two-level collection table */
    ITS_MEM_COLLECTION,    /* a CTE */
    ITS_MEM_KINDS
} its_mem_kind;

const char *its_mem_kind_name(its_mem_kind k); /* "command", "device_l1", ... */

typedef struct its_mem_stats {
    uint64_t reads, read_bytes, writes, write_bytes;
    uint64_t faults; /* of those reads and writes, the ones that faulted */
} its_mem_stats;

typedef struct its_stats {
    uint64_t msi[ITS_MSI_RESULTS];   /* every MSI by outcome (its_translate() probes: none) */
    uint64_t commands[16];           /* by opcode, every attempt (failed and retried too) */
    uint64_t commands_unknown;       /* unknown opcodes met */
    uint64_t command_errors;         /* commands that failed a check */
    uint64_t stalls;                 /* times the queue stalled */
    uint64_t retries;                /* CWRITER.Retry writes that resumed */
    uint64_t mem_reads, mem_read_bytes;
    uint64_t mem_writes, mem_write_bytes;
    uint64_t mem_faults;
    its_mem_stats mem[ITS_MEM_KINDS]; /* the reads and writes above, by what they are for */
    its_cache_stats device_cache, ite_cache, collection_cache;
    uint64_t diag[ITS_DIAGS];
} its_stats;

/* A consistent snapshot of every counter. */
void its_get_stats(const its_t *its, its_stats *out);
/* The device, ITE and collection caches' counters added up, as
 * its_get_stats() reports them: a cheap look for per-operation timing. */
void its_cache_totals(const its_t *its, its_cache_stats *out);
/* Inside a mem_read/mem_write callback: what the access is for. */
its_mem_kind its_mem_kind_current(const its_t *its);
void its_stats_clear(its_t *its);

#ifdef __cplusplus
}
#endif

#endif
