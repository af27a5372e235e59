// SPDX-License-Identifier: Apache-2.0
// The platform's event trace (Chrome trace-event JSON) and waveforms (VCD)
// on small real runs: the trace's structure (phases, times, tracks named,
// sorted, spans nested per track), one span per delivered MSI whose stage
// spans add up to the ledger's stage times, the commands, table accesses,
// handlers and counters against the models' own counts; the VCD's signals
// and their changes.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gicv3_vp/event_trace.h"
#include "gicv3_vp/platform.h"

namespace {

using nlohmann::json;

// Small, with a queue that fills (a fast device), table reads on every
// translation (no DTE or ITE cache) and several CPUs.
gicv3_vp::platform_config small(const std::string &mode)
{
    gicv3_vp::platform_config c;
    c.cpus = 3;
    c.its.preset = "gic600";
    c.its.mode = mode;
    c.its.device_cache = "none";
    c.its.ite_cache = "none";
    c.devices[0].msi.count = 60;
    c.devices[1].msi.count = 80;
    c.devices[1].msi.interval_ns = 15; // faster than the ITS: the queue fills, spans overlap
    c.devices[2].msi.count = 20;
    return c;
}

double mean(const std::vector<double> &v)
{
    double s = 0;
    for (double x : v)
        s += x;
    return v.empty() ? 0 : s / double(v.size());
}

// Every structural rule of the format and of this trace; returns the X events.
std::vector<json> check_structure(const json &j)
{
    EXPECT_EQ(j.at("displayTimeUnit"), "ns");
    const json &ev = j.at("traceEvents");
    EXPECT_TRUE(ev.is_array());
    std::set<uint32_t> named_pids;
    std::set<std::pair<uint32_t, uint32_t>> named_tids;
    std::vector<json> spans;
    double last = -1;
    for (const json &e : ev) {
        const std::string ph = e.at("ph");
        EXPECT_TRUE(ph == "X" || ph == "M" || ph == "C") << e;
        EXPECT_TRUE(e.at("pid").is_number_unsigned()) << e;
        EXPECT_TRUE(e.at("tid").is_number_unsigned()) << e;
        const double ts = e.at("ts");
        EXPECT_GE(ts, last) << "not sorted by ts: " << e;
        last = ts;
        const std::pair<uint32_t, uint32_t> track{e.at("pid"), e.at("tid")};
        if (ph == "M") {
            const std::string name = e.at("name");
            if (name == "process_name")
                named_pids.insert(track.first);
            if (name == "thread_name")
                named_tids.insert(track);
            if (name == "process_name" || name == "thread_name") {
                EXPECT_FALSE(e.at("args").at("name").get<std::string>().empty()) << e;
            }
            continue;
        }
        EXPECT_TRUE(named_pids.count(track.first)) << "process not named before its events: " << e;
        if (ph == "C") {
            EXPECT_EQ(e.at("args").size(), 1u) << e;
            EXPECT_TRUE(e.at("args").begin()->is_number()) << e;
            EXPECT_GE(e.at("args").begin()->get<double>(), 0) << e;
            continue;
        }
        EXPECT_TRUE(named_tids.count(track)) << "track not named before its spans: " << e;
        EXPECT_GE(e.at("dur").get<double>(), 0) << e;
        EXPECT_TRUE(e.at("args").is_object()) << e;
        spans.push_back(e);
    }
    // Per track, complete events nest or follow each other (1 ps of slack
    // for the decimal microseconds).
    const double eps = 1e-6;
    std::map<std::pair<uint32_t, uint32_t>, std::vector<double>> open; // ends of the enclosing spans
    for (const json &e : spans) {
        auto &stack = open[{e.at("pid"), e.at("tid")}];
        const double ts = e.at("ts"), end = ts + e.at("dur").get<double>();
        while (!stack.empty() && ts >= stack.back() - eps)
            stack.pop_back();
        if (!stack.empty()) {
            EXPECT_LE(end, stack.back() + eps) << "overlaps its track's enclosing span: " << e;
        }
        stack.push_back(end);
    }
    return spans;
}

// A counter's value over time, integrated (value x us) from its events.
double integral(const json &j, const std::string &name, double *max_value, double *final_value)
{
    double area = 0, t = 0, v = 0;
    *max_value = 0;
    for (const json &e : j.at("traceEvents")) {
        if (e.at("ph") != "C" || e.at("name") != name)
            continue;
        const double ts = e.at("ts");
        area += v * (ts - t);
        t = ts;
        v = e.at("args").begin()->get<double>();
        *max_value = std::max(*max_value, v);
    }
    *final_value = v;
    return area;
}

void run_and_check(const std::string &mode)
{
    gicv3_vp::platform p("platform", small(mode));
    size_t commands = 0;
    gicv3::its &its = p.its_module();
    auto inner = its.on_command;
    its.on_command = [&commands, inner](const gicv3::command_record &c) {
        commands++;
        inner(c);
    };
    p.trace(true, nullptr);
    p.run();
    ASSERT_TRUE(p.failure().empty()) << p.failure();
    ASSERT_TRUE(p.completed());
    const gicv3_vp::msi_ledger &l = p.ledger();
    ASSERT_GT(l.delivered(), 100u);

    std::stringstream out;
    p.write_event_trace(out);
    const json j = json::parse(out.str());
    const std::vector<json> spans = check_structure(j);

    std::map<std::string, std::vector<const json *>> by_name;
    for (const json &e : spans)
        by_name[e.at("name")].push_back(&e);

    // One LPI span per delivered MSI, each with its stage spans inside.
    EXPECT_EQ(by_name["LPI"].size(), l.delivered());
    EXPECT_EQ(by_name["to redistributor"].size(), l.delivered());
    EXPECT_EQ(by_name["pending"].size(), l.delivered());
    for (const char *name : {"write", "queued", "translate", "LPI"})
        for (const json *e : by_name[name]) {
            const json &a = e->at("args");
            for (const char *key : {"msi", "device_id", "event_id", "outcome"})
                ASSERT_TRUE(a.contains(key)) << *e;
            if (a.at("outcome") == "delivered") {
                ASSERT_TRUE(a.contains("intid") && a.contains("cpu")) << *e;
            }
        }
    // Sum of a stage's spans / delivered = the ledger's mean (spans in us),
    // within the trace's rounding of each time to the ns: a span's length
    // moves by less than 1 ns (write + queued: one span from injection to
    // start, their common end cancelling).
    auto per_delivered_ns = [&](const std::string &name) {
        double sum = 0;
        size_t n = 0;
        for (const json *e : by_name[name])
            if (e->at("args").at("outcome") == "delivered") {
                sum += e->at("dur").get<double>() * 1000;
                n++;
            }
        EXPECT_EQ(n, l.delivered()) << name;
        return sum / double(l.delivered());
    };
    const double write = per_delivered_ns("write"), queued = per_delivered_ns("queued");
    EXPECT_GT(write, 0);
    EXPECT_GT(queued, 0);
    const double within = 1.0;
    EXPECT_NEAR(write + queued, mean(l.stage_ns(0)), within);
    EXPECT_NEAR(per_delivered_ns("translate"), mean(l.stage_ns(1)), within);
    EXPECT_NEAR(per_delivered_ns("to redistributor"), mean(l.stage_ns(2)), within);
    EXPECT_NEAR(per_delivered_ns("pending"), mean(l.stage_ns(3)), within);
    // And the spans are the model's times to the ns: whole ns, so every
    // viewer's conversion keeps them.
    for (const json &e : spans) {
        const double ts_ns = e.at("ts").get<double>() * 1000, dur_ns = e.at("dur").get<double>() * 1000;
        ASSERT_NEAR(ts_ns, std::round(ts_ns), 1e-3) << e;
        ASSERT_NEAR(dur_ns, std::round(dur_ns), 1e-3) << e;
    }

    // One flow per MSI through its spans, in time order: write (out),
    // queued and translate (in and out), LPI (in) when delivered.
    std::map<uint64_t, std::vector<const json *>> flows;
    for (const json &e : spans)
        if (e.contains("bind_id"))
            flows[e.at("bind_id").get<uint64_t>()].push_back(&e);
    size_t delivered_flows = 0;
    for (const auto &[id, chain] : flows) {
        ASSERT_GE(chain.size(), 3u) << "MSI " << id;
        for (size_t i = 0; i < chain.size(); i++) {
            const json &e = *chain[i];
            EXPECT_EQ(e.at("args").at("msi").get<uint64_t>(), id) << e;
            EXPECT_EQ(e.value("flow_in", false), i > 0) << e;
            EXPECT_EQ(e.value("flow_out", false), i + 1 < chain.size()) << e;
            if (i) {
                EXPECT_GE(e.at("ts").get<double>(), chain[i - 1]->at("ts").get<double>()) << e;
            }
        }
        EXPECT_EQ(chain[0]->at("name"), "write");
        if (chain.back()->at("name") == "LPI") {
            EXPECT_EQ(chain.size(), 4u) << "MSI " << id;
            delivered_flows++;
        }
    }
    EXPECT_EQ(delivered_flows, l.delivered());

    // Handlers: one per acknowledge. Commands: one span in the queue and one
    // in the engine each, the engine's on a single track.
    uint64_t acks = 0;
    for (uint64_t a : l.acks())
        acks += a;
    EXPECT_EQ(by_name["handler"].size(), acks);
    size_t queued_commands = 0;
    for (const json &e : spans)
        queued_commands += e.at("args").contains("slot");
    EXPECT_GT(commands, 0u);
    EXPECT_EQ(queued_commands, 2 * commands);

    // Table accesses: every read and write on the ITS's memory socket, the
    // translations' reads inside their translate span (no caches here).
    const its_stats s = its.stats();
    const gicv3::pipeline_stats pipe = its.pipeline();
    size_t reads = 0, writes = 0, bytes = 0;
    for (const json &e : spans) {
        const std::string name = e.at("name");
        if (name.rfind("read ", 0) == 0)
            reads++;
        else if (name.rfind("write ", 0) == 0)
            writes++;
        else
            continue;
        bytes += e.at("args").at("bytes").get<size_t>();
    }
    EXPECT_EQ(reads, s.mem_reads - pipe.fetch_buffer_hits);
    EXPECT_EQ(writes, s.mem_writes);
    EXPECT_EQ(bytes, s.mem_read_bytes + s.mem_write_bytes);
    EXPECT_GE(by_name["read itt"].size(), l.delivered()); // an ITE read per translation, at least

    // Counters: the input queue's most and its end, commands all done, and
    // the memory traffic per 1 us window adds up to every byte.
    double max_v = 0, final_v = 0;
    integral(j, "input queue occupancy", &max_v, &final_v);
    EXPECT_EQ(max_v, double(pipe.queue_max));
    EXPECT_GT(max_v, 1);
    EXPECT_EQ(final_v, 0);
    integral(j, "command queue occupancy", &max_v, &final_v);
    EXPECT_GE(max_v, 1);
    EXPECT_EQ(final_v, 0);
    integral(j, "table reads in flight", &max_v, &final_v);
    EXPECT_GE(max_v, 1);
    EXPECT_EQ(final_v, 0);
    const double window_us = gicv3_vp::event_trace::kWindowPs / 1e6;
    EXPECT_NEAR(integral(j, "ITS memory traffic", &max_v, &final_v) / window_us, double(bytes), 1e-6 * bytes);
    EXPECT_EQ(final_v, 0);
}

TEST(EventTrace, LtStructureStagesAndCounts) { run_and_check("lt"); }

TEST(EventTrace, AccurateStructureStagesAndCounts) { run_and_check("accurate"); }

// Without trace() nothing is collected or written.
TEST(EventTrace, OffByDefault)
{
    gicv3_vp::platform p("platform", small("lt"));
    EXPECT_EQ(p.its_module().observer, nullptr);
    p.run();
    std::stringstream out;
    p.write_event_trace(out);
    EXPECT_TRUE(out.str().empty());
}

// The VCD declares every signal, and they change: each CPU that took an
// LPI shows its line and its handler rise and fall, the ITS's queues and
// reads in flight go up and come back to 0.
void check_vcd(const std::string &mode)
{
    const std::string path = ::testing::TempDir() + "its_waves_" + mode + ".vcd";
    std::remove(path.c_str());
    std::vector<uint64_t> per_cpu;
    // Commands published by the stop and not ended before it: the software
    // stops the simulation when CREADR passes its last command, which may
    // end later (accurate: its remaining cycles) or at the stop's time (its
    // end, or a publication at that time, shows or not as the kernel orders
    // them).
    uint64_t open_after = 0, open_at = 0;
    {
        gicv3_vp::vcd_file vcd(path);
        ASSERT_NE(vcd.get(), nullptr);
        gicv3_vp::platform p("platform", small(mode));
        gicv3::its &its = p.its_module();
        std::vector<std::pair<sc_core::sc_time, sc_core::sc_time>> cmds; // published, end
        auto inner = its.on_command;
        its.on_command = [&cmds, inner](const gicv3::command_record &c) {
            cmds.push_back({c.published, c.time + c.latency});
            inner(c);
        };
        p.trace(false, vcd.get());
        p.run();
        ASSERT_TRUE(p.completed());
        per_cpu = p.ledger().per_cpu();
        const sc_core::sc_time stop = sc_core::sc_time_stamp();
        for (const auto &[published, end] : cmds) {
            open_after += published < stop && end > stop;
            open_at += published <= stop && end >= stop;
        }
        ASSERT_TRUE(vcd.close());
    }
    std::ifstream in(path);
    ASSERT_TRUE(in) << path;
    std::map<std::string, std::string> code;  // signal name -> VCD identifier
    std::map<std::string, std::vector<std::pair<uint64_t, uint64_t>>> changes; // identifier -> (time, value)
    std::vector<std::string> scope;
    std::string line;
    uint64_t t = 0;
    bool defs = true;
    while (std::getline(in, line)) {
        std::istringstream w(line);
        std::string first;
        if (!(w >> first))
            continue;
        if (defs) {
            if (first == "$scope") {
                std::string kind, name;
                w >> kind >> name;
                scope.push_back(name);
            } else if (first == "$upscope") {
                scope.pop_back();
            } else if (first == "$var") {
                std::string type, width, id, name, full;
                w >> type >> width >> id >> name;
                for (size_t i = 1; i < scope.size(); i++) // below the top scope
                    full += scope[i] + ".";
                code[full + name] = id;
            } else if (first == "$enddefinitions") {
                defs = false;
            }
            continue;
        }
        if (first[0] == '#') {
            t = std::stoull(first.substr(1));
        } else if (first[0] == 'b') {
            std::string id;
            w >> id;
            changes[id].push_back({t, std::stoull(first.substr(1), nullptr, 2)});
        } else if (first[0] == '0' || first[0] == '1') {
            changes[first.substr(1)].push_back({t, uint64_t(first[0] - '0')});
        }
    }
    ASSERT_FALSE(defs) << "no $enddefinitions";
    auto signal = [&](const std::string &name) -> const std::vector<std::pair<uint64_t, uint64_t>> & {
        EXPECT_TRUE(code.count(name)) << "no $var " << name;
        return changes[code[name]];
    };
    auto rises_then_falls = [](const std::vector<std::pair<uint64_t, uint64_t>> &v) {
        size_t up = v.size();
        for (size_t i = 0; i < v.size(); i++) {
            if (up == v.size() && v[i].second > 0)
                up = i;
            if (up < i && v[i].second == 0 && v[i].first > v[up].first)
                return true;
        }
        return false;
    };
    // A line raised and lowered within one time step of the kernel does not
    // show (docs/studies.md): some line does, every handler does.
    unsigned lines = 0;
    for (unsigned c = 0; c < per_cpu.size(); c++) {
        const std::string cpu = "cpu" + std::to_string(c);
        lines += rises_then_falls(signal(cpu + ".irq"));
        const auto &active = signal(cpu + ".active");
        if (!per_cpu[c])
            continue;
        EXPECT_TRUE(rises_then_falls(active)) << cpu << ".active";
        EXPECT_EQ(active.back().second, 0u) << cpu << ": every LPI EOId";
    }
    EXPECT_GT(lines, 0u);
    for (const char *name : {"its.input_queue", "its.command_queue", "its.reads_in_flight"}) {
        const auto &v = signal(name);
        EXPECT_TRUE(rises_then_falls(v)) << name;
        if (std::string(name) == "its.command_queue") {
            EXPECT_GE(v.back().second, open_after) << name;
            EXPECT_LE(v.back().second, open_at) << name;
        } else {
            EXPECT_EQ(v.back().second, 0u) << name;
        }
    }
    EXPECT_TRUE(rises_then_falls(signal("platform.its.msis_inside")));
    std::remove(path.c_str());
}

TEST(Waveforms, VcdSignalsLt) { check_vcd("lt"); }

TEST(Waveforms, VcdSignalsAccurate) { check_vcd("accurate"); }

} // namespace
