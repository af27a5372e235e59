/* SPDX-License-Identifier: Apache-2.0 */
/* Checkpoint of one modelled cache (cache.h; docs/checkpoint.md, "Cache"). */
#include <stdlib.h>

#include "bits.h"
#include "cache.h"
#include "save.h"

enum { KIND_NONE = 0, KIND_BOUNDED = 1, KIND_UNBOUNDED = 2 };

#define BOUNDED_SLOT_BYTES 24u   /* key, value, stamp */
#define UNBOUNDED_ENTRY_BYTES 16u /* key, value */

static uint8_t kind_of(const its_cache *c)
{
    return !c->enabled ? KIND_NONE : c->unbounded ? KIND_UNBOUNDED : KIND_BOUNDED;
}

/* Every slot as it is, empty ones too (an emptied slot keeps its key and
 * stamp), so that a restored cache picks the same victims. */
static void bounded_io(its_ckpt_io *io, its_cache *c, its_cache_entry_ok ok, const void *ctx)
{
    uint32_t slots = c->sets * c->ways, n = slots;
    its_ckpt_u64(io, &c->clock);
    its_ckpt_u64(io, &c->rng);
    its_ckpt_check(io, c->rng != 0); /* xorshift never leaves a non-zero state */
    its_ckpt_count(io, &n, slots, BOUNDED_SLOT_BYTES);
    if (!its_ckpt_check(io, n == slots))
        return;
    for (uint32_t i = 0; i < slots && !io->bad; i++) {
        its_cache_slot *s = &c->slots[i];
        its_ckpt_u64(io, &s->key);
        its_ckpt_u64(io, &s->val);
        its_ckpt_u64(io, &c->stamps[i]);
        /* Stamps come from the clock; an entry sits in its key's set. */
        if (io->loading)
            its_ckpt_check(io, c->stamps[i] <= c->clock &&
                                   (s->val == 0 || (ok(ctx, s->key, s->val) &&
                                                    its_cache_home(c, s->key) == i - i % c->ways)));
    }
}

static int key_order(const void *a, const void *b)
{
    uint64_t x = bits_load_le(a, 8), y = bits_load_le(b, 8);
    return (x > y) - (x < y);
}

/* The entries alone, by increasing key: the table's layout (its size, where
 * each entry landed) shows in no result or counter, and sorting makes the
 * bytes the same for the same contents. Loading fills them back in that
 * order. */
static void unbounded_io(its_ckpt_io *io, its_cache *c, its_cache_entry_ok ok, const void *ctx)
{
    uint64_t n = c->used;
    its_ckpt_u64(io, &n);
    if (!io->loading) {
        size_t start = io->pos;
        for (uint64_t i = 0; i < c->capacity; i++) {
            if (c->slots[i].val) {
                its_ckpt_u64(io, &c->slots[i].key);
                its_ckpt_u64(io, &c->slots[i].val);
            }
        }
        if (io->out)
            qsort(io->out + start, (size_t)n, UNBOUNDED_ENTRY_BYTES, key_order);
        return;
    }
    if (!its_ckpt_check(io, !io->bad && n <= (io->len - io->pos) / UNBOUNDED_ENTRY_BYTES))
        return;
    uint64_t prev = 0;
    for (uint64_t i = 0; i < n && !io->bad; i++) {
        uint64_t key, val;
        its_ckpt_u64(io, &key);
        its_ckpt_u64(io, &val);
        if (!its_ckpt_check(io, (i == 0 || key > prev) && val != 0 && ok(ctx, key, val)))
            return;
        prev = key;
        its_cache_fill(c, key, val);
        if (c->used != i + 1) { /* the table could not grow */
            io->nomem = true;
            return;
        }
    }
}

void its_cache_io(struct its_ckpt_io *io, its_cache *c, its_cache_entry_ok ok, const void *ctx)
{
    uint8_t kind = kind_of(c);
    its_ckpt_u8(io, &kind);
    if (!its_ckpt_check(io, kind == kind_of(c)))
        return;
    if (kind == KIND_BOUNDED)
        bounded_io(io, c, ok, ctx);
    else if (kind == KIND_UNBOUNDED)
        unbounded_io(io, c, ok, ctx);
}
