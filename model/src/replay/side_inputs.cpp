// Side inputs found beside a trace: the command queue dump (mem-*-cmdq.bin),
// the command list (its-cmds*.tsv), the CPU's table stores
// (cpu-table-writes*.tsv); and what is inferred when they are missing.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>

#include "loader.h"
#include "trace_lines.h"

namespace fs = std::filesystem;

namespace vp::replay::detail {
namespace {

// The capture name's tag: "trace-A.log.gz" -> "A"; "trace.log.gz" -> "".
std::string tag_of(std::string stem)
{
    size_t dash = stem.rfind('-');
    return dash == std::string::npos ? std::string() : stem.substr(dash + 1);
}

std::string trace_tag(const fs::path &trace)
{
    std::string name = trace.filename().string();
    for (const char *ext : {".gz", ".log", ".txt"})
        if (name.size() > std::string(ext).size() && name.compare(name.size() - std::string(ext).size(), std::string::npos, ext) == 0)
            name.resize(name.size() - std::string(ext).size());
    return tag_of(name);
}

// The side file "<prefix><middle><ending>" for this trace. A directory may hold
// several captures: the file whose tag (the middle's part after its last '-')
// is the trace's tag wins, then an untagged one; a trace without a tag takes
// the only candidate. Several candidates and no way to choose is an error.
std::string find_side(const parsed &p, const std::string &prefix, const std::string &ending, bool tag_required)
{
    const fs::path trace(p.path);
    const fs::path dir = trace.has_parent_path() ? trace.parent_path() : fs::path(".");
    const std::string want = trace_tag(trace);
    std::vector<std::pair<std::string, std::string>> found; // (tag, path)
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_regular_file(ec) || name.size() < prefix.size() + ending.size() ||
            name.compare(0, prefix.size(), prefix) != 0 ||
            name.compare(name.size() - ending.size(), std::string::npos, ending) != 0)
            continue;
        std::string middle = name.substr(prefix.size(), name.size() - prefix.size() - ending.size());
        if (tag_required ? middle.empty() : !(middle.empty() || middle[0] == '-'))
            continue;
        found.emplace_back(tag_of("-" + middle), entry.path().string());
    }
    std::sort(found.begin(), found.end());
    auto pick = [&](auto keep) {
        std::vector<std::string> hits;
        for (const auto &[tag, path] : found)
            if (keep(tag))
                hits.push_back(path);
        return hits;
    };
    std::vector<std::string> hits = pick([&](const std::string &t) { return !want.empty() && t == want; });
    if (hits.empty())
        hits = pick([](const std::string &t) { return t.empty(); });
    if (hits.empty() && want.empty())
        hits = pick([](const std::string &) { return true; });
    if (hits.size() > 1) {
        std::string names;
        for (const std::string &h : hits)
            names += " " + fs::path(h).filename().string();
        fail(p.path, 0, "several side files" + names + " fit this trace: name the trace <name>-<tag> like one of them");
    }
    return hits.empty() ? std::string() : hits[0];
}

std::string base(const std::string &path) { return fs::path(path).filename().string(); }

std::vector<std::string> split_tabs(const std::string &s)
{
    std::vector<std::string> out;
    size_t from = 0;
    for (size_t tab; (tab = s.find('\t', from)) != std::string::npos; from = tab + 1)
        out.push_back(s.substr(from, tab - from));
    out.push_back(s.substr(from));
    return out;
}

// A tab-separated file with a header line; columns found by name.
struct tsv {
    std::string path;
    std::vector<std::string> header;
    std::vector<std::pair<size_t, std::vector<std::string>>> rows; // (line, fields)

    explicit tsv(const std::string &file) : path(file)
    {
        line_reader in(file);
        std::string text;
        while (in.next(text)) {
            if (text.empty())
                continue;
            std::vector<std::string> f = split_tabs(text);
            if (header.empty()) {
                header = std::move(f);
                continue;
            }
            if (f.size() < header.size())
                fail(path, in.line(), std::to_string(f.size()) + " columns where the header has " +
                                          std::to_string(header.size()));
            rows.emplace_back(in.line(), std::move(f));
        }
    }
    std::optional<size_t> column(const char *name) const
    {
        auto it = std::find(header.begin(), header.end(), name);
        return it == header.end() ? std::nullopt : std::optional<size_t>(size_t(it - header.begin()));
    }
    size_t need(const char *name) const
    {
        auto c = column(name);
        if (!c)
            fail(path, 1, std::string("no column named ") + name);
        return *c;
    }
    uint64_t number(size_t row, size_t col, bool hex = false) const
    {
        uint64_t v = 0;
        if (!parse_u64(rows[row].second[col], v, hex))
            fail(path, rows[row].first, header[col] + " does not parse: '" + rows[row].second[col] + "'");
        return v;
    }
};

enum class source { queue, list, encoded };

// its-cmds*.tsv: each command's raw doublewords, found by its position in
// the trace (idx or seq) and, where the file has it, its queue slot.
struct command_list {
    tsv file;
    size_t dw[4];
    size_t opcode;
    std::optional<size_t> position, slot;
    std::multimap<uint64_t, size_t> rows; // position (else slot) -> row

    explicit command_list(const std::string &path) : file(path)
    {
        for (int i = 0; i < 4; i++)
            dw[i] = file.need(("raw_dw" + std::to_string(i)).c_str());
        opcode = file.need("opcode");
        position = file.column("idx");
        if (!position)
            position = file.column("seq");
        slot = file.column("cmdq_index");
        if (!position && !slot)
            fail(path, 1, "no idx, seq or cmdq_index column to match commands by");
        for (size_t r = 0; r < file.rows.size(); r++)
            rows.emplace(file.number(r, position ? *position : *slot), r);
    }

    bool find(const command_info &c, uint64_t raw[4], std::vector<bool> &used) const
    {
        auto [from, to] = rows.equal_range(position ? c.position : c.slot);
        for (auto it = from; it != to; ++it) {
            const size_t r = it->second;
            if (used[r] || (slot && file.number(r, *slot) != c.slot))
                continue;
            const std::string &name = file.rows[r].second[opcode];
            uint64_t numeric = 0;
            if (name != command_name(c.opcode) && !(parse_u64(name, numeric, true) && numeric == c.opcode))
                continue;
            for (int i = 0; i < 4; i++)
                raw[i] = file.number(r, dw[i], true);
            used[r] = true;
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

void complete_commands(parsed &p)
{
    if (p.commands.empty())
        return;
    const std::string queue_path = find_side(p, "mem-", "-cmdq.bin", true);
    const std::string list_path = find_side(p, "its-cmds", ".tsv", false);
    std::vector<unsigned char> queue;
    if (!queue_path.empty()) {
        std::ifstream f(queue_path, std::ios::binary);
        if (!f)
            fail(queue_path, 0, "cannot open");
        queue.assign(std::istreambuf_iterator<char>(f), {});
    }
    std::optional<command_list> list;
    if (!list_path.empty())
        list.emplace(list_path);
    std::vector<bool> used(list ? list->file.rows.size() : 0);

    operand_inference inference;
    std::vector<source> from;
    size_t rewritten = 0, disagreeing = 0;
    for (command_info &c : p.commands) {
        uint64_t *raw = p.t.events[c.event].raw;
        source s = source::encoded;
        if (queue.size() >= (size_t(c.slot) + 1) * 32) {
            uint64_t q[4] = {0, 0, 0, 0};
            for (int i = 0; i < 4; i++)
                for (int b = 7; b >= 0; b--) // little-endian doublewords
                    q[i] = q[i] << 8 | queue[size_t(c.slot) * 32 + size_t(i) * 8 + size_t(b)];
            // The slot holds this command unless it was rewritten after a wrap.
            if ((q[0] & 0xff) == c.opcode && agrees(c.opcode, c.traced, decode(q))) {
                std::copy(q, q + 4, raw);
                s = source::queue;
            } else {
                rewritten++;
            }
        }
        if (s == source::encoded && list) {
            uint64_t l[4];
            if (list->find(c, l, used)) {
                if ((l[0] & 0xff) == c.opcode && agrees(c.opcode, c.traced, decode(l))) {
                    std::copy(l, l + 4, raw);
                    s = source::list;
                } else {
                    disagreeing++;
                }
            }
        }
        if (s == source::encoded) {
            operands o = c.traced;
            std::string note = inference.infer(c, o);
            if (!note.empty())
                p.t.notes.push_back(note);
            encode(c.opcode, o, raw);
        }
        inference.feed(c, raw);
        from.push_back(s);
    }
    for (size_t a = 0, b; a < from.size(); a = b + 1) {
        for (b = a; b + 1 < from.size() && from[b + 1] == from[a];)
            b++;
        p.t.notes.push_back(range(a, b) + (from[a] == source::queue  ? ": raw bytes from " + base(queue_path)
                                           : from[a] == source::list ? ": raw bytes from " + base(list_path) +
                                                                           " (raw_dw0..raw_dw3)"
                                                                     : ": encoded from the traced operands"));
    }
    if (rewritten)
        p.t.notes.push_back(std::to_string(rewritten) + " command(s) not taken from " + base(queue_path) +
                            ": their slot holds another command (rewritten after a wrap)");
    if (disagreeing)
        p.t.notes.push_back(std::to_string(disagreeing) + " row(s) of " + base(list_path) +
                            " not used: their raw bytes disagree with the traced operands");
}

void merge_table_writes(parsed &p, const std::string &path);
void infer_property_stores(parsed &p);

void complete_table_stores(parsed &p)
{
    const std::string path = find_side(p, "cpu-table-writes", ".tsv", false);
    if (path.empty())
        infer_property_stores(p);
    else
        merge_table_writes(p, path);
}

// cpu-table-writes*.tsv: the CPU's stores, on the trace's clock.
void merge_table_writes(parsed &p, const std::string &path)
{
    tsv file(path);
    const size_t time = file.need("host_time"), cpu = file.need("cpu"), addr = file.need("addr"),
                 value = file.need("new");
    std::vector<std::pair<uint64_t, event>> stores;
    for (size_t r = 0; r < file.rows.size(); r++) {
        uint64_t usec = 0;
        if (!parse_seconds(file.rows[r].second[time], usec))
            fail(path, file.rows[r].first, "host_time does not parse: '" + file.rows[r].second[time] + "'");
        event e{};
        e.kind = op::table_store;
        e.at = origin{path, file.rows[r].first, 0, double(usec) / 1e6};
        e.cpu = uint32_t(file.number(r, cpu));
        e.pa = file.number(r, addr, true);
        e.data = file.number(r, value, true);
        if (e.data > 0xff)
            fail(path, file.rows[r].first, "new is not a byte: '" + file.rows[r].second[value] + "'");
        p.t.cpus = std::max(p.t.cpus, e.cpu + 1);
        stores.emplace_back(usec, e);
    }
    std::stable_sort(stores.begin(), stores.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
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
    p.t.notes.push_back(std::to_string(stores.size()) + " table store(s) from " + base(path) +
                        ", merged into the events by host time; no property store inferred");
}

} // namespace vp::replay::detail
