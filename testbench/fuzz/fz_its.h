/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the ITS targets share: an ITS configured from one input byte on the
 * checked memory, software's side (tables and a queue placed in disjoint
 * zones of RAM, commands written and published), and the invariants checked
 * after every step: CREADR inside the queue and 32-byte aligned, a drain that
 * ends within one pass of the queue, every MSI delivered or dropped with a
 * reason (and a delivery reaching exactly one redistributor), the counters
 * adding up.
 */
#ifndef FZ_ITS_H
#define FZ_ITS_H

#include <stdbool.h>
#include <stdint.h>

#include "fz_input.h"
#include "fz_mem.h"
#include "its/its.h"

#ifdef __cplusplus
extern "C" {
#endif

/* RAM zones (offsets from FZ_RAM_BASE): one job each, so a table the core
 * writes never lands on another one. */
#define FZ_ZONE_QUEUE 0x0000000ull   /* 4 MiB */
#define FZ_ZONE_DEVICE 0x0400000ull  /* 16 MiB */
#define FZ_ZONE_COLL 0x1400000ull    /* 16 MiB */
#define FZ_ZONE_DEV_L2 0x2400000ull  /* 8 MiB */
#define FZ_ZONE_COLL_L2 0x2C00000ull /* 4 MiB */
#define FZ_ZONE_ITT 0x3000000ull     /* 16 MiB, to the end of RAM */

typedef struct fz_its {
    fz_mem *mem;
    its_t *its;
    its_config cfg;
    /* software's view */
    uint64_t queue_pa, queue_bytes, cwriter;
    bool dev_indirect, coll_indirect;
    uint64_t msis;           /* MSIs sent (its_msi and translater writes with a DeviceID) */
    /* redistributor effects seen */
    uint64_t set_pendings;
    uint32_t last_target, last_intid;
} fz_its;

/* Configure (preset and variations from one byte) and create; false when the
 * configuration is refused (the input is then uninteresting). */
bool fz_its_create(fz_its *f, fz_mem *mem, uint8_t config_byte);
void fz_its_destroy(fz_its *f);

/* Software: program a table (page size code, pages, place in its zone) and
 * the queue; a level-2 page into slot `slot` of a two-level table. */
void fz_its_program_table(fz_its *f, its_table_type type, fz_input *in);
void fz_its_program_queue(fz_its *f, fz_input *in);
bool fz_its_can_indirect(const fz_its *f, its_table_type type);
void fz_its_install_l2(fz_its *f, its_table_type type, uint32_t slot);
void fz_its_enable(fz_its *f, bool on);
/* Both tables (4 KB pages, one page, at the start of their zones; two-level
 * when shape bit 0 / bit 1 and the BASER allows it, with level-2 pages in
 * slots 0..3), a one-page queue, Enabled. */
void fz_its_bring_up(fz_its *f, uint8_t shape);
/* A command at software's CWRITER (an ITT address forced into the ITT
 * zone), published or not. */
void fz_its_put(fz_its *f, const uint64_t cmd[4], bool publish);
void fz_its_publish(fz_its *f);
/* A well-formed command from the input, published: opcode index u8 (one of
 * the twelve), DeviceID u8 % 32, EventID u8 % 64, ICID u8 % 8, INTID
 * 8192 + u16 % 1024, target u8 % 8, size u8 % 12 (MAPD: Size, V = !(size &
 * 8); MAPC: V likewise; MOVALL: destination), and for MAPD an ITT place u16. */
void fz_its_well_formed(fz_its *f, fz_input *in);

/* Register access from the fuzz input (any offset, size, value). */
void fz_its_mmio_write(fz_its *f, uint64_t off, unsigned size, uint64_t v);
void fz_its_mmio_read(fz_its *f, uint64_t off, unsigned size);

/* An MSI with its invariants; via GITS_TRANSLATER when `doorbell`. */
its_msi_result fz_its_msi(fz_its *f, uint32_t dev, uint32_t ev, bool doorbell);
/* Steps of the queue, each checked. */
void fz_its_steps(fz_its *f, unsigned n);

/* The invariants: the queue pointers, a bounded drain, the counters. */
void fz_its_check_queue(fz_its *f);
void fz_its_check_drain(fz_its *f);
void fz_its_check_stats(fz_its *f);

#ifdef __cplusplus
}
#endif

#endif
