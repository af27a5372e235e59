// SPDX-License-Identifier: Apache-2.0
// gicv3::its translation pipeline: the bounded input queue, the translation
// engines, outstanding table reads and LPI credits (docs/timing.md), and the
// direct path used when there is no input queue.
#include <algorithm>
#include <string>

#include "its_internal.h"

namespace gicv3 {

using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

namespace {
sc_time now() { return gicv3::sim_now(); }
} // namespace

// The pool's slot that frees first: when an operation wanting it at `at`
// can start. The caller sets pool[slot] to when it frees again.
sc_time its_base::reserve(std::vector<sc_time> &pool, const sc_time &at, size_t &slot)
{
    slot = size_t(std::min_element(pool.begin(), pool.end()) - pool.begin());
    return std::max(at, pool[slot]);
}

lookup_counts its_base::cache_counts() const
{
    const its_timing &t = timing_;
    return t.lookup_cycles || t.miss_cycles || t.invalidate_cycles ? lookup_counts::of(core_) : lookup_counts{};
}

// What the lookup stages of one translation cost beyond its table reads.
sc_time its_base::lookup_cost(const lookup_counts &used) const
{
    return cycles(unsigned(used.lookups) * timing_.lookup_cycles + unsigned(used.misses) * timing_.miss_cycles);
}

// No input queue: the writer's call translates and delivers, its delay
// carrying every cost (LT) or waiting each (accurate), as one engine per
// writer would.
void its_base::translate_now(msi_record &rec, sc_time &delay)
{
    count_arrival(rec);
    rec.times.accepted = rec.times.start = now() + delay;
    spend(delay, cycles(timing_.translate_cycles));
    op o;
    o.delay = delay;
    o.msi = &rec;
    const lookup_counts before = cache_counts();
    {
        session s(*this, o);
        rec.result = its_msi(core_, rec.device_id, rec.event_id, &rec.translation);
    }
    delay = o.delay + lookup_cost(cache_counts() - before);
    rec.delivery = o.delivery;
    rec.times.translated = rec.times.handoff = o.delivery ? o.handoff : now() + delay;
    rec.times.pending = o.delivery ? o.pending : rec.times.handoff;
    finish_msi(rec); // before waiting: a CPU may take the LPI meanwhile (its_host.cpp)
    settle(delay);
}

// Into the input queue at the write's time; a full queue holds the writer
// (its b_transport returns when a slot frees) or drops the MSI. A writer
// that cannot wait (an SC_METHOD) cannot be held: its MSI is dropped and
// counted as when drop_when_full is set, with a warning.
void its_base::enqueue(tlm::tlm_generic_payload &gp, msi_record &rec, sc_time &delay)
{
    const bool full = queue_->size() >= timing_.input_queue;
    bool drop = full && timing_.drop_when_full;
    if (full && !drop) {
        sc_core::sc_process_handle me = sc_core::sc_get_current_process_handle();
        if (!me.valid() || me.proc_kind() == sc_core::SC_METHOD_PROC_) {
            SC_REPORT_WARNING(msg_type(), "input queue full and the writer is not a thread: it cannot be held, "
                                      "the MSI is dropped (send MSIs from an SC_THREAD)");
            drop = true;
        }
    }
    if (drop) {
        pstats_.dropped_full++;
        rec.dropped_full = true;
        rec.result = ITS_MSI_RESULTS;
        rec.times.accepted = rec.times.start = rec.times.translated = rec.times.handoff = rec.times.pending =
            now() + delay;
        rec.payload = &gp;
        report_drop(rec);
        if (on_msi)
            on_msi(rec);
        return;
    }
    count_arrival(rec); // inside from its arrival, held or not
    if (full) {
        wait(delay); // the writer is held from its own time on
        delay = SC_ZERO_TIME;
        const sc_time held_from = now();
        while (queue_->size() >= timing_.input_queue)
            wait(queue_space_);
        pstats_.held++;
        pstats_.backpressure += now() - held_from;
    }
    rec.times.accepted = now() + delay;
    rec.payload = nullptr; // the write returns before the ITS is done with it
    // In time order: LT writers may be at different local times. MSIs of
    // different devices that arrive at the same time go in DeviceID order,
    // not in the order the kernel happens to run their writers; one device's
    // stay in the order it wrote them (posted writes are not reordered).
    const auto after = [&rec](const msi_record &q) {
        if (q.times.accepted != rec.times.accepted)
            return q.times.accepted > rec.times.accepted;
        return q.device_id > rec.device_id;
    };
    auto at = queue_->end();
    while (at != queue_->begin() && after(std::prev(at)->rec))
        --at;
    queue_->insert(at, queued_msi{rec});
    if (observer)
        observer->msi_queued(rec);
    pstats_.queue_max = std::max(pstats_.queue_max, unsigned(queue_->size()));
    queue_work_.notify(delay);
}

// One translation engine: takes the oldest MSI that has arrived, translates
// it in the core at once (nothing waits inside the core, so engines
// overlap), then waits what the lookups and table reads cost and hands the
// LPI to its redistributor when an LPI credit is free.
void its_base::engine()
{
    for (;;) {
        while (queue_->empty() || queue_->front().rec.times.accepted > now()) {
            if (!queue_->empty())
                queue_work_.notify(queue_->front().rec.times.accepted - now());
            wait(queue_work_);
        }
        msi_record rec = queue_->front().rec;
        queue_->pop_front();
        queue_space_.notify(SC_ZERO_TIME);
        rec.times.start = now();
        pstats_.queue_wait += rec.times.start - rec.times.accepted;

        if (observer)
            observer->msi_started(rec);
        op o;
        o.annotate_only = true;
        o.msi = &rec;
        o.delay = cycles(timing_.translate_cycles);
        const lookup_counts before = cache_counts();
        const uint64_t gen = reset_gen_;
        {
            session s(*this, o);
            rec.result = its_msi(core_, rec.device_id, rec.event_id, &rec.translation);
        }
        o.delay += lookup_cost(cache_counts() - before);
        wait(o.delay);
        rec.times.translated = now();
        if (gen != reset_gen_) { // reset() while it was being translated
            rec.dropped_reset = true;
            rec.result = ITS_MSI_RESULTS;
            rec.delivery.reset();
            pstats_.dropped_reset++;
            rec.times.handoff = rec.times.pending = now();
        } else if (o.has_lpi) {
            hand_off(rec, o.target, o.intid);
        } else {
            rec.times.handoff = rec.times.pending = now();
        }
        finish_msi(rec);
    }
}

// An LPI credit, then the redistributor: the credit returns when the
// redistributor has taken the LPI (its annotated time). A credit in use by a
// hand-off still in its call is claimed (sc_max_time) until the call returns.
void its_base::hand_off(msi_record &rec, uint32_t target, uint32_t intid)
{
    size_t slot = 0;
    if (!credits_.empty()) {
        bool waited = false;
        for (;;) {
            const sc_time free = reserve(credits_, now(), slot);
            if (free == now())
                break;
            waited = true;
            if (free == sc_core::sc_max_time())
                wait(credit_returned_);
            else
                wait(free - now());
        }
        pstats_.credit_waits += waited;
        credits_[slot] = sc_core::sc_max_time();
    }
    rec.times.handoff = now();
    sc_time d = SC_ZERO_TIME;
    rec.delivery = redistributors->set_pending(target, intid, d);
    rec.times.pending = now() + d;
    if (!credits_.empty()) {
        credits_[slot] = rec.times.pending;
        credit_returned_.notify(SC_ZERO_TIME);
    }
}

// Every MSI the ITS does not deliver, at verbosity SC_DEBUG (quiet by default).
void its_base::report_drop(const msi_record &rec)
{
    const bool delivered = !rec.dropped_full && !rec.dropped_reset && rec.result == ITS_MSI_DELIVERED &&
                           (!rec.delivery || *rec.delivery == lpi_delivery::pending ||
                            *rec.delivery == lpi_delivery::merged);
    if (delivered || sc_core::sc_report_handler::get_verbosity_level() < sc_core::SC_DEBUG)
        return;
    const char *why = rec.dropped_full    ? "input_queue_full"
                      : rec.dropped_reset ? "its_reset"
                      : rec.result != ITS_MSI_DELIVERED ? its_msi_result_name(rec.result)
                                                        : to_string(*rec.delivery);
    SC_REPORT_INFO_VERB(msg_type(),
                        ("MSI " + std::to_string(rec.seq) + " (DeviceID " + std::to_string(rec.device_id) +
                         ", EventID " + std::to_string(rec.event_id) + ") dropped: " + why).c_str(),
                        sc_core::SC_DEBUG);
}

// An MSI is inside the ITS from its arrival (held or not) to its hand-off.
void its_base::count_arrival(const msi_record &rec)
{
    if (pstats_.accepted++ == 0)
        pstats_.first_arrival = rec.times.arrival;
    inside_++;
    inside_time_.change(rec.times.arrival, +1);
}

void its_base::finish_msi(msi_record &rec)
{
    rec.latency = rec.times.pending - rec.time;
    inside_--;
    pstats_.done++;
    pstats_.sojourn += rec.times.handoff - rec.times.arrival;
    pstats_.last_done = std::max(pstats_.last_done, rec.times.handoff);
    inside_time_.change(rec.times.handoff, -1);
    report_drop(rec);
    if (on_msi)
        on_msi(rec);
    msi_done_.notify(SC_ZERO_TIME);
}

pipeline_stats its_base::pipeline() const
{
    pipeline_stats p = pstats_;
    p.sojourn_integral = inside_time_.integral(std::max(now(), inside_time_.last));
    return p;
}

} // namespace gicv3
