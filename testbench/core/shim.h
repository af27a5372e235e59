// SPDX-License-Identifier: Apache-2.0
/*
 * The thin C shim the core tests stand on: a sparse fake memory with
 * injectable faults, and a sink that records, in order, every effect the
 * ITS sends to a redistributor.
 */
#ifndef ITS_TEST_SHIM_H
#define ITS_TEST_SHIM_H

#include <stddef.h>
#include <stdint.h>

#include "its/its.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum shim_event_kind {
    SHIM_SET_PENDING,
    SHIM_CLEAR_PENDING,
    SHIM_MOVE_PENDING,
    SHIM_INV,
    SHIM_INVALL,
    SHIM_SYNC,
    SHIM_MOVALL
} shim_event_kind;

typedef struct shim_event {
    shim_event_kind kind;
    uint32_t target; /* MOVE_PENDING/MOVALL: source */
    uint32_t to;     /* MOVE_PENDING/MOVALL: destination */
    uint32_t intid;  /* SET/CLEAR/MOVE_PENDING, INV */
} shim_event;

typedef struct shim shim;

shim *shim_create(void);
void shim_destroy(shim *s);
its_host_ops shim_ops(shim *s);

/* Memory (reads of never-written bytes return 0) */
void shim_mem_write(shim *s, uint64_t pa, const void *buf, size_t len);
void shim_mem_read(shim *s, uint64_t pa, void *buf, size_t len);
void shim_write64(shim *s, uint64_t pa, uint64_t v);
uint64_t shim_read64(shim *s, uint64_t pa);
/* Accesses touching [lo, hi) fault until shim_clear_faults(). */
void shim_add_fault(shim *s, uint64_t lo, uint64_t hi);
void shim_clear_faults(shim *s);
uint64_t shim_mem_reads(const shim *s);  /* accesses seen by the memory */
uint64_t shim_mem_writes(const shim *s);
/* Every byte ever written to src, written to dst too (counters untouched). */
void shim_mem_copy(shim *dst, shim *src);
/* Whether every address reads the same in a and b. */
int shim_mem_equal(shim *a, shim *b);

/* Recorded redistributor effects */
size_t shim_event_count(const shim *s);
shim_event shim_event_at(const shim *s, size_t i);
void shim_clear_events(shim *s);

#ifdef __cplusplus
}
#endif

#endif
