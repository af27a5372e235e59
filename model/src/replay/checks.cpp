// SPDX-License-Identifier: Apache-2.0
#include "checks.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace gicv3_vp::replay {

std::string where(const origin &at) { return at.file + ":" + std::to_string(at.line); }

std::string hex(uint64_t v)
{
    char b[24];
    std::snprintf(b, sizeof b, "0x%llx", (unsigned long long)v);
    return b;
}

void checker::fail(const origin &at, const std::string &what)
{
    r_.mismatched++;
    r_.failures.push_back({at, what});
}

bool checker::translation(const event &e, const char *what, bool delivered, uint32_t intid, uint32_t cpu,
                          const std::string &model_drop)
{
    const reference &ref = e.ref;
    // A reference drop must be a model drop; the reasons are not compared
    // (the reference's is inferred from its table reads).
    if (!ref.delivered && !delivered)
        return true;
    if (ref.delivered && delivered && ref.intid == intid && ref.rdbase == cpu)
        return true;
    std::string head = std::string(what) + " DeviceID " + hex(e.device_id) + " EventID " + hex(e.event_id) + ": ";
    std::string model = delivered ? "INTID " + std::to_string(intid) + " on cpu " + std::to_string(cpu)
                                  : "dropped (" + model_drop + ")";
    std::string refs = ref.delivered ? "INTID " + std::to_string(ref.intid) + " on cpu " + std::to_string(ref.rdbase)
                                     : "dropped (" + (ref.drop.empty() ? std::string("?") : ref.drop) + ")";
    fail(e.at, head + "model " + model + ", reference " + refs);
    return false;
}

void checker::reference_ack(unsigned cpu, uint32_t intid, const origin &at) { reference_[{cpu, intid}].push_back(&at); }

void checker::model_ack(unsigned cpu, uint32_t intid, const origin &at) { model_[{cpu, intid}].push_back(&at); }

void checker::compare_acks()
{
    // Per (CPU, INTID): an acknowledge both sides made at the same trace line
    // pairs up; the rest pair in order; what is left over on either side is
    // a failure, shown where it happened.
    auto unpaired = [](const std::vector<const origin *> &mine, const std::vector<const origin *> *theirs) {
        std::vector<const origin *> left;
        std::set<const origin *> same(theirs ? theirs->begin() : mine.end(), theirs ? theirs->end() : mine.end());
        for (const origin *o : mine)
            if (!same.count(o))
                left.push_back(o);
        return left;
    };
    auto left_over = [&](const key &k, const std::vector<const origin *> &mine, const std::vector<const origin *> *theirs,
                      const char *side, const char *other) {
        std::vector<const origin *> a = unpaired(mine, theirs), b;
        if (theirs)
            b = unpaired(*theirs, &mine);
        for (size_t i = b.size(); i < a.size(); i++)
            fail(*a[i], "cpu " + std::to_string(k.first) + ": the " + side + " acknowledged LPI " +
                            std::to_string(k.second) + " here; the " + other + " acknowledged it " +
                            std::to_string(theirs ? theirs->size() : 0) + " time(s) in all, the " + side + " " +
                            std::to_string(mine.size()));
    };
    for (const auto &[k, ref] : reference_) {
        auto m = model_.find(k);
        left_over(k, ref, m == model_.end() ? nullptr : &m->second, "reference", "model");
    }
    for (const auto &[k, mod] : model_) {
        auto f = reference_.find(k);
        left_over(k, mod, f == reference_.end() ? nullptr : &f->second, "model", "reference");
    }
}

std::string summary_line(const report &r)
{
    std::ostringstream o;
    o << "replay: " << r.msis << " msis, " << r.matched << " matched, " << r.mismatched << " mismatched, "
      << r.delivered << " delivered, " << r.merged << " merged";
    return o.str();
}

std::string format(const report &r, size_t shown)
{
    std::ostringstream o;
    for (size_t i = 0; i < r.failures.size() && i < shown; i++)
        o << "replay: mismatch: " << where(r.failures[i].at) << ": " << r.failures[i].what << "\n";
    if (r.failures.size() > shown)
        o << "replay: ... and " << r.failures.size() - shown << " more mismatches\n";
    for (const std::string &n : r.notes)
        o << "replay: note: " << n << "\n";
    if (r.msis_delivered != r.msis) {
        o << "replay: " << r.msis - r.msis_delivered << " of " << r.msis << " MSIs never acknowledged";
        const char *sep = " (";
        for (const auto &[why, n] : r.msi_drops)
            o << sep << why << " " << n, sep = ", ";
        o << (r.msi_drops.empty() ? "\n" : ")\n");
    }
    if (r.register_reads || r.register_reads_exempt || r.refused_writes)
        o << "replay: registers: " << r.register_reads << " reads compared, " << r.register_reads_exempt
          << " exempt, " << r.refused_writes << " refused writes checked\n";
    o << summary_line(r) << "\n";
    return o.str();
}

nlohmann::json to_json(const report &r)
{
    nlohmann::json j;
    j["cpus"] = r.cpus;
    j["events"] = r.events;
    j["msis"] = r.msis;
    j["matched"] = r.matched;
    j["mismatched"] = r.mismatched;
    j["delivered"] = r.delivered;
    j["merged"] = r.merged;
    j["msis_delivered"] = r.msis_delivered;
    j["msi_drops"] = r.msi_drops;
    j["register_reads"] = r.register_reads;
    j["register_reads_exempt"] = r.register_reads_exempt;
    j["refused_writes"] = r.refused_writes;
    j["passed"] = r.passed();
    j["error"] = r.error;
    j["simulated_ns"] = r.simulated_ns;
    j["failures"] = nlohmann::json::array();
    for (const failure &f : r.failures)
        j["failures"].push_back({{"file", f.at.file}, {"line", f.at.line}, {"what", f.what}});
    j["notes"] = r.notes;
    nlohmann::json its;
    for (int i = 0; i < ITS_MSI_RESULTS; i++)
        its["translations"][its_msi_result_name(its_msi_result(i))] = r.its.msi[i];
    for (int op = 0; op < 16; op++)
        if (r.its.commands[op])
            its["commands"][its_cmd_name(uint8_t(op))] = r.its.commands[op];
    its["command_errors"] = r.its.command_errors;
    its["stalls"] = r.its.stalls;
    j["its"] = its;
    return j;
}

} // namespace gicv3_vp::replay
