// SPDX-License-Identifier: Apache-2.0
// The interrupt controller from the installed gicv3_its package: the ITS
// module (gicv3::its) and the GIC model (gicv3::gic), bound to each other,
// behind soc::its_subsystem. Linked into the platform's executable, or into
// its_plugin.so.
#include "its_subsystem.h"

#include "gicv3/gic.h"
#include "gicv3/its.h"

namespace {

class its_gic : public sc_core::sc_module, public soc::its_subsystem {
public:
    its_gic(sc_core::sc_module_name name, unsigned cpus)
        : sc_module(name), gic_("gic", gic_cfg(cpus)), its_("its", its_cfg(cpus))
    {
        its_.redistributors(gic_); // LPIs go to the GIC's redistributors (gicv3::lpi_target_if)
        // The GIC's distributor frame (gicd) is optional: this platform does not map it.
    }

    tlm::tlm_target_socket<64> &its_regs() override { return its_.regs; }
    tlm::tlm_target_socket<64> &gicr() override { return gic_.gicr; }
    tlm::tlm_initiator_socket<64> &its_mem() override { return its_.mem; }
    tlm::tlm_initiator_socket<64> &gic_mem() override { return gic_.mem; }
    sc_core::sc_out<bool> &irq(unsigned cpu) override { return gic_.irq[cpu]; }
    uint32_t icc_iar1(unsigned cpu, sc_core::sc_time &d) override { return gic_.icc_iar1(cpu, d); }
    void icc_eoir1(unsigned cpu, uint32_t intid, sc_core::sc_time &d) override { gic_.icc_eoir1(cpu, intid, d); }
    void icc_pmr(unsigned cpu, uint8_t pri, sc_core::sc_time &d) override { gic_.icc_pmr(cpu, pri, d); }
    void icc_igrpen1(unsigned cpu, bool on, sc_core::sc_time &d) override { gic_.icc_igrpen1(cpu, on, d); }
    uint64_t msis_delivered() const override { return its_.stats().msi[ITS_MSI_DELIVERED]; }
    uint64_t msis_dropped_unmapped_event() const override
    {
        return its_.stats().msi[ITS_MSI_DROP_UNMAPPED_EVENT];
    }

private:
    static gicv3::gic_config gic_cfg(unsigned cpus)
    {
        gicv3::gic_config c;
        c.cpus = cpus;
        c.id_bits = 16; // LPIs 8192 .. 65535
        return c;
    }
    static its_config its_cfg(unsigned cpus)
    {
        its_config c;
        its_config_preset_gic600(&c, cpus);
        c.devid_bits = 8; // this SoC's requester IDs fit in 8 bits: a flat device table of 2 KB
        return c;
    }

    gicv3::gic gic_;
    gicv3::its its_;
};

} // namespace

extern "C" soc::its_subsystem *soc_create_its_subsystem(const char *name, unsigned cpus)
{
    return new its_gic(name, cpus);
}
