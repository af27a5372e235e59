/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The driver's state as bytes (docs/checkpoint.md, "driver"): every field of
 * its_driver but the environment-given layout and options, which are
 * written too but only compared on restore. Little-endian, fixed width.
 * One walk serves both directions: a cursor either appends or reads back,
 * bounds-checked, so the two can never disagree on the layout.
 */
#include <stdlib.h>
#include <string.h>

#include "driver_internal.h"

#define SAVE_MAGIC 0x56524443u /* "CDRV" */
#define SAVE_VERSION 1u

typedef struct cursor {
    uint8_t *buf;      /* writing: NULL counts the size only */
    const uint8_t *in; /* reading */
    size_t len, at;
    bool reading, bad;
} cursor;

static void field(cursor *c, void *v, unsigned bytes)
{
    uint64_t x = 0;
    if (c->bad)
        return;
    if (c->reading) {
        if (c->len - c->at < bytes) {
            c->bad = true;
            return;
        }
        for (unsigned i = bytes; i-- > 0;)
            x = (x << 8) | c->in[c->at + i];
        switch (bytes) {
        case 1: *(uint8_t *)v = (uint8_t)x; break;
        case 2: *(uint16_t *)v = (uint16_t)x; break;
        case 4: *(uint32_t *)v = (uint32_t)x; break;
        default: *(uint64_t *)v = x; break;
        }
    } else {
        switch (bytes) {
        case 1: x = *(const uint8_t *)v; break;
        case 2: x = *(const uint16_t *)v; break;
        case 4: x = *(const uint32_t *)v; break;
        default: x = *(const uint64_t *)v; break;
        }
        if (c->buf)
            for (unsigned i = 0; i < bytes; i++)
                c->buf[c->at + i] = (uint8_t)(x >> (8 * i));
    }
    c->at += bytes;
}

static void u8f(cursor *c, uint8_t *v) { field(c, v, 1); }
static void u16f(cursor *c, uint16_t *v) { field(c, v, 2); }
static void u32f(cursor *c, uint32_t *v) { field(c, v, 4); }
static void u64f(cursor *c, uint64_t *v) { field(c, v, 8); }

static void boolf(cursor *c, bool *v)
{
    uint8_t b = *v ? 1 : 0;
    u8f(c, &b);
    if (c->reading) {
        c->bad |= b > 1;
        *v = b == 1;
    }
}

static void uintf(cursor *c, unsigned *v)
{
    uint32_t x = (uint32_t)*v;
    u32f(c, &x);
    if (c->reading)
        *v = x;
}

/* A value only compared: a restore of another configuration is refused. */
static void same64(cursor *c, uint64_t v)
{
    uint64_t x = v;
    u64f(c, &x);
    if (c->reading && x != v)
        c->bad = true;
}

static void table_io(cursor *c, drv_table *t)
{
    uint32_t baser = (uint32_t)t->baser;
    u32f(c, &baser);
    if (c->reading)
        t->baser = (int)(int32_t)baser;
    u64f(c, &t->pa);
    u32f(c, &t->page_size);
    u32f(c, &t->entry_size);
    boolf(c, &t->indirect);
    u64f(c, &t->l1_entries);
    u64f(c, &t->ids);
    boolf(c, &t->needs_flush);
}

/* Reading: an array of n elements of size bytes, zeroed; false when the
 * bytes left cannot hold them or there is no memory. */
static bool array(cursor *c, void **p, uint64_t n, size_t size, unsigned bytes_each)
{
    if (!c->reading || c->bad)
        return !c->bad;
    if (n > (c->len - c->at) / (bytes_each ? bytes_each : 1)) {
        c->bad = true;
        return false;
    }
    *p = calloc(n ? (size_t)n : 1, size);
    if (!*p)
        c->bad = true;
    return *p != NULL;
}

static void devices_io(cursor *c, its_driver *d)
{
    uint32_t n = d->ndev;
    u32f(c, &n);
    if (c->reading) {
        if (!array(c, (void **)&d->dev, n, sizeof *d->dev, 28))
            return;
        d->cap_dev = n ? n : 1;
    }
    for (uint32_t i = 0; i < n && !c->bad; i++) {
        drv_device *dev = &d->dev[i];
        u32f(c, &dev->device_id);
        uintf(c, &dev->vectors);
        uintf(c, &dev->size_field);
        u64f(c, &dev->itt);
        u32f(c, &dev->lpi_base);
        u32f(c, &dev->lpi_span);
        if (c->reading) {
            d->ndev = i + 1; /* from here on drv_free frees its vectors */
            if (dev->vectors == 0 || dev->lpi_span < dev->vectors ||
                !array(c, (void **)&dev->vec, dev->vectors, sizeof *dev->vec, 4)) {
                c->bad = true;
                return;
            }
        }
        for (unsigned v = 0; v < dev->vectors && !c->bad; v++) {
            u16f(c, &dev->vec[v].cpu);
            boolf(c, &dev->vec[v].mapped);
            boolf(c, &dev->vec[v].masked);
            if (c->reading && dev->vec[v].cpu >= d->layout.cpus)
                c->bad = true;
        }
    }
    uintf(c, &d->dev_hint);
}

/* The whole walk; on reading, d holds layout and opt already. */
static void driver_io(cursor *c, its_driver *d)
{
    same64(c, SAVE_MAGIC);
    same64(c, SAVE_VERSION);
    same64(c, d->layout.gicd_base);
    same64(c, d->layout.gicr_base);
    same64(c, d->layout.gicr_stride);
    same64(c, d->layout.its_base);
    same64(c, d->layout.cpus);
    same64(c, d->opt.poll_limit);
    same64(c, d->opt.lpi_id_bits);
    same64(c, d->opt.priority);
    same64(c, d->opt.set_ptz);
    same64(c, d->opt.quirks_off);
    same64(c, d->opt.retrigger_us);
    u64f(c, &d->typer);
    u32f(c, &d->ite_size);
    uintf(c, &d->dev_bits);
    u32f(c, &d->quirks);
    boolf(c, &d->cmdq_flush);
    boolf(c, &d->prop_flush);
    u32f(c, &d->reserved_lpi);
    table_io(c, &d->devices);
    table_io(c, &d->collections);
    u64f(c, &d->cmdq);
    u32f(c, &d->cwriter);
    u64f(c, &d->commands);
    u8f(c, &d->lpi_bits);
    u64f(c, &d->prop_table);
    const unsigned cpus = d->layout.cpus;
    if (!array(c, (void **)&d->pend_table, cpus, sizeof *d->pend_table, 8) ||
        !array(c, (void **)&d->target, cpus, sizeof *d->target, 8) ||
        !array(c, (void **)&d->online, cpus, 1, 1))
        return;
    for (unsigned i = 0; i < cpus; i++) {
        u64f(c, &d->pend_table[i]);
        u64f(c, &d->target[i]);
        u8f(c, &d->online[i]);
    }
    u32f(c, &d->lpi_count);
    const uint64_t words = ((uint64_t)d->lpi_count + 63) / 64;
    if (c->reading && d->lpi_count > (1u << 24)) /* lpi_id_bits is at most 24 */
        c->bad = true;
    if (!array(c, (void **)&d->lpi_used, words, sizeof *d->lpi_used, 8))
        return;
    for (uint64_t i = 0; i < words; i++)
        u64f(c, &d->lpi_used[i]);
    u32f(c, &d->lpi_low_free);
    devices_io(c, d);
    if (c->reading && !c->bad &&
        (d->cwriter >= QUEUE_BYTES || d->cwriter % ITS_CMD_BYTES || d->lpi_low_free > d->lpi_count))
        c->bad = true;
    for (unsigned i = 0; c->reading && !c->bad && i < d->ndev; i++) {
        const drv_device *dev = &d->dev[i];
        if (dev->lpi_base < LPI_FIRST || dev->lpi_base - LPI_FIRST > d->lpi_count ||
            dev->lpi_span > d->lpi_count - (dev->lpi_base - LPI_FIRST))
            c->bad = true;
    }
}

size_t drv_save_size(const its_driver *drv)
{
    cursor c = {0};
    driver_io(&c, (its_driver *)drv); /* writing mode reads drv only */
    return c.at;
}

size_t drv_save(const its_driver *drv, void *buf, size_t len)
{
    const size_t n = drv_save_size(drv);
    if (!buf || len < n)
        return 0;
    cursor c = {0};
    c.buf = buf;
    c.len = len;
    driver_io(&c, (its_driver *)drv); /* writing only reads drv */
    return c.at;
}

drv_status drv_restore(its_driver **out, const drv_layout *layout, const drv_options *options, const void *buf,
                       size_t len)
{
    *out = NULL;
    if (!buf)
        return DRV_E_ARGUMENT;
    its_driver *d = NULL;
    drv_status made = drv_new(&d, layout, options);
    if (made != DRV_OK)
        return made;
    cursor c = {0};
    c.in = buf;
    c.len = len;
    c.reading = true;
    driver_io(&c, d);
    if (c.bad || c.at != len) {
        drv_free(d);
        return DRV_E_ARGUMENT;
    }
    *out = d;
    return DRV_OK;
}
