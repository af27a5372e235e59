/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A sparse set of INTIDs (up to 2^24) as a three-level bitmap: a top word
 * says which summary words are non-zero, each summary bit says which
 * 4096-bit leaf is non-empty, and each leaf carries its own word summary.
 * Finding the lowest member is four find-first-set operations; adding and
 * removing are O(1). Leaves are allocated by the owner (its_lpi_set_leaf), so
 * an add never allocates and never fails.
 */
#ifndef ITS_REDIST_LPI_SET_H
#define ITS_REDIST_LPI_SET_H

#include <stdbool.h>
#include <stdint.h>

/* Internal to the core: hidden from a shared library's symbol table. */
#pragma GCC visibility push(hidden)

#define LPI_LEAF_BITS 12u /* 4096 INTIDs per leaf */
#define LPI_LEAF_SIZE (1u << LPI_LEAF_BITS)
#define LPI_SET_NONE UINT32_MAX

typedef struct lpi_leaf {
    uint64_t sum;   /* bit j: w[j] != 0 */
    uint64_t w[64];
} lpi_leaf;

typedef struct lpi_set {
    uint64_t top;         /* bit k: mid[k] != 0 */
    uint64_t mid[64];     /* bit c % 64 of word c / 64: leaf c non-empty */
    lpi_leaf **leaf;      /* nleaves slots, NULL until allocated */
    uint32_t nleaves;
    bool owns_leaves;     /* free the leaves with the set */
} lpi_set;

/* 0 on success. nleaves <= 4096 (24 ID bits). */
int its_lpi_set_init(lpi_set *s, uint32_t nleaves, bool owns_leaves);
void its_lpi_set_free(lpi_set *s);
/* Empty the set; allocated leaves stay (zeroed) for reuse. */
void its_lpi_set_clear(lpi_set *s);
/* The leaf holding i, allocated (zeroed) when missing; NULL when out of memory. */
lpi_leaf *its_lpi_set_leaf(lpi_set *s, uint32_t i);
/* Leaf c's words were written directly (a restore): set its word summary
 * and the upper levels from them. */
void its_lpi_set_leaf_loaded(lpi_set *s, uint32_t c);

static inline bool its_lpi_set_test(const lpi_set *s, uint32_t i)
{
    const lpi_leaf *l = s->leaf[i >> LPI_LEAF_BITS];
    return l && ((l->w[(i >> 6) & 63] >> (i & 63)) & 1);
}

static inline bool its_lpi_set_empty(const lpi_set *s) { return s->top == 0; }

/* The leaf holding i must exist. Returns whether i was absent. */
bool its_lpi_set_add(lpi_set *s, uint32_t i);
/* Returns whether i was present. */
bool its_lpi_set_del(lpi_set *s, uint32_t i);
/* The lowest member >= from, LPI_SET_NONE when there is none. */
uint32_t its_lpi_set_first(const lpi_set *s, uint32_t from);

#pragma GCC visibility pop

#endif
