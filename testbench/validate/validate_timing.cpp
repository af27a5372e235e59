// SPDX-License-Identifier: Apache-2.0
// its-validate-timing: the timing model against queueing theory, on the
// bundled platform (docs/timing.md, "Validation"). Each scenario runs in a
// child process of its own (one SystemC elaboration per process); the
// parent prints one line per figure and ends with the four summary lines.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <systemc>
#include <vector>

#include "child_process.h"
#include "gicv3_vp/lpi_roundtrip.h"
#include "gicv3_vp/params.h"
#include "gicv3_vp/platform.h"

namespace {

using json = nlohmann::json;
using settings = std::vector<std::string>;

std::string self_path;

// Child: one platform run; the statistics and the per-CPU INTID sequences
// as JSON on stdout.
int run_one(const settings &sets, bool roundtrip)
{
    gicv3_vp::platform_config config;
    gicv3_vp::params params;
    gicv3_vp::describe(params, config);
    if (roundtrip)
        gicv3_vp::lpi_roundtrip_config(config);
    for (const auto &s : sets)
        params.set(s);
    gicv3_vp::platform p("platform", config);
    gicv3_vp::lpi_roundtrip rt;
    if (roundtrip) {
        rt.rounds = 65536;
        gicv3_vp::install_lpi_roundtrip(p, rt);
    }
    std::vector<std::vector<uint32_t>> seq(config.cpus);
    for (unsigned c = 0; c < config.cpus; c++)
        p.cpu(c).on_interrupt = [&seq](unsigned cpu, uint32_t intid, sc_core::sc_time) { seq[cpu].push_back(intid); };
    p.run();
    json j = p.stats_json(0);
    j["sequences"] = seq;
    if (roundtrip)
        j["roundtrip"] = {{"rounds", rt.done}, {"ns_per_round", rt.ns_per_round()}};
    std::cout << j.dump() << "\n";
    return p.failure().empty() && p.completed() ? 0 : 1;
}

json run(const settings &sets, bool roundtrip = false)
{
    std::vector<std::string> args{roundtrip ? "--roundtrip" : "--one"};
    args.insert(args.end(), sets.begin(), sets.end());
    json j = tb::run_child(self_path, args);
    if (!j.contains("msi")) {
        std::cerr << "its-validate-timing: a scenario gave no statistics\n";
        std::exit(2);
    }
    return j;
}

std::string fmt(double v)
{
    char b[64];
    std::snprintf(b, sizeof b, "%.6g", v);
    return b;
}

// One engine, every lookup a hit (unbounded caches, one vector), no other
// cost: each MSI's service is exactly translate_cycles.
settings deterministic_service(double service_ns, unsigned count)
{
    return {"cpus=1", "teardown=false", "its.input_queue=1000000", "its.engines=1", "its.lpi_credits=0",
            "its.outstanding_reads=0", "its.lookup_cycles=0", "its.miss_cycles=0",
            "its.translate_cycles=" + std::to_string(unsigned(service_ns)), "its.ite_cache=unbounded",
            "its.device_cache=unbounded", "its.collection_cache=unbounded", "devices.count=1",
            "devices.0.vectors=1", "cpu.handler_ns=0", "max_us=1e9",
            "devices.0.count=" + std::to_string(count)};
}

double little_error(const json &j) { return j["littles_law"]["rel_error"].get<double>(); }

} // namespace

int sc_main(int argc, char **argv)
{
    self_path = argv[0];
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    if (argc > 1 && (std::string(argv[1]) == "--one" || std::string(argv[1]) == "--roundtrip"))
        return run_one(settings(argv + 2, argv + argc), std::string(argv[1]) == "--roundtrip");

    double md1_max = 0, little_max = 0, lru_max = 0, lt_max = 0;
    bool modes_same = true;
    auto little = [&](const std::string &name, const json &j) {
        const double e = little_error(j);
        little_max = std::max(little_max, e);
        std::cout << "little " << name << ": L " << fmt(j["littles_law"]["L"].get<double>()) << " lambda*W "
                  << fmt(j["littles_law"]["lambda_per_ns"].get<double>() * j["littles_law"]["W_ns"].get<double>())
                  << " rel_error " << fmt(e) << "\n";
    };

    // M/D/1: mean wait in the input queue = lambda S^2 / (2 (1 - rho)).
    const double S = 100;
    for (double rho : {0.5, 0.7, 0.9}) {
        settings s = deterministic_service(S, 200000);
        s.push_back("devices.0.pattern=poisson");
        s.push_back("devices.0.interval_ns=" + fmt(S / rho));
        s.push_back("devices.0.seed=7");
        json j = run(s);
        const double accepted = j["msi"]["injected"].get<double>();
        const double wq = j["its"]["input_queue"]["wait_ns_mean"].get<double>();
        const double lambda = rho / S;
        const double theory = lambda * S * S / (2 * (1 - rho));
        const double err = std::fabs(wq - theory) / theory;
        md1_max = std::max(md1_max, err);
        std::cout << "md1 rho " << rho << ": msis " << accepted << " wait_ns " << fmt(wq) << " theory_ns "
                  << fmt(theory) << " rel_error " << fmt(err) << "\n";
        little("md1 rho " + fmt(rho), j);
    }

    // Saturation: offered far above capacity. Engine-bound: 1/S. Memory-bound
    // (every ITE read misses, many engines): bandwidth / bytes per MSI.
    {
        settings s = deterministic_service(S, 20000);
        s.push_back("its.input_queue=16");
        s.push_back("devices.0.interval_ns=1");
        json j = run(s);
        const double thr = j["its"]["throughput_per_ns"].get<double>();
        const double err = std::fabs(thr * S - 1);
        std::cout << "saturation engines: throughput_per_ns " << fmt(thr) << " bound " << fmt(1 / S)
                  << " rel_error " << fmt(err) << "\n";
        little("saturation engines", j);
    }
    {
        const double bw = 0.05; // bytes per ns
        settings s = {"cpus=1", "teardown=false", "its.preset=gic600", "its.input_queue=64", "its.engines=64",
                      "its.outstanding_reads=0", "its.lpi_credits=0", "its.ite_cache=2x2", "devices.count=1",
                      "devices.0.vectors=64", "devices.0.interval_ns=1", "devices.0.count=20000", "cpu.handler_ns=0",
                      "memory.bytes_per_ns=" + fmt(bw), "max_us=1e9"};
        json j = run(s);
        const double thr = j["its"]["throughput_per_ns"].get<double>();
        const double bytes = j["memory"]["itt"]["bytes"].get<double>() / j["memory"]["itt"]["reads"].get<double>();
        const double bound = bw / bytes;
        std::cout << "saturation memory: throughput_per_ns " << fmt(thr) << " bound " << fmt(bound)
                  << " rel_error " << fmt(std::fabs(thr / bound - 1)) << "\n";
        little("saturation memory", j);
    }

    // Caches: the ITE cache's hit rate over the traffic, from two runs that
    // differ only in the number of MSIs (so warm-up and bring-up cancel).
    struct pattern {
        const char *name, *cache;
        unsigned vectors;
        double expect;
    };
    for (const pattern &p : {pattern{"lru 8-entry cyclic over 9", "8x8", 9, 0.0},
                             pattern{"lru 8-entry cyclic over 8", "8x8", 8, 1.0},
                             pattern{"lru one 2-way set, 3 keys", "2x2", 3, 0.0},
                             pattern{"lru one 2-way set, 2 keys", "2x2", 2, 1.0}}) {
        json r[2];
        for (int k = 0; k < 2; k++) {
            settings s = deterministic_service(10, p.vectors * (10 + 10 * k));
            s.push_back(std::string("its.ite_cache=") + p.cache);
            s.push_back("devices.0.vectors=" + std::to_string(p.vectors));
            s.push_back("devices.0.interval_ns=1000");
            r[k] = run(s);
        }
        auto d = [&](const char *f) { return r[1]["its"]["ite_cache"][f].get<double>() - r[0]["its"]["ite_cache"][f].get<double>(); };
        const double rate = d("hits") / (d("hits") + d("misses"));
        lru_max = std::max(lru_max, std::fabs(rate - p.expect));
        std::cout << p.name << ": hit_rate " << fmt(rate) << " expected " << fmt(p.expect) << "\n";
    }

    // lt and accurate: the same deliveries per CPU, on the default workload
    // and on a miss-heavy gic600 workload.
    for (const auto &w : std::vector<std::pair<std::string, settings>>{
             {"default", {}},
             {"gic600 miss-heavy", {"its.preset=gic600", "devices.count=1", "devices.0.vectors=2048",
                                    "devices.0.pattern=poisson", "devices.0.interval_ns=200", "devices.0.count=20000"}}}) {
        settings lt = w.second, acc = w.second;
        lt.push_back("its.mode=lt");
        acc.push_back("its.mode=accurate");
        json a = run(lt), b = run(acc);
        const bool same = a["sequences"] == b["sequences"];
        modes_same = modes_same && same;
        const double am = a["latency_ns"]["mean"].get<double>(), bm = b["latency_ns"]["mean"].get<double>();
        lt_max = std::max(lt_max, std::fabs(am - bm) / bm);
        std::cout << "modes " << w.first << ": lt mean " << fmt(a["latency_ns"]["mean"].get<double>())
                  << " accurate mean " << fmt(b["latency_ns"]["mean"].get<double>()) << " lt max "
                  << fmt(a["latency_ns"]["max"].get<double>()) << " accurate max "
                  << fmt(b["latency_ns"]["max"].get<double>()) << " same_deliveries " << (same ? "yes" : "no")
                  << "\n";
        little("modes " + w.first + " lt", a);
    }

    // The kvm-unit-tests micro-bench "lpi": simulated time per round.
    {
        json a = run({"its.mode=lt"}, true), b = run({"its.mode=accurate"}, true);
        const double lt = a["roundtrip"]["ns_per_round"].get<double>();
        const double acc = b["roundtrip"]["ns_per_round"].get<double>();
        const double diff = std::fabs(lt - acc) / acc;
        lt_max = std::max(lt_max, diff);
        std::cout << "lpi roundtrip: rounds " << a["roundtrip"]["rounds"] << " lt ns_per_round " << fmt(lt)
                  << " accurate ns_per_round " << fmt(acc) << " rel_diff " << fmt(diff) << "\n";
    }
    std::cout << "lt_vs_accurate_max_rel_diff: " << fmt(lt_max) << "\n";
    std::cout << "md1_max_rel_error: " << fmt(md1_max) << "\n";
    std::cout << "little_max_rel_error: " << fmt(little_max) << "\n";
    std::cout << "lru_hit_rate_max_abs_error: " << fmt(lru_max) << "\n";
    std::cout << "modes_same_deliveries: " << (modes_same ? "yes" : "no") << "\n";
    return md1_max <= 0.03 && little_max <= 0.01 && lru_max <= 0.001 && modes_same && lt_max <= 0.05 ? 0 : 1;
}

int main(int argc, char **argv)
{
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    return sc_core::sc_elab_and_sim(argc, argv);
}
