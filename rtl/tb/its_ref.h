/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The C core as the reference model of the its_lookup block: one ITS built
 * with the block's widths, its tables and command queue in a private flat
 * memory, driven the way a driver drives it (commands through the queue,
 * MSIs through its_msi()).
 */
#ifndef ITS_REF_H
#define ITS_REF_H

#include <stdint.h>
#include <stdio.h>

#include "its/its.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The block's parameters (its_lookup.sv), which the reference copies. */
typedef struct lookup_params {
    unsigned dev_bits;    /* DEV_BITS, 1..8 here (each device gets its own ITT) */
    unsigned ev_bits;     /* EV_BITS, 1..16 */
    unsigned icid_bits;   /* ICID_BITS, 1..16 */
    unsigned num_targets; /* NUM_TARGETS */
    unsigned lpi_bits;    /* LPI_BITS, 14..24 */
} lookup_params;

/* Memory layout, from ITS_REF_RAM_BASE: the command queue (64 KB), the
 * device and collection tables (one 64 KB page each), then one ITT per
 * DeviceID, device d's at its_ref_itt(p, d), each for 2^ev_bits events. */
#define ITS_REF_RAM_BASE 0x40000000ull
#define ITS_REF_QUEUE_BYTES 0x10000u
#define ITS_REF_DEVICE_TABLE (ITS_REF_RAM_BASE + 0x10000u)
#define ITS_REF_COLLECTION_TABLE (ITS_REF_RAM_BASE + 0x20000u)
#define ITS_REF_ITT_AREA (ITS_REF_RAM_BASE + 0x100000u)
#define ITS_REF_ITE_SIZE 12u
uint64_t its_ref_itt(const lookup_params *p, uint32_t device_id);
uint64_t its_ref_ram_bytes(const lookup_params *p);

/* The ITS configuration matching the block: the QEMU virt preset with the
 * block's widths, the ignore policy and small caches. NULL when usable,
 * else why not (its_config_check()). */
const char *its_ref_config(const lookup_params *p, its_config *cfg);

/* GITS register values of the bring-up, given the reset value of
 * GITS_BASER<n> (n = 0: device table, 1: collection table). */
uint64_t its_ref_baser(unsigned n, uint64_t reset_value);
uint64_t its_ref_cbaser(void);

typedef struct its_ref its_ref;

/* NULL (and a line on stderr) when the parameters do not make an ITS. */
its_ref *its_ref_create(const lookup_params *p);
void its_ref_destroy(its_ref *r);
const lookup_params *its_ref_params(const its_ref *r);

/* Queue one 32-byte command and let the ITS run it: 0, or its E_ITS code. */
uint32_t its_ref_command(its_ref *r, const uint64_t cmd[4]);
/* One MSI: the core's outcome; out is filled when it is delivered. */
its_msi_result its_ref_msi(its_ref *r, uint32_t device_id, uint32_t event_id, its_translation *out);

/* One line of what the stream exercised: the core's MSI outcomes and its
 * command errors ("reference: ..."). */
void its_ref_print_outcomes(const its_ref *r, FILE *f);

#ifdef __cplusplus
}
#endif

#endif
