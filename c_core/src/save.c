/* SPDX-License-Identifier: Apache-2.0 */
/* The checkpoint codec (save.h): field stream, CRC-32, header framing. */
#include "save.h"

#include <string.h>

/* ---- Field stream -------------------------------------------------------- */

void its_ckpt_bytes(its_ckpt_io *io, void *p, size_t n)
{
    if (!io->loading) {
        if (io->out && io->pos <= io->cap && n <= io->cap - io->pos)
            memcpy(io->out + io->pos, p, n);
        else if (io->out)
            io->bad = true;
        io->pos += n;
        return;
    }
    if (io->bad || n > io->len - io->pos) {
        io->bad = true;
        memset(p, 0, n);
        return;
    }
    memcpy(p, io->in + io->pos, n);
    io->pos += n;
}

/* n bytes, least significant first, whatever the host's byte order. */
static void put_le(its_ckpt_io *io, uint64_t x, unsigned n)
{
    uint8_t b[8];
    for (unsigned i = 0; i < n; i++)
        b[i] = (uint8_t)(x >> (8 * i));
    its_ckpt_bytes(io, b, n);
}

static uint64_t get_le(its_ckpt_io *io, unsigned n)
{
    uint8_t b[8];
    uint64_t x = 0;
    its_ckpt_bytes(io, b, n);
    for (unsigned i = 0; i < n; i++)
        x |= (uint64_t)b[i] << (8 * i);
    return x;
}

/* Saving never stores through v: a saved instance is only read. */
void its_ckpt_u8(its_ckpt_io *io, uint8_t *v)
{
    if (io->loading)
        *v = (uint8_t)get_le(io, 1);
    else
        put_le(io, *v, 1);
}

void its_ckpt_u32(its_ckpt_io *io, uint32_t *v)
{
    if (io->loading)
        *v = (uint32_t)get_le(io, 4);
    else
        put_le(io, *v, 4);
}

void its_ckpt_u64(its_ckpt_io *io, uint64_t *v)
{
    if (io->loading)
        *v = get_le(io, 8);
    else
        put_le(io, *v, 8);
}

void its_ckpt_u64s(its_ckpt_io *io, uint64_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        its_ckpt_u64(io, &v[i]);
}

void its_ckpt_bool(its_ckpt_io *io, bool *v)
{
    uint8_t b = *v ? 1 : 0;
    its_ckpt_u8(io, &b);
    if (io->loading && its_ckpt_check(io, b <= 1))
        *v = b == 1;
}

void its_ckpt_count(its_ckpt_io *io, uint32_t *n, uint32_t max, size_t item_bytes)
{
    its_ckpt_u32(io, n);
    if (io->loading && !io->bad && (*n > max || (item_bytes && *n > (io->len - io->pos) / item_bytes))) {
        io->bad = true;
        *n = 0;
    }
}

bool its_ckpt_check(its_ckpt_io *io, bool cond)
{
    if (io->loading && !cond)
        io->bad = true;
    return cond;
}

void its_ckpt_put_u8(its_ckpt_io *io, uint8_t v) { put_le(io, v, 1); }
void its_ckpt_put_u32(its_ckpt_io *io, uint32_t v) { put_le(io, v, 4); }
void its_ckpt_put_u64(its_ckpt_io *io, uint64_t v) { put_le(io, v, 8); }

void its_ckpt_config(its_ckpt_io *io, const uint8_t *image, size_t n)
{
    if (!io->loading) {
        its_ckpt_bytes(io, (void *)image, n); /* saving only reads it */
        return;
    }
    if (io->bad || n > io->len - io->pos) {
        io->bad = true;
        return;
    }
    if (memcmp(io->in + io->pos, image, n) != 0)
        io->mismatch = true;
    io->pos += n;
}

/* ---- CRC-32 (IEEE 802.3: reflected 0xEDB88320, init and final xor ~0) ----- */

uint32_t its_ckpt_crc32(const uint8_t *p, size_t n)
{
    /* Byte at a time through a table built here (1 KB on the stack, a few
     * thousand operations): no state outside the call. */
    uint32_t t[256];
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
        t[i] = c;
    }
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++)
        c = (c >> 8) ^ t[(c ^ p[i]) & 0xFFu];
    return ~c;
}

/* ---- Framing ------------------------------------------------------------- */

static void store_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t load_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

size_t its_ckpt_size(its_ckpt_visit visit, void *state)
{
    its_ckpt_io io = {0};
    visit(&io, state);
    return ITS_CKPT_HEADER_BYTES + io.pos;
}

its_ckpt_status its_ckpt_save(const char magic[ITS_CKPT_MAGIC_BYTES], its_ckpt_visit visit, void *state,
                              void *buf, size_t len, size_t *written)
{
    size_t size = its_ckpt_size(visit, state);
    if (written)
        *written = size;
    if (!buf || len < size)
        return ITS_CKPT_BUFFER_TOO_SMALL;
    uint8_t *b = buf;
    its_ckpt_io io = {0};
    io.out = b + ITS_CKPT_HEADER_BYTES;
    io.cap = size - ITS_CKPT_HEADER_BYTES;
    visit(&io, state);
    if (io.bad || io.pos != io.cap)
        return ITS_CKPT_BAD_STATE; /* the two passes disagree: cannot happen */
    memcpy(b, magic, ITS_CKPT_MAGIC_BYTES);
    store_le(b + 8, ITS_CKPT_VERSION, 4);
    store_le(b + 12, its_ckpt_crc32(io.out, io.pos), 4);
    store_le(b + 16, io.pos, 8);
    return ITS_CKPT_OK;
}

its_ckpt_status its_ckpt_open(const char magic[ITS_CKPT_MAGIC_BYTES], const void *buf, size_t len,
                              its_ckpt_io *payload)
{
    const uint8_t *b = buf;
    memset(payload, 0, sizeof *payload);
    if (!buf)
        return ITS_CKPT_TRUNCATED;
    /* The magic first (as far as it goes), so that a blob of the other kind
     * says so even when it is short. */
    if (memcmp(b, magic, len < ITS_CKPT_MAGIC_BYTES ? len : ITS_CKPT_MAGIC_BYTES) != 0)
        return ITS_CKPT_BAD_MAGIC;
    if (len < 12)
        return ITS_CKPT_TRUNCATED;
    if (load_le(b + 8, 4) != ITS_CKPT_VERSION)
        return ITS_CKPT_BAD_VERSION;
    if (len < ITS_CKPT_HEADER_BYTES)
        return ITS_CKPT_TRUNCATED;
    uint64_t n = load_le(b + 16, 8);
    if (n > len - ITS_CKPT_HEADER_BYTES)
        return ITS_CKPT_TRUNCATED;
    if (n < len - ITS_CKPT_HEADER_BYTES)
        return ITS_CKPT_CORRUPT;
    if (its_ckpt_crc32(b + ITS_CKPT_HEADER_BYTES, (size_t)n) != load_le(b + 12, 4))
        return ITS_CKPT_CORRUPT;
    payload->loading = true;
    payload->in = b + ITS_CKPT_HEADER_BYTES;
    payload->len = (size_t)n;
    return ITS_CKPT_OK;
}

its_ckpt_status its_ckpt_loaded(const its_ckpt_io *io)
{
    if (io->mismatch)
        return ITS_CKPT_CONFIG_MISMATCH;
    if (io->nomem)
        return ITS_CKPT_NO_MEMORY;
    if (io->bad || io->pos != io->len)
        return ITS_CKPT_BAD_STATE;
    return ITS_CKPT_OK;
}

const char *its_ckpt_status_name(its_ckpt_status s)
{
    static const char *const names[] = {
        "ok",           "bad_magic", "bad_version", "truncated",       "corrupt",
        "config_mismatch", "bad_state", "no_memory", "buffer_too_small",
    };
    const int n = (int)(sizeof names / sizeof names[0]);
    return (int)s <= 0 && (int)s > -n ? names[-(int)s] : "invalid";
}
