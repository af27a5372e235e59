// SPDX-License-Identifier: Apache-2.0
// What this platform sees of its interrupt controller: the sockets to bind,
// the IRQ lines, the CPU interface and two counters. Only SystemC and TLM
// types, so the platform links none of the ITS package's libraries when the
// controller comes as a plugin (its_plugin.so, loaded with dlopen).
#pragma once

#include <cstdint>
#include <systemc>
#include <tlm>

namespace soc {

class its_subsystem {
public:
    virtual ~its_subsystem() = default;
    virtual tlm::tlm_target_socket<64> &its_regs() = 0;      // ITS_base: 128 KB of GITS frames
    virtual tlm::tlm_target_socket<64> &gicr() = 0;          // cpus x 128 KB redistributor frames
    virtual tlm::tlm_initiator_socket<64> &its_mem() = 0;    // the ITS's command and table reads
    virtual tlm::tlm_initiator_socket<64> &gic_mem() = 0;    // the LPI property and pending tables
    virtual sc_core::sc_out<bool> &irq(unsigned cpu) = 0;
    // CPU interface (ICC_*_EL1), called by the CPU models.
    virtual uint32_t icc_iar1(unsigned cpu, sc_core::sc_time &delay) = 0;
    virtual void icc_eoir1(unsigned cpu, uint32_t intid, sc_core::sc_time &delay) = 0;
    virtual void icc_pmr(unsigned cpu, uint8_t priority, sc_core::sc_time &delay) = 0;
    virtual void icc_igrpen1(unsigned cpu, bool enable, sc_core::sc_time &delay) = 0;
    virtual uint64_t msis_delivered() const = 0;
    virtual uint64_t msis_dropped_unmapped_event() const = 0;
};

} // namespace soc

// The factory, by this name in the plugin; `cpus` redistributors.
extern "C" soc::its_subsystem *soc_create_its_subsystem(const char *name, unsigned cpus);
using soc_create_its_subsystem_fn = soc::its_subsystem *(*)(const char *, unsigned);
