// SPDX-License-Identifier: Apache-2.0
// Property-table stores inferred when a capture has no cpu-table-writes*.tsv.
// The CPU's stores into the LPI property table are plain memory writes that
// QEMU does not trace; the Linux ITS driver makes them in a fixed pattern:
// it writes an LPI's byte (priority 0xA0, Group 1, enabled: 0xA3) just before
// the INV that follows the MAPTI of its event, and clears Enable (0xA2) just
// before the INV it sends ahead of the DISCARD.
#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include "loader.h"

namespace gicv3_vp::replay::detail {

namespace {

constexpr uint8_t kEnabled = 0xA3;  // priority 0xA0 | Group 1 (bit 1) | Enable (bit 0)
constexpr uint8_t kDisabled = 0xA2; // priority 0xA0 | Group 1
constexpr uint64_t kPropbaser = 0x70; // GICR_PROPBASER
constexpr uint32_t kFirstLpi = 8192;

using key = std::pair<uint32_t, uint32_t>; // (DeviceID, EventID)

bool concerns_event(uint8_t op)
{
    return op == CMD_MAPTI || op == CMD_MAPI || op == CMD_INV || op == CMD_DISCARD;
}

std::string hex(uint64_t v)
{
    char b[24];
    std::snprintf(b, sizeof b, "0x%llx", (unsigned long long)v);
    return b;
}

} // namespace

void infer_property_stores(parsed &p)
{
    if (p.commands.empty()) // no INV: nothing to infer
        return;
    // Which INVs enable and which disable: look at the commands on the same
    // (DeviceID, EventID) just before and just after each INV.
    const size_t n = p.commands.size();
    std::vector<operands> ops(n);
    for (size_t i = 0; i < n; i++)
        ops[i] = decode(p.t.events[p.commands[i].event].raw);
    std::vector<bool> enable(n), disable(n);
    std::map<key, uint8_t> around;
    for (size_t i = 0; i < n; i++) {
        const uint8_t op = p.commands[i].opcode;
        if (!concerns_event(op))
            continue;
        const key k{ops[i].device_id, ops[i].event_id};
        auto it = around.find(k);
        enable[i] = op == CMD_INV && it != around.end() && (it->second == CMD_MAPTI || it->second == CMD_MAPI);
        around[k] = op;
    }
    around.clear();
    for (size_t i = n; i-- > 0;) {
        const uint8_t op = p.commands[i].opcode;
        if (!concerns_event(op))
            continue;
        const key k{ops[i].device_id, ops[i].event_id};
        auto it = around.find(k);
        disable[i] = op == CMD_INV && it != around.end() && it->second == CMD_DISCARD;
        around[k] = op;
    }

    // Walk the events: the property table is where the latest GICR_PROPBASER
    // write put it, the INTID is the event's mapping when the INV runs.
    std::vector<event> events;
    std::vector<uint64_t> usec;
    events.reserve(p.t.events.size() + n);
    std::map<key, uint32_t> intid;
    std::optional<uint64_t> propbaser;
    std::set<uint64_t> tables;
    size_t cmd = 0, enables = 0, disables = 0, both = 0, unmatched = 0, unplaced = 0;
    size_t first_unmatched = 0, first_unplaced = 0;
    std::string unplaced_why;
    for (size_t i = 0; i < p.t.events.size(); i++) {
        const event &e = p.t.events[i];
        if (e.kind == op::redist_write && (e.offset == kPropbaser || e.offset == kPropbaser + 4)) {
            uint64_t v = propbaser.value_or(0);
            if (e.offset == kPropbaser && e.size == 8)
                v = e.data;
            else if (e.offset == kPropbaser)
                v = (v & ~0xffffffffull) | (e.data & 0xffffffffull);
            else
                v = (v & 0xffffffffull) | (e.data << 32);
            propbaser = v;
        }
        if (e.kind == op::command) {
            const size_t c = cmd++;
            const operands &o = ops[c];
            const key k{o.device_id, o.event_id};
            if (e.opcode == CMD_MAPTI || e.opcode == CMD_MAPI)
                intid[k] = o.intid;
            if (e.opcode == CMD_INV && (enable[c] || disable[c])) {
                both += enable[c] && disable[c];
                auto mapped = intid.find(k);
                std::string why = !propbaser                      ? "no GICR_PROPBASER write before it"
                                  : mapped == intid.end()          ? "its event is not mapped"
                                  : mapped->second < kFirstLpi     ? "its INTID is not an LPI"
                                                                   : "";
                if (!why.empty()) {
                    if (!unplaced++)
                        first_unplaced = e.at.line, unplaced_why = why;
                } else {
                    const uint64_t table = *propbaser & 0x000ffffffffff000ull; // Physical_Address[51:12]
                    tables.insert(table);
                    event s{};
                    s.kind = op::table_store;
                    s.at = e.at;
                    auto cpu = p.thread_cpu.find(e.at.thread);
                    s.cpu = cpu == p.thread_cpu.end() ? 0 : cpu->second;
                    s.pa = table + (mapped->second - kFirstLpi);
                    s.data = disable[c] ? kDisabled : kEnabled; // an INV both after a MAPTI and before a DISCARD disables
                    (disable[c] ? disables : enables)++;
                    events.push_back(s);
                    usec.push_back(p.usec[i]);
                }
            } else if (e.opcode == CMD_INV && !unmatched++) {
                first_unmatched = e.at.line;
            }
            if (e.opcode == CMD_DISCARD)
                intid.erase(k);
            if (e.opcode == CMD_MAPD && !o.valid)
                for (auto it = intid.begin(); it != intid.end();)
                    it = it->first.first == o.device_id ? intid.erase(it) : std::next(it);
        }
        events.push_back(std::move(p.t.events[i]));
        usec.push_back(p.usec[i]);
    }
    p.t.events = std::move(events);
    p.usec = std::move(usec);

    std::string where;
    for (uint64_t t : tables)
        where += (where.empty() ? "" : ", ") + hex(t);
    p.t.notes.push_back("property stores inferred (no cpu-table-writes*.tsv; the Linux driver's pattern): " +
                        std::to_string(enables) + " x 0xA3 (priority 0xA0, Group 1, enabled) before the first INV "
                        "after a MAPTI of the event, " + std::to_string(disables) +
                        " x 0xA2 (disabled) before the INV ahead of its DISCARD; property table at " +
                        (where.empty() ? std::string("(none)") : where) + " from GICR_PROPBASER");
    if (both)
        p.t.notes.push_back(std::to_string(both) + " INV(s) both after a MAPTI and before a DISCARD of their event: "
                                                    "taken as disabling");
    if (unmatched)
        p.t.notes.push_back(std::to_string(unmatched) + " INV(s) neither after a MAPTI nor before a DISCARD of their "
                            "event (first at line " + std::to_string(first_unmatched) + "): no store inferred");
    if (unplaced)
        p.t.notes.push_back(std::to_string(unplaced) + " INV(s) with no store inferred (first at line " +
                            std::to_string(first_unplaced) + ": " + unplaced_why + ")");
}

} // namespace gicv3_vp::replay::detail
