// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/cpu_stub.h"

#include <algorithm>
#include <cstring>

#include "gicv3/checkpoint_io.h"
#include "gicv3/gic.h"
#include "gicv3/sim_time.h"

namespace gicv3_vp {

using sc_core::sc_time;

namespace {

// drv_env callbacks: the C driver kit talks to the CPU through these.
uint64_t env_read(void *ctx, uint64_t pa, unsigned size) { return static_cast<cpu_stub *>(ctx)->read(pa, size); }
void env_write(void *ctx, uint64_t pa, unsigned size, uint64_t v) { static_cast<cpu_stub *>(ctx)->write(pa, size, v); }
uint64_t env_alloc(void *ctx, uint64_t bytes, uint64_t align) { return static_cast<cpu_stub *>(ctx)->alloc(bytes, align); }
void env_relax(void *ctx) { static_cast<cpu_stub *>(ctx)->relax(); }
void env_clean(void *ctx, uint64_t pa, uint64_t bytes) { static_cast<cpu_stub *>(ctx)->clean(pa, bytes); }
uint64_t env_alloc32(void *ctx, uint64_t bytes, uint64_t align) { return static_cast<cpu_stub *>(ctx)->alloc32(bytes, align); }

} // namespace

cpu_stub::cpu_stub(sc_core::sc_module_name name, unsigned index, gicv3::gic_base &g, cpu_shared &shared,
                   const cpu_config &config)
    : sc_module(name), bus("bus"), irq("irq"), index_(index), gic_(g), shared_(shared), cfg_(config)
{
    env_ = {this, env_read, env_write, env_alloc, env_relax,
            [](void *ctx) { static_cast<cpu_stub *>(ctx)->shared_.queue_lock.lock(); },
            [](void *ctx) { static_cast<cpu_stub *>(ctx)->shared_.queue_lock.unlock(); }, env_clean, env_alloc32};
    bus.register_invalidate_direct_mem_ptr(this, &cpu_stub::invalidate_dmi);
    SC_HAS_PROCESS(cpu_stub);
    SC_THREAD(run);
}

void cpu_stub::invalidate_dmi(sc_dt::uint64, sc_dt::uint64) { dmi_valid_ = false; }

sc_time cpu_stub::now() const { return gicv3::sim_now() + qk_.get_local_time(); }

bool cpu_stub::dmi_covers(uint64_t pa, unsigned size) const
{
    return dmi_valid_ && pa >= dmi_.get_start_address() && pa + size - 1 <= dmi_.get_end_address();
}

// Normal memory through the CPUs' data cache when it is modelled; the rest
// (and every cache miss, fill and write-back) on the bus.
void cpu_stub::access(tlm::tlm_command cmd, uint64_t pa, unsigned size, uint64_t *value)
{
    cpu_cache &c = shared_.cache;
    if (c.covers(pa, size)) {
        if (cmd == tlm::TLM_WRITE_COMMAND) {
            c.write(pa, size, value, [&](uint64_t at, cpu_cache::line &l) {
                bus_access(tlm::TLM_READ_COMMAND, at, cpu_cache::kLine, l.data());
            });
            return;
        }
        if (c.read(pa, size, value))
            return;
    }
    bus_access(cmd, pa, size, value);
}

void cpu_stub::clean(uint64_t pa, uint64_t bytes)
{
    shared_.cache.clean(pa, bytes, [&](uint64_t at, const cpu_cache::line &l) {
        cpu_cache::line copy = l;
        bus_access(tlm::TLM_WRITE_COMMAND, at, cpu_cache::kLine, copy.data());
    });
}

void cpu_stub::bus_access(tlm::tlm_command cmd, uint64_t pa, unsigned size, void *value)
{
    bool rd = cmd == tlm::TLM_READ_COMMAND;
    if (dmi_covers(pa, size) && (rd ? dmi_.is_read_allowed() : dmi_.is_write_allowed())) {
        unsigned char *p = dmi_.get_dmi_ptr() + (pa - dmi_.get_start_address());
        if (rd)
            std::memcpy(value, p, size);
        else
            std::memcpy(p, value, size);
        qk_.inc(rd ? dmi_.get_read_latency() : dmi_.get_write_latency());
    } else {
        tlm::tlm_generic_payload &gp = gp_; // reused: a payload allocates its extension array
        sc_time delay = qk_.get_local_time();
        gp.set_command(cmd);
        gp.set_address(pa);
        gp.set_data_ptr(reinterpret_cast<unsigned char *>(value));
        gp.set_data_length(size);
        gp.set_streaming_width(size);
        gp.set_byte_enable_ptr(nullptr);
        gp.set_byte_enable_length(0);
        gp.set_dmi_allowed(false);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        bus->b_transport(gp, delay);
        qk_.set(delay);
        if (!gp.is_response_ok()) {
            failed_ = true;
            SC_REPORT_WARNING(name(), (std::string(rd ? "read" : "write") + " error at 0x" +
                                       [&] { char b[32]; std::snprintf(b, sizeof b, "%llx", (unsigned long long)pa); return std::string(b); }() +
                                       ": " + gp.get_response_string()).c_str());
        }
        // Not covered, or not for this kind of access: the target offers
        // DMI for this address, so take it (one region at a time, the
        // latest: software works on one page for a while).
        if (gp.is_dmi_allowed()) {
            tlm::tlm_generic_payload req;
            req.set_address(pa);
            req.set_command(cmd);
            dmi_valid_ = bus->get_direct_mem_ptr(req, dmi_);
        }
    }
    if (qk_.need_sync())
        qk_.sync();
}

uint64_t cpu_stub::read(uint64_t pa, unsigned size)
{
    uint64_t v = 0;
    access(tlm::TLM_READ_COMMAND, pa, size, &v);
    return v;
}

void cpu_stub::write(uint64_t pa, unsigned size, uint64_t value) { access(tlm::TLM_WRITE_COMMAND, pa, size, &value); }

void cpu_stub::relax()
{
    qk_.inc(cfg_.relax);
    if (qk_.need_sync())
        qk_.sync();
}

uint64_t cpu_stub::alloc32(uint64_t bytes, uint64_t align)
{
    if (!shared_.low_end)
        return alloc(bytes, align); // all of RAM is below 4 GB
    uint64_t pa = (shared_.next_low + align - 1) & ~(align - 1);
    if (pa + bytes > shared_.low_end)
        return 0;
    shared_.next_low = pa + bytes;
    return pa;
}

uint64_t cpu_stub::alloc(uint64_t bytes, uint64_t align)
{
    uint64_t pa = (shared_.next_free + align - 1) & ~(align - 1);
    if (pa + bytes > shared_.ram_end)
        return 0;
    shared_.next_free = pa + bytes;
    return pa;
}

// One interrupt, if the IRQ line says there is one to take.
bool cpu_stub::take_interrupt()
{
    // What is pending at this CPU's interface must be current at its local
    // time, not at the last time it yielded (an LPI due in between would be
    // missed): an interrupt acknowledge is a synchronisation point.
    if (qk_.get_local_time() != sc_core::SC_ZERO_TIME)
        qk_.sync();
    if (!line_pending())
        return false;
    // The CPU interface sees the access at this CPU's local time (the GIC
    // stamps the acknowledge with it), as a bus access does, after the
    // exception entry.
    qk_.inc(cfg_.entry);
    sc_time d = qk_.get_local_time();
    uint32_t intid = gic_.icc_iar1(index_, d);
    qk_.set(d);
    if (intid == REDIST_SPURIOUS) {
        spurious_++;
        return false;
    }
    taken_++;
    if (on_interrupt)
        on_interrupt(index_, intid, now());
    qk_.inc(cfg_.handler_cost);
    d = qk_.get_local_time();
    gic_.icc_eoir1(index_, intid, d);
    qk_.set(d);
    return true;
}

// The line is what the GIC last drove it to, already in the delta that
// drives it. It drops a little after an EOIR1 (at the write's time): ask the
// redistributor too, or every interrupt ends with a spurious IAR1 read.
bool cpu_stub::line_pending() const
{
    return gic_.irq_line(index_) && redist_irq_pending(gic_.redistributor(index_));
}

void cpu_stub::idle_until(const sc_core::sc_event &wake, const std::function<bool()> &done)
{
    if (&wake != idle_wake_) { // built once per wake event: a list allocates as it grows
        sc_core::sc_event_or_list events;
        events |= gic_.irq_raised(index_);
        events |= wake;
        events |= stop_event_;
        idle_events_.swap(events);
        idle_wake_ = &wake;
    }
    while (!done() && !stopped_) {
        if (line_pending()) {
            if (!take_interrupt() && line_pending())
                qk_.sync(); // a spurious acknowledge with the line still up: let the GIC's update run
        } else
            sleep(idle_events_);
    }
}

// Nothing to take now. A synchronisation to the local time and then a wait
// would be two process switches; one wait does: whatever makes an LPI
// takeable before the local time is reached raises the line, which ends
// the wait, and the CPU then resumes at its local time all the same. A CPU
// that synchronised and waited on every update of its line would have
// synchronised last at the latest of them: the quantum goes on from there.
void cpu_stub::sleep(const sc_core::sc_event_or_list &events)
{
    const sc_time from = resumed_from_ ? *resumed_from_ : now();
    resumed_from_.reset();
    sleeping_ = true;
    sleep_from_ = from;
    sc_core::wait(events);
    sleeping_ = false;
    qk_.resume(from, std::max(from, gic_.irq_driven_at(index_)));
}

void cpu_stub::quantum_keeper::resume(const sc_time &from, const sc_time &synced)
{
    const sc_time now = gicv3::sim_now();
    m_local_time = from > now ? from - now : sc_core::SC_ZERO_TIME;
    const sc_time q = tlm::tlm_global_quantum::instance().get(); // as reset() at `synced` would
    m_next_sync_point = q == sc_core::SC_ZERO_TIME ? synced
                                                   : synced + q - sc_time::from_value(synced.value() % q.value());
}

void cpu_stub::stop()
{
    stopped_ = true;
    stop_event_.notify();
}

void cpu_stub::reset()
{
    dmi_valid_ = false;
    qk_.reset();
    failed_ = false;
    stopped_ = false;
    sc_time d = sc_core::SC_ZERO_TIME;
    gic_.icc_pmr(index_, cfg_.pmr, d);
    gic_.icc_igrpen1(index_, true, d);
}

void cpu_stub::run()
{
    if (resume_) { // restored: the GIC has PMR and Group 1 already; on from the checkpoint
        if (resume_->at > sc_core::sc_time_stamp())
            sc_core::wait(resume_->at - sc_core::sc_time_stamp());
        if (resume_->dmi) {
            tlm::tlm_generic_payload req;
            req.set_address(resume_->dmi_address);
            req.set_command(tlm::TLM_READ_COMMAND);
            dmi_valid_ = bus->get_direct_mem_ptr(req, dmi_);
        }
    } else {
        qk_.reset();
        sc_time d = sc_core::SC_ZERO_TIME;
        gic_.icc_pmr(index_, cfg_.pmr, d);
        gic_.icc_igrpen1(index_, true, d);
        qk_.inc(d);
    }
    if (program && !program_done_)
        program(*this);
    program_done_ = true;
    idle_until(stop_event_, [] { return false; });
    qk_.sync();
}

void cpu_stub::save(gicv3::ckpt_writer &w) const
{
    w.flag(sleeping_);
    w.flag(program_done_);
    w.time(sleep_from_);
    w.u64(taken_);
    w.u64(spurious_);
    w.flag(failed_);
    w.flag(stopped_);
    w.flag(dmi_valid_);
    w.u64(dmi_valid_ ? dmi_.get_start_address() : 0);
}

void cpu_stub::restore(gicv3::ckpt_reader &r, const sc_time &at)
{
    r.expect(r.flag(), "the CPU was not asleep at the checkpoint");
    program_done_ = r.flag();
    resumed_from_ = r.time();
    taken_ = r.u64();
    spurious_ = r.u64();
    failed_ = r.flag();
    stopped_ = r.flag();
    resume_point p;
    p.at = at;
    p.dmi = r.flag();
    p.dmi_address = r.u64();
    resume_ = p;
}

} // namespace gicv3_vp
