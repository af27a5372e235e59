// SPDX-License-Identifier: Apache-2.0
// Loading traces: each one read, its side files found, its commands' raw
// bytes and its table stores completed. Traces loaded together continue one
// machine: a side file they share is split between them, and the inference
// of the operands QEMU does not print carries on from one to the next.
#include <map>

#include "loader.h"
#include "trace_lines.h"

namespace gicv3_vp::replay {

namespace {

// A trace whose own lines give nothing cannot be replayed, whatever its side
// files add (their rows would be replayed against no trace at all).
void check_own_events(const detail::parsed &p)
{
    if (p.own_events == 0 && !p.t.events.empty())
        detail::fail(p.path, 0,
                     "nothing in it the replay uses (only its side files give events: " +
                         std::to_string(p.t.events.size()) + ")");
}

} // namespace

trace load(const std::string &path)
{
    detail::parsed p = detail::read_trace(path);
    const detail::side_files s = detail::find_side_files(p);
    detail::operand_inference inference;
    detail::complete_commands(p, s, {}, inference);
    detail::complete_table_stores(p, s, {});
    check_own_events(p);
    return std::move(p.t);
}

std::vector<trace> load(const std::vector<std::string> &paths)
{
    std::vector<detail::parsed> ps;
    std::vector<detail::side_files> sides;
    std::map<std::string, size_t> store_users; // table-store file -> traces it is found for
    for (const std::string &path : paths) {
        ps.push_back(detail::read_trace(path));
        sides.push_back(detail::find_side_files(ps.back()));
        if (!sides.back().stores.empty())
            store_users[sides.back().stores]++;
    }
    detail::operand_inference inference;
    std::map<std::string, size_t> listed;          // command list -> commands of the traces before
    std::map<std::string, uint64_t> stores_taken;  // table-store file -> host time taken up to
    std::vector<trace> out;
    size_t empty = 0;
    for (size_t i = 0; i < ps.size(); i++) {
        detail::parsed &p = ps[i];
        const detail::side_files &s = sides[i];
        detail::share sh;
        sh.listed_before = s.list.empty() ? 0 : listed[s.list];
        if (!s.stores.empty() && (store_users[s.stores] > 1 || stores_taken.count(s.stores))) {
            if (stores_taken.count(s.stores))
                sh.stores_after = stores_taken[s.stores];
            if (--store_users[s.stores] > 0) { // a later trace takes the rows after this one's end
                sh.stores_until = p.usec.empty() ? sh.stores_after.value_or(0) : p.usec.back();
                stores_taken[s.stores] = *sh.stores_until;
            }
        }
        detail::complete_commands(p, s, sh, inference);
        detail::complete_table_stores(p, s, sh);
        check_own_events(p);
        if (!s.list.empty())
            listed[s.list] += p.commands.size();
        if (p.t.events.empty()) { // e.g. a destination with nothing after the migration
            empty++;
            p.t.notes = {"nothing in it the replay uses: the other traces are replayed"};
        }
        if (paths.size() > 1) // say whose each note is
            for (std::string &n : p.t.notes)
                n = detail::base_name(p.path) + ": " + n;
        out.push_back(std::move(p.t));
    }
    if (empty == ps.size() && !ps.empty())
        detail::fail(paths[0], 0, ps.size() == 1 ? "nothing in it the replay uses"
                                                 : "nothing in it, nor in the traces after it, the replay uses");
    return out;
}

} // namespace gicv3_vp::replay
