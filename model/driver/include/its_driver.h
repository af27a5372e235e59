/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The driver kit: an ITS and LPI driver that brings a GICv3 ITS up in the
 * order the Linux driver does (probe, BASER page-size and indirect
 * negotiation, CBASER, CWRITER, enable; per CPU: PROPBASER, PENDBASER,
 * EnableLPIs, MAPC + INVALL; per vector: MAPD, MAPTI, INV; MOVI on an
 * affinity change; DISCARD and MAPD V=0 at teardown; CREADR polling with
 * wrap) and runs on any CPU model that provides a drv_env.
 *
 * C11. Every access goes through the environment: MMIO and normal memory
 * alike (the platform routes them), so the driver runs unchanged on the
 * SystemC CPU stubs and on a plain C test bench.
 */
#ifndef ITS_DRIVER_H
#define ITS_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the CPU the driver runs on provides. */
typedef struct drv_env {
    void *ctx;
    uint64_t (*read)(void *ctx, uint64_t pa, unsigned size);              /* 1, 2, 4 or 8 bytes */
    void (*write)(void *ctx, uint64_t pa, unsigned size, uint64_t value);
    /* Zeroed, aligned normal memory; 0 when exhausted. */
    uint64_t (*alloc)(void *ctx, uint64_t bytes, uint64_t align);
    /* One step of a polling loop (cpu_relax + udelay(1)): lets time pass. */
    void (*relax)(void *ctx);
    /* The command queue lock (held around building and publishing commands). */
    void (*lock)(void *ctx);
    void (*unlock)(void *ctx);
    /* Clean [pa, pa + bytes) from the CPU's caches to the point of coherency
     * (DC CVAC). NULL: nothing to clean (the GIC sees what the CPU wrote). */
    void (*clean)(void *ctx, uint64_t pa, uint64_t bytes);
    /* As alloc, from memory below 4 GB (GFP_DMA32). NULL: alloc's memory
     * is all below 4 GB. */
    uint64_t (*alloc32)(void *ctx, uint64_t bytes, uint64_t align);
} drv_env;

/* Where the GIC is. Redistributor n is at gicr_base + n * gicr_stride. */
typedef struct drv_layout {
    uint64_t gicd_base;
    uint64_t gicr_base;
    uint64_t gicr_stride;
    uint64_t its_base;
    unsigned cpus;
} drv_layout;

typedef enum drv_status {
    DRV_OK = 0,
    DRV_E_NO_ITS,         /* GITS_PIDR2.ArchRev is not GICv3/v4 */
    DRV_E_NOT_QUIESCENT,  /* the ITS did not become quiescent */
    DRV_E_NO_PAGE_SIZE,   /* no GITS_BASER page size sticks */
    DRV_E_BASER,          /* a GITS_BASER value does not stick */
    DRV_E_NO_MEMORY,
    DRV_E_NO_LPIS,        /* redistributor without PLPIS, or no LPI INTIDs left */
    DRV_E_LPIS_BUSY,      /* EnableLPIs could not be cleared */
    DRV_E_QUEUE_FULL,     /* the command queue did not drain ("ITS queue not draining") */
    DRV_E_QUEUE_TIMEOUT,  /* a command did not complete ("ITS queue timeout") */
    DRV_E_ARGUMENT        /* a bad device, event or CPU */
} drv_status;

const char *drv_status_name(drv_status s);

/*
 * Errata workarounds (docs/errata.md). As in Linux, each is matched on
 * GITS_IIDR when probing; some also need what the firmware says about the
 * machine (drv_firmware).
 */
#define DRV_QUIRK_QDF2400_E0065 (1u << 0)   /* IIDR 0x00001070: 16-byte ITEs, TYPER says 8 */
#define DRV_QUIRK_CAVIUM_22375 (1u << 1)    /* IIDR 0xa100034c/0xffff0fff: 20 DevBits, nCnB tables */
#define DRV_QUIRK_32BIT_PA (1u << 2)        /* GIC-600 + RK3566/RK3568/R-Car Gen4: GIC memory below 4 GB */
#define DRV_QUIRK_NON_SHAREABLE (1u << 3)   /* GIC-600 + RK3588, sun55i, or dma-noncoherent */
#define DRV_QUIRK_PRE_ITS (1u << 4)         /* IIDR 0x0001143b + socionext,synquacer-pre-its */
#define DRV_QUIRK_GIC700_2195890 (1u << 5)  /* IIDR 0x0400043b/0xfffeffff: retrigger with INVLPIR */
#define DRV_QUIRKS_ALL 0x3Fu

/* What the firmware (device tree) says about the machine. */
typedef struct drv_firmware {
    const char *machine;   /* the root compatible, e.g. "rockchip,rk3588"; NULL: none */
    bool dma_noncoherent;  /* the ITS node's "dma-noncoherent" property */
    uint64_t pre_its_base; /* "socionext,synquacer-pre-its" = <base size>; size 0: absent */
    uint64_t pre_its_size;
} drv_firmware;

/* Driver tunables; drv_options_default() gives the Linux choices. */
typedef struct drv_options {
    uint32_t poll_limit;  /* relax() steps before a timeout (Linux: 1,000,000) */
    uint8_t lpi_id_bits;  /* cap on LPI INTID bits (Linux: 16) */
    uint8_t priority;     /* LPI priority byte (Linux: 0xA0) */
    bool set_ptz;         /* write PENDBASER.PTZ (Linux 6.1: no) */
    uint32_t quirks_off;  /* DRV_QUIRK_* not applied even when matched (a kernel without them) */
    drv_firmware firmware;
    uint64_t retrigger_us; /* GIC-700 2195890: period of drv_periodic (Linux: 1 s) */
} drv_options;

void drv_options_default(drv_options *o);

typedef struct its_driver its_driver;

/* Global bring-up, on one CPU: probe the ITS, allocate and program its
 * tables and command queue, enable it, and allocate the LPI property and
 * pending tables. A layout of more than 65,535 CPUs is DRV_E_ARGUMENT. */
drv_status drv_probe(its_driver **out, const drv_env *env, const drv_layout *layout,
                     const drv_options *options);
void drv_free(its_driver *drv); /* host memory only; simulated memory is not returned */

/* Per-CPU bring-up, on that CPU: LPIs on at its redistributor, its collection
 * mapped (MAPC + SYNC, INVALL + SYNC). */
drv_status drv_cpu_init(its_driver *drv, const drv_env *env, unsigned cpu);

/* Devices and vectors (one vector = one EventID = one LPI). MAPD (no SYNC)
 * with an ITT of max(2, roundup_pow2(vectors)) ITEs; the device gets a range
 * of roundup_pow2(vectors) LPIs, event n being the range's first + n. */
drv_status drv_device_add(its_driver *drv, const drv_env *env, uint32_t device_id, unsigned vectors);
/* MAPTI + SYNC, leaving the vector masked (Linux's irq_domain activate; the
 * unmask comes later, at request_irq). */
drv_status drv_vector_map(its_driver *drv, const drv_env *env, uint32_t device_id, uint32_t event,
                          unsigned cpu, uint32_t *intid);
/* drv_vector_map, then unmask (property byte enabled, INV + SYNC). */
drv_status drv_vector_activate(its_driver *drv, const drv_env *env, uint32_t device_id, uint32_t event,
                               unsigned cpu, uint32_t *intid);
drv_status drv_vector_mask(its_driver *drv, const drv_env *env, uint32_t device_id, uint32_t event,
                           bool masked);
/* MOVI + SYNC to the old target, when the CPU changes. */
drv_status drv_vector_set_affinity(its_driver *drv, const drv_env *env, uint32_t device_id,
                                   uint32_t event, unsigned cpu);
/* Mask, then DISCARD + SYNC. */
drv_status drv_vector_deactivate(its_driver *drv, const drv_env *env, uint32_t device_id,
                                 uint32_t event);
/* MAPD V=0 (every vector deactivated first). */
drv_status drv_device_remove(its_driver *drv, const drv_env *env, uint32_t device_id);
/* INT (retrigger) and CLEAR of a vector's LPI. */
drv_status drv_vector_raise(its_driver *drv, const drv_env *env, uint32_t device_id, uint32_t event,
                            bool pending);

/* Beyond the kit's flows (custom software, kvm-unit-tests-style scenarios):
 * one raw 32-byte command, published and waited for (no SYNC added). */
drv_status drv_send_command(its_driver *drv, const drv_env *env, const uint64_t cmd[4]);
/* MAPC/SYNC target field of a CPU's redistributor (RDbase, or ProcNum << 16). */
uint64_t drv_cpu_target(const its_driver *drv, unsigned cpu);
uint64_t drv_property_table(const its_driver *drv); /* byte n: INTID 8192 + n */
uint64_t drv_pending_table(const its_driver *drv, unsigned cpu);
unsigned drv_lpi_bits(const its_driver *drv);

/* Workarounds in effect (DRV_QUIRK_*), and one's name. */
uint32_t drv_quirks(const its_driver *drv);
const char *drv_quirk_name(uint32_t quirk);
/* The driver's periodic work (a workqueue item in Linux): call drv_periodic
 * every drv_periodic_us microseconds; 0 when no workaround needs it. */
uint64_t drv_periodic_us(const its_driver *drv);
drv_status drv_periodic(its_driver *drv, const drv_env *env);

/* Facts the platform needs: the MSI doorbell and what a vector became. */
uint64_t drv_msi_address(const its_driver *drv); /* GITS_TRANSLATER */
/* Where device_id's MSIs go: GITS_TRANSLATER, or its slot of a pre-ITS window. */
uint64_t drv_device_msi_address(const its_driver *drv, uint32_t device_id);
uint32_t drv_vector_intid(const its_driver *drv, uint32_t device_id, uint32_t event); /* 0: none */
unsigned drv_vector_cpu(const its_driver *drv, uint32_t device_id, uint32_t event);
uint64_t drv_commands_sent(const its_driver *drv);

/* Checkpoint (docs/checkpoint.md): the driver's state as bytes, between
 * calls (no command in flight). drv_save writes drv_save_size bytes into buf
 * and returns that count, or 0 when len is too small. drv_restore builds a
 * driver from such bytes with the layout and options it was probed with
 * (the saved ones must match): DRV_E_ARGUMENT for bytes that are not such a
 * state (truncated, corrupt, another layout), nothing allocated then. */
size_t drv_save_size(const its_driver *drv);
size_t drv_save(const its_driver *drv, void *buf, size_t len);
drv_status drv_restore(its_driver **out, const drv_layout *layout, const drv_options *options, const void *buf,
                       size_t len);

#ifdef __cplusplus
}
#endif

#endif
