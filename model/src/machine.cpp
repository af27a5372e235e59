// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/machine.h"

#include <string>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "gicv3_vp/cache_spec.h"
#include "gicv3_vp/errata.h"
#include "gicv3_vp/params.h"

namespace gicv3_vp {

namespace {

// The pipeline defaults of each preset (docs/timing.md gives the sources).
struct pipeline_preset {
    unsigned input_queue, engines, outstanding_reads, lpi_credits, lookup, miss, invalidate, fetch;
};
constexpr pipeline_preset kQemu{0, 1, 0, 0, 0, 0, 0, 32};
constexpr pipeline_preset kGic600{16, 1, 5, 4, 1, 2, 1, 32};

unsigned pick(const std::string &name, const std::string &value, unsigned preset, unsigned min, unsigned max)
{
    if (value == "preset")
        return preset;
    size_t used = 0;
    unsigned long v = 0;
    bool ok = !value.empty() && value.size() <= 9 && value.find_first_not_of("0123456789") == std::string::npos &&
              (value.size() == 1 || value[0] != '0');
    if (ok) {
        v = std::stoul(value, &used);
        ok = used == value.size() && v >= min && v <= max;
    }
    if (!ok)
        throw config_error(name + ": " + quoted(value) + " is not preset or a whole number from " + std::to_string(min) +
                           " to " + std::to_string(max));
    return unsigned(v);
}

// gic.property_cache: "unbounded" or "<entries>x<ways>", within what a
// redistributor accepts (at most 2^id_bits entries).
void apply_property_cache(const platform_config &pc, gicv3::gic_config &g)
{
    // preset: qemu caches every byte; gic600 a two-way cache (docs/timing.md).
    const std::string &spec =
        pc.gic.property_cache != "preset" ? pc.gic.property_cache : pc.its.preset == "gic600" ? "256x2" : "unbounded";
    g.property_cache_entries = 0;
    g.property_cache_ways = 1;
    if (spec == "unbounded")
        return;
    std::optional<cache_geometry> geo = parse_cache_geometry(spec);
    if (!geo)
        throw config_error("gic.property_cache: " + quoted(spec) +
                           " is not unbounded or <entries>x<ways> (decimal) with entries a multiple of ways, at most " +
                           std::to_string(kMaxCacheEntries));
    redist_config rc;
    redist_config_qemu_virt(&rc, 0, 1);
    rc.id_bits = uint8_t(pc.gic.id_bits);
    rc.property_cache_entries = geo->entries;
    rc.property_cache_ways = geo->ways;
    if (const char *why = redist_config_check(&rc))
        throw config_error("gic.property_cache: '" + spec + "': " + why);
    g.property_cache_entries = geo->entries;
    g.property_cache_ways = geo->ways;
}

} // namespace

gicv3::its_timing its_timing_of(const platform_config &pc)
{
    const pipeline_preset &p = pc.its.preset == "gic600" ? kGic600 : kQemu;
    gicv3::its_timing t;
    t.clock_period = clock_period(pc.its.clock_mhz);
    t.reg_access_cycles = pc.its.reg_access_cycles;
    t.command_cycles = pc.its.command_cycles;
    t.translate_cycles = pc.its.translate_cycles;
    t.accurate = pc.its.mode == "accurate";
    t.input_queue = pick("its.input_queue", pc.its.input_queue, p.input_queue, 0, 1u << 20);
    t.engines = pick("its.engines", pc.its.engines, p.engines, 1, 1024);
    t.outstanding_reads = pick("its.outstanding_reads", pc.its.outstanding_reads, p.outstanding_reads, 0, 1024);
    t.lpi_credits = pick("its.lpi_credits", pc.its.lpi_credits, p.lpi_credits, 0, 1024);
    t.lookup_cycles = pick("its.lookup_cycles", pc.its.lookup_cycles, p.lookup, 0, 1u << 20);
    t.miss_cycles = pick("its.miss_cycles", pc.its.miss_cycles, p.miss, 0, 1u << 20);
    t.invalidate_cycles = pick("its.invalidate_cycles", pc.its.invalidate_cycles, p.invalidate, 0, 1u << 20);
    t.command_fetch_bytes = pick("its.command_fetch_bytes", pc.its.command_fetch_bytes, p.fetch, 32, 4096);
    if (t.command_fetch_bytes & (t.command_fetch_bytes - 1))
        throw config_error("its.command_fetch_bytes: " + std::to_string(t.command_fetch_bytes) +
                           " is not a power of two");
    t.drop_when_full = pc.its.drop_when_full;
    for (int op = 0; op < 16; op++)
        t.command_op_cycles[op] = pc.its.op_cycles[op];
    return t;
}

machine::machine(const platform_config &pc, const its_config &its_cfg, uint64_t ram_size)
    : hop(ns(pc.interconnect_ns))
{
    gicv3::gic_config g; // first: a parameter it refuses must stop the build before any module exists
    g.cpus = pc.cpus;
    g.id_bits = (uint8_t)pc.gic.id_bits;
    g.pri_bits = (uint8_t)pc.gic.pri_bits;
    g.direct_lpi = pc.gic.direct_lpi;
    g.clock_period = clock_period(pc.gic.clock_mhz);
    g.reg_access_cycles = pc.gic.reg_access_cycles;
    g.icc_cycles = pc.gic.icc_cycles;
    g.lpi_cycles = pc.gic.lpi_cycles;
    g.accurate = pc.its.mode == "accurate"; // the ITS's timing mode is the platform's
    apply_property_cache(pc, g);
    apply_gic_errata(pc, g);

    tlm::tlm_global_quantum::instance().set(ns(pc.quantum_ns));
    bus = std::make_unique<router>("bus");
    ram = std::make_unique<memory>("ram", ram_size, 0);
    ram->read_latency = ns(pc.memory.read_ns);
    ram->write_latency = ns(pc.memory.write_ns);
    ram->bytes_per_ns = pc.memory.bytes_per_ns;
    its = std::make_unique<gicv3::its>("its", its_cfg, its_timing_of(pc));

    gic = std::make_unique<gicv3::gic>("gic", g);
    its->redistributors(*gic);
    its->mem(bus->in);
    gic->mem(bus->in);
    for (unsigned i = 0; i < pc.cpus; i++) {
        irq.push_back(std::make_unique<sc_core::sc_signal<bool, sc_core::SC_MANY_WRITERS>>(
            ("cpu" + std::to_string(i) + "_irq").c_str()));
        gic->irq[i](*irq.back());
    }
    bus->map(address_map::gicd, 0x10000, gic->gicd, hop);
    bus->map(address_map::its, ITS_FRAMES_SIZE, its->regs, hop);
    bus->map(address_map::gicr, uint64_t(pc.cpus) * REDIST_FRAMES_SIZE, gic->gicr, hop);
    bus->map(address_map::ram, ram_size, ram->in, hop);
    if (pc.memory.high_mb) {
        const uint64_t bytes = uint64_t(pc.memory.high_mb) << 20;
        high_ram = std::make_unique<memory>("high_ram", bytes, 0);
        high_ram->read_latency = ram->read_latency;
        high_ram->write_latency = ram->write_latency;
        high_ram->bytes_per_ns = ram->bytes_per_ns;
        bus->map(address_map::high_ram, bytes, high_ram->in, hop);
    }
    if (pc.its.errata.synquacer_pre_its) {
        pre_its = std::make_unique<gicv3_vp::pre_its>("pre_its", address_map::its + ITS_TRANSLATER_OFFSET);
        pre_its->out(bus->in);
        bus->map(address_map::pre_its, address_map::pre_its_size, pre_its->in, hop);
    }
}

} // namespace gicv3_vp
