/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "its/commands.h"
#include "its/its.h"
#include "its/regs.h"

/* Simulated memory: the command queue, the two tables and one ITT. */
#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x40000u
#define QUEUE (RAM_BASE + 0x00000)        /* 64 KB */
#define DEVICE_TABLE (RAM_BASE + 0x10000) /* one 64 KB page */
#define COLLECTION_TABLE (RAM_BASE + 0x20000)
#define ITT (RAM_BASE + 0x30000)          /* 256-byte aligned */

typedef struct host {
    uint8_t *ram;
    uint32_t target, intid; /* the last LPI made pending */
} host;

static int mem_read(void *ctx, uint64_t pa, void *buf, uint32_t len)
{
    host *h = ctx;
    if (pa < RAM_BASE || pa + len > RAM_BASE + RAM_SIZE)
        return -1; /* bus fault */
    memcpy(buf, h->ram + (pa - RAM_BASE), len);
    return 0;
}

static int mem_write(void *ctx, uint64_t pa, const void *buf, uint32_t len)
{
    host *h = ctx;
    if (pa < RAM_BASE || pa + len > RAM_BASE + RAM_SIZE)
        return -1;
    memcpy(h->ram + (pa - RAM_BASE), buf, len);
    return 0;
}

static void set_pending(void *ctx, uint32_t target, uint32_t intid)
{
    host *h = ctx;
    h->target = target;
    h->intid = intid;
}

/* Put a command in the slot at GITS_CWRITER and publish it. */
static void send(its_t *its, host *h, const uint64_t cmd[4])
{
    uint64_t cwriter;
    its_read(its, GITS_CWRITER, 8, &cwriter);
    its_cmd_store_le(h->ram + (QUEUE - RAM_BASE) + cwriter, cmd);
    its_write(its, GITS_CWRITER, 8, (cwriter + ITS_CMD_BYTES) % 0x10000);
}

int main(void)
{
    host h = {calloc(1, RAM_SIZE), 0, 0};
    its_config cfg;
    its_config_preset_qemu_virt(&cfg, 4); /* 4 redistributors; GITS_TYPER.PTA = 0 */
    its_host_ops ops = {.ctx = &h, .mem_read = mem_read, .mem_write = mem_write,
                        .set_pending = set_pending};
    its_t *its = its_create(&cfg, &ops);
    if (!h.ram || !its)
        return 1;

    /* Device and collection tables, command queue, then enable. */
    for (unsigned n = 0; n < GITS_BASER_COUNT; n++) {
        uint64_t baser;
        its_read(its, GITS_BASER(n), 8, &baser);
        uint64_t type = ITS_FIELD_GET(baser, GITS_BASER_TYPE);
        uint64_t pa = type == GITS_BASER_TYPE_DEVICE       ? DEVICE_TABLE
                      : type == GITS_BASER_TYPE_COLLECTION ? COLLECTION_TABLE
                                                           : 0;
        if (pa)
            its_write(its, GITS_BASER(n), 8,
                      its_baser_make(baser, pa, GITS_BASER_PAGE_SIZE_64K, 1, false));
    }
    its_write(its, GITS_CBASER, 8, its_cbaser_make(QUEUE, 0x10000 / GITS_CBASER_PAGE_BYTES));
    its_write(its, GITS_CWRITER, 8, 0);
    its_write(its, GITS_CTLR, 4, GITS_CTLR_ENABLED_MASK);

    /* Device 0x10 with 4 events; collection 0 on redistributor 2 (its
     * Processor_Number); event 3 -> LPI 8195; SYNC. */
    uint64_t cmd[4];
    its_cmd_mapd(cmd, 0x10, 1, ITT, true); /* Size: EventID bits - 1 */
    send(its, &h, cmd);
    its_cmd_mapc(cmd, 0, 2, true);
    send(its, &h, cmd);
    its_cmd_mapti(cmd, 0x10, 3, 8195, 0);
    send(its, &h, cmd);
    its_cmd_sync(cmd, 2);
    send(its, &h, cmd);

    /* The MSI: DeviceID 0x10 writes EventID 3 to GITS_TRANSLATER. */
    its_msi_result r;
    its_translater_write(its, 0x10, 4, 3, &r);
    printf("MSI: %s, LPI %u pending at redistributor %u\n", its_msi_result_name(r), h.intid,
           h.target);

    int ok = r == ITS_MSI_DELIVERED && h.intid == 8195 && h.target == 2;
    its_destroy(its);
    free(h.ram);
    return ok ? 0 : 1;
}
