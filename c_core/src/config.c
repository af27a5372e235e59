/* SPDX-License-Identifier: Apache-2.0 */
/* Presets and validation of its_config. */
#include <string.h>

#include "its_internal.h"

static const uint8_t arm_pidr[8] = {0x94, 0xB4, 0x3B, 0x00, 0x44, 0x00, 0x00, 0x00};
static const uint8_t arm_cidr[4] = {0x0D, 0xF0, 0x05, 0xB1};

static void common_identity(its_config *cfg)
{
    memcpy(cfg->pidr, arm_pidr, sizeof arm_pidr);
    memcpy(cfg->cidr, arm_cidr, sizeof arm_cidr);
}

void its_config_preset_qemu_virt(its_config *cfg, uint32_t num_targets)
{
    memset(cfg, 0, sizeof *cfg);
    common_identity(cfg);
    cfg->iidr = 0x0000043B;
    cfg->devid_bits = 16;
    cfg->eventid_bits = 16;
    cfg->icid_bits = 16;
    cfg->cil = true;
    cfg->ite_size = 12;
    cfg->lpi_id_bits = 16;
    cfg->pa_bits = 52;
    cfg->num_targets = num_targets;
    cfg->rd_base = 0x080A0000; /* virt board GICR region */
    cfg->rd_stride = 0x20000;
    cfg->baser[0] = (its_baser_config){ITS_TABLE_DEVICE, 8, true, 2};
    cfg->baser[1] = (its_baser_config){ITS_TABLE_COLLECTION, 8, true, 2};
    cfg->page_sizes = ITS_PAGE_4K | ITS_PAGE_16K | ITS_PAGE_64K;
    cfg->shareability = true;
    cfg->cacheability = true;
    cfg->error_policy = ITS_POLICY_IGNORE;
    cfg->process_on_write = true;
    cfg->invalidate_on_disable = true;
    cfg->device_cache = (its_cache_config){ITS_CACHE_UNBOUNDED, 1, ITS_REPLACE_LRU};
    cfg->ite_cache = (its_cache_config){ITS_CACHE_UNBOUNDED, 1, ITS_REPLACE_LRU};
    cfg->collection_cache = (its_cache_config){ITS_CACHE_UNBOUNDED, 1, ITS_REPLACE_LRU};
}

void its_config_preset_gic600(its_config *cfg, uint32_t num_targets)
{
    memset(cfg, 0, sizeof *cfg);
    common_identity(cfg);
    cfg->iidr = 0x0201743B;
    cfg->devid_bits = 20;
    cfg->eventid_bits = 16;
    cfg->icid_bits = 14;
    cfg->cil = true;
    cfg->ite_size = 4;
    cfg->lpi_id_bits = 16;
    cfg->pa_bits = 48;
    cfg->num_targets = num_targets;
    cfg->rd_base = 0x2F100000;
    cfg->rd_stride = 0x20000;
    cfg->baser[0] = (its_baser_config){ITS_TABLE_DEVICE, 8, true, 0};
    cfg->baser[1] = (its_baser_config){ITS_TABLE_COLLECTION, 2, false, 0};
    cfg->page_sizes = ITS_PAGE_4K | ITS_PAGE_16K | ITS_PAGE_64K;
    cfg->shareability = true;
    cfg->cacheability = true;
    cfg->error_policy = ITS_POLICY_STALL;
    cfg->process_on_write = true;
    cfg->invalidate_on_disable = true;
    cfg->device_cache = (its_cache_config){32, 2, ITS_REPLACE_LRU};
    cfg->ite_cache = (its_cache_config){256, 2, ITS_REPLACE_LRU};
    cfg->collection_cache = (its_cache_config){16, 2, ITS_REPLACE_LRU};
}

/* Bits needed to hold values 0 .. n-1 (at least 1). */
unsigned its_bits_for(uint64_t n)
{
    unsigned b = 1;
    while (b < 64 && (1ull << b) < n)
        b++;
    return b;
}

static const char *check_cache(const its_cache_config *c)
{
    if (c->policy > ITS_REPLACE_RANDOM)
        return "cache policy must be lru, fifo or random";
    if (c->entries == 0 || c->entries == ITS_CACHE_UNBOUNDED)
        return NULL;
    if (c->ways == 0 || c->ways > c->entries || c->entries % c->ways != 0)
        return "cache entries must be a non-zero multiple of ways";
    return NULL;
}

const char *its_config_check(const its_config *cfg)
{
    if (cfg->devid_bits < 1 || cfg->devid_bits > 32)
        return "devid_bits must be 1..32";
    if (cfg->eventid_bits < 1 || cfg->eventid_bits > 32)
        return "eventid_bits must be 1..32";
    if (cfg->icid_bits < 1 || cfg->icid_bits > 16)
        return "icid_bits must be 1..16";
    if (!cfg->cil && cfg->icid_bits != 16)
        return "icid_bits must be 16 when cil is false";
    if (cfg->ite_size < 1 || cfg->ite_size > 16)
        return "ite_size must be 1..16 bytes";
    if (cfg->lpi_id_bits < 14 || cfg->lpi_id_bits > 24)
        return "lpi_id_bits must be 14..24";
    if (cfg->pa_bits < 32 || cfg->pa_bits > 52)
        return "pa_bits must be 32..52";
    if (cfg->num_targets < 1 || cfg->num_targets > 65536)
        return "num_targets must be 1..65536";
    if (cfg->pta && (cfg->rd_stride == 0 || (cfg->rd_stride & 0xFFFF) || (cfg->rd_base & 0xFFFF)))
        return "with pta, rd_base and rd_stride must be 64 KB aligned and rd_stride non-zero";
    if (cfg->page_sizes == 0 || (cfg->page_sizes & ~7u))
        return "page_sizes must be a non-empty set of 4K/16K/64K";
    if (1 + cfg->lpi_id_bits + cfg->icid_bits > (cfg->ite_size >= 8 ? 64 : 8 * cfg->ite_size))
        return "ite_size is too small to hold Valid, an LPI INTID and an ICID";
    if (cfg->error_policy > ITS_POLICY_STALL)
        return "error_policy must be ignore or stall";
    if (cfg->errata.reported_ite_size > 16)
        return "errata.reported_ite_size must be 0 (ite_size) or 1..16 bytes";
    if (cfg->errata.device_table_bits > cfg->devid_bits)
        return "errata.device_table_bits must be 0 or at most devid_bits";
    if (cfg->errata.port_pa_bits && (cfg->errata.port_pa_bits < 32 || cfg->errata.port_pa_bits > cfg->pa_bits))
        return "errata.port_pa_bits must be 0 or 32..pa_bits";

    unsigned devices = 0, collections = 0;
    for (int n = 0; n < 8; n++) {
        const its_baser_config *b = &cfg->baser[n];
        if (b->type == ITS_TABLE_NONE)
            continue;
        if (b->type != ITS_TABLE_DEVICE && b->type != ITS_TABLE_COLLECTION)
            return "baser type must be none, device or collection";
        if (b->entry_size < 1 || b->entry_size > 32)
            return "baser entry_size must be 1..32 bytes";
        if (b->reset_page_size > 2 || !(cfg->page_sizes & (1u << b->reset_page_size)))
            return "baser reset_page_size must be one of the supported page_sizes";
        unsigned width = b->entry_size >= 8 ? 64 : 8u * b->entry_size;
        if (b->type == ITS_TABLE_DEVICE) {
            devices++;
            if (6u + cfg->pa_bits - 8u > width)
                return "device table entry_size is too small for Valid, Size and an ITT address";
        } else {
            collections++;
            if (1 + its_bits_for(cfg->num_targets) > width)
                return "collection table entry_size is too small for Valid and a target";
        }
    }
    if (devices != 1)
        return "exactly one baser must have type device";
    if (collections > 1)
        return "at most one baser may have type collection";
    uint32_t icids = 1u << (cfg->cil ? cfg->icid_bits : 16);
    if (cfg->hcc > icids)
        return "hcc must not exceed the number of ICIDs";
    if (collections == 0 && cfg->hcc < icids)
        return "without a collection table, hcc must cover every ICID";

    const char *why;
    if ((why = check_cache(&cfg->device_cache)) || (why = check_cache(&cfg->ite_cache)) ||
        (why = check_cache(&cfg->collection_cache)))
        return why;
    return NULL;
}
