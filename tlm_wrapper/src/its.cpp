// SPDX-License-Identifier: Apache-2.0
// gicv3::its: life cycle, exclusive use of the core, and the command engine.
#include <algorithm>
#include <new>
#include <stdexcept>
#include <string>

#include "its_internal.h"

namespace gicv3 {

using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;


its_base::its_base(sc_core::sc_module_name name, const its_config &config, const its_timing &timing)
    : sc_module(name), redistributors("redistributors"), timing_(timing)
{
    msg_type_ = std::string("gicv3::its/") + this->name();
    if (timing_.clock_period == SC_ZERO_TIME)
        throw std::invalid_argument(std::string(this->name()) + ": clock_period is zero");
    if (timing_.input_queue && !timing_.engines)
        throw std::invalid_argument(std::string(this->name()) + ": an input queue needs at least one engine");
    const unsigned fetch = timing_.command_fetch_bytes;
    if (fetch < 32 || fetch > 4096 || (fetch & (fetch - 1)))
        throw std::invalid_argument(std::string(this->name()) +
                                    ": command_fetch_bytes must be a power of two from 32 to 4096");
    its_config cfg = config;
    cfg.process_on_write = false; // the command engine below steps the queue
    if (const char *why = its_config_check(&cfg))
        throw std::invalid_argument(std::string(this->name()) + ": " + why);
    its_host_ops ops = host::ops(this);
    core_ = its_create(&cfg, &ops);
    if (!core_)
        throw std::bad_alloc();
    queue_ = new std::deque<queued_msi>();
    read_slots_.assign(timing_.outstanding_reads, SC_ZERO_TIME);
    credits_.assign(timing_.lpi_credits, SC_ZERO_TIME);
    fetch_buf_.resize(fetch);

    SC_HAS_PROCESS(its_base);
    SC_THREAD(command_engine);
    for (unsigned e = 0; timing_.input_queue && e < timing_.engines; e++)
        sc_core::sc_spawn([this] { engine(); }, sc_core::sc_gen_unique_name("engine"));
}

its_base::~its_base()
{
    delete queue_;
    its_destroy(core_);
}

// Power-on state (its.h lists what is reset and what is kept).
void its_base::trace(sc_core::sc_trace_file *tf) const
{
    const std::string p = std::string(name()) + ".";
    sc_core::sc_trace(tf, inside_, p + "msis_inside");
    sc_core::sc_trace(tf, pstats_.accepted, p + "msis_accepted");
    sc_core::sc_trace(tf, pstats_.done, p + "msis_done");
    sc_core::sc_trace(tf, pstats_.dropped_full, p + "dropped_full");
    sc_core::sc_trace(tf, core_busy_, p + "core_busy");
}

void its_base::reset()
{
    const sc_time t = gicv3::sim_now();
    if (core_busy_) {
        sc_core::sc_process_handle me = sc_core::sc_get_current_process_handle();
        if (!sc_core::sc_is_running() || !me.valid() || me.proc_kind() == sc_core::SC_METHOD_PROC_) {
            SC_REPORT_ERROR(msg_type(), "reset() while a process is inside the ITS core and the caller "
                                        "cannot wait for it (call reset() from an SC_THREAD)");
            return;
        }
    }
    op o;
    {
        session s(*this, o); // waits for a process inside the core to leave
        its_reset(core_);
    }
    reset_gen_++;
    // The input queue: every MSI in it is dropped, counted and reported.
    std::deque<queued_msi> dropped;
    dropped.swap(*queue_);
    for (queued_msi &q : dropped) {
        msi_record &rec = q.rec;
        rec.dropped_reset = true;
        rec.result = ITS_MSI_RESULTS;
        rec.times.start = rec.times.translated = rec.times.handoff = rec.times.pending = std::max(t, rec.times.accepted);
        pstats_.dropped_reset++;
        inside_--;
        inside_time_.change(rec.times.handoff, -1);
        rec.latency = rec.times.pending - rec.time;
        report_drop(rec);
        if (on_msi)
            on_msi(rec);
    }
    if (!dropped.empty()) {
        queue_space_.notify(SC_ZERO_TIME);
        msi_done_.notify(SC_ZERO_TIME);
    }
    queue_work_.cancel();
    // The command engine: idle, nothing published, nothing fetched.
    commands_ready_.cancel();
    engine_free_ = ready_at_ = t;
    published_.clear();
    cwriter_seen_ = 0;
    fetch_valid_ = false;
    fetch_line_ = ~0ull;
    // Slots and credits free (a credit claimed by a hand-off in its call stays claimed).
    for (sc_time &r : read_slots_)
        r = SC_ZERO_TIME;
    for (sc_time &c : credits_)
        if (c != sc_core::sc_max_time())
            c = SC_ZERO_TIME;
}

// Accurate mode waits inside b_transport: an SC_METHOD caller cannot.
bool its_base::caller_can_wait()
{
    if (!timing_.accurate || !sc_core::sc_is_running())
        return true;
    sc_core::sc_process_handle me = sc_core::sc_get_current_process_handle();
    if (me.valid() && me.proc_kind() != sc_core::SC_METHOD_PROC_)
        return true;
    SC_REPORT_ERROR(msg_type(), (std::string(name()) + ": accurate mode waits inside b_transport, so it needs "
                                 "an SC_THREAD caller; this access comes from " +
                                 (me.valid() ? "an SC_METHOD" : "outside any process") +
                                 " (call from a thread, or use LT mode: its_timing::accurate = false)")
                                    .c_str());
    return false;
}

its_stats its_base::stats() const
{
    its_stats s;
    its_get_stats(core_, &s);
    return s;
}

void its_base::spend(sc_time &delay, const sc_time &t)
{
    delay += t;
    settle(delay);
}

void its_base::settle(sc_time &delay)
{
    if (timing_.accurate && delay != SC_ZERO_TIME && !(op_ && op_->annotate_only)) {
        wait(delay);
        delay = SC_ZERO_TIME;
    }
}

// The core is not reentrant. Nothing in LT mode waits inside it (unless a
// downstream target waits in b_transport); in accurate mode the command
// engine waits inside it on every memory access. Either way a second process
// that needs the core waits here until the first one leaves.
void its_base::enter_core()
{
    const sc_core::sc_process_b *me = current_process();
    if (core_busy_) {
        if (me == core_owner_)
            SC_REPORT_FATAL(msg_type(), "ITS core reentered by the process already inside it "
                                    "(a memory or redistributor callback called back into the ITS)");
        if (!me || me->proc_kind() == sc_core::SC_METHOD_PROC_)
            SC_REPORT_ERROR(msg_type(), "ITS core busy and the caller is not a thread: it cannot wait "
                                    "(b_transport must be called from an SC_THREAD)");
        core_waiters_++;
        while (core_busy_)
            wait(core_free_);
        core_waiters_--;
    }
    core_busy_ = true;
    core_owner_ = me;
}

void its_base::leave_core()
{
    core_busy_ = false;
    core_owner_ = nullptr;
    if (core_waiters_)
        core_free_.notify();
}

// A GITS_CWRITER (or CTLR) write takes effect at `when`: the slots it
// publishes remember it (command latency), the engine may run from then.
void its_base::note_cwriter(const sc_time &when)
{
    uint64_t cwriter = 0, cbaser = 0;
    its_peek(core_, 0x88, 8, &cwriter);
    its_peek(core_, 0x80, 8, &cbaser);
    const size_t slots = (cbaser >> 63) ? ((cbaser & 0xFF) + 1) * 4096 / 32 : 0;
    if (published_.size() != slots) {
        published_.assign(slots, when);
        cwriter_seen_ = 0;
    }
    const uint64_t to = ((cwriter >> 5) & 0x7FFF);
    unsigned n = 0;
    for (uint64_t s = cwriter_seen_; slots && s != to % slots; s = (s + 1) % slots, n++)
        published_[s] = when;
    if (observer && n)
        observer->commands_published(n, when);
    cwriter_seen_ = slots ? to % slots : 0;
    ready_at_ = std::max(ready_at_, when);
    fetch_valid_ = false; // commands beyond the old CWRITER may sit in the fetched line
}

// Runs commands while the queue has some: one its_cmdq_step() at a time,
// each costing its cycles plus what its memory and redistributor calls
// annotate. LT: the engine's time runs ahead of the kernel's and syncs when
// the global quantum is used up and when the queue drains. Accurate: it
// waits every cost where it arises.
void its_base::command_engine()
{
    for (;;) {
        const sc_time now = gicv3::sim_now();
        if (its_cmdq_ready(core_)) {
            const sc_time start = std::max({now, engine_free_, ready_at_});
            if (start > now && (timing_.accurate || start - now >= tlm::tlm_global_quantum::instance().get())) {
                wait(start - now);
                continue;
            }
            if (run_command(start))
                continue;
        }
        if (engine_free_ > now) {
            wait(engine_free_ - now); // drained: catch up, then look again
            continue;
        }
        wait(commands_ready_);
    }
}

// LT: a reader of CREADR or GITS_CTLR at local time `until` sees the queue
// as it is then: the engine runs, in the reader's call, every command that
// starts before `until`, instead of waiting for the reader to yield.
void its_base::catch_up(const sc_time &until)
{
    const sc_time now = gicv3::sim_now();
    while (its_cmdq_ready(core_) && !core_busy_) {
        const sc_time start = std::max({now, engine_free_, ready_at_});
        if (start >= until || !run_command(start))
            break;
    }
    // Drained in the reader's call: the engine, woken, would find nothing
    // to run (its own time is engine_free_ either way), so spare it the
    // two process switches.
    if (!its_cmdq_ready(core_))
        commands_ready_.cancel();
}

bool its_base::run_command(const sc_time &start)
{
    const sc_time now = gicv3::sim_now();
    op o;
    o.delay = timing_.accurate ? SC_ZERO_TIME : start - now;
    spend(o.delay, cycles(timing_.command_cycles));
    command_record rec{};
    const lookup_counts before = cache_counts();
    {
        session s(*this, o);
        rec.step = its_cmdq_step(core_, &rec.report);
    }
    if (rec.step == ITS_STEP_IDLE)
        return false; // the queue stopped while the decode time passed: nothing ran
    if (rec.report.error)
        SC_REPORT_INFO_VERB(msg_type(),
                            ("command " + std::to_string(rec.report.opcode) + " at slot " +
                             std::to_string(rec.report.index) + " failed: E_ITS 0x" + hex(rec.report.error) +
                             (rec.step == ITS_STEP_STALLED ? " (queue stalled)" : " (skipped)")).c_str(),
                            sc_core::SC_HIGH);
    const lookup_counts used = cache_counts() - before;
    spend(o.delay, cycles(timing_.command_op_cycles[rec.report.opcode & 0xF] +
                          unsigned(used.invalidations) * timing_.invalidate_cycles));
    rec.time = start;
    rec.latency = gicv3::sim_now() + o.delay - start;
    rec.published = rec.report.index < published_.size() ? published_[rec.report.index] : start;
    engine_free_ = gicv3::sim_now() + o.delay;
    if (on_command)
        on_command(rec);
    return true;
}

template class basic_its<32>;
template class basic_its<64>;

} // namespace gicv3
