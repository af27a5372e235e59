/* SPDX-License-Identifier: Apache-2.0 */
/* Bit-field helpers. A field F is named by its F_SHIFT and F_WIDTH macros
 * (its/regs.h, its/commands.h, or internal ones of the same form), so
 * FIELD_GET(v, GITS_CBASER_SIZE) reads like the architecture text. */
#ifndef ITS_BITS_H
#define ITS_BITS_H

#include <stdint.h>

static inline uint64_t bits_mask(unsigned width)
{
    return width >= 64 ? ~0ull : (1ull << width) - 1;
}

static inline uint64_t bits_get(uint64_t v, unsigned lo, unsigned width)
{
    return (v >> lo) & bits_mask(width);
}

static inline uint64_t bits_set(uint64_t v, unsigned lo, unsigned width, uint64_t field)
{
    uint64_t m = bits_mask(width) << lo;
    return (v & ~m) | ((field << lo) & m);
}

/* Mask covering the field in place. */
static inline uint64_t bits_field_mask(unsigned lo, unsigned width)
{
    return bits_mask(width) << lo;
}

/* Little-endian byte images of memory (entries, commands): at most the
 * low 8 bytes carry a value. */
static inline uint64_t bits_load_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n && i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static inline void bits_store_le(uint8_t *p, unsigned n, uint64_t v)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = i < 8 ? (uint8_t)(v >> (8 * i)) : 0;
}

#define FIELD_GET(v, f) bits_get((v), f##_SHIFT, f##_WIDTH)
#define FIELD_SET(v, f, x) bits_set((v), f##_SHIFT, f##_WIDTH, (x))
#define FIELD_MASK(f) bits_field_mask(f##_SHIFT, f##_WIDTH)

#endif
