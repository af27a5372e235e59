/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Errata workarounds: which ones a probed ITS needs (its GITS_IIDR, and for
 * some what the firmware says about the machine, as Linux matches them), and
 * the small functions the rest of the kit applies them through.
 */
#include <string.h>

#include "driver_internal.h"

typedef bool (*firmware_test)(const drv_firmware *fw);

static bool machine_is(const drv_firmware *fw, const char *const *names)
{
    if (!fw->machine)
        return false;
    for (; *names; names++)
        if (strcmp(fw->machine, *names) == 0)
            return true;
    return false;
}

/* GIC-600 integrations that reach 32-bit addresses only. */
static bool dma32_machine(const drv_firmware *fw)
{
    static const char *const names[] = {"rockchip,rk3566", "rockchip,rk3568", "renesas,r8a779f0",
                                        "renesas,r8a779g0", "renesas,r8a779h0", NULL};
    return machine_is(fw, names);
}

/* GIC-600 integrations without a coherent port. */
static bool rk3588(const drv_firmware *fw)
{
    static const char *const names[] = {"rockchip,rk3588", "rockchip,rk3588s", NULL};
    return machine_is(fw, names);
}

static bool sun55i(const drv_firmware *fw)
{
    static const char *const names[] = {"arm,sun55iw3p1", NULL};
    return machine_is(fw, names);
}

static bool noncoherent(const drv_firmware *fw) { return fw->dma_noncoherent; }
static bool pre_its(const drv_firmware *fw) { return fw->pre_its_size != 0; }

static const struct {
    uint32_t quirk, iidr, mask;
    firmware_test firmware; /* NULL: the IIDR is enough */
} table[] = {
    {DRV_QUIRK_QDF2400_E0065, 0x00001070u, 0xFFFFFFFFu, NULL},
    {DRV_QUIRK_CAVIUM_22375, 0xA100034Cu, 0xFFFF0FFFu, NULL},
    {DRV_QUIRK_32BIT_PA, 0x0201743Bu, 0xFFFFFFFFu, dma32_machine},
    {DRV_QUIRK_NON_SHAREABLE, 0x0201743Bu, 0xFFFFFFFFu, rk3588},
    {DRV_QUIRK_NON_SHAREABLE, 0x0201643Bu, 0xFFFFFFFFu, sun55i},
    {DRV_QUIRK_NON_SHAREABLE, 0, 0, noncoherent},
    {DRV_QUIRK_PRE_ITS, 0x0001143Bu, 0xFFFFFFFFu, pre_its},
    {DRV_QUIRK_GIC700_2195890, 0x0400043Bu, 0xFFFEFFFFu, NULL},
};

uint32_t drv_match_quirks(uint32_t iidr, const drv_options *opt)
{
    uint32_t q = 0;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if ((iidr & table[i].mask) == table[i].iidr && (!table[i].firmware || table[i].firmware(&opt->firmware)))
            q |= table[i].quirk;
    return q & ~opt->quirks_off;
}

const char *drv_quirk_name(uint32_t quirk)
{
    switch (quirk) {
    case DRV_QUIRK_QDF2400_E0065: return "qdf2400_e0065";
    case DRV_QUIRK_CAVIUM_22375: return "cavium_22375";
    case DRV_QUIRK_32BIT_PA: return "32bit_pa";
    case DRV_QUIRK_NON_SHAREABLE: return "non_shareable";
    case DRV_QUIRK_PRE_ITS: return "pre_its";
    case DRV_QUIRK_GIC700_2195890: return "gic700_2195890";
    default: return "unknown";
    }
}

uint32_t drv_quirks(const its_driver *d) { return d->quirks; }

/* RK3588 and friends report that shareability sticks, but the interconnect
 * does not honour it: the driver takes it as non-shareable, so it falls back
 * to non-cacheable attributes and cleaning everything the GIC reads. */
unsigned drv_shareability(const its_driver *d, uint64_t reg)
{
    return (d->quirks & DRV_QUIRK_NON_SHAREABLE) ? 0 : (unsigned)ITS_FIELD_GET(reg, GITS_BASER_SHAREABILITY);
}

uint64_t drv_alloc(const its_driver *d, const drv_env *e, uint64_t bytes, uint64_t align)
{
    if ((d->quirks & DRV_QUIRK_32BIT_PA) && e->alloc32)
        return e->alloc32(e->ctx, bytes, align);
    return e->alloc(e->ctx, bytes, align);
}

void drv_clean(const drv_env *e, uint64_t pa, uint64_t bytes)
{
    if (e->clean)
        e->clean(e->ctx, pa, bytes);
}

uint64_t drv_periodic_us(const its_driver *d)
{
    return d->reserved_lpi ? d->opt.retrigger_us : 0;
}

/* GIC-700 2195890: an INVLPIR of an LPI nobody uses makes each
 * redistributor look at its pending table again. */
drv_status drv_periodic(its_driver *d, const drv_env *e)
{
    if (!d->reserved_lpi)
        return DRV_OK;
    for (unsigned cpu = 0; cpu < d->layout.cpus; cpu++) {
        if (!d->online[cpu])
            continue;
        uint64_t rd = drv_rd(d, cpu);
        e->write(e->ctx, rd + GICR_INVLPIR, 8, d->reserved_lpi);
        if (drv_poll(d, e, rd + GICR_SYNCR, 1, 0) != DRV_OK)
            return DRV_E_QUEUE_TIMEOUT;
    }
    return DRV_OK;
}

uint64_t drv_device_msi_address(const its_driver *d, uint32_t device_id)
{
    if (d->quirks & DRV_QUIRK_PRE_ITS)
        return d->opt.firmware.pre_its_base + ((uint64_t)device_id << 2);
    return drv_msi_address(d);
}
