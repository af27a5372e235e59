// SPDX-License-Identifier: Apache-2.0
// The bundled platform's event trace and waveforms (docs/studies.md): every
// MSI's life on the blocks it passes, every command from its GITS_CWRITER
// write to its completion, the queues' occupancy and the ITS's memory
// traffic, collected as a Chrome trace-event JSON file (Perfetto,
// chrome://tracing) and/or driven into a VCD file as waveforms (sc_trace).
//
// Off unless the platform is asked for it (platform::trace()); fed by the
// MSI ledger (its MSI ids and stage times), the ITS's its_observer, the
// ITS's command records and the GIC's LPI events. Nothing else calls it.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <systemc>
#include <unordered_map>
#include <vector>

#include "gicv3/gic.h"
#include "gicv3/its.h"

namespace gicv3_vp {

class event_trace : public sc_core::sc_module, public gicv3::its_observer {
public:
    // events: keep what the JSON trace needs (write_json() after the run);
    // vcd: drive the waveforms into it (may be null: none). its_queue: the
    // ITS has an input queue (its_timing::input_queue > 0).
    event_trace(sc_core::sc_module_name name, unsigned cpus, bool events, sc_core::sc_trace_file *vcd,
                bool its_queue);

    // The name of the device track of a DeviceID (requester ID).
    void name_device(uint32_t device_id, const std::string &name);

    // ---- From the MSI ledger, by its MSI ids (1, 2, ...)
    void injected(uint64_t id, uint32_t device_id, uint32_t event_id, const sc_core::sc_time &when);
    void translated(uint64_t id, const gicv3::msi_record &r);
    // Acknowledged on `cpu` at `ack`; `pending` is the ledger's start of the CPU stage.
    void delivered(uint64_t id, unsigned cpu, const sc_core::sc_time &pending, const sc_core::sc_time &ack);
    void dropped(uint64_t id, const std::string &reason);

    // ---- From the platform's observers
    void command(const gicv3::command_record &c);
    void lpi(const gicv3::lpi_event &e);

    // ---- gicv3::its_observer
    void msi_queued(const gicv3::msi_record &rec) override;
    void msi_started(const gicv3::msi_record &rec) override;
    void commands_published(unsigned n, const sc_core::sc_time &when) override;
    void memory_access(const gicv3::mem_access &a) override;

    // The trace of everything collected, in the JSON Object Format
    // ({"traceEvents": [...], "displayTimeUnit": "ns"}), events sorted by
    // time; `end` closes what is still open (a handler not EOId yet).
    void write_json(std::ostream &out, const sc_core::sc_time &end) const;

    // The memory-traffic counter's window.
    static constexpr int64_t kWindowPs = 1000000; // 1 us

private:
    using ps_t = int64_t; // picoseconds; -1: not reached
    struct msi_life {
        ps_t injected = -1, arrival = -1, accepted = -1, start = -1, translated = -1, handoff = -1,
             pending = -1, ack = -1;
        uint64_t seq = 0;
        uint32_t device_id = 0, event_id = 0, intid = 0;
        uint16_t cpu = 0;
        uint16_t outcome = 0; // 0: open, 1: delivered, 2 + n: dropped for reasons_[n]
    };
    struct command_life {
        ps_t published, start, end;
        uint32_t index, error;
        uint8_t opcode, step;
    };
    struct access {
        ps_t start, end;
        uint64_t owner; // the MSI's seq (for_msi) or the command's index in commands_
        uint32_t bytes;
        uint8_t kind;
        bool read, for_msi;
    };
    struct handler {
        ps_t ack, eoi; // eoi -1: still active
        uint32_t intid;
        uint16_t cpu;
    };
    // ---- waveforms: plain values sc_trace samples, changed at their own
    // times by a process (the ITS's observer calls come ahead of the
    // kernel's time in LT mode).
    enum wave_var : uint16_t { w_input_queue, w_command_queue, w_reads, w_cpu0 };
    struct change {
        ps_t t;
        uint16_t var;
        int16_t d;
    };

    ps_t ps(const sc_core::sc_time &t) const;
    void wave(const sc_core::sc_time &t, uint16_t var, int d);
    void apply_waves();
    msi_life *life(uint64_t id) { return id && id <= msis_.size() ? &msis_[id - 1] : nullptr; }

    const bool events_, its_queue_;
    const unsigned cpus_;
    int64_t res_ps_ = 1; // picoseconds per sc_time unit (0: finer than 1 ps)

    std::vector<msi_life> msis_;
    std::vector<command_life> commands_;
    std::vector<access> accesses_;
    std::vector<handler> handlers_;
    std::vector<std::vector<uint32_t>> active_; // per CPU: handlers_ indexes acknowledged, not EOId
    std::vector<std::string> reasons_;
    std::unordered_map<uint32_t, std::string> device_names_;

    sc_core::sc_trace_file *vcd_;
    std::vector<change> changes_; // a min-heap by time
    sc_core::sc_event wave_due_;
    unsigned input_queue_ = 0, command_queue_ = 0, reads_ = 0;
    std::vector<int> depth_;               // per CPU: LPIs acknowledged and not EOId
    std::unique_ptr<bool[]> cpu_active_;   // per CPU: depth_ > 0
};

// A VCD file at exactly `path` (sc_create_vcd_trace_file adds ".vcd" to its
// name: a path without it is renamed on close), time unit 1 ps. Closed, and
// complete, when close() or the destructor runs.
class vcd_file {
public:
    explicit vcd_file(const std::string &path);
    ~vcd_file();
    vcd_file(const vcd_file &) = delete;
    vcd_file &operator=(const vcd_file &) = delete;
    sc_core::sc_trace_file *get() const { return tf_; }
    // false: the file could not be renamed to `path`.
    bool close();

private:
    std::string path_, written_;
    sc_core::sc_trace_file *tf_ = nullptr;
};

} // namespace gicv3_vp
