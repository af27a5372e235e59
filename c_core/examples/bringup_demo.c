/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Drives the ITS core from plain C the way a driver does: probe, table
 * set-up, command queue, enable, per-CPU collections, a device with a few
 * vectors, then some MSIs. Prints what happened. Memory is a flat array;
 * the "redistributors" just print what reaches them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "its/its.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (8u << 20)
#define NUM_CPUS 4u

typedef struct platform {
    uint8_t *ram;
    unsigned delivered[NUM_CPUS];
} platform;

static int ram_read(void *ctx, uint64_t pa, void *buf, uint32_t len)
{
    platform *p = ctx;
    if (pa < RAM_BASE || pa + len > RAM_BASE + RAM_SIZE)
        return -1;
    memcpy(buf, p->ram + (pa - RAM_BASE), len);
    return 0;
}

static int ram_write(void *ctx, uint64_t pa, const void *buf, uint32_t len)
{
    platform *p = ctx;
    if (pa < RAM_BASE || pa + len > RAM_BASE + RAM_SIZE)
        return -1;
    memcpy(p->ram + (pa - RAM_BASE), buf, len);
    return 0;
}

static void set_pending(void *ctx, uint32_t target, uint32_t intid)
{
    platform *p = ctx;
    p->delivered[target]++;
    printf("  redistributor %u: LPI %u pending\n", target, intid);
}

/* ---- A minimal driver ----------------------------------------------------- */

typedef struct driver {
    its_t *its;
    platform *plat;
    uint64_t queue_pa;
    uint32_t queue_bytes;
    uint32_t cwriter;
} driver;

static uint64_t rd(its_t *its, uint64_t off, unsigned size)
{
    uint64_t v = 0;
    its_read(its, off, size, &v);
    return v;
}

static uint64_t rd64(its_t *its, uint64_t off) { return rd(its, off, 8); }

static void send(driver *d, uint64_t dw0, uint64_t dw1, uint64_t dw2, uint64_t dw3)
{
    uint64_t cmd[4] = {dw0, dw1, dw2, dw3};
    for (int i = 0; i < 4; i++)
        for (int b = 0; b < 8; b++)
            d->plat->ram[d->queue_pa - RAM_BASE + d->cwriter + 8 * i + b] = (uint8_t)(cmd[i] >> (8 * b));
    d->cwriter = (d->cwriter + 32) % d->queue_bytes;
    its_write(d->its, 0x88, 8, d->cwriter); /* GITS_CWRITER: the core runs the queue */
    if ((rd64(d->its, 0x90) & ~1ull) != d->cwriter)
        printf("  command 0x%02" PRIx64 " did not complete (CREADR stalled)\n", dw0 & 0xFF);
}

int main(void)
{
    platform plat = {.ram = calloc(1, RAM_SIZE)};
    its_host_ops ops = {.ctx = &plat, .mem_read = ram_read, .mem_write = ram_write,
                        .set_pending = set_pending};
    its_config cfg;
    its_config_preset_qemu_virt(&cfg, NUM_CPUS);
    its_t *its = its_create(&cfg, &ops);
    if (!plat.ram || !its) {
        fprintf(stderr, "its-demo-core: cannot create the ITS\n");
        return 1;
    }
    driver d = {.its = its, .plat = &plat, .queue_pa = RAM_BASE, .queue_bytes = 64 * 1024};

    uint64_t typer = rd64(its, 0x8);
    printf("GITS_TYPER 0x%" PRIx64 ": %u-bit DeviceIDs, %u-bit EventIDs, %u-byte ITEs\n", typer,
           (unsigned)((typer >> 13) & 31) + 1, (unsigned)((typer >> 8) & 31) + 1,
           (unsigned)((typer >> 4) & 15) + 1);

    /* Device table (BASER0) and collection table (BASER1): one 64K page each. */
    its_write(its, 0x100, 8, rd64(its, 0x100) | (1ull << 63) | (RAM_BASE + 0x10000) | (2u << 8));
    its_write(its, 0x108, 8, rd64(its, 0x108) | (1ull << 63) | (RAM_BASE + 0x20000) | (2u << 8));
    its_write(its, 0x80, 8, (1ull << 63) | d.queue_pa | 15); /* CBASER: 64K queue */
    its_write(its, 0x88, 8, 0);
    its_write(its, 0x0, 4, 1); /* GITS_CTLR.Enabled */
    printf("ITS enabled, GITS_CTLR 0x%" PRIx64 "\n", rd(its, 0x0, 4));

    for (uint64_t cpu = 0; cpu < NUM_CPUS; cpu++) {
        send(&d, 0x09, 0, (1ull << 63) | (cpu << 16) | cpu, 0); /* MAPC ICID=cpu -> cpu */
        send(&d, 0x0D, 0, cpu, 0);                              /* INVALL */
    }
    uint64_t itt = RAM_BASE + 0x30000;
    send(&d, (0x10ull << 32) | 0x08, 1, (1ull << 63) | itt, 0); /* MAPD dev 0x10, 4 events */
    for (uint64_t ev = 0; ev < 4; ev++)                          /* MAPTI ev -> 8192+ev on CPU ev */
        send(&d, (0x10ull << 32) | 0x0A, ((8192 + ev) << 32) | ev, ev, 0);
    printf("mapped device 0x10 events 0..3 to LPIs 8192..8195 on CPUs 0..3\n");

    struct { uint32_t dev, ev; } msis[] = {{0x10, 0}, {0x10, 3}, {0x10, 1}, {0x10, 9}, {0x11, 0}};
    for (size_t i = 0; i < sizeof msis / sizeof msis[0]; i++) {
        printf("MSI device 0x%x event %u:\n", msis[i].dev, msis[i].ev);
        its_msi_result r;
        its_translater_write(its, msis[i].dev, 4, msis[i].ev, &r);
        if (r != ITS_MSI_DELIVERED)
            printf("  dropped: %s\n", its_msi_result_name(r));
    }

    its_stats stats;
    its_get_stats(its, &stats);
    const its_stats *st = &stats;
    printf("summary: %" PRIu64 " delivered, %" PRIu64 " dropped (event_oor %" PRIu64
           ", unmapped_device %" PRIu64 "), %" PRIu64 " commands, ITE cache %" PRIu64
           " hits / %" PRIu64 " misses\n",
           st->msi[ITS_MSI_DELIVERED],
           st->msi[ITS_MSI_DROP_EVENT_OOR] + st->msi[ITS_MSI_DROP_UNMAPPED_DEVICE],
           st->msi[ITS_MSI_DROP_EVENT_OOR], st->msi[ITS_MSI_DROP_UNMAPPED_DEVICE],
           st->commands[0x09] + st->commands[0x0D] + st->commands[0x08] + st->commands[0x0A],
           st->ite_cache.hits, st->ite_cache.misses);
    its_destroy(its);
    free(plat.ram);
    return 0;
}
