// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/msi_ledger.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "gicv3/checkpoint_io.h"
#include "gicv3_vp/event_trace.h"
#include "gicv3_vp/msi_tag.h"
#include "gicv3_vp/summary.h"

namespace gicv3_vp {

uint64_t msi_ledger::inject(uint32_t device_id, uint32_t event, sc_core::sc_time when)
{
    msis_.push_back({when, true, false, {}, {}, {}});
    injected_++;
    const uint64_t id = first_id_ + msis_.size() - 1;
    if (trace_)
        trace_->injected(id, device_id, event, when);
    return id;
}

void msi_ledger::retire()
{
    while (!msis_.empty() && !msis_.front().open && !msis_.front().until_eoi) {
        msis_.pop_front();
        first_id_++;
    }
}

std::vector<uint64_t> &msi_ledger::waiting_for(uint64_t k)
{
    auto it = waiting_.find(k);
    if (it != waiting_.end())
        return it->second;
    if (spare_.empty())
        return waiting_[k];
    node n = std::move(spare_.back());
    spare_.pop_back();
    n.key() = k;
    return waiting_.insert(std::move(n)).position->second;
}

void msi_ledger::recycle(node n)
{
    n.mapped().clear(); // keeps its capacity for the next LPI
    spare_.push_back(std::move(n));
}

void msi_ledger::refuse(const std::string &reason)
{
    injected_++;
    drops_[reason]++;
    if (sc_core::sc_is_running())
        progress_.notify(sc_core::SC_ZERO_TIME);
}

void msi_ledger::drop(uint64_t id, const std::string &reason)
{
    drops_[reason]++;
    if (trace_)
        trace_->dropped(id, reason);
    resolve(id);
}

uint64_t msi_ledger::dropped() const
{
    uint64_t n = 0;
    for (const auto &[reason, count] : drops_)
        n += count;
    return n;
}

void msi_ledger::accept(const tlm::tlm_generic_payload &gp, uint64_t seq)
{
    const msi_tag *tag = gp.get_extension<msi_tag>();
    if (!tag || tag->id < first_id_ || tag->id >= first_id_ + msis_.size() || !msi(tag->id).open)
        return;
    if (by_seq_.empty())
        first_seq_ = seq;
    else if (seq < first_seq_)
        return; // numbers only grow: not a write of this run
    while (first_seq_ + by_seq_.size() <= seq)
        by_seq_.push_back(0);
    by_seq_[seq - first_seq_] = tag->id;
}

void msi_ledger::translated(const gicv3::msi_record &r)
{
    if (r.seq < first_seq_ || r.seq - first_seq_ >= by_seq_.size() || by_seq_[r.seq - first_seq_] == 0)
        return; // not one of ours
    const uint64_t id = by_seq_[r.seq - first_seq_];
    by_seq_[r.seq - first_seq_] = 0;
    while (!by_seq_.empty() && by_seq_.front() == 0) {
        by_seq_.pop_front();
        first_seq_++;
    }
    entry &m = msi(id);
    m.start = r.times.start;
    m.translated = r.times.translated;
    m.pending = r.times.pending;
    if (trace_)
        trace_->translated(id, r);
    if (r.dropped_full) {
        drop(id, "input_queue_full");
        return;
    }
    if (r.dropped_reset) {
        drop(id, "its_reset");
        return;
    }
    if (r.result != ITS_MSI_DELIVERED) {
        drop(id, its_msi_result_name(r.result));
        return;
    }
    using gicv3::lpi_delivery;
    lpi_delivery d = r.delivery.value_or(lpi_delivery::dropped_no_target);
    if (d == lpi_delivery::pending || d == lpi_delivery::merged) {
        if (d == lpi_delivery::merged)
            merged_++;
        waiting_for(key(r.translation.target, r.translation.intid)).push_back(id);
        return;
    }
    drop(id, d == lpi_delivery::dropped_disabled ? "redistributor_disabled"
             : d == lpi_delivery::dropped_range  ? "lpi_out_of_range"
                                                 : "no_redistributor");
}

void msi_ledger::lpi(const gicv3::lpi_event &e)
{
    if (e.kind == gicv3::lpi_event::set)
        return; // translated() has it already
    if (e.kind == gicv3::lpi_event::eoi) {
        eoi(e);
        return;
    }
    const uint64_t k = key(e.cpu, e.intid);
    auto it = waiting_.find(k);
    switch (e.kind) {
    case gicv3::lpi_event::set:
    case gicv3::lpi_event::eoi:
        return;
    case gicv3::lpi_event::ack:
        acks_[e.cpu]++;
        if (it == waiting_.end())
            return; // an LPI no MSI of ours raised (INT, or a pending-table scan)
        for (uint64_t id : it->second) {
            entry &m = msi(id);
            auto ns = [](sc_core::sc_time t) { return t.to_seconds() * 1e9; };
            // The redistributor can have it before its annotated time is
            // over (the LPI is pending at once, its line rises later), and
            // in lt even before the translation's annotated end (an ITE
            // cache miss's table read): a stage is cut at the acknowledge
            // then, so that none is negative (sc_time would wrap) and the
            // four still add up to the latency.
            const sc_core::sc_time start = std::min(m.start, e.time);
            const sc_core::sc_time translated = std::min(m.translated, e.time);
            const sc_core::sc_time pending = std::min(m.pending, e.time);
            delivered_++;
            per_cpu_[e.cpu]++;
            latencies_ns_.push_back(ns(e.time - m.injected));
            stages_ns_[0].push_back(ns(start - m.injected));
            stages_ns_[1].push_back(ns(translated - start));
            stages_ns_[2].push_back(ns(pending - translated));
            stages_ns_[3].push_back(ns(e.time - pending));
            m.until_eoi = true;
            if (trace_)
                trace_->delivered(id, e.cpu, pending, e.time);
            resolve(id);
        }
        active_[e.cpu].push_back(waiting_.extract(it));
        return;
    case gicv3::lpi_event::clear:
        if (it != waiting_.end() && e.was_pending) {
            for (uint64_t id : it->second)
                drop(id, "cleared_before_ack");
            recycle(waiting_.extract(it));
        }
        return;
    case gicv3::lpi_event::move:
        if (it == waiting_.end() || !e.was_pending)
            return;
        if (e.result != REDIST_LPI_PENDING && e.result != REDIST_LPI_MERGED) {
            // the destination refused it (LPIs off there, or beyond its range): lost
            for (uint64_t id : it->second)
                drop(id, e.result == REDIST_LPI_DROP_DISABLED ? "redistributor_disabled" : "lpi_out_of_range");
            recycle(waiting_.extract(it));
            return;
        }
        {
            // Moved behind the destination's LPI (references survive the
            // insertion's rehash, iterators do not).
            if (e.to == e.cpu)
                return; // a move onto itself leaves them where they are
            node src = waiting_.extract(it);
            std::vector<uint64_t> &dst = waiting_for(key(e.to, e.intid));
            dst.insert(dst.end(), src.mapped().begin(), src.mapped().end());
            recycle(std::move(src));
        }
        return;
    }
}

void msi_ledger::eoi(const gicv3::lpi_event &e)
{
    auto &act = active_[e.cpu];
    for (size_t i = act.size(); i-- > 0;) {
        if (uint32_t(act[i].key()) != e.intid)
            continue;
        for (uint64_t id : act[i].mapped()) {
            entry &m = msi(id);
            eoi_ns_.push_back((e.time - m.injected).to_seconds() * 1e9);
            m.until_eoi = false;
        }
        node n = std::move(act[i]);
        act.erase(act.begin() + long(i));
        recycle(std::move(n));
        retire();
        break;
    }
}

void msi_ledger::finish()
{
    for (auto &[k, ids] : waiting_)
        for (uint64_t id : ids)
            drop(id, "pending_at_end");
    waiting_.clear();
    // drop() retires from the front: walk from the back.
    for (uint64_t id = first_id_ + msis_.size(); id-- > first_id_;)
        if (msi(id).open)
            drop(id, "in_flight_at_end");
}

std::vector<double> msi_ledger::latency() const
{
    summary l = summary::of(latencies_ns_);
    return {l.mean, l.p50, l.p99, l.max};
}

nlohmann::json msi_ledger::to_json() const
{
    nlohmann::json j;
    j["msi"]["injected"] = injected_;
    j["msi"]["delivered"] = delivered_;
    j["msi"]["merged"] = merged_;
    j["msi"]["dropped"] = nlohmann::json::object();
    for (const auto &[reason, n] : drops_)
        j["msi"]["dropped"][reason] = n;
    j["per_cpu"] = nlohmann::json::array();
    for (size_t c = 0; c < per_cpu_.size(); c++)
        j["per_cpu"].push_back({{"cpu", c}, {"delivered", per_cpu_[c]}, {"interrupts", acks_[c]}});
    j["latency_ns"] = summary::of(latencies_ns_).to_json();
    j["latency_ns"]["histogram"] = histogram_json(latencies_ns_);
    j["latency_to_eoi_ns"] = summary::of(eoi_ns_).to_json();
    for (int s = 0; s < 4; s++)
        j["stages_ns"][kStages[s]] = summary::of(stages_ns_[s]).to_json();
    return j;
}

bool msi_ledger::idle() const
{
    if (outstanding() || !msis_.empty() || !waiting_.empty() || !by_seq_.empty())
        return false;
    for (const auto &a : active_)
        if (!a.empty())
            return false;
    return true;
}

void msi_ledger::save(gicv3::ckpt_writer &w) const
{
    w.u64(injected_);
    w.u64(delivered_);
    w.u64(merged_);
    w.u64(first_id_);
    w.u64(first_seq_);
    w.u64(drops_.size());
    for (const auto &[reason, n] : drops_) {
        w.str(reason);
        w.u64(n);
    }
    w.u64s(per_cpu_);
    w.u64s(acks_);
    w.f64s(latencies_ns_);
    w.f64s(eoi_ns_);
    for (const auto &s : stages_ns_)
        w.f64s(s);
}

void msi_ledger::restore(gicv3::ckpt_reader &r)
{
    injected_ = r.u64();
    delivered_ = r.u64();
    merged_ = r.u64();
    first_id_ = r.u64();
    first_seq_ = r.u64();
    drops_.clear();
    const uint64_t reasons = r.count(12);
    for (uint64_t i = 0; i < reasons; i++) {
        std::string reason = r.str();
        drops_[reason] = r.u64();
    }
    const size_t cpus = per_cpu_.size();
    per_cpu_ = r.u64s();
    acks_ = r.u64s();
    r.expect(per_cpu_.size() == cpus && acks_.size() == cpus, "counters of another number of CPUs");
    latencies_ns_ = r.f64s();
    eoi_ns_ = r.f64s();
    for (auto &s : stages_ns_)
        s = r.f64s();
    r.expect(delivered_ <= injected_ && dropped() <= injected_ - delivered_ && outstanding() == 0 &&
                 latencies_ns_.size() == delivered_,
             "MSIs open at the checkpoint, or counts that do not add up");
}

} // namespace gicv3_vp
