// SPDX-License-Identifier: Apache-2.0
// The CPU's stores into the LPI property and pending tables: plain memory
// writes no trace shows. From cpu-table-writes*.tsv (taken on the trace's
// clock) they are merged into the events by host time; without such a file
// the Linux driver's property stores are inferred (property_stores.cpp).
#include <algorithm>
#include <optional>

#include "loader.h"
#include "trace_lines.h"
#include "tsv.h"

namespace gicv3_vp::replay::detail {

void infer_property_stores(parsed &p);

namespace {

// A file shared by several traces of one machine: a qemu_instance column
// names each row's trace; without one, the host time does (a row after the
// last event of the trace before belongs to the next).
void merge_table_writes(parsed &p, const std::string &path, const share &sh)
{
    tsv file(path);
    const size_t time = file.need("host_time"), cpu = file.need("cpu"), addr = file.need("addr"),
                 value = file.need("new");
    const std::optional<size_t> inst = file.column("qemu_instance");
    const std::string tag = trace_tag(p.path);
    bool by_instance = false;
    for (size_t r = 0; inst && !tag.empty() && r < file.rows.size(); r++)
        by_instance |= file.field(r, *inst) == tag;
    std::vector<std::pair<uint64_t, event>> stores;
    for (size_t r = 0; r < file.rows.size(); r++) {
        uint64_t usec = 0;
        if (!parse_seconds(file.field(r, time), usec))
            fail(path, file.line(r), "host_time does not parse: '" + file.field(r, time) + "'");
        if (by_instance ? file.field(r, *inst) != tag
                        : (sh.stores_after && usec <= *sh.stores_after) || (sh.stores_until && usec > *sh.stores_until))
            continue; // another trace's
        event e{};
        e.kind = op::table_store;
        e.at = origin{path, file.line(r), 0, double(usec) / 1e6};
        const uint64_t c = file.number(r, cpu);
        if (c >= kMaxCpus)
            fail(path, file.line(r), "cpu " + file.field(r, cpu) + " is beyond the " + std::to_string(kMaxCpus) +
                                         " CPUs a machine may have");
        e.cpu = uint32_t(c);
        e.pa = file.number(r, addr, true);
        e.data = file.number(r, value, true);
        if (e.data > 0xff)
            fail(path, file.line(r), "new is not a byte: '" + file.field(r, value) + "'");
        p.t.cpus = std::max(p.t.cpus, e.cpu + 1);
        stores.emplace_back(usec, e);
    }
    std::stable_sort(stores.begin(), stores.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    // Each store goes after every event of its time or earlier.
    std::vector<event> events;
    std::vector<uint64_t> usec;
    events.reserve(p.t.events.size() + stores.size());
    size_t s = 0;
    for (size_t i = 0; i <= p.t.events.size(); i++) {
        for (; s < stores.size() && (i == p.t.events.size() || stores[s].first < p.usec[i]); s++) {
            events.push_back(stores[s].second);
            usec.push_back(stores[s].first);
        }
        if (i < p.t.events.size()) {
            events.push_back(std::move(p.t.events[i]));
            usec.push_back(p.usec[i]);
        }
    }
    p.t.events = std::move(events);
    p.usec = std::move(usec);
    std::string whose;
    if (by_instance)
        whose = " (its rows of qemu_instance " + tag + ")";
    else if (sh.stores_after || sh.stores_until)
        whose = std::string(" (shared with the other traces: its rows of host time") +
                (sh.stores_after ? " after the trace before this one ends" : "") +
                (sh.stores_after && sh.stores_until ? " and" : "") +
                (sh.stores_until ? " up to this trace's last event" : "") + ")";
    p.t.notes.push_back(std::to_string(stores.size()) + " table store(s) from " + base_name(path) + whose +
                        ", merged into the events by host time; no property store inferred");
}

} // namespace

void complete_table_stores(parsed &p, const side_files &s, const share &sh)
{
    if (s.stores.empty())
        infer_property_stores(p);
    else
        merge_table_writes(p, s.stores, sh);
}

} // namespace gicv3_vp::replay::detail
