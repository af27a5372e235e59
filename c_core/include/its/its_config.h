/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Configuration of one ITS instance: every IMPLEMENTATION DEFINED choice the
 * model makes is a field here. Start from a preset, then change fields.
 * docs/configuration.md lists every field with its default and meaning.
 */
#ifndef ITS_CONFIG_H
#define ITS_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the ITS does with a command that fails its architected checks. */
typedef enum its_error_policy {
    ITS_POLICY_IGNORE = 0, /* skip it, count it, record it, go on */
    ITS_POLICY_STALL = 1   /* set CREADR.Stalled, wait for CWRITER.Retry */
} its_error_policy;

typedef enum its_cache_policy {
    ITS_REPLACE_LRU = 0,
    ITS_REPLACE_FIFO = 1,
    ITS_REPLACE_RANDOM = 2 /* deterministic per instance */
} its_cache_policy;

/* entries == 0: no cache. ITS_CACHE_UNBOUNDED: never evicts (fast functional mode). */
#define ITS_CACHE_UNBOUNDED UINT32_MAX

typedef struct its_cache_config {
    uint32_t entries;
    uint32_t ways; /* ignored when unbounded; entries must be a multiple of it */
    its_cache_policy policy;
} its_cache_config;

/* GITS_BASER<n>.Type values */
typedef enum its_table_type {
    ITS_TABLE_NONE = 0,
    ITS_TABLE_DEVICE = 1,
    ITS_TABLE_COLLECTION = 4
} its_table_type;

/* Page sizes, as a bit set for its_config.page_sizes */
#define ITS_PAGE_4K 0x1u
#define ITS_PAGE_16K 0x2u
#define ITS_PAGE_64K 0x4u

typedef struct its_baser_config {
    its_table_type type;
    uint8_t entry_size;     /* bytes per entry (GITS_BASER.Entry_Size + 1) */
    bool indirect;          /* Indirect bit writable (two-level tables) */
    uint8_t reset_page_size; /* Page_Size field at reset: 0 = 4K, 1 = 16K, 2 = 64K */
} its_baser_config;

/*
 * Behaviours of real parts that depart from the architecture, for testing
 * driver workarounds (docs/errata.md). All zero: the architecture.
 */
typedef struct its_errata {
    /* GITS_TYPER.ITT_entry_size + 1 reads this while ITEs take ite_size
     * bytes in memory (QDF2400 E0065: 8 reported, 16 used). 0: ite_size. */
    uint8_t reported_ite_size;
    /* The device table is flat with 2^n entries and DeviceIDs decode on n
     * bits, whatever GITS_BASER.Size, Indirect and GITS_TYPER.Devbits say
     * (ThunderX 22375: n = 20, an 8 MB table). 0: as programmed. */
    uint8_t device_table_bits;
    /* The memory port drives n address bits: a command, table or ITT access
     * at or above 2^n faults (RK3568 / R-Car Gen4 GIC-600: 32). 0: pa_bits. */
    uint8_t port_pa_bits;
} its_errata;

typedef struct its_config {
    /* Identity */
    uint32_t iidr;
    uint8_t pidr[8]; /* GITS_PIDR0..7 */
    uint8_t cidr[4]; /* GITS_CIDR0..3 */

    /* GITS_TYPER */
    uint8_t devid_bits;   /* DeviceID width, 1..32 (Devbits + 1) */
    uint8_t eventid_bits; /* EventID width, 1..32 (ID_bits + 1) */
    uint8_t icid_bits;    /* collection ID width, 1..16 (CIDbits + 1 when CIL) */
    bool cil;             /* report CIL/CIDbits; without it ICIDs are 16 bits */
    uint8_t ite_size;     /* bytes per ITT entry (ITT_entry_size + 1) */
    uint8_t hcc;          /* collections held in the ITS (no memory needed) */
    bool pta;             /* targets are RD_base addresses, not processor numbers */
    bool seis;            /* report SEIS (command errors would raise an SEI) */

    /* The system around the ITS */
    uint8_t lpi_id_bits; /* INTID width of the LPI space (GICD_TYPER.IDbits + 1), 14..24 */
    uint8_t pa_bits;     /* physical address width, 32..52 */
    uint32_t num_targets; /* redistributors; target i has Processor_Number i */
    uint64_t rd_base;     /* PTA = 1: RD_base of target i is rd_base + i * rd_stride */
    uint64_t rd_stride;

    /* Tables */
    its_baser_config baser[8];
    uint8_t page_sizes;     /* ITS_PAGE_* set accepted by BASER.Page_Size writes */
    bool shareability;      /* Shareability fields stick (false: RAZ/WI) */
    bool cacheability;      /* InnerCache/OuterCache fields stick (false: RAZ/WI) */

    /* Behaviour */
    its_error_policy error_policy;
    bool process_on_write; /* drain the queue inside the CWRITER/CTLR write itself */
    /* Drop every cached entry when GITS_CTLR.Enabled clears. Either way, a
     * BASER write clearing Valid (or moving the table) drops its entries. */
    bool invalidate_on_disable;

    /* Modelled caches */
    its_cache_config device_cache;     /* DeviceID -> DTE */
    its_cache_config ite_cache;        /* (DeviceID, EventID) -> ITE */
    its_cache_config collection_cache; /* ICID -> CTE */

    its_errata errata; /* all zero in the presets */
} its_config;

/*
 * QEMU virt ITS identity (what drivers read on QEMU 7.2): IIDR 0x43B,
 * GITS_TYPER 0x1f0001efb1 (16-bit DeviceID/EventID/ICID, 12-byte ITE,
 * PTA = 0, HCC = 0), BASER0 Device and BASER1 Collection with 8-byte entries
 * and 64K pages at reset. Caches unbounded (functional speed).
 */
void its_config_preset_qemu_virt(its_config *cfg, uint32_t num_targets);

/*
 * GIC-600-like: IIDR 0x0201743B, 20-bit DeviceID, 16-bit EventID, 14-bit
 * ICID, 4-byte ITE, 8-byte DTE, 2-byte CTE, 4K pages at reset, indirect device
 * table, two-way caches sized like a mid-range GIC-600 configuration, stall
 * on command errors.
 */
void its_config_preset_gic600(its_config *cfg, uint32_t num_targets);

/* NULL when cfg is usable, otherwise one sentence naming the problem. */
const char *its_config_check(const its_config *cfg);

#ifdef __cplusplus
}
#endif

#endif
