#include "vp/msi_ledger.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "vp/msi_tag.h"

namespace vp {

uint64_t msi_ledger::inject(uint32_t, uint32_t, sc_core::sc_time when)
{
    msis_.push_back({when, true});
    injected_++;
    return msis_.size();
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
    resolve(id);
}

uint64_t msi_ledger::dropped() const
{
    uint64_t n = 0;
    for (const auto &[reason, count] : drops_)
        n += count;
    return n;
}

void msi_ledger::translated(const gicv3::msi_record &r)
{
    const msi_tag *tag = r.payload ? r.payload->get_extension<msi_tag>() : nullptr;
    if (!tag || tag->id == 0 || tag->id > msis_.size() || !msis_[tag->id - 1].open)
        return; // not one of ours
    uint64_t id = tag->id;
    if (r.result != ITS_MSI_DELIVERED) {
        drop(id, its_msi_result_name(r.result));
        return;
    }
    using gicv3::lpi_delivery;
    lpi_delivery d = r.delivery.value_or(lpi_delivery::dropped_no_target);
    if (d == lpi_delivery::pending || d == lpi_delivery::merged) {
        if (d == lpi_delivery::merged)
            merged_++;
        waiting_[{r.translation.target, r.translation.intid}].push_back(id);
        return;
    }
    drop(id, d == lpi_delivery::dropped_disabled ? "redistributor_disabled"
             : d == lpi_delivery::dropped_range  ? "lpi_out_of_range"
                                                 : "no_redistributor");
}

void msi_ledger::lpi(const lpi_event &e)
{
    key k{e.cpu, e.intid};
    auto it = waiting_.find(k);
    switch (e.kind) {
    case lpi_event::set:
        return;
    case lpi_event::ack:
        acks_[e.cpu]++;
        if (it == waiting_.end())
            return; // an LPI no MSI of ours raised (INT, or a pending-table scan)
        for (uint64_t id : it->second) {
            delivered_++;
            per_cpu_[e.cpu]++;
            latencies_ns_.push_back((uint64_t)((e.time - msis_[id - 1].injected).to_seconds() * 1e9 + 0.5));
            resolve(id);
        }
        waiting_.erase(it);
        return;
    case lpi_event::clear:
        if (it != waiting_.end() && e.was_pending) {
            for (uint64_t id : it->second)
                drop(id, "cleared_before_ack");
            waiting_.erase(it);
        }
        return;
    case lpi_event::move:
        if (it == waiting_.end() || !e.was_pending)
            return;
        if (e.result != REDIST_LPI_PENDING && e.result != REDIST_LPI_MERGED) {
            // the destination refused it (LPIs off there, or beyond its range): lost
            for (uint64_t id : it->second)
                drop(id, e.result == REDIST_LPI_DROP_DISABLED ? "redistributor_disabled" : "lpi_out_of_range");
            waiting_.erase(it);
            return;
        }
        {
            auto &dst = waiting_[{e.to, e.intid}];
            dst.insert(dst.end(), it->second.begin(), it->second.end());
            waiting_.erase(k);
        }
        return;
    }
}

void msi_ledger::finish()
{
    for (auto &[k, ids] : waiting_)
        for (uint64_t id : ids)
            drop(id, "pending_at_end");
    waiting_.clear();
    for (uint64_t id = 1; id <= msis_.size(); id++)
        if (msis_[id - 1].open)
            drop(id, "in_flight_at_end");
}

std::vector<double> msi_ledger::latency() const
{
    if (latencies_ns_.empty())
        return {0, 0, 0, 0};
    std::vector<uint64_t> v = latencies_ns_;
    std::sort(v.begin(), v.end());
    double sum = 0;
    for (uint64_t x : v)
        sum += double(x);
    auto rank = [&](double p) { // nearest rank
        size_t r = (size_t)std::max(1.0, std::ceil(p * double(v.size())));
        return double(v[std::min(r, v.size()) - 1]);
    };
    return {sum / double(v.size()), rank(0.50), rank(0.99), double(v.back())};
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
    std::vector<double> l = latency();
    j["latency_ns"] = {{"mean", l[0]}, {"p50", l[1]}, {"p99", l[2]}, {"max", l[3]}};
    return j;
}

} // namespace vp
