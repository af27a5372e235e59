/* The baseline the benchmark measures the ITS against: a bare
 * open-addressing (linear probing) hash from a 64-bit key to a 64-bit value,
 * looked up through an out-of-line call like its_translate(). */
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
/* 0 when absent */
uint64_t bare_hash_get(const bare_hash *h, uint64_t key);

#endif
