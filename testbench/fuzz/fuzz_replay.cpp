// SPDX-License-Identifier: Apache-2.0
// Target 6: the replay trace parser and its side files
// (gicv3_vp::replay::load, as its-vp --replay calls it).
//
// Input: sections separated by a line "====" (fz_sections.h), written as
// files of one trace folder: the trace (trace-A.log), the queue image
// (mem-A-cmdq.bin), the command list (its-cmds-A.tsv), the CPU's table
// stores (cpu-table-writes-A.tsv); a missing section is a missing file.
// Invariants: bad input is a trace_error naming file and line (never another
// exception, crash or sanitizer report); a loaded trace is well formed (every
// CPU below trace::cpus, a command's opcode its raw bytes', a dropped MSI's
// reason one of the core's names, every origin a file and a line) and
// loading it again gives the same events.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>

#include "fz_sections.h"
#include "gicv3_vp/replay/trace.h"

namespace {

namespace rp = gicv3_vp::replay;

[[noreturn]] void fail(const char *what, const std::string &detail)
{
    fprintf(stderr, "invariant violated: %s: %s\n", what, detail.c_str());
    abort();
}

bool has_cpu(rp::op k)
{
    return k == rp::op::redist_write || k == rp::op::redist_read || k == rp::op::iar1 || k == rp::op::eoir1 ||
           k == rp::op::pmr_write || k == rp::op::igrpen1_write;
}

void check(const rp::trace &t)
{
    static const std::set<std::string> drops = {"unmapped_device", "event_oor",   "unmapped_event",
                                                "unmapped_collection", "memory_fault", "its_disabled",
                                                "device_oor"};
    for (const rp::event &e : t.events) {
        std::string where = e.at.file + ":" + std::to_string(e.at.line);
        if (e.at.file.empty() || e.at.line == 0)
            fail("an event without an origin", rp::to_string(e.kind));
        if (has_cpu(e.kind) && e.cpu >= t.cpus)
            fail("an event's CPU beyond trace::cpus", where);
        if (e.kind == rp::op::command && e.opcode != (e.raw[0] & 0xFF))
            fail("a command whose opcode is not its raw bytes'", where);
        if (e.kind == rp::op::msi && !e.ref.delivered && !drops.count(e.ref.drop))
            fail("a dropped MSI with no known reason", where + " " + e.ref.drop);
    }
}

bool same(const rp::trace &a, const rp::trace &b)
{
    if (a.events.size() != b.events.size() || a.cpus != b.cpus || a.notes != b.notes)
        return false;
    for (size_t i = 0; i < a.events.size(); i++) {
        const rp::event &x = a.events[i], &y = b.events[i];
        if (x.kind != y.kind || x.at.line != y.at.line || x.data != y.data || x.offset != y.offset ||
            x.pa != y.pa || memcmp(x.raw, y.raw, sizeof x.raw) != 0)
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    std::vector<std::string> s = fz::sections(data, size);
    static const char *names[] = {"trace-A.log", "mem-A-cmdq.bin", "its-cmds-A.tsv", "cpu-table-writes-A.tsv"};
    std::string path;
    for (size_t i = 0; i < 4; i++) {
        std::string p = fz::put(names[i], i < s.size() ? &s[i] : nullptr);
        if (i == 0)
            path = p;
    }
    rp::trace t;
    try {
        t = rp::load(path);
    } catch (const rp::trace_error &) {
        return 0; // refused, naming file and line: what bad input should get
    } catch (const std::exception &e) {
        fail("an exception other than trace_error", e.what());
    }
    check(t);
    if (!same(t, rp::load(path)))
        fail("loading the same files twice gave different traces", path);
    return 0;
}
