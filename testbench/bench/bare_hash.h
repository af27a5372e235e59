// SPDX-License-Identifier: Apache-2.0
/* The baseline the benchmark measures the ITS against: a bare
 * open-addressing (linear probing) hash from (DeviceID, EventID) to the
 * translation, looked up through an out-of-line call that hands the caller
 * the same (INTID, target, ICID) its_translate() does. */
#ifndef BARE_HASH_H
#define BARE_HASH_H

#include <stdint.h>

typedef struct bare_hash {
    uint64_t *keys;
    uint64_t *vals; /* 0 = empty */
    uint64_t mask;
} bare_hash;

int bare_hash_init(bare_hash *h, uint64_t max_keys);
void bare_hash_free(bare_hash *h);
void bare_hash_put(bare_hash *h, uint64_t key, uint64_t val);
typedef struct bare_translation {
    uint32_t intid, target, icid;
} bare_translation;

/* Value layout: INTID [31:0], target [47:32], ICID [63:48]. */
static inline uint64_t bare_hash_value(uint32_t intid, uint32_t target, uint32_t icid)
{
    return intid | ((uint64_t)target << 32) | ((uint64_t)icid << 48);
}

/* 0 when found, -1 when absent */
int bare_hash_get(const bare_hash *h, uint64_t key, bare_translation *out);

#endif
