// gicv3::its: life cycle, exclusive use of the core, and the command engine.
#include <new>
#include <stdexcept>
#include <string>

#include "its_internal.h"

namespace gicv3 {

using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

its::its(sc_core::sc_module_name name, const its_config &config, const its_timing &timing)
    : sc_module(name), regs("regs"), mem("mem"), redistributors("redistributors"), timing_(timing)
{
    if (timing_.clock_period == SC_ZERO_TIME)
        throw std::invalid_argument(std::string(this->name()) + ": clock_period is zero");
    its_config cfg = config;
    cfg.process_on_write = false; // the command engine below steps the queue
    if (const char *why = its_config_check(&cfg))
        throw std::invalid_argument(std::string(this->name()) + ": " + why);
    its_host_ops ops = host::ops(this);
    core_ = its_create(&cfg, &ops);
    if (!core_)
        throw std::bad_alloc();

    regs.register_b_transport(this, &its::b_transport);
    regs.register_transport_dbg(this, &its::transport_dbg);
    SC_HAS_PROCESS(its);
    SC_THREAD(command_engine);
}

its::~its() { its_destroy(core_); }

its_stats its::stats() const
{
    its_stats s;
    its_get_stats(core_, &s);
    return s;
}

void its::spend(sc_time &delay, const sc_time &t)
{
    delay += t;
    settle(delay);
}

void its::settle(sc_time &delay)
{
    if (timing_.accurate && delay != SC_ZERO_TIME) {
        wait(delay);
        delay = SC_ZERO_TIME;
    }
}

// The core is not reentrant. Nothing in LT mode waits inside it (unless a
// downstream target waits in b_transport); in accurate mode the process
// inside it waits on every memory access. Either way a second process that
// needs the core waits here until the first one leaves.
void its::enter_core()
{
    sc_core::sc_process_handle me = sc_core::sc_get_current_process_handle();
    if (core_busy_) {
        if (me == core_owner_)
            SC_REPORT_FATAL(name(), "ITS core reentered by the process already inside it "
                                    "(a memory or redistributor callback called back into the ITS)");
        if (!me.valid() || me.proc_kind() == sc_core::SC_METHOD_PROC_)
            SC_REPORT_ERROR(name(), "ITS core busy and the caller is not a thread: it cannot wait "
                                    "(b_transport must be called from an SC_THREAD)");
        core_waiters_++;
        while (core_busy_)
            wait(core_free_);
        core_waiters_--;
    }
    core_busy_ = true;
    core_owner_ = me;
}

void its::leave_core()
{
    core_busy_ = false;
    core_owner_ = sc_core::sc_process_handle();
    if (core_waiters_)
        core_free_.notify();
}

// Runs commands while the queue has some: one its_cmdq_step() at a time,
// each costing command_cycles plus what its memory and redistributor calls
// annotate. LT: a quantum keeper holds the engine's local time and syncs when
// the quantum is used up and when the queue drains. Accurate: waits it all.
void its::command_engine()
{
    qk_.reset();
    for (;;) {
        if (its_cmdq_ready(core_)) {
            run_command();
            continue;
        }
        if (!timing_.accurate && qk_.get_local_time() != SC_ZERO_TIME) {
            qk_.sync(); // drained: catch up, then look again
            continue;
        }
        wait(commands_ready_);
        qk_.reset();
    }
}

void its::run_command()
{
    op o;
    o.delay = timing_.accurate ? SC_ZERO_TIME : qk_.get_local_time();
    const sc_time start = sc_core::sc_time_stamp() + o.delay;
    spend(o.delay, cycles(timing_.command_cycles));
    command_record rec{};
    {
        session s(*this, o);
        rec.step = its_cmdq_step(core_, &rec.report);
    }
    if (rec.step == ITS_STEP_IDLE)
        return; // the queue stopped while the decode time passed: nothing ran
    if (!timing_.accurate)
        qk_.set(o.delay);
    rec.time = start;
    rec.latency = sc_core::sc_time_stamp() + o.delay - start;
    if (on_command)
        on_command(rec);
    if (!timing_.accurate && qk_.need_sync())
        qk_.sync();
}

} // namespace gicv3
