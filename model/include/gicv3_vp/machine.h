// SPDX-License-Identifier: Apache-2.0
// The interrupt side of a QEMU virt-like machine, wired and mapped
// (gicv3_vp::address_map): interconnect, RAM, the ITS, the GIC and one IRQ line per
// CPU, timed from a platform_config. The bundled platform adds CPUs and MSI
// devices to it; the replay drives it from a trace.
#pragma once

#include <cstdint>
#include <memory>
#include <systemc>
#include <vector>

#include "gicv3/its.h"
#include "gicv3/gic.h"
#include "gicv3_vp/memory.h"
#include "gicv3_vp/platform.h"
#include "gicv3_vp/pre_its.h"
#include "gicv3_vp/router.h"

namespace gicv3_vp {

inline sc_core::sc_time ns(double v) { return sc_core::sc_time(v, sc_core::SC_NS); }
inline sc_core::sc_time clock_period(double mhz) { return ns(1000.0 / mhz); }

// The ITS's timing from the platform's parameters, "preset" values resolved
// by its.preset. Throws config_error for a bad value.
gicv3::its_timing its_timing_of(const platform_config &pc);

struct machine {
    // pc gives the CPU count, the GIC's parameters and every latency; its the ITS.
    machine(const platform_config &pc, const its_config &its, uint64_t ram_size);

    std::unique_ptr<router> bus;
    std::unique_ptr<memory> ram;
    std::unique_ptr<memory> high_ram;   // memory.high_mb at address_map::high_ram, if any
    std::unique_ptr<gicv3_vp::pre_its> pre_its; // its.errata.synquacer_pre_its: at address_map::pre_its
    std::unique_ptr<gicv3::its> its;
    std::unique_ptr<gicv3::gic> gic;
    std::vector<std::unique_ptr<sc_core::sc_signal<bool, sc_core::SC_MANY_WRITERS>>> irq; // driven by any process
    sc_core::sc_time hop; // the interconnect latency, for further windows
};

} // namespace gicv3_vp
