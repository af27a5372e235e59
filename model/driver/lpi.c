/* SPDX-License-Identifier: Apache-2.0 */
/* Per-CPU bring-up, devices, vectors and their LPIs. */
#include <stdlib.h>
#include <string.h>

#include "driver_internal.h"

uint64_t drv_rd(const its_driver *d, unsigned cpu)
{
    return d->layout.gicr_base + (uint64_t)cpu * d->layout.gicr_stride;
}

static drv_status disable_lpis(its_driver *d, const drv_env *e, uint64_t rd)
{
    uint64_t ctlr = e->read(e->ctx, rd + GICR_CTLR, 4);
    if (!(ctlr & GICR_CTLR_ENABLE_LPIS_MASK))
        return DRV_OK;
    e->write(e->ctx, rd + GICR_CTLR, 4, ctlr & ~GICR_CTLR_ENABLE_LPIS_MASK);
    if (drv_poll(d, e, rd + GICR_CTLR, GICR_CTLR_RWP_MASK, 0) != DRV_OK)
        return DRV_E_LPIS_BUSY;
    return (e->read(e->ctx, rd + GICR_CTLR, 4) & GICR_CTLR_ENABLE_LPIS_MASK) ? DRV_E_LPIS_BUSY : DRV_OK;
}

/* Write a PROPBASER/PENDBASER-style register; if shareability does not stick,
 * fall back to non-shareable, non-cacheable (as Linux does). Returns whether
 * it stuck as written: otherwise what the CPU writes there must be cleaned. */
static bool write_lpi_baser(const its_driver *d, const drv_env *e, uint64_t pa, uint64_t v)
{
    e->write(e->ctx, pa, 8, v);
    unsigned shr = drv_shareability(d, e->read(e->ctx, pa, 8));
    if (shr == 0)
        e->write(e->ctx, pa, 8,
                 ITS_FIELD_SET(v & ~GICR_BASER_SHAREABILITY_MASK, GICR_BASER_INNERCACHE, CACHE_NC));
    return shr == ITS_FIELD_GET(v, GICR_BASER_SHAREABILITY);
}

drv_status drv_cpu_init(its_driver *d, const drv_env *e, unsigned cpu)
{
    if (cpu >= d->layout.cpus)
        return DRV_E_ARGUMENT;
    uint64_t rd = drv_rd(d, cpu);
    uint64_t typer = e->read(e->ctx, rd + GICR_TYPER, 8);
    if (!(typer & GICR_TYPER_PLPIS_MASK))
        return DRV_E_NO_LPIS;
    /* Wake the redistributor (the GICv3 core driver does this first). */
    e->write(e->ctx, rd + GICR_WAKER, 4, e->read(e->ctx, rd + GICR_WAKER, 4) & ~GICR_WAKER_PROCESSOR_SLEEP_MASK);
    if (drv_poll(d, e, rd + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP_MASK, 0) != DRV_OK)
        return DRV_E_LPIS_BUSY;
    drv_status s = disable_lpis(d, e, rd);
    if (s != DRV_OK)
        return s;
    uint64_t attrs = ITS_FIELD_PREP(GICR_BASER_SHAREABILITY, ATTR_INNER_SHAREABLE) |
                     ITS_FIELD_PREP(GICR_BASER_INNERCACHE, CACHE_RAWAWB);
    if (!write_lpi_baser(d, e, rd + GICR_PROPBASER, its_propbaser_make(d->prop_table, d->lpi_bits) | attrs))
        d->prop_flush = true; /* property bytes are cleaned after every change */
    write_lpi_baser(d, e, rd + GICR_PENDBASER, its_pendbaser_make(d->pend_table[cpu], d->opt.set_ptz) | attrs);
    e->write(e->ctx, rd + GICR_CTLR, 4, e->read(e->ctx, rd + GICR_CTLR, 4) | GICR_CTLR_ENABLE_LPIS_MASK);

    /* This CPU's collection: ICID = cpu, target per GITS_TYPER.PTA (read
     * again here, as its_cpu_init_collection does). */
    bool pta = ITS_FIELD_GET(e->read(e->ctx, d->layout.its_base + GITS_TYPER, 8), GITS_TYPER_PTA);
    d->target[cpu] = pta ? rd : ITS_FIELD_GET(typer, GICR_TYPER_PROCESSOR_NUMBER) << 16;
    uint64_t c[4];
    its_cmd_mapc(c, cpu, d->target[cpu] >> 16, true);
    if ((s = drv_send(d, e, c, d->target[cpu])) != DRV_OK)
        return s;
    its_cmd_invall(c, cpu);
    if ((s = drv_send(d, e, c, d->target[cpu])) == DRV_OK)
        d->online[cpu] = 1;
    return s;
}

/* ---- Devices --------------------------------------------------------------- */

static drv_device *find_device(const its_driver *d, uint32_t device_id)
{
    if (d->dev_hint < d->ndev && d->dev[d->dev_hint].device_id == device_id)
        return &d->dev[d->dev_hint];
    for (unsigned i = 0; i < d->ndev; i++)
        if (d->dev[i].device_id == device_id)
            return &d->dev[i];
    return NULL;
}

/* find_device, remembering the device for the next lookup. */
static drv_device *lookup_device(its_driver *d, uint32_t device_id)
{
    drv_device *dev = find_device(d, device_id);
    if (dev)
        d->dev_hint = (unsigned)(dev - d->dev);
    return dev;
}

/* The vector of (device_id, event), NULL when there is none; *intid its LPI,
 * 0 when it is not mapped. */
static drv_vector *vector_of(drv_device *dev, uint32_t event, uint32_t *intid)
{
    drv_vector *v = dev && event < dev->vectors ? &dev->vec[event] : NULL;
    *intid = v && v->mapped ? dev->lpi_base + event : 0;
    return v;
}

static drv_vector *find_vector(const its_driver *d, uint32_t device_id, uint32_t event, uint32_t *intid)
{
    return vector_of(find_device(d, device_id), event, intid);
}

static drv_vector *lookup_vector(its_driver *d, uint32_t device_id, uint32_t event, uint32_t *intid)
{
    return vector_of(lookup_device(d, device_id), event, intid);
}

/* LPI ranges, first fit from 8192 (Linux's alloc_lpi_range): 0 when none fits. */
static bool lpi_is_used(const its_driver *d, uint32_t i) { return (d->lpi_used[i / 64] >> (i % 64)) & 1; }

static void lpi_mark(its_driver *d, uint32_t first, uint32_t n, bool used)
{
    for (uint32_t i = first; i < first + n; i++) {
        const uint64_t bit = 1ull << (i % 64);
        d->lpi_used[i / 64] = used ? d->lpi_used[i / 64] | bit : d->lpi_used[i / 64] & ~bit;
    }
}

static uint32_t lpi_alloc(its_driver *d, uint32_t n)
{
    for (uint32_t i = d->lpi_low_free, run = 0; i < d->lpi_count; i++) {
        run = lpi_is_used(d, i) ? 0 : run + 1;
        if (run == n) {
            lpi_mark(d, i + 1 - n, n, true);
            while (d->lpi_low_free < d->lpi_count && lpi_is_used(d, d->lpi_low_free))
                d->lpi_low_free++;
            return LPI_FIRST + i + 1 - n;
        }
    }
    return 0;
}

static void lpi_free(its_driver *d, uint32_t base, uint32_t n)
{
    lpi_mark(d, base - LPI_FIRST, n, false);
    if (base - LPI_FIRST < d->lpi_low_free)
        d->lpi_low_free = base - LPI_FIRST;
}

/* Two-level device table: back the level-1 slot of device_id with a page. */
static drv_status ensure_level2(its_driver *d, const drv_env *e, uint32_t device_id)
{
    const drv_table *t = &d->devices;
    if (!t->indirect)
        return DRV_OK;
    uint64_t idx = device_id / (t->page_size / t->entry_size);
    if (idx >= t->l1_entries)
        return DRV_E_ARGUMENT;
    uint64_t slot = t->pa + idx * 8;
    if (e->read(e->ctx, slot, 8) & GITS_LVL1_VALID_MASK)
        return DRV_OK;
    uint64_t page = drv_alloc(d, e, t->page_size, t->page_size);
    if (!page)
        return DRV_E_NO_MEMORY;
    if (t->needs_flush)
        drv_clean(e, page, t->page_size);
    e->write(e->ctx, slot, 8, page | GITS_LVL1_VALID_MASK);
    if (t->needs_flush)
        drv_clean(e, slot, 8);
    return DRV_OK;
}

drv_status drv_device_add(its_driver *d, const drv_env *e, uint32_t device_id, unsigned vectors)
{
    /* MAPD with a DeviceID beyond the table or DevBits, or more events than
     * ID_bits allows, would be a command error (and stall a stalling ITS). */
    unsigned event_bits = (unsigned)ITS_FIELD_GET(d->typer, GITS_TYPER_ID_BITS) + 1;
    if (vectors == 0 || (uint64_t)vectors > (1ull << event_bits) || device_id >= d->devices.ids ||
        find_device(d, device_id))
        return DRV_E_ARGUMENT;
    uint64_t ites = 2, span = 1; /* max(2, roundup_pow2(vectors)) ITEs */
    unsigned size = 0;
    while (ites < vectors)
        ites *= 2, size++;
    while (span < vectors)
        span *= 2;
    if (span > d->lpi_count)
        return DRV_E_NO_LPIS;
    drv_status s = ensure_level2(d, e, device_id);
    if (s != DRV_OK)
        return s;
    if (d->ndev == d->cap_dev) {
        unsigned cap = d->cap_dev ? 2 * d->cap_dev : 8;
        drv_device *grown = realloc(d->dev, cap * sizeof *grown);
        if (!grown)
            return DRV_E_NO_MEMORY;
        d->dev = grown;
        d->cap_dev = cap;
    }
    drv_device dev = {device_id, vectors, size, 0, 0, (uint32_t)span, calloc(vectors, sizeof(drv_vector))};
    dev.itt = drv_alloc(d, e, ites * d->ite_size, 256);
    if (!dev.vec || !dev.itt) {
        free(dev.vec);
        return DRV_E_NO_MEMORY;
    }
    drv_clean(e, dev.itt, ites * d->ite_size); /* Linux cleans every new ITT */
    if (!(dev.lpi_base = lpi_alloc(d, dev.lpi_span))) {
        free(dev.vec);
        return DRV_E_NO_LPIS;
    }
    uint64_t c[4];
    its_cmd_mapd(c, device_id, size, dev.itt, true);
    if ((s = drv_send(d, e, c, NO_SYNC)) != DRV_OK) {
        lpi_free(d, dev.lpi_base, dev.lpi_span);
        free(dev.vec);
        return s;
    }
    d->dev[d->ndev++] = dev;
    return DRV_OK;
}

drv_status drv_device_remove(its_driver *d, const drv_env *e, uint32_t device_id)
{
    drv_device *dev = lookup_device(d, device_id);
    if (!dev)
        return DRV_E_ARGUMENT;
    for (unsigned v = 0; v < dev->vectors; v++) {
        if (dev->vec[v].mapped) {
            drv_status s = drv_vector_deactivate(d, e, device_id, v);
            if (s != DRV_OK)
                return s;
        }
    }
    uint64_t c[4];
    its_cmd_mapd(c, device_id, dev->size_field, dev->itt, false);
    drv_status s = drv_send(d, e, c, NO_SYNC);
    lpi_free(d, dev->lpi_base, dev->lpi_span);
    free(dev->vec);
    *dev = d->dev[--d->ndev];
    return s;
}

/* ---- Vectors --------------------------------------------------------------- */

static void write_prop(its_driver *d, const drv_env *e, uint32_t intid, bool enabled)
{
    uint8_t byte = (uint8_t)(d->opt.priority | GIC_LPI_PROP_GROUP1_MASK | (enabled ? GIC_LPI_PROP_ENABLE_MASK : 0));
    e->write(e->ctx, d->prop_table + (intid - LPI_FIRST), 1, byte);
    if (d->prop_flush)
        drv_clean(e, d->prop_table + (intid - LPI_FIRST), 1);
}

drv_status drv_vector_map(its_driver *d, const drv_env *e, uint32_t device_id, uint32_t event,
                          unsigned cpu, uint32_t *intid)
{
    uint32_t mapped;
    drv_vector *v = lookup_vector(d, device_id, event, &mapped);
    if (!v || mapped || cpu >= d->layout.cpus || !d->online[cpu])
        return DRV_E_ARGUMENT;
    uint32_t lpi = lookup_device(d, device_id)->lpi_base + event;
    uint64_t c[4];
    its_cmd_mapti(c, device_id, event, lpi, cpu);
    drv_status s = drv_send(d, e, c, d->target[cpu]);
    if (s != DRV_OK)
        return s;
    *v = (drv_vector){(uint16_t)cpu, true, true};
    if (intid)
        *intid = lpi;
    return DRV_OK;
}

drv_status drv_vector_activate(its_driver *d, const drv_env *e, uint32_t device_id, uint32_t event,
                               unsigned cpu, uint32_t *intid)
{
    drv_status s = drv_vector_map(d, e, device_id, event, cpu, intid);
    return s == DRV_OK ? drv_vector_mask(d, e, device_id, event, false) : s;
}

/* Property byte, then INV + SYNC so the redistributor reloads it. */
drv_status drv_vector_mask(its_driver *d, const drv_env *e, uint32_t device_id, uint32_t event,
                           bool masked)
{
    uint32_t lpi;
    drv_vector *v = lookup_vector(d, device_id, event, &lpi);
    if (!v || !lpi)
        return DRV_E_ARGUMENT;
    write_prop(d, e, lpi, !masked);
    v->masked = masked;
    uint64_t c[4];
    its_cmd_inv(c, device_id, event);
    return drv_send(d, e, c, d->target[v->cpu]);
}

drv_status drv_vector_set_affinity(its_driver *d, const drv_env *e, uint32_t device_id,
                                   uint32_t event, unsigned cpu)
{
    uint32_t lpi;
    drv_vector *v = lookup_vector(d, device_id, event, &lpi);
    if (!v || !lpi || cpu >= d->layout.cpus || !d->online[cpu])
        return DRV_E_ARGUMENT;
    if (cpu == v->cpu)
        return DRV_OK;
    uint64_t c[4];
    its_cmd_movi(c, device_id, event, cpu);
    drv_status s = drv_send(d, e, c, d->target[v->cpu]);
    if (s == DRV_OK)
        v->cpu = (uint16_t)cpu;
    return s;
}

drv_status drv_vector_deactivate(its_driver *d, const drv_env *e, uint32_t device_id, uint32_t event)
{
    uint32_t lpi;
    drv_vector *v = lookup_vector(d, device_id, event, &lpi);
    if (!v || !lpi)
        return DRV_E_ARGUMENT;
    drv_status s = drv_vector_mask(d, e, device_id, event, true);
    if (s != DRV_OK)
        return s;
    uint64_t c[4];
    its_cmd_discard(c, device_id, event);
    if ((s = drv_send(d, e, c, d->target[v->cpu])) != DRV_OK)
        return s;
    *v = (drv_vector){0, false, false}; /* its LPI stays the device's until removal */
    return DRV_OK;
}

drv_status drv_vector_raise(its_driver *d, const drv_env *e, uint32_t device_id, uint32_t event,
                            bool pending)
{
    uint32_t lpi;
    drv_vector *v = lookup_vector(d, device_id, event, &lpi);
    if (!v || !lpi)
        return DRV_E_ARGUMENT;
    uint64_t c[4];
    if (pending)
        its_cmd_int(c, device_id, event);
    else
        its_cmd_clear(c, device_id, event);
    return drv_send(d, e, c, d->target[v->cpu]);
}

uint32_t drv_vector_intid(const its_driver *d, uint32_t device_id, uint32_t event)
{
    uint32_t lpi;
    find_vector(d, device_id, event, &lpi);
    return lpi;
}

unsigned drv_vector_cpu(const its_driver *d, uint32_t device_id, uint32_t event)
{
    uint32_t lpi;
    const drv_vector *v = find_vector(d, device_id, event, &lpi);
    return v ? v->cpu : 0;
}
