/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fuzz targets' memory: an arena of RAM that knows what software gave
 * the core and aborts on any access outside it. For an ITS: commands only
 * from the queue GITS_CBASER names, level-1 descriptors only from a two-level
 * table's GITS_BASER range, DTEs and CTEs only from the flat table or a
 * level-2 page software installed, ITEs only from an ITT some MAPD the core
 * fetched named. For a redistributor: only its property and pending tables.
 * Accesses outside the arena are bus faults (a legitimate answer).
 */
#ifndef FZ_MEM_H
#define FZ_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "its/its.h"
#include "its/redist.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FZ_RAM_BASE 0x40000000ull
#define FZ_RAM_BYTES (64ull << 20)

typedef struct fz_mem fz_mem;

/* Counts of what the memory saw, to check the core's counters against. */
typedef struct fz_mem_counts {
    uint64_t reads, writes;     /* callback calls */
    uint64_t refused;           /* calls answered with a bus fault */
    uint64_t command_reads_ok;  /* commands handed to the ITS */
} fz_mem_counts;

fz_mem *fz_mem_create(void);
void fz_mem_destroy(fz_mem *m);
/* Forget everything: RAM back to zero, no ITS, no grants. */
void fz_mem_reset(fz_mem *m);
/* The process's one fake memory (libFuzzer runs its inputs one after another
 * in one process), created on first use and reset for the next input. */
fz_mem *fz_mem_for_input(void);

/* Software's own stores (never checked). */
void fz_mem_store(fz_mem *m, uint64_t pa, const void *buf, size_t len);
void fz_mem_store64(fz_mem *m, uint64_t pa, uint64_t v);
void fz_mem_load(fz_mem *m, uint64_t pa, void *buf, size_t len);
/* A level-2 page software wrote into a level-1 descriptor of `type` (its
 * size is the table's page size when the core uses it). */
void fz_mem_grant_l2(fz_mem *m, its_table_type type, uint64_t pa);

/* The ITS whose registers define what is legal; the ops route the memory
 * callbacks through the checks, redistributor callbacks to `rd_ops` (may be
 * NULL members). */
its_host_ops fz_mem_its_ops(fz_mem *m, const its_host_ops *rd_ops);
void fz_mem_attach_its(fz_mem *m, const its_t *its);
/* The same for a redistributor (its PROPBASER/PENDBASER). */
redist_host_ops fz_mem_redist_ops(fz_mem *m, void (*irq)(void *, bool), void *irq_ctx);
void fz_mem_attach_redist(fz_mem *m, const redist_t *rd);

fz_mem_counts fz_mem_get_counts(const fz_mem *m);

#ifdef __cplusplus
}
#endif

#endif
