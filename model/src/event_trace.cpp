// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/event_trace.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <ostream>
#include <queue>

namespace gicv3_vp {

using sc_core::sc_time;

event_trace::event_trace(sc_core::sc_module_name name, unsigned cpus, bool events, sc_core::sc_trace_file *vcd,
                         bool its_queue)
    : sc_module(name), events_(events), its_queue_(its_queue), cpus_(cpus), active_(cpus), vcd_(vcd),
      depth_(cpus, 0), cpu_active_(new bool[cpus]())
{
    const double res = sc_core::sc_get_time_resolution().to_seconds() * 1e12;
    res_ps_ = res >= 1 ? int64_t(std::llround(res)) : 0;
    if (!vcd_)
        return;
    sc_core::sc_trace(vcd_, input_queue_, "its.input_queue");
    sc_core::sc_trace(vcd_, command_queue_, "its.command_queue");
    sc_core::sc_trace(vcd_, reads_, "its.reads_in_flight");
    for (unsigned c = 0; c < cpus_; c++)
        sc_core::sc_trace(vcd_, cpu_active_[c], "cpu" + std::to_string(c) + ".active");
    SC_HAS_PROCESS(event_trace);
    SC_THREAD(apply_waves);
}

event_trace::ps_t event_trace::ps(const sc_time &t) const
{
    return res_ps_ ? ps_t(t.value()) * res_ps_ : ps_t(std::llround(t.to_seconds() * 1e12));
}

void event_trace::name_device(uint32_t device_id, const std::string &name) { device_names_[device_id] = name; }

// ---- From the ledger --------------------------------------------------------

void event_trace::injected(uint64_t id, uint32_t device_id, uint32_t event_id, const sc_time &when)
{
    if (!events_)
        return;
    if (msis_.size() < id)
        msis_.resize(id);
    msi_life &m = msis_[id - 1];
    m.injected = ps(when);
    m.device_id = device_id;
    m.event_id = event_id;
}

void event_trace::translated(uint64_t id, const gicv3::msi_record &r)
{
    msi_life *m = events_ ? life(id) : nullptr;
    if (!m)
        return;
    m->seq = r.seq;
    m->arrival = ps(r.times.arrival);
    m->accepted = ps(r.times.accepted);
    m->start = ps(r.times.start);
    m->translated = ps(r.times.translated);
    m->handoff = ps(r.times.handoff);
    m->pending = ps(r.times.pending);
    if (r.result == ITS_MSI_DELIVERED) {
        m->intid = r.translation.intid;
        m->cpu = uint16_t(r.translation.target);
    }
}

void event_trace::delivered(uint64_t id, unsigned cpu, const sc_time &pending, const sc_time &ack)
{
    msi_life *m = events_ ? life(id) : nullptr;
    if (!m)
        return;
    m->cpu = uint16_t(cpu);
    m->pending = ps(pending);
    m->ack = ps(ack);
    m->outcome = 1;
}

void event_trace::dropped(uint64_t id, const std::string &reason)
{
    msi_life *m = events_ ? life(id) : nullptr;
    if (!m)
        return;
    auto it = std::find(reasons_.begin(), reasons_.end(), reason);
    if (it == reasons_.end())
        it = reasons_.insert(reasons_.end(), reason);
    m->outcome = uint16_t(2 + (it - reasons_.begin()));
}

// ---- From the platform ------------------------------------------------------

void event_trace::command(const gicv3::command_record &c)
{
    const sc_time end = c.time + c.latency;
    if (vcd_)
        wave(end, w_command_queue, -1);
    if (events_)
        commands_.push_back({ps(c.published), ps(c.time), ps(end), c.report.index, c.report.error,
                             c.report.opcode, uint8_t(c.step)});
}

void event_trace::lpi(const gicv3::lpi_event &e)
{
    if (e.kind != gicv3::lpi_event::ack && e.kind != gicv3::lpi_event::eoi)
        return;
    if (e.cpu >= cpus_)
        return;
    const bool ack = e.kind == gicv3::lpi_event::ack;
    if (vcd_)
        wave(e.time, uint16_t(w_cpu0 + e.cpu), ack ? +1 : -1);
    if (!events_)
        return;
    std::vector<uint32_t> &act = active_[e.cpu];
    if (ack) {
        act.push_back(uint32_t(handlers_.size()));
        handlers_.push_back({ps(e.time), -1, e.intid, uint16_t(e.cpu)});
        return;
    }
    for (size_t i = act.size(); i-- > 0;)
        if (handlers_[act[i]].intid == e.intid) {
            handlers_[act[i]].eoi = ps(e.time);
            act.erase(act.begin() + long(i));
            return;
        }
}

// ---- its_observer -----------------------------------------------------------

void event_trace::msi_queued(const gicv3::msi_record &rec)
{
    if (vcd_)
        wave(rec.times.accepted, w_input_queue, +1);
}

void event_trace::msi_started(const gicv3::msi_record &rec)
{
    if (vcd_)
        wave(rec.times.start, w_input_queue, -1);
}

void event_trace::commands_published(unsigned n, const sc_time &when)
{
    if (vcd_)
        wave(when, w_command_queue, int(n));
}

void event_trace::memory_access(const gicv3::mem_access &a)
{
    if (vcd_ && a.read) {
        wave(a.start, w_reads, +1);
        wave(a.end, w_reads, -1);
    }
    if (!events_)
        return;
    accesses_.push_back({ps(a.start), ps(a.end), a.for_msi ? a.msi_seq : commands_.size(), a.bytes,
                         uint8_t(a.kind), a.read, a.for_msi});
}

// ---- Waveforms ----------------------------------------------------------------

namespace {
template <class C> bool later(const C &a, const C &b) { return a.t > b.t; }
} // namespace

void event_trace::wave(const sc_time &t, uint16_t var, int d)
{
    changes_.push_back({ps(t), var, int16_t(d)});
    std::push_heap(changes_.begin(), changes_.end(), later<change>);
    const sc_time now = sc_core::sc_time_stamp();
    wave_due_.notify(t > now ? t - now : sc_core::SC_ZERO_TIME);
}

// Applies every change whose time has come, then sleeps until the next.
void event_trace::apply_waves()
{
    for (;;) {
        const ps_t now = ps(sc_core::sc_time_stamp());
        while (!changes_.empty() && changes_.front().t <= now) {
            const change c = changes_.front();
            std::pop_heap(changes_.begin(), changes_.end(), later<change>);
            changes_.pop_back();
            auto add = [&c](unsigned &v) { v = unsigned(std::max(0, int(v) + c.d)); };
            if (c.var == w_input_queue)
                add(input_queue_);
            else if (c.var == w_command_queue)
                add(command_queue_);
            else if (c.var == w_reads)
                add(reads_);
            else {
                const unsigned cpu = c.var - w_cpu0;
                depth_[cpu] = std::max(0, depth_[cpu] + c.d);
                cpu_active_[cpu] = depth_[cpu] > 0;
            }
        }
        if (!changes_.empty())
            wave_due_.notify(sc_time(double(changes_.front().t - now), sc_core::SC_PS));
        wait(wave_due_);
    }
}

// ---- The JSON trace ---------------------------------------------------------------

namespace {

// Process ids of the trace.
constexpr uint32_t kDevices = 1, kIts = 2, kCpu0 = 3;

enum kind : uint8_t {
    k_write, k_queue, k_translate, k_access, k_lpi, k_deliver, k_pending, k_handler, k_command, k_execute,
    k_counter_input, k_counter_commands, k_counter_reads, k_counter_memory, k_meta_process, k_meta_thread
};

struct event {
    int64_t ts, dur; // ns; dur: the value of a counter
    uint32_t track;  // index into the track table (metadata: the track or process it names)
    uint32_t src;    // index into the source vector of its kind
    uint8_t k;
};

struct track {
    uint32_t pid, tid;
    std::string name;
};

// A span and the spans inside it, placed together on one lane.
struct unit {
    int64_t start, end;
    uint32_t src;
    uint8_t k;
    uint32_t first, count; // children: [first, first + count) of the group's children
};
struct child {
    int64_t start, end;
    uint32_t src;
    uint8_t k;
};

// Spans of one block: each unit goes on the first lane free at its start,
// so that spans on one tid nest or follow each other.
struct group {
    uint32_t pid;
    std::string name;
    std::vector<unit> units;
    std::vector<child> children;
};

// Times are written to the nanosecond: viewers convert ts and dur to whole
// ns one by one, so times rounded first (each end on its own, the
// durations their differences) keep every nesting and order.
int64_t to_ns(int64_t ps) { return (ps + 500) / 1000; }

void put_time(std::ostream &o, const char *key, int64_t ns)
{
    char b[48];
    std::snprintf(b, sizeof b, "\"%s\":%lld.%03lld", key, (long long)(ns / 1000), (long long)(ns % 1000));
    o << b;
}

std::string escape(const std::string &s)
{
    std::string r;
    for (char c : s) {
        if (c == '"' || c == '\\')
            r += '\\';
        if (static_cast<unsigned char>(c) < 0x20)
            continue;
        r += c;
    }
    return r;
}

const char *step_name(uint8_t s)
{
    switch (s) {
    case ITS_STEP_DONE:
        return "done";
    case ITS_STEP_SKIPPED:
        return "skipped";
    case ITS_STEP_STALLED:
        return "stalled";
    default:
        return "idle";
    }
}

} // namespace

void event_trace::write_json(std::ostream &o, const sc_time &end_time) const
{
    const ps_t end_ps = ps(end_time);
    std::vector<group> groups;
    std::unordered_map<uint32_t, size_t> device_group;
    auto add_group = [&groups](uint32_t pid, std::string name) {
        groups.push_back({pid, std::move(name), {}, {}});
        return groups.size() - 1;
    };
    // Groups in the order an MSI passes them (the device first): spans that
    // start at one time are written in that order, its flow's order.
    { // device tracks in DeviceID order
        std::vector<uint32_t> ids;
        for (const auto &[id, name] : device_names_)
            ids.push_back(id);
        for (const msi_life &m : msis_)
            if (m.injected >= 0)
                ids.push_back(m.device_id);
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        for (uint32_t id : ids) {
            auto n = device_names_.find(id);
            device_group[id] =
                add_group(kDevices, n != device_names_.end() ? n->second : "DeviceID " + std::to_string(id));
        }
    }
    const size_t g_queue = add_group(kIts, its_queue_ ? "input queue" : "accept");
    const size_t g_translate = add_group(kIts, "translation");
    const size_t g_cmdq = add_group(kIts, "command queue");
    const size_t g_engine = add_group(kIts, "command engine");
    const size_t g_other = add_group(kIts, "memory (other)");
    std::vector<size_t> g_redist(cpus_), g_handler(cpus_);
    for (unsigned c = 0; c < cpus_; c++) {
        g_redist[c] = add_group(kCpu0 + c, "redistributor");
        g_handler[c] = add_group(kCpu0 + c, "handler");
    }

    // The accesses by owner: MSIs' by seq, commands' by index.
    std::vector<uint32_t> by_msi, by_cmd;
    for (uint32_t i = 0; i < accesses_.size(); i++)
        (accesses_[i].for_msi ? by_msi : by_cmd).push_back(i);
    auto by_owner = [this](uint32_t a, uint32_t b) {
        return accesses_[a].owner != accesses_[b].owner ? accesses_[a].owner < accesses_[b].owner
                                                        : accesses_[a].start < accesses_[b].start;
    };
    std::stable_sort(by_msi.begin(), by_msi.end(), by_owner);
    std::stable_sort(by_cmd.begin(), by_cmd.end(), by_owner);
    std::vector<bool> placed(accesses_.size(), false);
    // Children of a parent [start, end]: its accesses that lie inside it.
    auto add_accesses = [&](group &g, unit &u, const std::vector<uint32_t> &list, uint64_t owner) {
        u.first = uint32_t(g.children.size());
        auto it = std::lower_bound(list.begin(), list.end(), owner,
                                   [this](uint32_t a, uint64_t v) { return accesses_[a].owner < v; });
        int64_t last = u.start;
        for (; it != list.end() && accesses_[*it].owner == owner; ++it) {
            const access &a = accesses_[*it];
            if (a.start < last || a.end > u.end)
                continue; // not inside (or overlapping a sibling): left to "memory (other)"
            g.children.push_back({a.start, a.end, *it, k_access});
            placed[*it] = true;
            last = a.end;
        }
        u.count = uint32_t(g.children.size()) - u.first;
    };

    for (uint32_t i = 0; i < msis_.size(); i++) {
        const msi_life &m = msis_[i];
        if (m.injected < 0 || m.arrival < 0)
            continue; // never reached the ITS (or not one the trace saw injected)
        groups[device_group.at(m.device_id)].units.push_back({m.injected, m.arrival, i, k_write, 0, 0});
        groups[g_queue].units.push_back({m.arrival, m.start, i, k_queue, 0, 0});
        group &t = groups[g_translate];
        unit u{m.start, m.translated, i, k_translate, 0, 0};
        add_accesses(t, u, by_msi, m.seq);
        t.units.push_back(u);
        if (m.outcome == 1 && m.cpu < cpus_) {
            group &r = groups[g_redist[m.cpu]];
            const ps_t pending = std::max(m.translated, m.pending);
            unit l{m.translated, std::max(pending, m.ack), i, k_lpi, uint32_t(r.children.size()), 2};
            r.children.push_back({m.translated, pending, i, k_deliver});
            r.children.push_back({pending, l.end, i, k_pending});
            r.units.push_back(l);
        }
    }
    for (uint32_t i = 0; i < commands_.size(); i++) {
        const command_life &c = commands_[i];
        groups[g_cmdq].units.push_back({c.published, c.end, i, k_command, 0, 0});
        group &e = groups[g_engine];
        unit u{c.start, c.end, i, k_execute, 0, 0};
        add_accesses(e, u, by_cmd, i);
        e.units.push_back(u);
    }
    for (uint32_t i = 0; i < accesses_.size(); i++)
        if (!placed[i])
            groups[g_other].units.push_back({accesses_[i].start, accesses_[i].end, i, k_access, 0, 0});
    for (uint32_t i = 0; i < handlers_.size(); i++) {
        const handler &h = handlers_[i];
        groups[g_handler[h.cpu]].units.push_back({h.ack, h.eoi < 0 ? std::max(h.ack, end_ps) : h.eoi, i,
                                                  k_handler, 0, 0});
    }

    // Tracks: each group's lanes, tid by tid; events in emission order.
    std::vector<track> tracks;
    std::vector<event> ev;
    auto meta = [&](uint32_t pid, uint32_t tid, const std::string &name, uint8_t k) {
        tracks.push_back({pid, tid, name});
        ev.push_back({0, 0, uint32_t(tracks.size() - 1), 0, k});
    };
    // A process's own events (its name, counters) on tid = pid, the lanes
    // after every pid: each tid names one thread of one process.
    meta(kDevices, kDevices, "Devices", k_meta_process);
    meta(kIts, kIts, "ITS", k_meta_process);
    for (unsigned c = 0; c < cpus_; c++)
        meta(kCpu0 + c, kCpu0 + c, "CPU " + std::to_string(c) + " (redistributor " + std::to_string(c) + ")",
             k_meta_process);
    uint32_t next_tid = kCpu0 + cpus_ - 1; // unique over every process: viewers that key threads by tid alone agree
    for (group &g : groups) {
        std::sort(g.units.begin(), g.units.end(), [](const unit &a, const unit &b) {
            return a.start != b.start ? a.start < b.start : a.end > b.end;
        });
        // Lanes: busy ones by the time they free, free ones lowest first.
        using busy_t = std::pair<int64_t, uint32_t>;
        std::priority_queue<busy_t, std::vector<busy_t>, std::greater<busy_t>> busy;
        std::priority_queue<uint32_t, std::vector<uint32_t>, std::greater<uint32_t>> free;
        uint32_t lanes = 0;
        std::vector<uint32_t> lane_of(g.units.size());
        for (size_t i = 0; i < g.units.size(); i++) {
            while (!busy.empty() && busy.top().first <= g.units[i].start) {
                free.push(busy.top().second);
                busy.pop();
            }
            uint32_t lane = lanes;
            if (!free.empty()) {
                lane = free.top();
                free.pop();
            } else {
                lanes++;
            }
            lane_of[i] = lane;
            busy.push({g.units[i].end, lane});
        }
        uint32_t &tid = next_tid;
        const uint32_t first = uint32_t(tracks.size());
        for (uint32_t l = 0; l < lanes; l++)
            meta(g.pid, ++tid, lanes > 1 ? g.name + " #" + std::to_string(l) : g.name, k_meta_thread);
        for (size_t i = 0; i < g.units.size(); i++) {
            const unit &u = g.units[i];
            const uint32_t t = first + lane_of[i];
            ev.push_back({to_ns(u.start), to_ns(u.end) - to_ns(u.start), t, u.src, u.k});
            for (uint32_t c = u.first; c < u.first + u.count; c++) {
                const child &ch = g.children[c];
                ev.push_back({to_ns(ch.start), to_ns(ch.end) - to_ns(ch.start), t, ch.src, ch.k});
            }
        }
        std::vector<unit>().swap(g.units); // done with: the events have them
        std::vector<child>().swap(g.children);
    }

    // Counters: the queues' occupancy, reads in flight, memory bytes per window.
    auto counter = [&](std::vector<std::pair<int64_t, int>> &changes, uint8_t k) {
        std::stable_sort(changes.begin(), changes.end(),
                         [](const auto &a, const auto &b) { return a.first < b.first; });
        int64_t v = 0;
        ev.push_back({0, 0, 1, 0, k});
        for (size_t i = 0; i < changes.size();) { // the changes of one ns as one
            const int64_t t = to_ns(changes[i].first);
            for (; i < changes.size() && to_ns(changes[i].first) == t; i++)
                v += changes[i].second;
            ev.push_back({t, v, 1, 0, k});
        }
    };
    std::vector<std::pair<int64_t, int>> ch;
    if (its_queue_)
        for (const msi_life &m : msis_)
            if (m.accepted >= 0 && m.start >= m.accepted) {
                ch.push_back({m.accepted, +1});
                ch.push_back({m.start, -1});
            }
    counter(ch, k_counter_input);
    ch.clear();
    for (const command_life &c : commands_) {
        ch.push_back({c.published, +1});
        ch.push_back({c.end, -1});
    }
    counter(ch, k_counter_commands);
    ch.clear();
    for (const access &a : accesses_)
        if (a.read) {
            ch.push_back({a.start, +1});
            ch.push_back({a.end, -1});
        }
    counter(ch, k_counter_reads);
    ev.push_back({0, 0, 1, 0, k_counter_memory});
    { // the windows with traffic only (a long run's quiet time costs nothing)
        std::vector<std::pair<int64_t, uint64_t>> windows; // (window, bytes)
        for (const access &a : accesses_)
            windows.push_back({a.start / kWindowPs, a.bytes});
        std::sort(windows.begin(), windows.end());
        uint64_t last = 0;
        for (size_t i = 0; i < windows.size();) {
            const int64_t w = windows[i].first;
            uint64_t bytes = 0;
            for (; i < windows.size() && windows[i].first == w; i++)
                bytes += windows[i].second;
            if (bytes != last)
                ev.push_back({to_ns(w * kWindowPs), int64_t(bytes), 1, 0, k_counter_memory});
            last = bytes;
            if (i == windows.size() || windows[i].first != w + 1) { // quiet from the next window on
                ev.push_back({to_ns((w + 1) * kWindowPs), 0, 1, 0, k_counter_memory});
                last = 0;
            }
        }
    }

    std::stable_sort(ev.begin(), ev.end(), [](const event &a, const event &b) { return a.ts < b.ts; });

    // Writing, one event a line.
    o << "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"generator\":\"its-vp\",\"memory_window_us\":"
      << double(kWindowPs) / 1e6 << "},\"traceEvents\":[\n";
    bool first = true;
    char b[160];
    auto msi_args = [&](const msi_life &m, uint32_t id) {
        std::snprintf(b, sizeof b, "\"args\":{\"msi\":%u,\"device_id\":%u,\"event_id\":%u", id + 1, m.device_id,
                      m.event_id);
        o << b;
        if (m.outcome == 1 || m.translated >= 0) {
            std::snprintf(b, sizeof b, ",\"intid\":%u,\"cpu\":%u", m.intid, m.cpu);
            o << b;
        }
        o << ",\"outcome\":\""
          << (m.outcome == 0 ? "open" : m.outcome == 1 ? "delivered" : escape(reasons_[m.outcome - 2])) << "\"}";
    };
    for (const event &e : ev) {
        o << (first ? "" : ",\n");
        first = false;
        const track &t = tracks[e.k == k_counter_input || e.k == k_counter_commands || e.k == k_counter_reads ||
                                        e.k == k_counter_memory
                                    ? 1
                                    : e.track];
        if (e.k == k_meta_process || e.k == k_meta_thread) {
            std::snprintf(b, sizeof b, "{\"ph\":\"M\",\"name\":\"%s\",\"pid\":%u,\"tid\":%u,\"ts\":0,",
                          e.k == k_meta_process ? "process_name" : "thread_name", t.pid, t.tid);
            o << b << "\"args\":{\"name\":\"" << escape(t.name) << "\"}}";
            if (e.k == k_meta_thread) { // keep the lanes in their order
                std::snprintf(b, sizeof b,
                              ",\n{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":%u,\"tid\":%u,\"ts\":0,"
                              "\"args\":{\"sort_index\":%u}}",
                              t.pid, t.tid, t.tid);
                o << b;
            } else {
                std::snprintf(b, sizeof b,
                              ",\n{\"ph\":\"M\",\"name\":\"process_sort_index\",\"pid\":%u,\"tid\":%u,\"ts\":0,"
                              "\"args\":{\"sort_index\":%u}}",
                              t.pid, t.tid, t.pid);
                o << b;
            }
            continue;
        }
        if (e.k >= k_counter_input) {
            const char *name = e.k == k_counter_input      ? "input queue occupancy"
                               : e.k == k_counter_commands ? "command queue occupancy"
                               : e.k == k_counter_reads    ? "table reads in flight"
                                                           : "ITS memory traffic";
            const char *arg = e.k == k_counter_input      ? "MSIs"
                              : e.k == k_counter_commands ? "commands"
                              : e.k == k_counter_reads    ? "reads"
                                                          : "bytes_per_us";
            std::snprintf(b, sizeof b, "{\"ph\":\"C\",\"name\":\"%s\",\"pid\":%u,\"tid\":%u,", name, kIts, kIts);
            o << b;
            put_time(o, "ts", e.ts);
            o << ",\"args\":{\"" << arg << "\":" << e.dur << "}}";
            continue;
        }
        const char *name = "";
        std::string own;
        switch (e.k) {
        case k_write: name = "write"; break;
        case k_queue: name = its_queue_ ? "queued" : "accept"; break;
        case k_translate: name = "translate"; break;
        case k_lpi: name = "LPI"; break;
        case k_deliver: name = "to redistributor"; break;
        case k_pending: name = "pending"; break;
        case k_handler: name = "handler"; break;
        case k_access:
            own = std::string(accesses_[e.src].read ? "read " : "write ") +
                  its_mem_kind_name(its_mem_kind(accesses_[e.src].kind));
            break;
        case k_command:
        case k_execute: own = its_cmd_name(commands_[e.src].opcode); break;
        default: break;
        }
        std::snprintf(b, sizeof b, "{\"ph\":\"X\",\"name\":\"%s\",\"pid\":%u,\"tid\":%u,",
                      own.empty() ? name : own.c_str(), t.pid, t.tid);
        o << b;
        put_time(o, "ts", e.ts);
        o << ',';
        put_time(o, "dur", e.dur);
        o << ',';
        switch (e.k) {
        case k_write:
        case k_queue:
        case k_translate:
        case k_lpi:
        case k_deliver:
        case k_pending:
            msi_args(msis_[e.src], e.src);
            if (e.k == k_write || e.k == k_queue || e.k == k_translate || e.k == k_lpi) {
                // One flow per MSI: write -> queued -> translate -> LPI (to
                // translate when it went no further).
                const msi_life &m = msis_[e.src];
                const bool last = e.k == k_lpi || (e.k == k_translate && !(m.outcome == 1 && m.cpu < cpus_));
                std::snprintf(b, sizeof b, ",\"bind_id\":%u%s%s", e.src + 1,
                              e.k == k_write ? "" : ",\"flow_in\":true", last ? "" : ",\"flow_out\":true");
                o << b;
            }
            break;
        case k_access: {
            const access &a = accesses_[e.src];
            std::snprintf(b, sizeof b, "\"args\":{\"kind\":\"%s\",\"bytes\":%u}",
                          its_mem_kind_name(its_mem_kind(a.kind)), a.bytes);
            o << b;
            break;
        }
        case k_handler: {
            const handler &h = handlers_[e.src];
            std::snprintf(b, sizeof b, "\"args\":{\"intid\":%u,\"cpu\":%u,\"eoi\":%s}", h.intid, unsigned(h.cpu),
                          h.eoi < 0 ? "false" : "true");
            o << b;
            break;
        }
        default: {
            const command_life &c = commands_[e.src];
            std::snprintf(b, sizeof b, "\"args\":{\"slot\":%u,\"error\":%u,\"step\":\"%s\",\"wait_ns\":", c.index,
                          c.error, step_name(c.step));
            o << b << double(c.start - c.published) / 1000 << "}";
            break;
        }
        }
        o << '}';
    }
    o << "\n]}\n";
}

// ---- vcd_file -----------------------------------------------------------------

vcd_file::vcd_file(const std::string &path) : path_(path)
{
    const bool ext = path.size() >= 4 && path.compare(path.size() - 4, 4, ".vcd") == 0;
    const std::string base = ext ? path.substr(0, path.size() - 4) : path;
    written_ = base + ".vcd";
    tf_ = sc_core::sc_create_vcd_trace_file(base.c_str());
    if (tf_)
        tf_->set_time_unit(1, sc_core::SC_PS);
}

bool vcd_file::close()
{
    if (!tf_)
        return true;
    sc_core::sc_close_vcd_trace_file(tf_);
    tf_ = nullptr;
    return written_ == path_ || std::rename(written_.c_str(), path_.c_str()) == 0;
}

vcd_file::~vcd_file() { close(); }

} // namespace gicv3_vp
