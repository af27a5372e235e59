// The ITS as a SystemC/TLM-2.0 module: the C core behind a target socket for
// the GITS frames and an initiator socket for every command and table access.
// docs/tlm-wrapper.md describes sockets, parameters, timing and an example.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "gicv3/lpi_target_if.h"
#include "its/its.h"

namespace gicv3 {

// Timing of the ITS. Memory latency is not here: it is what the initiator
// socket's target (interconnect + memory) annotates.
struct its_timing {
    sc_core::sc_time clock_period{1, sc_core::SC_NS}; // 1 GHz
    unsigned reg_access_cycles = 2;  // a GITS register read or write
    unsigned command_cycles = 8;     // decode and execute one command, beyond memory
    unsigned translate_cycles = 4;   // one MSI translation, beyond memory
    bool accurate = false;           // false: LT, delays annotated; true: every delay waited
};

// One translated MSI, as the observer sees it.
struct msi_record {
    const tlm::tlm_generic_payload *payload; // the GITS_TRANSLATER write (valid during on_msi only)
    uint32_t device_id;                      // 0 when result is ITS_MSI_DROP_NO_DEVICE_ID
    uint32_t event_id;
    its_msi_result result;                   // the ITS's outcome
    its_translation translation;             // valid when result == ITS_MSI_DELIVERED
    std::optional<lpi_delivery> delivery;    // the redistributor's, when delivered
    sc_core::sc_time time;                   // when the write reached the ITS (time stamp + delay)
    sc_core::sc_time latency;                // register access + translation + memory + redistributor
};

// One command run by the command engine.
struct command_record {
    its_cmd_report report;    // opcode, queue slot, E_ITS code (0: success)
    its_step step;            // ITS_STEP_DONE, _SKIPPED or _STALLED
    sc_core::sc_time time;    // when it started (LT: the engine's local time included)
    sc_core::sc_time latency; // command_cycles + its memory and redistributor time
};

class its : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<its> regs;      // ITS_base: control + translation frames (128 KB)
    tlm_utils::simple_initiator_socket<its> mem;    // command queue and table traffic
    sc_core::sc_port<lpi_target_if> redistributors; // where LPIs go

    // Called after every GITS_TRANSLATER write (optional).
    std::function<void(const msi_record &)> on_msi;
    // Called after every command the engine runs (optional).
    std::function<void(const command_record &)> on_command;
    // DeviceID for MSI writes that carry no device_id_extension (default: drop them).
    std::optional<uint32_t> default_device_id;

    // Throws std::invalid_argument when the configuration fails
    // its_config_check() or the clock period is zero. The core always runs
    // with process_on_write = false: the command engine steps the queue.
    its(sc_core::sc_module_name name, const its_config &config, const its_timing &timing = {});
    ~its() override;
    its(const its &) = delete;
    its &operator=(const its &) = delete;

    // The core instance, for inspection (its_peek, its_last_error, ...). Do
    // not call mutating functions while the simulation runs a command.
    its_t *core() { return core_; }
    const its_timing &timing() const { return timing_; }
    its_stats stats() const;

private:
    struct host;    // its_host_ops callbacks: memory socket, redistributor port
    struct op;      // the operation running inside the core
    class session;  // exclusive use of the core by one process

    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    unsigned transport_dbg(tlm::tlm_generic_payload &gp);
    tlm::tlm_response_status register_access(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    void translater_write(tlm::tlm_generic_payload &gp, uint64_t value, sc_core::sc_time &delay,
                          const sc_core::sc_time &arrival);
    int memory_access(tlm::tlm_command cmd, uint64_t pa, void *buf, uint32_t len);
    void command_engine();
    void run_command();

    sc_core::sc_time cycles(unsigned n) const { return timing_.clock_period * n; }
    // Adds t to the operation's time: annotated (LT) or waited (accurate).
    void spend(sc_core::sc_time &delay, const sc_core::sc_time &t);
    // After a call that annotated `delay`: in accurate mode, wait it out.
    void settle(sc_core::sc_time &delay);
    void enter_core();
    void leave_core();

    its_timing timing_;
    its_t *core_ = nullptr;
    op *op_ = nullptr;           // set while a process runs inside the core
    bool core_busy_ = false;
    unsigned core_waiters_ = 0;
    sc_core::sc_process_handle core_owner_;
    sc_core::sc_event core_free_;
    tlm::tlm_generic_payload mem_gp_; // reused: one memory access at a time
    sc_core::sc_event commands_ready_; // CWRITER or GITS_CTLR written
    tlm_utils::tlm_quantumkeeper qk_;  // the command engine's local time (LT)
};

} // namespace gicv3
