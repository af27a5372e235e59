// SPDX-License-Identifier: Apache-2.0
// The ITS as a SystemC/TLM-2.0 module: the C core behind a target socket for
// the GITS frames and an initiator socket for every command and table access.
// docs/tlm-wrapper.md describes sockets, parameters, timing and an example.
//
// gicv3::its is basic_its<64>: sockets of bus width 64. gicv3::its32 has
// 32-bit sockets; basic_its<N> any other width. All the logic is in
// gicv3::its_base (width-independent), which code that takes an ITS of any
// width can use by reference.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "gicv3/lpi_target_if.h"
#include "its/its.h"

namespace gicv3 {

class ckpt_writer;
class ckpt_reader;

// Timing of the ITS. Memory latency is not here: it is what the initiator
// socket's target (interconnect + memory) annotates. docs/timing.md gives
// every field's default and its reasoning.
struct its_timing {
    sc_core::sc_time clock_period{1, sc_core::SC_NS}; // 1 GHz
    unsigned reg_access_cycles = 2;  // a GITS register read or write
    unsigned command_cycles = 8;     // decode and execute one command, beyond memory
    unsigned translate_cycles = 4;   // one MSI translation, beyond lookups and memory
    bool accurate = false;           // false: LT, delays annotated; true: every delay waited

    // ---- The translation pipeline (docs/timing.md). input_queue = 0: none,
    // each MSI is translated in its writer's call (functional-first).
    unsigned input_queue = 0;        // MSI input queue entries
    unsigned engines = 1;            // translation engines working in parallel
    unsigned outstanding_reads = 0;  // table and command reads in flight at once (0: no limit)
    unsigned lpi_credits = 0;        // LPIs in flight to the redistributors (0: no limit)
    unsigned lookup_cycles = 0;      // each lookup stage (device, ITE, collection) on a hit
    unsigned miss_cycles = 0;        // each lookup that misses, beyond its table read
    unsigned invalidate_cycles = 0;  // each cache entry a command invalidates
    unsigned command_fetch_bytes = 32; // command queue read width (32: one command per read)
    // Per command type (by opcode), replacing command_cycles where non-zero.
    unsigned command_op_cycles[16] = {};
    // A full input queue holds the writer (false) or drops the MSI (true,
    // counted as input_queue_full).
    bool drop_when_full = false;
};

// Where one MSI's time went inside the ITS (absolute simulated times).
struct msi_times {
    sc_core::sc_time arrival;  // the write reached the ITS (time stamp + the writer's delay)
    sc_core::sc_time accepted; // entered the input queue (later than arrival when held)
    sc_core::sc_time start;    // a translation engine took it
    sc_core::sc_time translated; // lookups and table reads done
    sc_core::sc_time handoff;  // sent to the redistributor (a credit was free)
    sc_core::sc_time pending;  // the redistributor had it pending (handoff + its own time)
};

// One translated MSI, as the observer sees it.
struct msi_record {
    uint64_t seq;                            // the ITS's number of the write (as given to on_accept)
    const tlm::tlm_generic_payload *payload; // the write, when on_msi runs inside it (else nullptr)
    uint32_t device_id;                      // 0 when result is ITS_MSI_DROP_NO_DEVICE_ID
    uint32_t event_id;
    its_msi_result result;                   // the ITS's outcome
    its_translation translation;             // valid when result == ITS_MSI_DELIVERED
    std::optional<lpi_delivery> delivery;    // the redistributor's, when delivered
    sc_core::sc_time time;                   // when the write reached the ITS (time stamp + delay)
    sc_core::sc_time latency;                // until the redistributor had it (times.pending - time)
    msi_times times;
    bool dropped_full = false;               // dropped: input queue full (drop_when_full)
    bool dropped_reset = false;              // dropped: reset() while it was inside the ITS
};

// One command run by the command engine.
struct command_record {
    its_cmd_report report;    // opcode, queue slot, E_ITS code (0: success)
    sc_core::sc_time published; // the GITS_CWRITER write that made it visible to the ITS
    its_step step;            // ITS_STEP_DONE, _SKIPPED or _STALLED
    sc_core::sc_time time;    // when it started (LT: the engine's local time included)
    sc_core::sc_time latency; // command_cycles + its memory and redistributor time
};

struct lookup_counts; // its_internal.h

// One memory access of the ITS (a table entry or a command fetch), as
// its_observer::memory_access sees it.
struct mem_access {
    its_mem_kind kind;        // what it is for (its_mem_kind_current())
    bool read;
    uint64_t address;
    uint32_t bytes;
    bool for_msi;             // a translation's (msi_seq is its msi_record::seq); else a command's
    uint64_t msi_seq;
    sc_core::sc_time start;   // issued (after any wait for an outstanding-read slot)
    sc_core::sc_time end;     // done: its data back (start + what the target annotated or waited)
};

// Watches the ITS's queues and memory traffic, for event traces and
// waveforms (its_base::observer; none by default). Every time is absolute
// simulated time and never earlier than the kernel's time of the call.
// Each function runs inside the ITS's own call: it must not call the ITS.
class its_observer {
public:
    virtual ~its_observer() = default;
    // An MSI entered the input queue, at rec.times.accepted.
    virtual void msi_queued(const msi_record &) {}
    // A translation engine took it from the queue, at rec.times.start.
    virtual void msi_started(const msi_record &) {}
    // A GITS_CWRITER write made n more commands visible, at `when`.
    virtual void commands_published(unsigned, const sc_core::sc_time &) {}
    // Every table or command-queue access on the memory socket.
    virtual void memory_access(const mem_access &) {}
};

// Figures of the translation pipeline, for statistics (docs/statistics.md).
struct pipeline_stats {
    uint64_t accepted = 0;          // MSIs taken into the ITS
    uint64_t held = 0;              // writes held because the input queue was full
    uint64_t dropped_full = 0;      // MSIs dropped because it was full (drop_when_full)
    uint64_t dropped_reset = 0;     // MSIs queued or in translation that reset() dropped
    sc_core::sc_time backpressure;  // total time writers were held
    unsigned queue_max = 0;         // most MSIs waiting at once
    sc_core::sc_time queue_wait;    // total of (start - accepted): time-average occupancy x T
    sc_core::sc_time sojourn;       // total of (handoff - arrival) over MSIs done
    sc_core::sc_time sojourn_integral; // integral over time of the MSIs inside (accepted .. handoff)
    uint64_t done = 0;              // MSIs done with
    sc_core::sc_time first_arrival, last_done;
    uint64_t credit_waits = 0;      // hand-offs that waited for an LPI credit
    uint64_t read_waits = 0;        // reads that waited for an outstanding-read slot
    uint64_t fetch_buffer_hits = 0; // commands served from the last command fetch
};

// The ITS without its sockets: every register, command, translation and
// timing rule. basic_its<BUSWIDTH> adds the two TLM sockets.
//
// Reports (SC_REPORT_*) carry the message type "gicv3::its/" + name() (see
// msg_type()), so that a platform can set actions per instance with
// sc_report_handler::set_actions(its.msg_type(), severity, actions):
//   SC_INFO, verbosity SC_HIGH:  a bad register access (size, address,
//     byte enables), a command that failed (its E_ITS code), a table or
//     command fetch that faulted;
//   SC_INFO, verbosity SC_DEBUG: every MSI dropped, with its reason;
//   SC_ERROR: accurate mode called from an SC_METHOD (it must wait), or
//     reset() while a process is inside the core and the caller cannot wait.
// Neither INFO level prints at the default verbosity (SC_MEDIUM).
class its_base : public sc_core::sc_module {
public:
    sc_core::sc_port<lpi_target_if> redistributors; // where LPIs go

    // Called inside every GITS_TRANSLATER write the ITS takes, with the
    // number its msi_record will carry (optional): the payload is valid here.
    std::function<void(const tlm::tlm_generic_payload &, uint64_t seq)> on_accept;
    // Called when the ITS is done with an MSI: delivered to the
    // redistributor or dropped (optional). With the pipeline this is later
    // than the write: `payload` is then nullptr.
    std::function<void(const msi_record &)> on_msi;
    // Called after every command the engine runs (optional).
    std::function<void(const command_record &)> on_command;
    // DeviceID for MSI writes that carry no device_id_extension (default: drop them).
    std::optional<uint32_t> default_device_id;
    // The queues and memory traffic, watched (optional, not owned; null: a
    // pointer test is all it costs).
    its_observer *observer = nullptr;

    ~its_base() override;
    its_base(const its_base &) = delete;
    its_base &operator=(const its_base &) = delete;

    // Back to the power-on state, at the caller's time:
    //  - registers to their reset values and the ITS caches emptied
    //    (its_reset(): GITS_CTLR.Enabled = 0, CBASER/BASERn/CWRITER 0, ...);
    //  - the command engine idle: nothing pending, fetch buffer emptied;
    //  - the input queue emptied: every MSI waiting in it, or being
    //    translated by an engine, is dropped and counted (its msi_record has
    //    dropped_reset set, pipeline_stats::dropped_reset; on_msi sees it);
    //    writers held by a full queue are let in to the reset (disabled) ITS;
    //  - outstanding-read slots and LPI credits free.
    // Kept: the configuration, timing, observers, default_device_id, and
    // every statistic (stats(): its_reset() keeps them; its_stats_clear()
    // on core() clears them; pipeline() keeps counting across resets).
    // The redistributors are not reset: that is the GIC's own reset().
    // Call it between sc_start() calls or from a thread; if a process is
    // inside the core then (accurate mode: a command waiting on memory), a
    // thread caller waits for it, any other caller gets an SC_ERROR report.
    void reset();

    // Adds this ITS's state to a trace file (VCD, sc_create_vcd_trace_file):
    // <name>.msis_inside, .msis_accepted, .msis_done, .dropped_full and
    // .core_busy (a process inside the core: a command or a translation).
    // Sampled when the kernel's time advances, so LT activity inside one
    // quantum shows at the quantum's end. Call it before sc_start().
    void trace(sc_core::sc_trace_file *tf) const;

    // The message type of this instance's reports: "gicv3::its/" + name().
    const char *msg_type() const { return msg_type_.c_str(); }

    // The core instance, for inspection (its_peek, its_last_error, ...). Do
    // not call mutating functions while the simulation runs a command.
    its_t *core() { return core_; }
    const its_timing &timing() const { return timing_; }
    its_stats stats() const;
    // The pipeline's figures up to now.
    pipeline_stats pipeline() const;
    // MSIs accepted and not yet done with (queued or being translated).
    unsigned msis_inside() const { return inside_; }
    const sc_core::sc_event &msi_done_event() const { return msi_done_; }

    // ---- Checkpoint (docs/checkpoint.md) ----
    // Nothing in progress: no MSI inside, no process in the core, the
    // command queue drained (CREADR = CWRITER) and the command engine
    // waiting for a write with nothing due; every LPI credit returned. The
    // state is then all data.
    bool idle() const;
    // The whole state (the core's its_save() blob included), at an idle()
    // instant: absolute times, so a restore continues at the same time.
    void save(ckpt_writer &w) const;
    // Before simulation starts, on an ITS built with the same configuration
    // and timing: throws checkpoint_error for state that does not fit it.
    void restore(ckpt_reader &r);

protected:
    // Throws std::invalid_argument when the configuration fails
    // its_config_check() or the clock period is zero. The core always runs
    // with process_on_write = false: the command engine steps the queue.
    its_base(sc_core::sc_module_name name, const its_config &config, const its_timing &timing);

    // The target socket's callbacks (basic_its registers them).
    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    unsigned transport_dbg(tlm::tlm_generic_payload &gp);
    // One access on the initiator socket (basic_its sends it).
    virtual void mem_b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay) = 0;

private:
    struct host;    // its_host_ops callbacks: memory socket, redistributor port
    struct op;      // the operation running inside the core
    class session;  // exclusive use of the core by one process

    void access(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    tlm::tlm_response_status register_access(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    void translater_write(tlm::tlm_generic_payload &gp, uint64_t value, sc_core::sc_time &delay,
                          const sc_core::sc_time &arrival);
    int memory_access(tlm::tlm_command cmd, uint64_t pa, void *buf, uint32_t len);
    int transport(tlm::tlm_command cmd, uint64_t pa, void *buf, uint32_t len);
    void command_engine();
    bool run_command(const sc_core::sc_time &start); // one command from `start`; false: none ran
    void note_cwriter(const sc_core::sc_time &when);
    void catch_up(const sc_core::sc_time &until); // LT: run the queue up to a reader's time
    // ---- The translation pipeline (its_pipeline.cpp) ----
    struct queued_msi;
    void translate_now(msi_record &rec, sc_core::sc_time &delay);
    void enqueue(tlm::tlm_generic_payload &gp, msi_record &rec, sc_core::sc_time &delay);
    void engine();
    void hand_off(msi_record &rec, uint32_t target, uint32_t intid);
    void count_arrival(const msi_record &rec);
    sc_core::sc_time lookup_cost(const lookup_counts &used) const;
    // The caches' counters, read only when a cost depends on them (not on
    // the default, functional-first path).
    lookup_counts cache_counts() const;
    void finish_msi(msi_record &rec);
    sc_core::sc_time reserve(std::vector<sc_core::sc_time> &pool, const sc_core::sc_time &at, size_t &slot);

    sc_core::sc_time cycles(unsigned n) const { return timing_.clock_period * n; }
    // Adds t to the operation's time: annotated (LT) or waited (accurate).
    void spend(sc_core::sc_time &delay, const sc_core::sc_time &t);
    // After a call that annotated `delay`: in accurate mode, wait it out.
    void settle(sc_core::sc_time &delay);
    void enter_core();
    void leave_core();
    // Accurate mode waits: false (an SC_ERROR reported) when the caller is an SC_METHOD.
    bool caller_can_wait();
    void report_drop(const msi_record &rec);

    std::string msg_type_;

    its_timing timing_;
    its_t *core_ = nullptr;
    op *op_ = nullptr;           // set while a process runs inside the core
    bool core_busy_ = false;
    unsigned core_waiters_ = 0;
    const sc_core::sc_process_b *core_owner_ = nullptr; // an identity (gicv3::current_process)
    sc_core::sc_event core_free_;
    tlm::tlm_generic_payload mem_gp_; // reused: one memory access at a time
    sc_core::sc_event commands_ready_; // CWRITER or GITS_CTLR written
    sc_core::sc_time engine_free_;     // when the command engine is done with what it ran
    sc_core::sc_time ready_at_;        // when the last GITS_CWRITER/CTLR write takes effect
    std::vector<sc_core::sc_time> published_; // per queue slot: the CWRITER write that covered it
    uint64_t cwriter_seen_ = 0;

    // Pipeline state
    std::deque<queued_msi> *queue_ = nullptr; // the input queue (owned; see its_pipeline.cpp)
    sc_core::sc_event queue_work_, queue_space_, msi_done_, credit_returned_;
    std::vector<sc_core::sc_time> read_slots_;  // when each outstanding-read slot frees
    std::vector<sc_core::sc_time> credits_;     // when each LPI credit returns
    uint64_t next_seq_ = 0;
    unsigned inside_ = 0;
    pipeline_stats pstats_;
    // The count of MSIs inside, integrated over time. Arrivals and hand-offs
    // can lie ahead of the kernel (LT writers' local times): each change is
    // applied when simulated time reaches it, so the integral runs in order.
    // The integral over time of the MSIs inside, from the changes (+1 at an
    // arrival, -1 at a hand-off, annotated times in any order): up to any end
    // after the last change it is end x (net change) - sum of d x t, kept
    // exactly in ticks.
    struct occupancy {
        __extension__ typedef __int128 wide;
        wide weighted = 0; // sum of d x t, ticks
        long n = 0;        // sum of d
        sc_core::sc_time last; // the latest change
        void change(const sc_core::sc_time &t, int d)
        {
            n += d;
            weighted += wide(d) * wide(t.value());
            if (t > last)
                last = t;
        }
        sc_core::sc_time integral(const sc_core::sc_time &end) const // end >= last
        {
            return sc_core::sc_time::from_value(uint64_t(wide(n) * wide(end.value()) - weighted));
        }
    } inside_time_;
    uint64_t fetch_line_ = ~0ull;              // command fetch buffer: line address held
    std::vector<unsigned char> fetch_buf_;
    bool fetch_valid_ = false;
    uint64_t reset_gen_ = 0; // reset() count: an engine's MSI from before one is dropped
};

// The ITS with TLM-2.0 sockets of width BUSWIDTH (the data length of an
// access does not depend on it).
template <unsigned BUSWIDTH = 64>
class basic_its : public its_base {
public:
    tlm_utils::simple_target_socket<basic_its, BUSWIDTH> regs;   // ITS_base: control + translation frames (128 KB)
    tlm_utils::simple_initiator_socket<basic_its, BUSWIDTH> mem; // command queue and table traffic

    static constexpr unsigned bus_width = BUSWIDTH;

    // Throws std::invalid_argument when the configuration fails
    // its_config_check() or the clock period is zero. The core always runs
    // with process_on_write = false: the command engine steps the queue.
    basic_its(sc_core::sc_module_name name, const its_config &config, const its_timing &timing = {})
        : its_base(name, config, timing), regs("regs"), mem("mem")
    {
        regs.register_b_transport(this, &basic_its::b_transport);
        regs.register_transport_dbg(this, &basic_its::transport_dbg);
    }

protected:
    void mem_b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay) override
    {
        mem->b_transport(gp, delay);
    }
};

using its = basic_its<64>;
using its32 = basic_its<32>;

extern template class basic_its<32>;
extern template class basic_its<64>;

} // namespace gicv3
