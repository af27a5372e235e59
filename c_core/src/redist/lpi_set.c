/* SPDX-License-Identifier: Apache-2.0 */
/* The three-level INTID bitmap (lpi_set.h). */
#include "lpi_set.h"

#include <stdlib.h>
#include <string.h>

static inline unsigned ctz64(uint64_t x) { return (unsigned)__builtin_ctzll(x); }

/* x without its bits below n (n may be 64). */
static inline uint64_t from_bit(uint64_t x, unsigned n) { return n >= 64 ? 0 : x & (~0ull << n); }

int its_lpi_set_init(lpi_set *s, uint32_t nleaves, bool owns_leaves)
{
    memset(s, 0, sizeof *s);
    s->leaf = calloc(nleaves, sizeof *s->leaf);
    s->nleaves = nleaves;
    s->owns_leaves = owns_leaves;
    return s->leaf ? 0 : -1;
}

void its_lpi_set_free(lpi_set *s)
{
    if (s->leaf && s->owns_leaves)
        for (uint32_t c = 0; c < s->nleaves; c++)
            free(s->leaf[c]);
    free(s->leaf);
    s->leaf = NULL;
}

void its_lpi_set_clear(lpi_set *s)
{
    while (s->top) {
        unsigned k = ctz64(s->top);
        while (s->mid[k]) {
            unsigned c = (k << 6) | ctz64(s->mid[k]);
            memset(s->leaf[c], 0, sizeof *s->leaf[c]);
            s->mid[k] &= s->mid[k] - 1;
        }
        s->top &= s->top - 1;
    }
}

lpi_leaf *its_lpi_set_leaf(lpi_set *s, uint32_t i)
{
    uint32_t c = i >> LPI_LEAF_BITS;
    if (!s->leaf[c])
        s->leaf[c] = calloc(1, sizeof **s->leaf);
    return s->leaf[c];
}

void its_lpi_set_leaf_loaded(lpi_set *s, uint32_t c)
{
    lpi_leaf *l = s->leaf[c];
    l->sum = 0;
    for (unsigned j = 0; j < 64; j++)
        if (l->w[j])
            l->sum |= 1ull << j;
    if (l->sum) {
        s->mid[c >> 6] |= 1ull << (c & 63);
        s->top |= 1ull << (c >> 6);
    }
}

bool its_lpi_set_add(lpi_set *s, uint32_t i)
{
    uint32_t c = i >> LPI_LEAF_BITS, j = (i >> 6) & 63;
    lpi_leaf *l = s->leaf[c];
    uint64_t bit = 1ull << (i & 63);
    if (l->w[j] & bit)
        return false;
    l->w[j] |= bit;
    l->sum |= 1ull << j;
    s->mid[c >> 6] |= 1ull << (c & 63);
    s->top |= 1ull << (c >> 6);
    return true;
}

bool its_lpi_set_del(lpi_set *s, uint32_t i)
{
    uint32_t c = i >> LPI_LEAF_BITS, j = (i >> 6) & 63;
    lpi_leaf *l = s->leaf[c];
    uint64_t bit = 1ull << (i & 63);
    if (!l || !(l->w[j] & bit))
        return false;
    /* Clear upwards only as far as the level that stays non-empty. */
    if ((l->w[j] &= ~bit) == 0 && (l->sum &= ~(1ull << j)) == 0 &&
        (s->mid[c >> 6] &= ~(1ull << (c & 63))) == 0)
        s->top &= ~(1ull << (c >> 6));
    return true;
}

static uint32_t leaf_first(const lpi_leaf *l, uint32_t c)
{
    unsigned j = ctz64(l->sum);
    return (c << LPI_LEAF_BITS) | (j << 6) | ctz64(l->w[j]);
}

uint32_t its_lpi_set_first(const lpi_set *s, uint32_t from)
{
    uint32_t c = from >> LPI_LEAF_BITS;
    if (c >= s->nleaves)
        return LPI_SET_NONE;
    if ((s->mid[c >> 6] >> (c & 63)) & 1) {
        const lpi_leaf *l = s->leaf[c];
        unsigned j = (from >> 6) & 63;
        uint64_t w = from_bit(l->w[j], from & 63);
        if (w)
            return (c << LPI_LEAF_BITS) | (j << 6) | ctz64(w);
        uint64_t rest = from_bit(l->sum, j + 1);
        if (rest) {
            j = ctz64(rest);
            return (c << LPI_LEAF_BITS) | (j << 6) | ctz64(l->w[j]);
        }
    }
    /* The next non-empty leaf after c. */
    if (++c >= s->nleaves)
        return LPI_SET_NONE;
    unsigned k = c >> 6;
    uint64_t m = from_bit(s->mid[k], c & 63);
    if (!m) {
        uint64_t t = from_bit(s->top, k + 1);
        if (!t)
            return LPI_SET_NONE;
        k = ctz64(t);
        m = s->mid[k];
    }
    c = (k << 6) | ctz64(m);
    return leaf_first(s->leaf[c], c);
}
