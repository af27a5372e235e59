// SPDX-License-Identifier: Apache-2.0
// A CPU stub: runs software (C++ or the C driver kit through drv_env) whose
// loads and stores become TLM transactions, and takes LPIs: on its IRQ line
// it reads ICC_IAR1, runs a handler of configurable cost, writes ICC_EOIR1.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "gicv3/sim_time.h"
#include "its_driver.h"
#include "gicv3_vp/cpu_cache.h"

namespace gicv3 {
class gic_base;
class ckpt_writer;
class ckpt_reader;
} // namespace gicv3

namespace gicv3_vp {

// What the CPUs share: normal memory to allocate from, the lock that
// serialises the ITS command queue between them, and their data cache.
struct cpu_shared {
    uint64_t next_free;  // bump allocator over RAM (never freed: memory starts zeroed)
    uint64_t ram_end;
    // Memory below 4 GB for alloc32, when alloc's is above (low_end 0: alloc's is not).
    uint64_t next_low = 0, low_end = 0;
    sc_core::sc_mutex queue_lock;
    cpu_cache cache; // write-back, not snooped by the GIC, when enabled
};

struct cpu_config {
    sc_core::sc_time handler_cost{200, sc_core::SC_NS}; // interrupt handler body
    sc_core::sc_time entry = sc_core::SC_ZERO_TIME;     // exception entry before the ICC_IAR1 read
    sc_core::sc_time relax{1, sc_core::SC_US};          // one step of a polling loop (udelay(1))
    uint8_t pmr = 0xF0;                                 // ICC_PMR_EL1 set before the software runs
};

class cpu_stub : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<cpu_stub, 64> bus;
    sc_core::sc_in<bool> irq;

    // The software: run once when simulation starts; the CPU then idles,
    // taking interrupts, until stop().
    std::function<void(cpu_stub &)> program;
    // Called for every acknowledged LPI, at the IAR1 read, before the handler.
    std::function<void(unsigned cpu, uint32_t intid, sc_core::sc_time when)> on_interrupt;

    cpu_stub(sc_core::sc_module_name name, unsigned index, gicv3::gic_base &g, cpu_shared &shared,
             const cpu_config &config = {});

    // ---- For the software ----
    uint64_t read(uint64_t pa, unsigned size);
    void write(uint64_t pa, unsigned size, uint64_t value);
    void relax();
    uint64_t alloc(uint64_t bytes, uint64_t align);
    uint64_t alloc32(uint64_t bytes, uint64_t align); // below 4 GB
    void clean(uint64_t pa, uint64_t bytes);          // data cache to PoC (DC CVAC)
    // Take interrupts until done() holds (checked whenever `wake` fires or an
    // interrupt has been handled), or until stop().
    void idle_until(const sc_core::sc_event &wake, const std::function<bool()> &done);
    sc_core::sc_time now() const; // local time of this CPU
    const drv_env &env() const { return env_; }
    unsigned index() const { return index_; }

    void stop();
    // Back to the power-on state as far as a stub has one: the DMI pointer
    // dropped, the local time (quantum keeper) back to the kernel's,
    // failed() and stop() undone. ICC_PMR_EL1 and Group 1 are the GIC's (its
    // reset() clears them): a CPU reset after the GIC's sets them again at
    // once, as the stub does when simulation starts. Kept: program,
    // on_interrupt, the configuration and the interrupts() / spurious()
    // counters. The software is not run again: a stub's program runs once,
    // when simulation starts (a platform that boots again runs its driver
    // from a thread of its own). Call it from a thread or between
    // sc_start() calls, not while the stub's software runs.
    void reset();
    uint64_t interrupts() const { return taken_; }
    uint64_t spurious() const { return spurious_; }
    bool failed() const { return failed_; } // a bus access got an error response

    // ---- Checkpoint (docs/checkpoint.md) ----
    // Asleep in idle_until() with no interrupt to take: the CPU's state is
    // then all data (the local time it fell asleep at, its counters, DMI).
    bool idle() const { return sleeping_ && !line_pending(); }
    bool program_done() const { return program_done_; } // its program returned
    void save(gicv3::ckpt_writer &w) const;
    // Before simulation starts: the CPU then skips its power-on steps, waits
    // until `at` (the checkpoint's time), runs its program unless it had
    // returned (the program must continue where it was: the platform's
    // does) and its first sleep continues the saved one.
    void restore(gicv3::ckpt_reader &r, const sc_core::sc_time &at);

private:
    void run();
    void invalidate_dmi(sc_dt::uint64 start, sc_dt::uint64 end);
    bool take_interrupt();
    void access(tlm::tlm_command cmd, uint64_t pa, unsigned size, uint64_t *value);
    void bus_access(tlm::tlm_command cmd, uint64_t pa, unsigned size, void *data);
    bool dmi_covers(uint64_t pa, unsigned size) const;

    void sleep(const sc_core::sc_event_or_list &events);
    bool line_pending() const; // the IRQ line high and the CPU interface with an LPI to give

    // The local time of temporal decoupling, and one more step: resume after
    // a wait the CPU began at local time `from` (its kernel time plus local
    // time then), as if it had synchronised to `from`, waited, and last
    // synchronised again at `synced` (no earlier than `from`).
    struct quantum_keeper : tlm_utils::tlm_quantumkeeper {
        void resume(const sc_core::sc_time &from, const sc_core::sc_time &synced);
        // As the base class's, with the time read inline (after every access).
        bool need_sync() const override
        {
            return gicv3::sim_now() + m_local_time >= m_next_sync_point;
        }
    };

    unsigned index_;
    gicv3::gic_base &gic_;
    cpu_shared &shared_;
    cpu_config cfg_;
    drv_env env_;
    quantum_keeper qk_;
    tlm::tlm_dmi dmi_;
    tlm::tlm_generic_payload gp_; // the CPU's bus transactions, one at a time
    bool dmi_valid_ = false;
    bool stopped_ = false;
    bool failed_ = false;
    uint64_t taken_ = 0, spurious_ = 0;
    sc_core::sc_event stop_event_;
    sc_core::sc_event_or_list idle_events_;     // what ends a sleep: the line raised, wake, stop
    const sc_core::sc_event *idle_wake_ = nullptr; // the wake event in idle_events_

    bool sleeping_ = false, program_done_ = false;
    sc_core::sc_time sleep_from_; // the local time the current sleep began at
    struct resume_point {
        sc_core::sc_time at;   // the checkpoint's time
        bool dmi = false;      // a DMI region to ask for again, holding dmi_address
        uint64_t dmi_address = 0;
    };
    std::optional<resume_point> resume_;       // restore(): run() continues instead of starting
    std::optional<sc_core::sc_time> resumed_from_; // restore(): the first sleep's saved start
};

} // namespace gicv3_vp
