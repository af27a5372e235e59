/* SPDX-License-Identifier: Apache-2.0 */
/* The fuzz input as a stream: fixed-width little-endian reads, zero once it
 * runs out (so every input decodes, and a short one ends early). */
#ifndef FZ_INPUT_H
#define FZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct fz_input {
    const uint8_t *p;
    size_t n;
} fz_input;

static inline int fz_more(const fz_input *in) { return in->n > 0; }

static inline uint64_t fz_bytes(fz_input *in, unsigned k)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < k && in->n; i++, in->p++, in->n--)
        v |= (uint64_t)*in->p << (8 * i);
    return v;
}

static inline uint8_t fz_u8(fz_input *in) { return (uint8_t)fz_bytes(in, 1); }
static inline uint16_t fz_u16(fz_input *in) { return (uint16_t)fz_bytes(in, 2); }
static inline uint32_t fz_u32(fz_input *in) { return (uint32_t)fz_bytes(in, 4); }
static inline uint64_t fz_u64(fz_input *in) { return fz_bytes(in, 8); }

#endif
