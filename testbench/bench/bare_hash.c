/* SPDX-License-Identifier: Apache-2.0 */
#include "bare_hash.h"

#include <stdlib.h>

static uint64_t slot_of(const bare_hash *h, uint64_t key)
{
    return ((key * 0x9E3779B97F4A7C15ull) >> 32) & h->mask;
}

int bare_hash_init(bare_hash *h, uint64_t max_keys)
{
    uint64_t slots = 16;
    while (slots < 2 * max_keys)
        slots *= 2;
    h->keys = calloc(slots, sizeof *h->keys);
    h->vals = calloc(slots, sizeof *h->vals);
    h->mask = slots - 1;
    return h->keys && h->vals ? 0 : -1;
}

void bare_hash_free(bare_hash *h)
{
    free(h->keys);
    free(h->vals);
}

void bare_hash_put(bare_hash *h, uint64_t key, uint64_t val)
{
    uint64_t i = slot_of(h, key);
    while (h->vals[i] != 0 && h->keys[i] != key)
        i = (i + 1) & h->mask;
    h->keys[i] = key;
    h->vals[i] = val;
}

int bare_hash_get(const bare_hash *h, uint64_t key, bare_translation *out)
{
    for (uint64_t i = slot_of(h, key); h->vals[i] != 0; i = (i + 1) & h->mask) {
        if (h->keys[i] == key) {
            uint64_t v = h->vals[i];
            out->intid = (uint32_t)v;
            out->target = (uint32_t)(v >> 32) & 0xFFFF;
            out->icid = (uint32_t)(v >> 48);
            return 0;
        }
    }
    return -1;
}
