// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/errata.h"

#include <string>
#include <vector>

#include "gicv3_vp/params.h"

namespace gicv3_vp {

namespace {

// The IIDR each switch's part reports (GITS_IIDR; GICR_IIDR for the GIC's).
struct part {
    const char *name;
    bool on;
    uint32_t iidr;
};

std::vector<part> parts(const platform_config &pc)
{
    const auto &i = pc.its.errata;
    const auto &g = pc.gic.errata;
    return {{"its.errata.qdf2400_e0065", i.qdf2400_e0065, 0x00001070},
            {"its.errata.cavium_22375", i.cavium_22375, 0xA100034C},
            {"its.errata.synquacer_pre_its", i.synquacer_pre_its, 0x0001143B},
            {"gic.errata.rk3568_32bit_pa", g.rk3568_32bit_pa, 0x0201743B},
            {"gic.errata.rk3588_shareability", g.rk3588_shareability, 0x0201743B},
            {"gic.errata.gic700_2195890", g.gic700_2195890, 0x0400043B}};
}

// The one IIDR the enabled switches agree on, if any.
bool errata_iidr(const platform_config &pc, uint32_t &iidr)
{
    std::vector<part> all = parts(pc);
    const part *first = nullptr;
    for (const part &p : all) {
        if (!p.on)
            continue;
        if (first && first->iidr != p.iidr)
            throw config_error(std::string(p.name) + ": another part than " + first->name +
                               " (IIDR differs): enable the switches of one part only");
        if (!first)
            first = &p;
    }
    if (first)
        iidr = first->iidr;
    return first != nullptr;
}

} // namespace

void apply_its_errata(const platform_config &pc, its_config &c)
{
    uint32_t iidr;
    if (errata_iidr(pc, iidr))
        c.iidr = iidr;
    const auto &e = pc.its.errata;
    if (e.qdf2400_e0065) {
        c.ite_size = 16;
        c.errata.reported_ite_size = 8;
    }
    if (e.cavium_22375) {
        c.devid_bits = 24; // what the model's part reports (ThunderX's own value: unverified)
        c.errata.device_table_bits = 20;
    }
    if (pc.gic.errata.rk3568_32bit_pa)
        c.errata.port_pa_bits = 32;
    if (pc.gic.errata.rk3588_shareability)
        c.shareability = true; // the fields stick: the part claims coherency
}

void apply_gic_errata(const platform_config &pc, gicv3::gic_config &g)
{
    uint32_t iidr;
    if (errata_iidr(pc, iidr) && (pc.gic.errata.rk3568_32bit_pa || pc.gic.errata.rk3588_shareability ||
                                  pc.gic.errata.gic700_2195890))
        g.iidr = iidr;
    if (pc.gic.errata.rk3568_32bit_pa)
        g.port_pa_bits = 32;
    if (pc.gic.errata.gic700_2195890) {
        g.gic700_2195890 = true;
        g.pending_slots = 1; // the model's choice: the part's own storage is not documented
        g.ir = true; // GICv4.1: GICR_INVLPIR works without DirectLPI
    }
}

drv_options driver_options(const platform_config &pc)
{
    drv_options o;
    drv_options_default(&o);
    o.lpi_id_bits = uint8_t(pc.driver.lpi_id_bits); // 16 by default, as Linux caps them
    o.quirks_off = pc.driver.workarounds ? 0 : DRV_QUIRKS_ALL;
    o.retrigger_us = pc.driver.retrigger_us;
    // The device tree of the machine each part sits in.
    if (pc.gic.errata.rk3568_32bit_pa)
        o.firmware.machine = "rockchip,rk3568";
    if (pc.gic.errata.rk3588_shareability)
        o.firmware.machine = "rockchip,rk3588";
    if (pc.its.errata.synquacer_pre_its) {
        o.firmware.pre_its_base = address_map::pre_its;
        o.firmware.pre_its_size = address_map::pre_its_size;
    }
    return o;
}

} // namespace gicv3_vp
