/* SPDX-License-Identifier: Apache-2.0 */
/* The random command and MSI stream of the its_lookup scoreboards (stream.h). */
#include "stream.h"

#include <string.h>

void stream_init(stream *s, const lookup_params *p, uint64_t seed)
{
    s->p = *p;
    s->state = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
    if (!s->state)
        s->state = 1;
    s->count = 0;
}

/* xorshift64* */
static uint64_t rnd(stream *s)
{
    s->state ^= s->state >> 12;
    s->state ^= s->state << 25;
    s->state ^= s->state >> 27;
    return s->state * 0x2545F4914F6CDD1Dull;
}

/* 0 .. n - 1 */
static uint32_t below(stream *s, uint32_t n) { return (uint32_t)((rnd(s) >> 32) % n); }
/* true with probability percent / 100 */
static int chance(stream *s, unsigned percent) { return below(s, 100) < percent; }

static uint32_t pool_devices(const stream *s)
{
    uint32_t n = 1u << s->p.dev_bits;
    return n < STREAM_POOL_DEVICES ? n : STREAM_POOL_DEVICES;
}

static uint32_t device_id(stream *s)
{
    if (chance(s, 4)) /* out of range */
        return chance(s, 50) ? (1u << s->p.dev_bits) + below(s, 4) : 0xFFFFFFFFu - below(s, 2);
    return below(s, pool_devices(s));
}

static uint32_t event_id(stream *s, uint32_t device)
{
    uint32_t top = 1u << s->p.ev_bits; /* first EventID out of range */
    if (chance(s, 4))
        return chance(s, 50) ? top + below(s, 3) : 0x80000000u | below(s, 4);
    /* Small EventIDs (what small ITTs take), one with the top bit set and
     * the device's number below it, and the last one. */
    uint32_t pool[STREAM_EVENTS_PER_DEVICE] = {0, 1, 2, 7, (top >> 1) | device, top - 1};
    return pool[below(s, STREAM_EVENTS_PER_DEVICE)] & (top - 1);
}

static uint32_t icid(stream *s)
{
    if (chance(s, 4))
        return chance(s, 50) ? 1u << s->p.icid_bits : 0xFFFFu;
    return below(s, 1u << s->p.icid_bits);
}

static uint32_t lpi(stream *s)
{
    uint32_t limit = 1u << s->p.lpi_bits;
    if (chance(s, 4))
        return chance(s, 50) ? below(s, 8192) : limit + below(s, 2);
    return chance(s, 10) ? limit - 1 : 8192 + below(s, limit - 8192);
}

static uint64_t dw0(uint8_t opcode, uint32_t device) { return opcode | ((uint64_t)device << 32); }

void stream_next(stream *s, stream_op *op)
{
    memset(op, 0, sizeof *op);
    s->count++;
    /* A short start of commands only, so that MSIs soon find mappings. */
    unsigned pick = s->count <= 24 ? 50 + below(s, 50) : below(s, 100);
    if (pick < 50) {
        op->kind = STREAM_MSI;
        op->device_id = device_id(s);
        op->event_id = event_id(s, op->device_id < pool_devices(s) ? op->device_id : 0);
        return;
    }
    op->kind = STREAM_CMD;
    uint64_t *c = op->cmd;
    uint32_t dev = device_id(s);
    uint32_t ev = event_id(s, dev < pool_devices(s) ? dev : 0);
    if (pick < 60) { /* MAPD: a quarter unmap; sizes from one event to all */
        int valid = !chance(s, 25);
        uint32_t sizes[] = {0, 1, 2, 3, s->p.ev_bits - 1, s->p.ev_bits - 1};
        uint32_t size = chance(s, 5) ? s->p.ev_bits + below(s, 32 - s->p.ev_bits) : sizes[below(s, 6)];
        uint64_t itt = dev < pool_devices(s) ? its_ref_itt(&s->p, dev) : ITS_REF_RAM_BASE;
        c[0] = dw0(ITS_CMD_MAPD, dev);
        c[1] = size;
        c[2] = ((uint64_t)valid << 63) | (itt & 0x000FFFFFFFFFFF00ull);
    } else if (pick < 68) { /* MAPC: a sixth unmap */
        int valid = !chance(s, 16);
        uint64_t target = chance(s, 5) ? s->p.num_targets + below(s, 2) : below(s, s->p.num_targets);
        c[0] = ITS_CMD_MAPC;
        c[2] = ((uint64_t)valid << 63) | (target << 16) | icid(s);
    } else if (pick < 80) { /* MAPTI */
        c[0] = dw0(ITS_CMD_MAPTI, dev);
        c[1] = ev | ((uint64_t)lpi(s) << 32);
        c[2] = icid(s);
    } else if (pick < 85) { /* MAPI: INTID = EventID, so only the large ones map */
        c[0] = dw0(ITS_CMD_MAPI, dev);
        c[1] = ev;
        c[2] = icid(s);
    } else if (pick < 93) { /* MOVI */
        c[0] = dw0(ITS_CMD_MOVI, dev);
        c[1] = ev;
        c[2] = icid(s);
    } else if (pick < 98) { /* DISCARD */
        c[0] = dw0(ITS_CMD_DISCARD, dev);
        c[1] = ev;
    } else { /* commands that leave the translation alone */
        static const uint8_t others[] = {ITS_CMD_INT, ITS_CMD_CLEAR, ITS_CMD_INV, ITS_CMD_SYNC,
                                         ITS_CMD_INVALL};
        uint8_t opc = others[below(s, sizeof others)];
        c[0] = dw0(opc, dev);
        c[1] = ev;
        c[2] = opc == ITS_CMD_SYNC ? (uint64_t)below(s, s->p.num_targets) << 16 : icid(s);
    }
}
