/* SPDX-License-Identifier: Apache-2.0 */
/* State of the driver kit, shared by its translation units. */
#ifndef ITS_DRIVER_INTERNAL_H
#define ITS_DRIVER_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "its/commands.h" /* from the C core: header only */
#include "its/regs.h"
#include "its_driver.h"

/* Internal to the kit: hidden from a shared library's symbol table. */
#pragma GCC visibility push(hidden)

/* Memory attributes the driver asks for (Linux: RaWaWb, Inner Shareable) */
#define ATTR_INNER_SHAREABLE GIC_SHAREABILITY_INNER
#define CACHE_RAWAWB GIC_CACHE_RAWAWB
#define CACHE_NC GIC_CACHE_NC
#define CACHE_NCNB GIC_CACHE_DEVICE_NGNRNE

#define QUEUE_BYTES (64u * 1024)
#define LPI_FIRST GIC_LPI_FIRST_INTID
#define BASER_PAGES_MAX 256u
#define NO_SYNC UINT64_MAX

typedef struct drv_vector { /* 4 bytes: a million of them are a platform's set-up */
    uint16_t cpu;   /* the layout has at most 65,535 CPUs (drv_probe checks) */
    bool mapped;    /* its LPI is the device's lpi_base + event (MAPTI sent) */
    bool masked;
} drv_vector;

typedef struct drv_device {
    uint32_t device_id;
    unsigned vectors;
    unsigned size_field; /* MAPD Size: log2(ITEs) - 1 */
    uint64_t itt;
    uint32_t lpi_base;   /* event n is LPI lpi_base + n (one range per device, as Linux) */
    uint32_t lpi_span;   /* roundup_pow2(vectors) */
    drv_vector *vec;
} drv_device;

typedef struct drv_table {
    int baser;           /* index, -1 when absent */
    uint64_t pa;
    uint32_t page_size;
    uint32_t entry_size;
    bool indirect;
    uint64_t l1_entries; /* two-level: level-1 descriptors */
    uint64_t ids;        /* IDs the table (and GITS_TYPER) can hold */
    bool needs_flush;    /* non-shareable: CPU writes are cleaned to PoC */
} drv_table;

struct its_driver {
    drv_layout layout;
    drv_options opt;
    uint64_t typer;
    uint32_t ite_size;
    unsigned dev_bits;    /* DeviceID bits the tables are sized for */
    uint32_t quirks;      /* DRV_QUIRK_* in effect */
    bool cmdq_flush;      /* CBASER non-shareable: commands are cleaned to PoC */
    bool prop_flush;      /* PROPBASER not Inner Shareable: property bytes too */
    uint32_t reserved_lpi; /* GIC-700 2195890: the LPI kept unused for INVLPIR, 0: none */
    drv_table devices, collections;
    uint64_t cmdq;
    uint32_t cwriter;     /* next free slot (bytes) */
    uint64_t commands;
    uint8_t lpi_bits;
    uint64_t prop_table;
    uint64_t *pend_table; /* per CPU */
    uint64_t *target;     /* per CPU: MAPC/SYNC target field (RDbase or ProcNum << 16) */
    uint8_t *online;      /* per CPU: drv_cpu_init done */
    uint64_t *lpi_used;   /* LPI allocator: one bit per LPI INTID - 8192 */
    uint32_t lpi_count;
    uint32_t lpi_low_free; /* every LPI below this index is in use */
    drv_device *dev;
    unsigned ndev, cap_dev;
    unsigned dev_hint;     /* index of the device last looked up (set-up works device by device) */
};

/* queue.c */
/* Commands are built with its/commands.h. A target (drv->target[cpu]) is
 * RD_base or ProcNum << 16, as Linux keeps it: the RDbase field is target >> 16. */
drv_status drv_send(its_driver *drv, const drv_env *env, const uint64_t cmd[4], uint64_t sync_target);
drv_status drv_poll(const its_driver *drv, const drv_env *env, uint64_t pa, uint64_t mask, uint64_t want);

/* lpi.c helpers shared with probe.c */
uint64_t drv_rd(const its_driver *drv, unsigned cpu);

/* quirks.c: GITS_IIDR (and firmware) matching, and what the workarounds change */
uint32_t drv_match_quirks(uint32_t iidr, const drv_options *opt);
/* Shareability read back from a GIC register's [11:10], as the driver takes it. */
unsigned drv_shareability(const its_driver *drv, uint64_t reg);
/* Memory the GIC reads: below 4 GB with DRV_QUIRK_32BIT_PA. */
uint64_t drv_alloc(const its_driver *drv, const drv_env *env, uint64_t bytes, uint64_t align);
/* Clean for the GIC (a no-op where env has no clean). */
void drv_clean(const drv_env *env, uint64_t pa, uint64_t bytes);

/* probe.c: a zeroed driver holding the layout and the options (the defaults
 * when NULL), for drv_probe and drv_restore. */
drv_status drv_new(its_driver **out, const drv_layout *layout, const drv_options *options);

#pragma GCC visibility pop

#endif
