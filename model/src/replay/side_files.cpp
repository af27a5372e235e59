// SPDX-License-Identifier: Apache-2.0
// Which side files beside a trace are its own. A directory may hold several
// captures, or one capture of several traces (a migration's source and
// destination) sharing untagged files.
#include <algorithm>
#include <filesystem>

#include "loader.h"
#include "trace_lines.h"

namespace fs = std::filesystem;

namespace gicv3_vp::replay::detail {

namespace {

bool ends_with(const std::string &s, const std::string &end)
{
    return s.size() >= end.size() && s.compare(s.size() - end.size(), std::string::npos, end) == 0;
}

// A family of side files: "<prefix><middle><ending>", the middle holding the
// capture's tag. A qualifier at the end of the middle is not a tag: the
// kvm-unit-tests captures name their table stores cpu-table-writes-test.tsv
// ("test code only") whatever the trace is called.
struct family {
    const char *prefix;
    std::vector<const char *> endings; // in order of preference
    bool tag_required;                 // mem-A-cmdq.bin: the middle is the tag itself
    const char *qualifier = nullptr;   // preferred over the same file without it
};

struct candidate {
    std::string tag, path;
    unsigned rank; // lower is preferred among files of one tag
};

// The capture name's tag: "trace-A.log.gz" -> "A"; "trace.log.gz" -> "".
std::string tag_of(const std::string &stem)
{
    size_t dash = stem.rfind('-');
    return dash == std::string::npos ? std::string() : stem.substr(dash + 1);
}

std::vector<candidate> candidates(const fs::path &dir, const family &f)
{
    std::vector<candidate> found;
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_regular_file(ec) || name.compare(0, std::string(f.prefix).size(), f.prefix) != 0)
            continue;
        for (unsigned e = 0; e < f.endings.size(); e++) {
            const std::string ending = f.endings[e], prefix = f.prefix;
            if (name.size() < prefix.size() + ending.size() || !ends_with(name, ending))
                continue;
            std::string middle = name.substr(prefix.size(), name.size() - prefix.size() - ending.size());
            bool qualified = f.qualifier && ends_with(middle, f.qualifier);
            if (qualified)
                middle.resize(middle.size() - std::string(f.qualifier).size());
            if (f.tag_required ? middle.empty() : !(middle.empty() || middle[0] == '-'))
                break;
            found.push_back({tag_of("-" + middle), entry.path().string(),
                             (qualified ? 0u : 1u) * unsigned(f.endings.size()) + e});
            break;
        }
    }
    std::sort(found.begin(), found.end(),
              [](const candidate &a, const candidate &b) { return a.tag != b.tag ? a.tag < b.tag : a.path < b.path; });
    return found;
}

// The file whose tag is the trace's wins, then an untagged one; a trace
// without a tag takes the only candidate. Within the chosen ones the
// qualified name, then the earlier ending, wins; a tie is an error.
std::string find_side(const parsed &p, const family &f)
{
    const fs::path trace(p.path);
    const std::string want = trace_tag(p.path);
    std::vector<candidate> found = candidates(trace.has_parent_path() ? trace.parent_path() : fs::path("."), f);
    auto pick = [&](auto keep) {
        std::vector<candidate> hits;
        for (const candidate &c : found)
            if (keep(c.tag))
                hits.push_back(c);
        return hits;
    };
    std::vector<candidate> hits = pick([&](const std::string &t) { return !want.empty() && t == want; });
    if (hits.empty())
        hits = pick([](const std::string &t) { return t.empty(); });
    if (hits.empty() && want.empty())
        hits = pick([](const std::string &) { return true; });
    if (hits.empty())
        return {};
    unsigned best = hits[0].rank;
    for (const candidate &c : hits)
        best = std::min(best, c.rank);
    hits.erase(std::remove_if(hits.begin(), hits.end(), [&](const candidate &c) { return c.rank != best; }),
               hits.end());
    if (hits.size() > 1) {
        std::string names;
        for (const candidate &h : hits)
            names += " " + fs::path(h.path).filename().string();
        fail(p.path, 0, "several side files" + names + " fit this trace: name the trace <name>-<tag> like one of them");
    }
    return hits[0].path;
}

} // namespace

std::string trace_tag(const std::string &path)
{
    std::string name = fs::path(path).filename().string();
    for (const char *ext : {".gz", ".log", ".txt"})
        if (name.size() > std::string(ext).size() && ends_with(name, ext))
            name.resize(name.size() - std::string(ext).size());
    return tag_of(name);
}

std::string base_name(const std::string &path) { return fs::path(path).filename().string(); }

side_files find_side_files(const parsed &p)
{
    side_files s;
    s.queue = find_side(p, {"mem-", {"-cmdq.bin"}, true});
    s.list = find_side(p, {"its-cmds", {".tsv", ".tsv.gz"}, false});
    s.stores = find_side(p, {"cpu-table-writes", {".tsv", ".tsv.gz"}, false, "-test"});
    return s;
}

} // namespace gicv3_vp::replay::detail
