// SPDX-License-Identifier: Apache-2.0
// The GICv3 around the ITS: one redistributor per CPU (the C core's LPI
// logic and CPU interface), a distributor register frame, the LPI path from
// the ITS (gicv3::lpi_target_if) and one IRQ line per CPU. docs/gic.md
// describes it as a module of its own.
//
// gicv3::gic is basic_gic<64>: sockets of bus width 64. gicv3::gic32 has
// 32-bit sockets. All the logic is in gicv3::gic_base (width-independent),
// which code that takes a GIC of any width (a CPU model) uses by reference.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <vector>

#include "gicv3/lpi_target_if.h"
#include "its/redist.h"

namespace gicv3 {

class ckpt_writer;
class ckpt_reader;

struct gic_config {
    unsigned cpus = 4;
    uint8_t id_bits = 16;        // GICD_TYPER.IDbits + 1
    uint8_t pri_bits = 5;        // implemented priority bits
    bool direct_lpi = false;     // GICR_TYPER.DirectLPI
    uint32_t iidr = 0x43B;       // GICD_IIDR and GICR_IIDR
    unsigned spi_lines = 7;      // GICD_TYPER.ITLinesNumber: 32 × (n + 1) INTIDs
    sc_core::sc_time clock_period{1, sc_core::SC_NS};
    unsigned reg_access_cycles = 2; // a GICD/GICR register access
    unsigned icc_cycles = 2;        // a CPU-interface system register access
    unsigned lpi_cycles = 2;        // an LPI message from the ITS, beyond table reads
    // Each redistributor's configuration cache: 0 entries = unbounded, else
    // entries in sets of `ways` (docs/redistributor.md, "Geometry").
    uint32_t property_cache_entries = 0;
    uint32_t property_cache_ways = 1;
    bool ir = false;                // GICR_CTLR.IR: INVLPIR/INVALLR/SYNCR work without DirectLPI
    // Errata (docs/errata.md; the platform sets them from gic.errata.*).
    uint8_t port_pa_bits = 0;       // table accesses at or above 2^n fault (0: none)
    bool gic700_2195890 = false;    // LPIs left in the pending table...
    uint32_t pending_slots = 0;     // ... when this many are held already
    // Accurate timing: an operation from the ITS holds its redistributor
    // until its delay has passed, so that nothing sees its effect earlier
    // (the platform sets it with its.mode=accurate). Needs thread callers.
    bool accurate = false;
};

// The GIC's aggregate configuration-cache counters (every redistributor's
// redist_stats) and its memory traffic by table: a read is the pending
// table's when it falls in its redistributor's pending table (PENDBASER,
// 2^id_bits / 8 bytes), else the property table's; a write is always a
// pending-table write-back (nothing writes the property table).
struct gic_stats {
    uint64_t prop_hits, prop_misses, prop_evictions;
    uint64_t prop_reads, prop_read_bytes;
    uint64_t pend_reads, pend_read_bytes, pend_writes, pend_write_bytes;
};

// What happened to an LPI, for observers (statistics, replay checks).
struct lpi_event {
    enum kind_t { set, clear, move, ack, eoi } kind;
    unsigned cpu;            // set/clear/ack: the CPU; move: the source
    unsigned to;             // move: the destination
    uint32_t intid;
    redist_lpi_result result; // set: the outcome
    bool was_pending;        // clear/move: whether anything was pending
    sc_core::sc_time time;
};

// Reports (SC_REPORT_*) carry the message type "gicv3::gic/" + name() (see
// msg_type()), for sc_report_handler::set_actions per instance:
//   SC_INFO, verbosity SC_HIGH:  a bad GICD/GICR access (size, address), a
//     property or pending table access that faulted;
//   SC_INFO, verbosity SC_DEBUG: every LPI from the ITS that is dropped
//     (redistributor disabled, INTID out of range, no such redistributor);
//   SC_ERROR: accurate mode, a redistributor held by an ITS operation and
//     the caller an SC_METHOD, which cannot wait for it.
// Neither INFO level prints at the default verbosity (SC_MEDIUM).
class gic_base : public sc_core::sc_module, public gicv3::lpi_target_if {
public:
    sc_core::sc_vector<sc_core::sc_out<bool>> irq; // one IRQ line per CPU

    std::function<void(const lpi_event &)> on_lpi; // optional observer

    ~gic_base() override;
    gic_base(const gic_base &) = delete;
    gic_base &operator=(const gic_base &) = delete;

    // Back to the power-on state, at the caller's time: every redistributor
    // reset (redist_reset(): GICR registers, LPI state with the
    // configuration cache, and the CPU interface: PMR 0, Group 1 disabled,
    // nothing active), so every IRQ line drops; the distributor frame's
    // registers to their reset values (GICD_CTLR 0x50); no redistributor
    // held by an ITS operation. Kept: the configuration, on_lpi, and the
    // statistics (stats() keeps counting across resets). LPIs are lost with
    // the pending state, as in hardware; the ITS has its own reset().
    void reset();

    // The message type of this instance's reports: "gicv3::gic/" + name().
    const char *msg_type() const { return msg_type_.c_str(); }

    // CPU interface system registers, for the CPU stub of `cpu`.
    uint32_t icc_iar1(unsigned cpu, sc_core::sc_time &delay);
    void icc_eoir1(unsigned cpu, uint32_t intid, sc_core::sc_time &delay);
    void icc_pmr(unsigned cpu, uint8_t priority, sc_core::sc_time &delay);
    void icc_igrpen1(unsigned cpu, bool enable, sc_core::sc_time &delay);

    // lpi_target_if: target = Processor_Number = CPU index.
    gicv3::lpi_delivery set_pending(uint32_t target, uint32_t intid, sc_core::sc_time &delay) override;
    void clear_pending(uint32_t target, uint32_t intid, sc_core::sc_time &delay) override;
    void move_pending(uint32_t from, uint32_t to, uint32_t intid, sc_core::sc_time &delay) override;
    void inv(uint32_t target, uint32_t intid, sc_core::sc_time &delay) override;
    void invall(uint32_t target, sc_core::sc_time &delay) override;
    void sync(uint32_t target, sc_core::sc_time &delay) override;
    void movall(uint32_t from, uint32_t to, sc_core::sc_time &delay) override;

    const gic_config &config() const { return cfg_; }
    redist_t *redistributor(unsigned cpu) { return rd_[cpu]; }
    // Notified whenever cpu's IRQ line is updated, whether its value changes
    // or not: a waiter that saw the line high with nothing to take wakes here.
    const sc_core::sc_event &irq_update(unsigned cpu) const { return *irq_update_[cpu]; }
    // The level cpu's line was last driven to: what irq[cpu] reads once the
    // signal's update phase has run, already in the delta that drives it.
    bool irq_line(unsigned cpu) const { return line_[cpu]; }
    // Notified (immediately) whenever cpu's line is driven high, whether it
    // was high before or not: a CPU with nothing to take sleeps on it alone,
    // not woken by the line dropping.
    const sc_core::sc_event &irq_raised(unsigned cpu) const { return *irq_raised_[cpu]; }
    // When cpu's line was last driven (high or low, changed or not).
    const sc_core::sc_time &irq_driven_at(unsigned cpu) const { return driven_at_[cpu]; }
    uint64_t gicd_typer() const;
    gic_stats stats() const;

    // ---- Checkpoint (docs/checkpoint.md) ----
    // Nothing in progress: every IRQ line low with no update of it due,
    // no access inside a redistributor.
    bool idle() const;
    // Every redistributor (the core's redist_save() blob), the lines, the
    // distributor frame and the statistics, at an idle() instant.
    void save(ckpt_writer &w) const;
    // Before simulation starts, on a GIC of the same configuration: throws
    // checkpoint_error for state that does not fit it.
    void restore(ckpt_reader &r);

    struct host; // one per redistributor: the C core's callback context

protected:
    gic_base(sc_core::sc_module_name name, const gic_config &config);

    // The target sockets' callbacks (basic_gic registers them).
    void gicd_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    void gicr_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    unsigned gicd_debug(tlm::tlm_generic_payload &gp);
    unsigned gicr_debug(tlm::tlm_generic_payload &gp);
    // One table access on the initiator socket (basic_gic sends it).
    virtual void mem_b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay) = 0;

private:
    static int host_read(void *ctx, uint64_t pa, void *buf, uint32_t len);
    static int host_write(void *ctx, uint64_t pa, const void *buf, uint32_t len);
    static void host_irq(void *ctx, bool level);
    void drive_irq(unsigned cpu); // the line update: port, line_, irq_raised
    void gicd_access(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    void gicr_access(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    void report_access(const char *frame, const tlm::tlm_generic_payload &gp);
    void init_gicd();
    void report_lpi_drop(uint32_t target, uint32_t intid, gicv3::lpi_delivery d);
    void start_of_simulation() override;
    int table_access(unsigned cpu, tlm::tlm_command cmd, uint64_t pa, void *buf, uint32_t len);
    void count_table_access(unsigned cpu, bool write, uint64_t pa, uint32_t len);
    void notify(const lpi_event &e);
    bool valid(uint32_t cpu) const { return cpu < rd_.size(); }
    bool can_wait() const;
    // false: it had to wait and cannot (an SC_METHOD caller; reported).
    bool wait_free(unsigned cpu, sc_core::sc_time &delay);
    template <class Op> void from_its(unsigned a, unsigned b, sc_core::sc_time &delay, Op &&op);
    sc_core::sc_time cycles(unsigned n) const { return cfg_.clock_period * n; }

    gic_config cfg_;
    std::vector<redist_t *> rd_;
    std::vector<std::unique_ptr<host>> hosts_;
    std::vector<bool> level_; // IRQ levels, written to the ports once simulation runs
    std::vector<bool> line_;  // what each port was last driven to
    std::vector<sc_core::sc_time> driven_at_; // and when
    std::vector<uint8_t> update_due_;          // an irq_update_ notification not yet run
    // A level change reaches its port at the time of the access that caused
    // it (its annotated delay included), not at the caller's kernel time.
    std::vector<std::unique_ptr<sc_core::sc_event>> irq_update_, irq_raised_;
    // Accurate timing: redistributors held by an operation from the ITS.
    std::vector<sc_core::sc_time> held_until_; // busy with an ITS operation until then
    bool running_ = false;
    sc_core::sc_time *delay_ = nullptr; // delay of the access running in a redistributor
    // While alive, table accesses and IRQ changes are timed from `delay`.
    struct timed {
        gic_base &g;
        sc_core::sc_time *outer;
        timed(gic_base &owner, sc_core::sc_time &delay) : g(owner), outer(owner.delay_) { g.delay_ = &delay; }
        ~timed() { g.delay_ = outer; }
    };
    std::vector<uint8_t> gicd_regs_;    // distributor storage (SPIs are not modelled)
    tlm::tlm_generic_payload gp_;      // table accesses, one at a time
    gic_stats traffic_{};               // the table counters of stats()
    std::string msg_type_;
};

// The GIC with TLM-2.0 sockets of width BUSWIDTH (the data length of an
// access does not depend on it). `gicd` need not be bound: a platform
// without a distributor frame in its map leaves it unbound.
template <unsigned BUSWIDTH = 64>
class basic_gic : public gic_base {
public:
    tlm_utils::simple_target_socket_optional<basic_gic, BUSWIDTH> gicd; // distributor frame (64 KB), optional
    tlm_utils::simple_target_socket<basic_gic, BUSWIDTH> gicr;          // cpus x 128 KB redistributor frames
    tlm_utils::simple_initiator_socket<basic_gic, BUSWIDTH> mem;        // LPI property and pending tables

    static constexpr unsigned bus_width = BUSWIDTH;

    basic_gic(sc_core::sc_module_name name, const gic_config &config)
        : gic_base(name, config), gicd("gicd"), gicr("gicr"), mem("mem")
    {
        gicd.register_b_transport(this, &basic_gic::gicd_transport);
        gicd.register_transport_dbg(this, &basic_gic::gicd_debug);
        gicr.register_b_transport(this, &basic_gic::gicr_transport);
        gicr.register_transport_dbg(this, &basic_gic::gicr_debug);
    }

protected:
    void mem_b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay) override
    {
        mem->b_transport(gp, delay);
    }
};

using gic = basic_gic<64>;
using gic32 = basic_gic<32>;

extern template class basic_gic<32>;
extern template class basic_gic<64>;

} // namespace gicv3
