/* SPDX-License-Identifier: Apache-2.0 */
#include "cache.h"

#include <stdlib.h>
#include <string.h>

#define UNBOUNDED_INITIAL_SLOTS 1024u

/* Sets c's slots (and stamps) only when every allocation succeeded. */
static int alloc_slots(its_cache *c, uint64_t slots, bool stamps)
{
    its_cache_slot *sl = calloc(slots, sizeof *sl);
    uint64_t *st = stamps ? calloc(slots, sizeof *st) : NULL;
    if (!sl || (stamps && !st)) {
        free(sl);
        free(st);
        return -1;
    }
    c->slots = sl;
    c->stamps = st;
    return 0;
}

static uint32_t group_bucket(uint64_t key) { return its_cache_hash(key >> 32) & (ITS_CACHE_GROUP_BUCKETS - 1); }

int its_cache_init(its_cache *c, const its_cache_config *cfg, its_cache_stats *st)
{
    memset(c, 0, sizeof *c);
    c->st = st;
    c->policy = cfg->policy;
    c->rng = 0x2545F4914F6CDD1Dull;
    if (cfg->entries == 0)
        return 0;
    c->enabled = true;
    if (cfg->entries == ITS_CACHE_UNBOUNDED) {
        c->unbounded = true;
        c->capacity = UNBOUNDED_INITIAL_SLOTS;
        c->mask = c->capacity - 1;
        c->group_count = calloc(ITS_CACHE_GROUP_BUCKETS, sizeof *c->group_count);
        if (!c->group_count || alloc_slots(c, c->capacity, false) != 0) {
            its_cache_free(c);
            return -1;
        }
        return 0;
    }
    c->ways = cfg->ways;
    c->sets = cfg->entries / cfg->ways;
    return alloc_slots(c, cfg->entries, true);
}

void its_cache_free(its_cache *c)
{
    free(c->slots);
    free(c->stamps);
    c->slots = NULL;
    c->stamps = NULL;
    free(c->group_count);
    c->group_count = NULL;
    c->enabled = false;
}

/* Unbounded: place without counting or growing. */
static void probe_insert(its_cache *c, uint64_t key, uint64_t val)
{
    uint64_t i = its_cache_home(c, key);
    while (c->slots[i].val != 0 && c->slots[i].key != key)
        i = (i + 1) & (c->capacity - 1);
    if (c->slots[i].val == 0) {
        c->used++;
        c->group_count[group_bucket(key)]++;
    }
    c->slots[i].key = key;
    c->slots[i].val = val;
}

/* Unbounded: double the table when it is half full, keeping probes short. */
static void grow(its_cache *c)
{
    its_cache old = *c;
    if (alloc_slots(c, old.capacity * 2, false) != 0) {
        *c = old; /* out of memory: keep the fuller table */
        return;
    }
    c->capacity = old.capacity * 2;
    c->mask = c->capacity - 1;
    c->used = 0;
    memset(c->group_count, 0, ITS_CACHE_GROUP_BUCKETS * sizeof *c->group_count);
    for (uint64_t i = 0; i < old.capacity; i++)
        if (old.slots[i].val != 0)
            probe_insert(c, old.slots[i].key, old.slots[i].val);
    free(old.slots);
}

static uint64_t next_random(its_cache *c)
{
    c->rng ^= c->rng << 13;
    c->rng ^= c->rng >> 7;
    c->rng ^= c->rng << 17;
    return c->rng;
}

static uint64_t pick_victim(its_cache *c, uint64_t first)
{
    for (uint32_t w = 0; w < c->ways; w++)
        if (c->slots[first + w].val == 0)
            return first + w;
    c->st->evictions++;
    if (c->policy == ITS_REPLACE_RANDOM)
        return first + next_random(c) % c->ways;
    uint64_t victim = first;
    for (uint32_t w = 1; w < c->ways; w++)
        if (c->stamps[first + w] < c->stamps[victim])
            victim = first + w;
    return victim;
}

void its_cache_fill(its_cache *c, uint64_t key, uint64_t val)
{
    if (!c->enabled || val == 0)
        return;
    if (c->unbounded) {
        if ((c->used + 1) * 2 > c->capacity)
            grow(c);
        if (c->used + 1 >= c->capacity)
            return; /* could not grow: stay functional, uncached */
        probe_insert(c, key, val);
        return;
    }
    uint64_t first = its_cache_home(c, key);
    uint64_t slot = first + c->ways;
    for (uint32_t w = 0; w < c->ways; w++)
        if (c->slots[first + w].val != 0 && c->slots[first + w].key == key)
            slot = first + w;
    if (slot == first + c->ways)
        slot = pick_victim(c, first);
    c->slots[slot].key = key;
    c->slots[slot].val = val;
    c->stamps[slot] = ++c->clock;
}

/* Unbounded: remove slot i and pull later members of its run back
 * (backward-shift deletion keeps every probe sequence unbroken). */
static void probe_remove(its_cache *c, uint64_t i)
{
    uint64_t m = c->capacity - 1;
    uint64_t hole = i;
    c->slots[hole].val = 0;
    c->used--;
    c->group_count[group_bucket(c->slots[hole].key)]--;
    for (uint64_t j = (i + 1) & m; c->slots[j].val != 0; j = (j + 1) & m) {
        uint64_t home = its_cache_home(c, c->slots[j].key);
        /* j may move to hole when its home is not in (hole, j] cyclically */
        bool stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
        if (!stays) {
            c->slots[hole] = c->slots[j];
            c->slots[j].val = 0;
            hole = j;
        }
    }
}

void its_cache_invalidate(its_cache *c, uint64_t key)
{
    if (!c->enabled)
        return;
    uint64_t i = its_cache_home(c, key);
    if (c->unbounded) {
        for (; c->slots[i].val != 0; i = (i + 1) & (c->capacity - 1)) {
            if (c->slots[i].key == key) {
                probe_remove(c, i);
                c->st->invalidations++;
                return;
            }
        }
        return;
    }
    for (uint32_t w = 0; w < c->ways; w++, i++) {
        if (c->slots[i].val != 0 && c->slots[i].key == key) {
            c->slots[i].val = 0;
            c->st->invalidations++;
        }
    }
}

void its_cache_invalidate_matching(its_cache *c, uint64_t mask, uint64_t value)
{
    if (!c->enabled)
        return;
    uint64_t slots = c->unbounded ? c->capacity : (uint64_t)c->sets * c->ways;
    if (!c->unbounded) {
        for (uint64_t i = 0; i < slots; i++) {
            if (c->slots[i].val != 0 && (c->slots[i].key & mask) == value) {
                c->slots[i].val = 0;
                c->st->invalidations++;
            }
        }
        return;
    }
    if (mask == ITS_CACHE_GROUP_MASK && c->group_count[group_bucket(value)] == 0)
        return; /* nothing of the group is cached */
    /* Unbounded, in place: start after an empty slot, which no run crosses,
     * so a backward shift only ever moves an entry into the slot just
     * examined (looked at again) or into one already kept. */
    uint64_t e = 0;
    while (c->slots[e].val != 0)
        e++;
    for (uint64_t k = 1; k < slots; k++) {
        const uint64_t i = (e + k) & c->mask;
        while (c->slots[i].val != 0 && (c->slots[i].key & mask) == value) {
            probe_remove(c, i);
            c->st->invalidations++;
        }
    }
}

void its_cache_invalidate_all(its_cache *c)
{
    if (!c->enabled)
        return;
    uint64_t slots = c->unbounded ? c->capacity : (uint64_t)c->sets * c->ways;
    for (uint64_t i = 0; i < slots; i++) {
        if (c->slots[i].val != 0) {
            c->slots[i].val = 0;
            c->st->invalidations++;
        }
    }
    c->used = 0;
    if (c->group_count)
        memset(c->group_count, 0, ITS_CACHE_GROUP_BUCKETS * sizeof *c->group_count);
}

void its_cache_clear_bits(its_cache *c, uint64_t bits)
{
    if (!c->enabled)
        return;
    uint64_t slots = c->unbounded ? c->capacity : (uint64_t)c->sets * c->ways;
    for (uint64_t i = 0; i < slots; i++)
        if (c->slots[i].val != 0)
            c->slots[i].val &= ~bits;
}
