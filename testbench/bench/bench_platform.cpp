// SPDX-License-Identifier: Apache-2.0
// its-bench-platform: host cost of the bundled platform per MSI, against the
// SystemC floor of the same chain, the kvm-unit-tests micro-bench "lpi"
// round trip, and how the cost grows with CPUs and mapped events
// (docs/performance.md). It prints figures; it is never a timed test.
//
// Every figure comes from child processes (one SystemC elaboration each) and
// is the difference of two runs that differ only in their MSI or round count,
// so bring-up and start-up cancel.
#include <algorithm>
#include <chrono>
#include <functional>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <systemc>
#include <vector>
#include <unistd.h>

#include "child_process.h"
#include "empty_chain.h"
#include "gicv3_vp/lpi_roundtrip.h"
#include "gicv3_vp/params.h"
#include "gicv3_vp/platform.h"

namespace {

using json = nlohmann::json;
using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

// A figure of /proc/self/status in bytes: VmHWM the peak resident set,
// VmRSS the present one.
double status_bytes(const std::string &key)
{
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind(key + ":", 0) == 0)
            return std::stod(line.substr(key.size() + 1)) * 1024;
    return 0;
}

// ---- Children ----------------------------------------------------------------

// observe: the ITS's state traced to a VCD file as the run goes and the
// statistics written as JSON at its end (both deleted afterwards).
int child_platform(const std::vector<std::string> &sets, bool roundtrip, uint64_t rounds, bool observe = false)
{
    gicv3_vp::platform_config c;
    gicv3_vp::params params;
    gicv3_vp::describe(params, c);
    if (roundtrip)
        gicv3_vp::lpi_roundtrip_config(c);
    c.teardown = false;
    c.max_us = 1e9;
    for (const auto &s : sets)
        params.set(s);
    gicv3_vp::platform p("platform", c);
    gicv3_vp::lpi_roundtrip rt;
    rt.rounds = rounds;
    if (roundtrip)
        gicv3_vp::install_lpi_roundtrip(p, rt);
    const std::string out = "/tmp/its-bench-platform-" + std::to_string(getpid());
    sc_core::sc_trace_file *vcd = observe ? sc_core::sc_create_vcd_trace_file(out.c_str()) : nullptr;
    if (vcd)
        p.its_module().trace(vcd);
    auto t0 = clock_type::now();
    p.on_traffic = [&t0] { t0 = clock_type::now(); }; // the traffic alone: bring-up's time varies most
    p.run();
    if (observe) {
        std::ofstream(out + ".json") << p.stats_json(0).dump(2) << "\n";
        sc_core::sc_close_vcd_trace_file(vcd);
    }
    const double host = seconds_since(t0);
    if (observe) {
        std::remove((out + ".json").c_str());
        std::remove((out + ".vcd").c_str());
    }
    json j = {{"host_s", host},
              {"delivered", p.ledger().delivered()},
              {"completed", p.completed()},
              {"rss_bytes", status_bytes("VmHWM")},
              {"rss_end_bytes", status_bytes("VmRSS")},
              {"ram_bytes", double(p.ram().pages() * p.ram().page_size())},
              {"sim_ns_per_round", rt.ns_per_round()}};
    std::cout << j.dump() << "\n";
    return p.completed() && p.failure().empty() ? 0 : 1;
}

// msis per device; devices and cpus side by side (bench::empty_chain).
int child_empty(uint64_t msis, unsigned devices, unsigned cpus, double interval_ns)
{
    bench::empty_chain chain("chain", msis, devices, cpus, interval_ns);
    const auto t0 = clock_type::now();
    sc_core::sc_start();
    json j = {{"host_s", seconds_since(t0)}, {"delivered", chain.target.taken}};
    std::cout << j.dump() << "\n";
    return chain.target.taken == msis * devices ? 0 : 1;
}

// ---- Parent --------------------------------------------------------------------

std::string self;

json child(std::vector<std::string> args)
{
    json j = tb::run_child(self, args);
    if (!j.value("completed", true)) {
        std::cerr << "its-bench-platform: a run did not complete\n";
        std::exit(2);
    }
    return j;
}

// Host ns per unit: the difference of a run of 2n units and one of n, each
// the fastest of `runs` (a busy or virtual machine only ever adds time, so
// the minimum is the figure least disturbed). args(k) gives the child's
// arguments for k units; last receives the last 2n run's figures.
double per_unit_ns(const std::function<std::vector<std::string>(uint64_t)> &args, uint64_t n, json *last = nullptr,
                   int runs = 3)
{
    double t1 = 1e300, t2 = 1e300;
    for (int r = 0; r < runs; r++) {
        t1 = std::min(t1, child(args(n))["host_s"].get<double>());
        json j = child(args(2 * n));
        t2 = std::min(t2, j["host_s"].get<double>());
        if (last)
            *last = j;
    }
    return (t2 - t1) * 1e9 / double(n);
}

void line(const std::string &name, double v)
{
    char b[64];
    std::snprintf(b, sizeof b, "%.4g", v);
    std::cout << name << ": " << b << "\n";
}

// One device, one vector, one CPU: the plain MSI path.
const std::vector<std::string> kOneDevice = {"cpus=1", "devices.count=1", "devices.0.vectors=1",
                                             "devices.0.pattern=periodic", "devices.0.interval_ns=1000"};

} // namespace

int sc_main(int argc, char **argv)
{
    self = argv[0];
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && args[0] == "--platform")
        return child_platform(std::vector<std::string>(args.begin() + 2, args.end()), false, 0, args.at(1) == "1");
    if (!args.empty() && args[0] == "--roundtrip")
        return child_platform(std::vector<std::string>(args.begin() + 2, args.end()), true, std::stoull(args[1]));
    if (!args.empty() && args[0] == "--empty")
        return child_empty(std::stoull(args.at(1)), args.size() > 2 ? unsigned(std::stoul(args[2])) : 1,
                           args.size() > 3 ? unsigned(std::stoul(args[3])) : 1,
                           args.size() > 4 ? std::stod(args[4]) : 1000);
    const bool quick = !args.empty() && args[0] == "--quick";
    const uint64_t msis = quick ? 20000 : 500000;

    // Per-MSI host cost: the platform in both modes against the empty chain.
    auto platform = [](const std::string &mode, bool observe = false) {
        return [mode, observe](uint64_t k) {
            std::vector<std::string> a{"--platform", observe ? "1" : "0"};
            a.insert(a.end(), kOneDevice.begin(), kOneDevice.end());
            a.push_back("its.mode=" + mode);
            a.push_back("devices.0.count=" + std::to_string(k));
            return a;
        };
    };
    const double lt = per_unit_ns(platform("lt"), msis);
    const double acc = per_unit_ns(platform("accurate"), msis);
    const double empty = per_unit_ns([](uint64_t k) { return std::vector<std::string>{"--empty", std::to_string(k)}; }, msis);
    std::cout << "platform lt: host_ns_per_msi " << lt << "\n";
    std::cout << "platform accurate: host_ns_per_msi " << acc << "\n";
    std::cout << "empty chain: host_ns_per_msi " << empty << "\n";
    line("fast_vs_empty_chain_ratio", lt / empty);
    line("accurate_vs_empty_chain_ratio", acc / empty);
    line("fast_msis_per_host_second", 1e9 / lt);
    // The same lt run traced (VCD) and with its statistics written, against it without.
    const double observed = per_unit_ns(platform("lt", true), msis);
    std::cout << "platform lt traced, statistics written: host_ns_per_msi " << observed << "\n";
    line("trace_and_stats_on_vs_off_ratio", observed / lt);

    // The kvm-unit-tests micro-bench lpi: 65,536 rounds (fewer with --quick).
    json rt;
    const uint64_t rounds = quick ? 8192 : 65536;
    const double rt_host = per_unit_ns(
        [](uint64_t k) { return std::vector<std::string>{"--roundtrip", std::to_string(k), "its.mode=lt"}; },
        rounds / 2, &rt, 7); // short runs: the fastest of seven
    line("lpi_roundtrip_host_ns", rt_host);
    line("lpi_roundtrip_sim_ns", rt["sim_ns_per_round"].get<double>());

    // Scale: CPUs at the same offered load per CPU (one device per CPU).
    double first = 0, last = 0;
    const uint64_t total = quick ? 50000 : 1200000;
    for (unsigned cpus : quick ? std::vector<unsigned>{1, 4} : std::vector<unsigned>{1, 4, 64, 256}) {
        const uint64_t per_cpu = total / cpus;
        const double ns = per_unit_ns(
                              [cpus](uint64_t k) {
                                  return std::vector<std::string>{
                                      "--platform", "0", "cpus=" + std::to_string(cpus), "devices.count=1",
                                      "devices.0.instances=" + std::to_string(cpus), "devices.0.vectors=1",
                                      "devices.0.pattern=periodic", "devices.0.interval_ns=1000",
                                      "devices.0.count=" + std::to_string(k)};
                              },
                              per_cpu) /
                          double(cpus);
        std::cout << "cpus " << cpus << ": host_ns_per_msi " << ns << "\n";
        if (cpus == 1)
            first = ns;
        last = ns;
    }
    line(quick ? "cpu_scaling_1_to_4_ratio" : "cpu_scaling_1_to_256_ratio", last / first);
    // The SystemC floor of the same scaling: the empty chain, a lane per CPU.
    double empty_first = 0, empty_last = 0;
    for (unsigned cpus : quick ? std::vector<unsigned>{1, 4} : std::vector<unsigned>{1, 4, 64, 256}) {
        const double ns = per_unit_ns(
                              [cpus](uint64_t k) {
                                  return std::vector<std::string>{"--empty", std::to_string(k), std::to_string(cpus),
                                                                  std::to_string(cpus)};
                              },
                              total / cpus) /
                          double(cpus);
        std::cout << "empty chain cpus " << cpus << ": host_ns_per_msi " << ns << "\n";
        if (cpus == 1)
            empty_first = ns;
        empty_last = ns;
    }
    std::cout << "empty chain " << (quick ? "cpu_scaling_1_to_4_ratio: " : "cpu_scaling_1_to_256_ratio: ")
              << empty_last / empty_first << "\n";

    // Scale: mapped events (devices of up to 2,048 vectors, unbounded caches).
    // Host memory per mapped event: the resident set beyond simulated RAM at
    // the end of a run whose MSIs translate every event once, at the most
    // events over the 16-event run with as many MSIs (what the MSIs' records
    // hold cancels). The peak resident set is shown beside it.
    first = last = 0;
    const uint64_t event_total = total;
    const std::vector<uint64_t> sizes = quick ? std::vector<uint64_t>{16, 4096} : std::vector<uint64_t>{16, 4096, 65536, 1048576};
    double base_bytes = 0, top_bytes = 0, base_peak = 0, top_peak = 0;
    empty_first = empty_last = 0;
    for (uint64_t events : sizes) {
        const uint64_t vectors = std::min<uint64_t>(events, 2048), devices = events / vectors;
        const std::string id_bits = events > 32768 ? "24" : "16";
        auto args = [=](uint64_t k) {
            return std::vector<std::string>{"--platform", "0", "cpus=4", "gic.id_bits=" + id_bits,
                                            "driver.lpi_id_bits=" + id_bits, "devices.count=1",
                                            "devices.0.instances=" + std::to_string(devices),
                                            "devices.0.vectors=" + std::to_string(vectors), "devices.0.pattern=periodic",
                                            "devices.0.interval_ns=" + std::to_string(1000 * devices),
                                            "its.ite_cache=unbounded", "its.device_cache=unbounded",
                                            "its.collection_cache=unbounded", "max_us=1e12",
                                            "devices.0.count=" + std::to_string(k)};
        };
        const double ns = per_unit_ns(args, event_total / devices) / double(devices);
        const json mapped = child(args(sizes.back() / devices)); // sizes.back() MSIs: every event at least once
        const double ram = mapped["ram_bytes"].get<double>();
        const double end = mapped["rss_end_bytes"].get<double>() - ram, peak = mapped["rss_bytes"].get<double>() - ram;
        if (events == 16) {
            base_bytes = end;
            base_peak = peak;
        }
        top_bytes = end;
        top_peak = peak;
        std::cout << "events " << events << ": host_ns_per_msi " << ns << " rss_end_bytes "
                  << mapped["rss_end_bytes"].get<double>() << " rss_peak_bytes " << mapped["rss_bytes"].get<double>()
                  << " simulated_ram_bytes " << ram << "\n";
        // The floor: as many device writers on as many CPUs, the same load.
        const double floor = per_unit_ns(
                                 [devices](uint64_t k) {
                                     return std::vector<std::string>{"--empty", std::to_string(k), std::to_string(devices),
                                                                     "4", std::to_string(1000 * devices)};
                                 },
                                 event_total / devices) /
                             double(devices);
        std::cout << "empty chain devices " << devices << " cpus 4: host_ns_per_msi " << floor << "\n";
        if (events == 16) {
            first = ns;
            empty_first = floor;
        }
        last = ns;
        empty_last = floor;
    }
    const double events_over = double(sizes.back() - 16);
    std::cout << "peak resident set beyond simulated RAM per mapped event: " << (top_peak - base_peak) / events_over
              << "\n";
    const double bytes_per_event = (top_bytes - base_bytes) / events_over;
    line(quick ? "event_scaling_16_to_4096_ratio" : "event_scaling_16_to_1M_ratio", last / first);
    std::cout << "empty chain " << (quick ? "event_scaling_16_to_4096_ratio: " : "event_scaling_16_to_1M_ratio: ")
              << empty_last / empty_first << "\n";
    line("host_bytes_per_mapped_event", bytes_per_event);
    return 0;
}

int main(int argc, char **argv)
{
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    return sc_core::sc_elab_and_sim(argc, argv);
}
