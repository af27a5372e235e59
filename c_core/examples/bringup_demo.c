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

#include "its/commands.h"
#include "its/its.h"
#include "its/regs.h"

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

/* Write cmd at CWRITER and publish it: the core runs the queue. */
static void send(driver *d, const uint64_t cmd[4])
{
    its_cmd_store_le(d->plat->ram + (d->queue_pa - RAM_BASE) + d->cwriter, cmd);
    d->cwriter = (d->cwriter + ITS_CMD_BYTES) % d->queue_bytes;
    its_write(d->its, GITS_CWRITER, 8, d->cwriter);
    if ((rd64(d->its, GITS_CREADR) & GITS_CREADR_OFFSET_MASK) != d->cwriter)
        printf("  command 0x%02" PRIx64 " did not complete (CREADR stalled)\n",
               ITS_FIELD_GET(cmd[0], ITS_CMD_OPCODE));
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

    uint64_t typer = rd64(its, GITS_TYPER);
    printf("GITS_TYPER 0x%" PRIx64 ": %u-bit DeviceIDs, %u-bit EventIDs, %u-byte ITEs\n", typer,
           (unsigned)ITS_FIELD_GET(typer, GITS_TYPER_DEVBITS) + 1,
           (unsigned)ITS_FIELD_GET(typer, GITS_TYPER_ID_BITS) + 1,
           (unsigned)ITS_FIELD_GET(typer, GITS_TYPER_ITT_ENTRY_SIZE) + 1);

    /* Device table (BASER0) and collection table (BASER1): one 64K page each. */
    its_write(its, GITS_BASER(0), 8,
              its_baser_make(rd64(its, GITS_BASER(0)), RAM_BASE + 0x10000, GITS_BASER_PAGE_SIZE_64K, 1, false));
    its_write(its, GITS_BASER(1), 8,
              its_baser_make(rd64(its, GITS_BASER(1)), RAM_BASE + 0x20000, GITS_BASER_PAGE_SIZE_64K, 1, false));
    its_write(its, GITS_CBASER, 8, its_cbaser_make(d.queue_pa, d.queue_bytes / GITS_CBASER_PAGE_BYTES));
    its_write(its, GITS_CWRITER, 8, 0);
    its_write(its, GITS_CTLR, 4, GITS_CTLR_ENABLED_MASK);
    printf("ITS enabled, GITS_CTLR 0x%" PRIx64 "\n", rd(its, GITS_CTLR, 4));

    uint64_t cmd[4];
    for (uint32_t cpu = 0; cpu < NUM_CPUS; cpu++) {
        its_cmd_mapc(cmd, cpu, cpu, true); /* ICID cpu -> Processor_Number cpu (PTA = 0) */
        send(&d, cmd);
        its_cmd_invall(cmd, cpu);
        send(&d, cmd);
    }
    uint64_t itt = RAM_BASE + 0x30000;
    its_cmd_mapd(cmd, 0x10, 1, itt, true); /* device 0x10, 4 events */
    send(&d, cmd);
    for (uint32_t ev = 0; ev < 4; ev++) { /* event ev -> LPI 8192 + ev on CPU ev */
        its_cmd_mapti(cmd, 0x10, ev, GIC_LPI_FIRST_INTID + ev, ev);
        send(&d, cmd);
    }
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
           st->commands[ITS_CMD_MAPC] + st->commands[ITS_CMD_INVALL] + st->commands[ITS_CMD_MAPD] +
               st->commands[ITS_CMD_MAPTI],
           st->ite_cache.hits, st->ite_cache.misses);
    its_destroy(its);
    free(plat.ram);
    return 0;
}
