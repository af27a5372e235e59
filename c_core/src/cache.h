/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One modelled cache: 64-bit key -> 64-bit raw table entry. Bounded caches
 * are set-associative with a replacement policy; the unbounded kind is an
 * open-addressing table that grows instead of evicting. The same structure
 * serves the device, ITE and collection caches, and the redistributor's
 * bounded property cache.
 *
 * A stored value is never 0 (every raw entry we cache has its Valid bit
 * set), so 0 marks an empty slot.
 */
#ifndef ITS_CACHE_H
#define ITS_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "its/its.h"

/* Internal to the core: hidden from a shared library's symbol table. */
#pragma GCC visibility push(hidden)

typedef struct its_cache_slot {
    uint64_t key;
    uint64_t val; /* 0: empty */
} its_cache_slot;

typedef struct its_cache {
    its_cache_slot *slots;
    uint64_t *stamps;  /* LRU: last use; FIFO: fill order (bounded only) */
    uint32_t sets;     /* bounded: number of sets */
    uint32_t ways;
    uint64_t capacity; /* unbounded: slots (power of two) */
    uint64_t mask;     /* unbounded: capacity - 1 */
    uint64_t used;     /* unbounded: occupied slots */
    uint64_t clock;
    uint64_t rng;
    its_cache_policy policy;
    bool enabled;
    bool unbounded;
    bool low_bits; /* bounded: the set is key % sets (low key bits), not a hash */
    /* Unbounded: entries per bucket of the key's upper half (its group, e.g.
     * a DeviceID), so that dropping a group nothing of is cached is free. */
    uint32_t *group_count;
    its_cache_stats *st;
} its_cache;

#define ITS_CACHE_GROUP_BUCKETS 4096u
#define ITS_CACHE_GROUP_MASK 0xFFFFFFFF00000000ull

int its_cache_init(its_cache *c, const its_cache_config *cfg, its_cache_stats *st);
void its_cache_free(its_cache *c);
void its_cache_fill(its_cache *c, uint64_t key, uint64_t val);
void its_cache_invalidate(its_cache *c, uint64_t key);
/* Drop every entry whose key matches value under mask (e.g. one device:
 * ITS_CACHE_GROUP_MASK, which an unbounded cache answers at once when it
 * holds nothing of that group). */
void its_cache_invalidate_matching(its_cache *c, uint64_t mask, uint64_t value);
void its_cache_invalidate_all(its_cache *c);
/* Clear bits of every stored value (values keep their non-zero low bits). */
void its_cache_clear_bits(its_cache *c, uint64_t bits);

/* Checkpoint (cache_save.c): the cache's entries and replacement state, in
 * either direction of the stream (save.h). Loading goes into a cache fresh
 * from its_cache_init with the same configuration; every entry it takes
 * must pass ok(ctx, key, val). */
struct its_ckpt_io;
typedef bool (*its_cache_entry_ok)(const void *ctx, uint64_t key, uint64_t val);
void its_cache_io(struct its_ckpt_io *io, its_cache *c, its_cache_entry_ok ok, const void *ctx);

static inline uint32_t its_cache_hash(uint64_t key)
{
    return (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> 32);
}

/* Index of the first slot to look at: the set's first way, or the probe start. */
static inline uint64_t its_cache_home(const its_cache *c, uint64_t key)
{
    uint32_t h = its_cache_hash(key);
    if (c->unbounded)
        return h & c->mask;
    if (c->low_bits)
        return (key % c->sets) * c->ways;
    return (uint64_t)(((uint64_t)h * c->sets) >> 32) * c->ways;
}

/* Unbounded only: the slot holding key, or NULL. Not counted. */
static inline its_cache_slot *its_cache_probe(const its_cache *c, uint64_t key)
{
    for (uint64_t i = its_cache_hash(key) & c->mask;; i = (i + 1) & c->mask) {
        its_cache_slot *s = &c->slots[i];
        if (s->key == key) /* an emptied slot keeps its key: check val */
            return s->val ? s : NULL;
        if (s->val == 0)
            return NULL;
    }
}

/* Bounded only: the slot holding key, or NULL. Not counted, LRU untouched. */
static inline its_cache_slot *its_cache_find(const its_cache *c, uint64_t key)
{
    uint64_t i = its_cache_home(c, key);
    for (uint32_t w = 0; w < c->ways; w++, i++)
        if (c->slots[i].val != 0 && c->slots[i].key == key)
            return &c->slots[i];
    return NULL;
}

/* Hit: *val set, counted. Miss: counted, *val untouched. */
static inline bool its_cache_lookup(its_cache *c, uint64_t key, uint64_t *val)
{
    if (!c->enabled)
        return false;
    uint64_t i = its_cache_home(c, key);
    if (c->unbounded) {
        for (;;) {
            const its_cache_slot *s = &c->slots[i];
            if (s->val == 0)
                break;
            if (s->key == key) {
                c->st->hits++;
                *val = s->val;
                return true;
            }
            i = (i + 1) & (c->capacity - 1);
        }
    } else {
        for (uint32_t w = 0; w < c->ways; w++, i++) {
            const its_cache_slot *s = &c->slots[i];
            if (s->val != 0 && s->key == key) {
                if (c->policy == ITS_REPLACE_LRU)
                    c->stamps[i] = ++c->clock;
                c->st->hits++;
                *val = s->val;
                return true;
            }
        }
    }
    c->st->misses++;
    return false;
}

#pragma GCC visibility pop

#endif
