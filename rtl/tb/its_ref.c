/* SPDX-License-Identifier: Apache-2.0 */
/* The C core set up as the reference model of its_lookup (its_ref.h). */
#include "its_ref.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define GITS_CTLR 0x0000u
#define GITS_CBASER 0x0080u
#define GITS_CWRITER 0x0088u
#define GITS_CREADR 0x0090u
#define GITS_BASER(n) (0x0100u + 8u * (n))

struct its_ref {
    lookup_params p;
    its_t *its;
    uint8_t *ram;
    uint64_t ram_bytes;
    uint32_t cwriter;
};

uint64_t its_ref_itt(const lookup_params *p, uint32_t device_id)
{
    return ITS_REF_ITT_AREA + (uint64_t)device_id * (ITS_REF_ITE_SIZE << p->ev_bits);
}

uint64_t its_ref_ram_bytes(const lookup_params *p) { return its_ref_itt(p, 1u << p->dev_bits) - ITS_REF_RAM_BASE; }

const char *its_ref_config(const lookup_params *p, its_config *cfg)
{
    if (p->dev_bits < 1 || p->dev_bits > 8 || p->ev_bits < 1 || p->ev_bits > 16)
        return "DEV_BITS must be 1..8 and EV_BITS 1..16";
    its_config_preset_qemu_virt(cfg, p->num_targets);
    cfg->devid_bits = (uint8_t)p->dev_bits;
    cfg->eventid_bits = (uint8_t)p->ev_bits;
    cfg->icid_bits = (uint8_t)p->icid_bits;
    cfg->cil = true;
    cfg->lpi_id_bits = (uint8_t)p->lpi_bits;
    cfg->ite_size = ITS_REF_ITE_SIZE;
    cfg->error_policy = ITS_POLICY_IGNORE;
    cfg->process_on_write = true;
    /* Small set-associative caches, so that the reference's answers also go
     * through fills, evictions and invalidations. */
    cfg->device_cache = (its_cache_config){4, 2, ITS_REPLACE_LRU};
    cfg->ite_cache = (its_cache_config){8, 2, ITS_REPLACE_LRU};
    cfg->collection_cache = (its_cache_config){2, 2, ITS_REPLACE_FIFO};
    return its_config_check(cfg);
}

/* Flat tables (Indirect clear), Valid, 64 KB pages, one page. */
uint64_t its_ref_baser(unsigned n, uint64_t reset_value)
{
    uint64_t pa = n == 0 ? ITS_REF_DEVICE_TABLE : ITS_REF_COLLECTION_TABLE;
    return (reset_value & ~(1ull << 62) & ~0xFFFull) | (1ull << 63) | (2ull << 8) | pa;
}

uint64_t its_ref_cbaser(void) { return (1ull << 63) | ITS_REF_RAM_BASE | (ITS_REF_QUEUE_BYTES / 4096u - 1u); }

static int ram_read(void *ctx, uint64_t pa, void *buf, uint32_t len)
{
    its_ref *r = ctx;
    if (pa < ITS_REF_RAM_BASE || pa - ITS_REF_RAM_BASE + len > r->ram_bytes)
        return -1;
    memcpy(buf, r->ram + (pa - ITS_REF_RAM_BASE), len);
    return 0;
}

static int ram_write(void *ctx, uint64_t pa, const void *buf, uint32_t len)
{
    its_ref *r = ctx;
    if (pa < ITS_REF_RAM_BASE || pa - ITS_REF_RAM_BASE + len > r->ram_bytes)
        return -1;
    memcpy(r->ram + (pa - ITS_REF_RAM_BASE), buf, len);
    return 0;
}

static uint64_t reg(its_ref *r, uint64_t offset)
{
    uint64_t v = 0;
    its_read(r->its, offset, 8, &v);
    return v;
}

its_ref *its_ref_create(const lookup_params *p)
{
    its_config cfg;
    const char *why = its_ref_config(p, &cfg);
    if (why) {
        fprintf(stderr, "its_ref: %s\n", why);
        return NULL;
    }
    its_ref *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->p = *p;
    r->ram_bytes = its_ref_ram_bytes(p);
    r->ram = calloc(1, r->ram_bytes);
    its_host_ops ops = {.ctx = r, .mem_read = ram_read, .mem_write = ram_write};
    r->its = r->ram ? its_create(&cfg, &ops) : NULL;
    if (!r->its) {
        its_ref_destroy(r);
        return NULL;
    }
    its_write(r->its, GITS_BASER(0), 8, its_ref_baser(0, reg(r, GITS_BASER(0))));
    its_write(r->its, GITS_BASER(1), 8, its_ref_baser(1, reg(r, GITS_BASER(1))));
    its_write(r->its, GITS_CBASER, 8, its_ref_cbaser());
    its_write(r->its, GITS_CWRITER, 8, 0);
    its_write(r->its, GITS_CTLR, 4, 1);
    uint64_t ctlr = 0;
    its_read(r->its, GITS_CTLR, 4, &ctlr);
    if (!(ctlr & 1)) {
        fprintf(stderr, "its_ref: the ITS did not enable\n");
        its_ref_destroy(r);
        return NULL;
    }
    return r;
}

void its_ref_destroy(its_ref *r)
{
    if (!r)
        return;
    its_destroy(r->its);
    free(r->ram);
    free(r);
}

const lookup_params *its_ref_params(const its_ref *r) { return &r->p; }

uint32_t its_ref_command(its_ref *r, const uint64_t cmd[4])
{
    its_error_record before, after;
    its_last_error(r->its, &before);
    for (int i = 0; i < 4; i++)
        for (int b = 0; b < 8; b++)
            r->ram[r->cwriter + 8u * (unsigned)i + (unsigned)b] = (uint8_t)(cmd[i] >> (8 * b));
    r->cwriter = (r->cwriter + 32u) % ITS_REF_QUEUE_BYTES;
    its_write(r->its, GITS_CWRITER, 8, r->cwriter);
    if ((reg(r, GITS_CREADR) & ~1ull) != r->cwriter) {
        /* Cannot happen with the ignore policy; report it as a model error. */
        fprintf(stderr, "its_ref: the command queue did not drain\n");
        return 0xFFFFFFFFu;
    }
    its_last_error(r->its, &after);
    return after.count != before.count ? after.code : 0;
}

its_msi_result its_ref_msi(its_ref *r, uint32_t device_id, uint32_t event_id, its_translation *out)
{
    return its_msi(r->its, device_id, event_id, out);
}

void its_ref_print_outcomes(const its_ref *r, FILE *f)
{
    its_stats st;
    its_get_stats(r->its, &st);
    uint64_t commands = 0;
    for (int i = 0; i < 16; i++)
        commands += st.commands[i];
    fprintf(f, "reference: msis");
    for (int i = 0; i < ITS_MSI_RESULTS; i++)
        if (st.msi[i])
            fprintf(f, " %s %" PRIu64, its_msi_result_name((its_msi_result)i), st.msi[i]);
    fprintf(f, "; commands %" PRIu64 ", %" PRIu64 " failed a check\n", commands, st.command_errors);
}
