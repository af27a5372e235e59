// SPDX-License-Identifier: Apache-2.0
// This platform's CPU model: register accesses over the bus, the CPU
// interface through soc::its_subsystem. CPU 0 boots the interrupt
// controller (redistributors, ITS, the mappings of a device table given to
// it) and then starts the devices; every CPU takes its LPIs and records them.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <vector>

#include "its/commands.h"
#include "its/regs.h"
#include "its_subsystem.h"

namespace soc {

// Where things are on this platform, and what the boot CPU maps.
struct memory_map {
    uint64_t its = 0x08000000, gicr = 0x080A0000, ram = 0x40000000;
    uint64_t queue = ram, device_table = ram + 0x10000, collection_table = ram + 0x20000;
    uint64_t property = ram + 0x30000;                    // 2^16 - 8192 bytes: LPIs below 65536
    uint64_t pending(unsigned cpu) const { return ram + 0x40000 + cpu * 0x10000ull; } // 64 KB aligned
    uint64_t itt(unsigned device) const { return ram + 0x80000 + device * 0x1000ull; }
    unsigned id_bits = 16;
};
struct mapping {
    uint32_t device_id, event_id, intid, icid; // collection icid is CPU icid % cpus
};

class cpu : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<cpu, 64> bus;
    sc_core::sc_in<bool> irq;
    std::map<uint32_t, unsigned> taken; // INTID -> times acknowledged
    bool boot_ok = true;

    // cpu 0 boots: `devices` (DeviceID, EventID bits), `maps`, then notifies `ready`.
    cpu(sc_core::sc_module_name name, unsigned index, unsigned cpus, its_subsystem &gic, const memory_map &mm,
        std::vector<std::pair<uint32_t, unsigned>> devices, std::vector<mapping> maps, sc_core::sc_event &ready)
        : sc_module(name), bus("bus"), irq("irq"), index_(index), cpus_(cpus), gic_(gic), mm_(mm),
          devices_(std::move(devices)), maps_(std::move(maps)), ready_(ready)
    {
        SC_THREAD(run);
    }

private:
    SC_HAS_PROCESS(cpu);

    uint64_t access(tlm::tlm_command cmd, uint64_t addr, unsigned len, uint64_t value = 0)
    {
        tlm::tlm_generic_payload gp;
        gp.set_command(cmd);
        gp.set_address(addr);
        gp.set_data_ptr(reinterpret_cast<unsigned char *>(&value));
        gp.set_data_length(len);
        gp.set_streaming_width(len);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        bus->b_transport(gp, delay);
        wait(delay);
        if (!gp.is_response_ok()) {
            SC_REPORT_WARNING("soc/cpu", ("bus error at " + std::to_string(addr)).c_str());
            boot_ok = false;
        }
        return value; // little-endian host: the low `len` bytes
    }
    uint64_t read(uint64_t a, unsigned len) { return access(tlm::TLM_READ_COMMAND, a, len); }
    void write(uint64_t a, unsigned len, uint64_t v) { access(tlm::TLM_WRITE_COMMAND, a, len, v); }

    uint64_t rd_base(unsigned n) const { return mm_.gicr + n * 0x20000ull; }

    // One command in the slot at GITS_CWRITER, published, run to completion.
    void command(const uint64_t cmd[4])
    {
        uint64_t cwriter = read(mm_.its + GITS_CWRITER, 8);
        for (unsigned i = 0; i < 4; i++)
            write(mm_.queue + cwriter + 8 * i, 8, cmd[i]);
        cwriter = (cwriter + ITS_CMD_BYTES) % 0x10000;
        write(mm_.its + GITS_CWRITER, 8, cwriter);
        for (;;) {
            uint64_t creadr = read(mm_.its + GITS_CREADR, 8);
            if (creadr & GITS_CREADR_STALLED_MASK) { // a command error stalled the queue
                SC_REPORT_WARNING("soc/cpu", "the ITS command queue stalled");
                boot_ok = false;
                return;
            }
            if ((creadr & GITS_CREADR_OFFSET_MASK) == cwriter)
                return;
            wait(100, sc_core::SC_NS);
        }
    }

    void boot()
    {
        // Redistributors: awake, one LPI configuration table, a pending table each, LPIs on.
        for (uint32_t intid = GIC_LPI_FIRST_INTID; intid < (1u << mm_.id_bits); intid += 8) {
            uint64_t eight = 0; // the LPIs the mappings use: priority 0xA0, enabled
            for (unsigned b = 0; b < 8; b++)
                for (const mapping &m : maps_)
                    if (m.intid == intid + b)
                        eight |= uint64_t(its_lpi_prop_byte(0xA0, true)) << (8 * b);
            if (eight)
                write(mm_.property + intid - GIC_LPI_FIRST_INTID, 8, eight);
        }
        for (unsigned n = 0; n < cpus_; n++) {
            write(rd_base(n) + GICR_WAKER, 4, read(rd_base(n) + GICR_WAKER, 4) & ~GICR_WAKER_PROCESSOR_SLEEP_MASK);
            while (read(rd_base(n) + GICR_WAKER, 4) & GICR_WAKER_CHILDREN_ASLEEP_MASK)
                wait(100, sc_core::SC_NS);
            write(rd_base(n) + GICR_PROPBASER, 8, its_propbaser_make(mm_.property, mm_.id_bits));
            write(rd_base(n) + GICR_PENDBASER, 8, its_pendbaser_make(mm_.pending(n), true));
            write(rd_base(n) + GICR_CTLR, 4, GICR_CTLR_ENABLE_LPIS_MASK);
        }
        // The ITS: device and collection tables (one 64 KB page each), the command queue, enable.
        for (unsigned n = 0; n < GITS_BASER_COUNT; n++) {
            uint64_t baser = read(mm_.its + GITS_BASER(n), 8);
            uint64_t type = ITS_FIELD_GET(baser, GITS_BASER_TYPE);
            uint64_t pa = type == GITS_BASER_TYPE_DEVICE ? mm_.device_table
                          : type == GITS_BASER_TYPE_COLLECTION ? mm_.collection_table
                                                               : 0;
            if (!pa)
                continue;
            uint64_t want = its_baser_make(baser, pa, GITS_BASER_PAGE_SIZE_64K, 1, false);
            write(mm_.its + GITS_BASER(n), 8, want);
            if (read(mm_.its + GITS_BASER(n), 8) != want) {
                SC_REPORT_WARNING("soc/cpu", "a GITS_BASER did not take 64 KB pages");
                boot_ok = false;
            }
        }
        write(mm_.its + GITS_CBASER, 8, its_cbaser_make(mm_.queue, 0x10000 / GITS_CBASER_PAGE_BYTES));
        write(mm_.its + GITS_CWRITER, 8, 0);
        write(mm_.its + GITS_CTLR, 4, GITS_CTLR_ENABLED_MASK);

        // Mappings: MAPC names a redistributor by Processor_Number or by RD_base (GITS_TYPER.PTA).
        bool pta = ITS_FIELD_GET(read(mm_.its + GITS_TYPER, 8), GITS_TYPER_PTA);
        auto target = [&](unsigned n) {
            return pta ? rd_base(n) >> 16 : ITS_FIELD_GET(read(rd_base(n) + GICR_TYPER, 8), GICR_TYPER_PROCESSOR_NUMBER);
        };
        uint64_t cmd[4];
        for (unsigned n = 0; n < cpus_; n++) {
            its_cmd_mapc(cmd, n, target(n), true);
            command(cmd);
        }
        for (unsigned d = 0; d < devices_.size(); d++) {
            its_cmd_mapd(cmd, devices_[d].first, devices_[d].second - 1, mm_.itt(d), true);
            command(cmd);
        }
        for (const mapping &m : maps_) {
            its_cmd_mapti(cmd, m.device_id, m.event_id, m.intid, m.icid % cpus_);
            command(cmd);
        }
        for (unsigned n = 0; n < cpus_; n++) {
            its_cmd_sync(cmd, target(n));
            command(cmd);
        }
    }

    void run()
    {
        sc_core::sc_time d = sc_core::SC_ZERO_TIME;
        gic_.icc_pmr(index_, 0xF0, d); // LPIs at 0xA0 get through
        gic_.icc_igrpen1(index_, true, d);
        wait(d);
        if (index_ == 0) {
            boot();
            ready_.notify(sc_core::SC_ZERO_TIME);
        }
        for (;;) {
            if (!irq.read())
                wait(irq.posedge_event());
            d = sc_core::SC_ZERO_TIME;
            uint32_t intid = gic_.icc_iar1(index_, d);
            if (intid != 1023) { // 1023: spurious (taken by nobody, or gone)
                taken[intid]++;
                gic_.icc_eoir1(index_, intid, d);
            }
            wait(d + sc_core::sc_time(50, sc_core::SC_NS)); // the handler
        }
    }

    unsigned index_, cpus_;
    its_subsystem &gic_;
    memory_map mm_;
    std::vector<std::pair<uint32_t, unsigned>> devices_;
    std::vector<mapping> maps_;
    sc_core::sc_event &ready_;
};

} // namespace soc
