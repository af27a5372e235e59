// SPDX-License-Identifier: Apache-2.0
// Each command's raw 32 bytes, from the side inputs beside the trace: the
// queue dump (mem-*-cmdq.bin), the command list (its-cmds*.tsv), else
// encoded from the operands the trace printed, with SYNC's RDbase and
// INVALL's ICID inferred.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>

#include "loader.h"
#include "trace_lines.h"
#include "tsv.h"

namespace gicv3_vp::replay::detail {
namespace {

enum class source { queue, list, encoded };

// its-cmds*.tsv: each command's raw doublewords, found by its position in
// the trace (idx or seq) and, where the file has it, its queue slot. A file
// shared by several traces has a qemu_instance column naming each row's
// trace (src, dst), or numbers its rows across the traces.
struct command_list {
    tsv file;
    size_t dw[4];
    size_t opcode;
    std::optional<size_t> position, slot, check;
    std::string instance;                 // the rows taken are this qemu_instance's ("": all)
    std::multimap<uint64_t, size_t> rows; // position (else slot) -> row

    command_list(const std::string &path, const std::string &tag, size_t listed_before) : file(path)
    {
        for (int i = 0; i < 4; i++)
            dw[i] = file.need(("raw_dw" + std::to_string(i)).c_str());
        opcode = file.need("opcode");
        position = file.column("idx");
        if (!position)
            position = file.column("seq");
        slot = file.column("cmdq_index");
        check = file.column("raw_check");
        if (!position && !slot)
            fail(path, 1, "no idx, seq or cmdq_index column to match commands by");
        const std::optional<size_t> inst = file.column("qemu_instance");
        for (size_t r = 0; inst && !tag.empty() && r < file.rows.size(); r++)
            if (file.field(r, *inst) == tag)
                instance = tag;
        uint64_t rank = 0;
        for (size_t r = 0; r < file.rows.size(); r++) {
            if (!instance.empty() && file.field(r, *inst) != instance)
                continue;
            if (!position) {
                rows.emplace(file.number(r, *slot), r);
            } else if (!instance.empty()) { // the instance's rows in file order
                rows.emplace(rank++, r);
            } else {
                const uint64_t at = file.number(r, *position);
                if (at >= listed_before) // earlier rows are the traces' before this one
                    rows.emplace(at - listed_before, r);
            }
        }
    }

    // The row of this command: false when there is none. `has_raw` is false
    // for a row whose raw columns are all empty (a slot rewritten after a wrap).
    bool find(const command_info &c, uint64_t raw[4], bool &has_raw, bool &overwritten, std::vector<bool> &used) const
    {
        auto [from, to] = rows.equal_range(position ? c.position : c.slot);
        for (auto it = from; it != to; ++it) {
            const size_t r = it->second;
            if (used[r] || (slot && file.number(r, *slot) != c.slot))
                continue;
            const std::string &name = file.field(r, opcode);
            uint64_t numeric = 0;
            if (name != command_name(c.opcode) && !(parse_u64(name, numeric, true) && numeric == c.opcode))
                continue;
            used[r] = true;
            has_raw = !std::all_of(dw, dw + 4, [&](size_t col) { return file.field(r, col).empty(); });
            overwritten = check && file.field(r, *check) == "slot-overwritten-later";
            for (int i = 0; has_raw && i < 4; i++)
                raw[i] = file.number(r, dw[i], true);
            return true;
        }
        return false;
    }
};

std::string range(size_t a, size_t b)
{
    return a == b ? "command " + std::to_string(a) : "commands " + std::to_string(a) + ".." + std::to_string(b);
}

} // namespace

void complete_commands(parsed &p, const side_files &s, const share &sh, operand_inference &inference)
{
    if (p.commands.empty())
        return;
    std::vector<unsigned char> queue;
    if (!s.queue.empty()) {
        std::ifstream f(s.queue, std::ios::binary);
        if (!f)
            fail(s.queue, 0, "cannot open");
        queue.assign(std::istreambuf_iterator<char>(f), {});
    }
    std::optional<command_list> list;
    if (!s.list.empty())
        list.emplace(s.list, trace_tag(p.path), sh.listed_before);
    std::vector<bool> used(list ? list->file.rows.size() : 0);

    std::vector<source> from;
    size_t rewritten = 0, disagreeing = 0, no_raw = 0, overwritten = 0;
    for (command_info &c : p.commands) {
        uint64_t *raw = p.t.events[c.event].raw;
        source src = source::encoded;
        if (queue.size() >= (size_t(c.slot) + 1) * 32) {
            uint64_t q[4] = {0, 0, 0, 0};
            for (int i = 0; i < 4; i++)
                for (int b = 7; b >= 0; b--) // little-endian doublewords
                    q[i] = q[i] << 8 | queue[size_t(c.slot) * 32 + size_t(i) * 8 + size_t(b)];
            // The slot holds this command unless it was rewritten after a wrap.
            if ((q[0] & 0xff) == c.opcode && agrees(c.opcode, c.traced, decode(q))) {
                std::copy(q, q + 4, raw);
                src = source::queue;
            } else {
                rewritten++;
            }
        }
        bool has_raw = false, slot_reused = false;
        uint64_t l[4];
        if (src == source::encoded && list && list->find(c, l, has_raw, slot_reused, used)) {
            if (!has_raw) {
                no_raw++;
                overwritten += slot_reused;
            } else if ((l[0] & 0xff) == c.opcode && agrees(c.opcode, c.traced, decode(l))) {
                std::copy(l, l + 4, raw);
                src = source::list;
            } else {
                disagreeing++;
            }
        }
        if (src == source::encoded) {
            operands o = c.traced;
            std::string note = inference.infer(c, o);
            if (!note.empty())
                p.t.notes.push_back(note);
            encode(c.opcode, o, raw);
        }
        inference.feed(c, raw);
        from.push_back(src);
    }
    const std::string list_name =
        list ? base_name(s.list) + " (raw_dw0..raw_dw3" +
                   (list->instance.empty() ? std::string(")") : ", qemu_instance " + list->instance + ")")
             : std::string();
    for (size_t a = 0, b; a < from.size(); a = b + 1) {
        for (b = a; b + 1 < from.size() && from[b + 1] == from[a];)
            b++;
        p.t.notes.push_back(range(a, b) + (from[a] == source::queue  ? ": raw bytes from " + base_name(s.queue)
                                           : from[a] == source::list ? ": raw bytes from " + list_name
                                                                     : ": encoded from the traced operands"));
    }
    if (rewritten)
        p.t.notes.push_back(std::to_string(rewritten) + " command(s) not taken from " + base_name(s.queue) +
                            ": their slot holds another command (rewritten after a wrap)");
    if (no_raw)
        p.t.notes.push_back(std::to_string(no_raw) + " command(s) with empty raw_dw0..raw_dw3 in " + base_name(s.list) +
                            (overwritten == no_raw ? " (slot-overwritten-later: the queue wrapped and its dump holds "
                                                     "the last pass only)"
                                                   : " (" + std::to_string(overwritten) +
                                                         " of them slot-overwritten-later)") +
                            ": encoded from the traced operands");
    if (disagreeing)
        p.t.notes.push_back(std::to_string(disagreeing) + " row(s) of " + base_name(s.list) +
                            " not used: their raw bytes disagree with the traced operands");
}

} // namespace gicv3_vp::replay::detail
