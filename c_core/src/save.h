/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The checkpoint codec shared by the ITS and the redistributor: one stream
 * object that either writes fields (saving, or counting the size when there
 * is no buffer) or reads them back (loading), so that each state is described
 * once, in one function, and both directions follow the same field order.
 * Every field is little-endian and fixed-width (docs/checkpoint.md).
 */
#ifndef ITS_SAVE_H
#define ITS_SAVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "its/checkpoint.h"

/* Internal to the core: hidden from a shared library's symbol table. */
#pragma GCC visibility push(hidden)

#define ITS_CKPT_MAGIC_BYTES 8u
#define ITS_CKPT_HEADER_BYTES 24u /* magic, version, CRC-32, payload length */

typedef struct its_ckpt_io {
    bool loading;
    uint8_t *out;      /* saving: NULL only counts */
    size_t cap;        /* saving: bytes at `out` */
    const uint8_t *in; /* loading */
    size_t len;        /* loading: bytes in `in` */
    size_t pos;
    bool bad;      /* loading: read past the end, or a value out of range;
                    * saving: past cap (a bug: never with its_ckpt_size's size) */
    bool nomem;    /* loading: an allocation failed */
    bool mismatch; /* loading: saved with another configuration */
} its_ckpt_io;

void its_ckpt_bytes(its_ckpt_io *io, void *p, size_t n);
void its_ckpt_u8(its_ckpt_io *io, uint8_t *v);
void its_ckpt_u32(its_ckpt_io *io, uint32_t *v);
void its_ckpt_u64(its_ckpt_io *io, uint64_t *v);
void its_ckpt_u64s(its_ckpt_io *io, uint64_t *v, size_t n);
void its_ckpt_bool(its_ckpt_io *io, bool *v); /* one byte, 0 or 1 */
/* A count field: loading, bad when above max or when count items of
 * item_bytes each cannot fit in what is left (so no loop or allocation runs
 * past the blob). */
void its_ckpt_count(its_ckpt_io *io, uint32_t *n, uint32_t max, size_t item_bytes);
/* Loading: marks the stream bad when cond is false; returns cond. */
bool its_ckpt_check(its_ckpt_io *io, bool cond);

/* Saving only: fields of values (a configuration's image). */
void its_ckpt_put_u8(its_ckpt_io *io, uint8_t v);
void its_ckpt_put_u32(its_ckpt_io *io, uint32_t v);
void its_ckpt_put_u64(its_ckpt_io *io, uint64_t v);

/* A configuration's fixed image: saving writes it, loading compares the
 * blob's bytes with it (mismatch when they differ). */
void its_ckpt_config(its_ckpt_io *io, const uint8_t *image, size_t n);

uint32_t its_ckpt_crc32(const uint8_t *p, size_t n);

/*
 * Framing. visit(io, state) describes the payload in either direction.
 * Saving: the size pass, then the payload written after the header.
 * Opening: the header checked against magic and the blob's length, the
 * checksum verified; *payload is then ready to load.
 */
typedef void (*its_ckpt_visit)(its_ckpt_io *io, void *state);
size_t its_ckpt_size(its_ckpt_visit visit, void *state);
its_ckpt_status its_ckpt_save(const char magic[ITS_CKPT_MAGIC_BYTES], its_ckpt_visit visit, void *state,
                              void *buf, size_t len, size_t *written);
its_ckpt_status its_ckpt_open(const char magic[ITS_CKPT_MAGIC_BYTES], const void *buf, size_t len,
                              its_ckpt_io *payload);
/* After loading: OK, or why the payload is not a state (every byte used). */
its_ckpt_status its_ckpt_loaded(const its_ckpt_io *io);

#pragma GCC visibility pop

#endif
