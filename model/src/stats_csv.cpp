// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/stats_csv.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

namespace gicv3_vp {

namespace {

using json = nlohmann::json;

std::string cell(const json &v)
{
    if (v.is_string()) {
        std::string s = v.get<std::string>(), q = "\"";
        for (char c : s)
            q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    }
    return v.is_null() ? "" : v.dump();
}

// Every scalar of the document but the configuration, as path,value.
void flatten(const json &j, const std::string &at, std::ostringstream &o)
{
    if (j.is_object()) {
        for (const auto &[k, v] : j.items())
            if (!(at.empty() && k == "config"))
                flatten(v, at.empty() ? k : at + "." + k, o);
    } else if (!j.is_array()) {
        o << cell(json(at)) << "," << cell(j) << "\n";
    }
}

// One row per member of an object of objects: name, then the given fields.
std::string rows(const json &obj, const std::string &name, const std::vector<std::string> &fields)
{
    std::ostringstream o;
    o << name;
    for (const auto &f : fields)
        o << "," << f;
    o << "\n";
    if (obj.is_object())
        for (const auto &[k, v] : obj.items()) {
            o << cell(json(k));
            for (const auto &f : fields)
                o << "," << (v.contains(f) ? cell(v[f]) : "");
            o << "\n";
        }
    return o.str();
}

const json &member(const json &j, const char *k)
{
    static const json none = json::object();
    return j.is_object() && j.contains(k) ? j[k] : none;
}

} // namespace

std::string write_stats_csv(const json &s, const std::string &dir)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return dir + ": cannot create the directory (" + ec.message() + ")";
    const std::vector<std::string> sum{"mean", "p50", "p99", "max"};
    std::vector<std::pair<std::string, std::string>> files;

    std::ostringstream summary;
    summary << "key,value\n";
    flatten(s, "", summary);
    files.emplace_back("summary.csv", summary.str());

    std::ostringstream cpus;
    cpus << "cpu,delivered,interrupts\n";
    const json &per_cpu = member(s, "per_cpu");
    for (size_t i = 0; per_cpu.is_array() && i < per_cpu.size(); i++)
        cpus << per_cpu[i]["cpu"] << "," << per_cpu[i]["delivered"] << "," << per_cpu[i]["interrupts"] << "\n";
    files.emplace_back("per_cpu.csv", cpus.str());

    std::ostringstream hist;
    hist << "bucket_ns,count\n";
    if (s.contains("latency_ns") && s["latency_ns"].contains("histogram")) {
        const json &h = s["latency_ns"]["histogram"];
        for (size_t i = 0; i < h["bucket_ns"].size(); i++)
            hist << h["bucket_ns"][i] << "," << h["count"][i] << "\n";
    }
    files.emplace_back("latency_histogram.csv", hist.str());

    json latency = json::object();
    for (const char *k : {"latency_ns", "latency_to_eoi_ns"})
        if (s.contains(k))
            latency[k] = s[k];
    files.emplace_back("latency.csv", rows(latency, "measure", sum));
    files.emplace_back("stages.csv", rows(member(s, "stages_ns"), "stage", sum));
    files.emplace_back("memory.csv", rows(member(s, "memory"), "table", {"reads", "writes", "bytes"}));

    json caches = json::object();
    const json &its = member(s, "its");
    for (const char *k : {"device_cache", "ite_cache", "collection_cache"})
        if (its.contains(k))
            caches[k] = its[k];
    if (s.contains("gic") && s["gic"].contains("property_cache"))
        caches["property_cache"] = s["gic"]["property_cache"];
    files.emplace_back("caches.csv", rows(caches, "cache", {"hits", "misses", "evictions", "invalidations"}));

    json commands = json::object();
    if (s.contains("commands") && s["commands"].contains("latency_ns"))
        for (const auto &[k, v] : s["commands"]["latency_ns"]["per_type"].items()) {
            commands[k] = v;
            const json &counts = member(its, "commands");
            commands[k]["count"] = counts.contains(k) ? counts[k] : json(0);
        }
    std::vector<std::string> cmd_fields{"count"};
    cmd_fields.insert(cmd_fields.end(), sum.begin(), sum.end());
    files.emplace_back("commands.csv", rows(commands, "type", cmd_fields));

    std::ostringstream drops;
    drops << "reason,count\n";
    for (const auto &[k, v] : member(member(s, "msi"), "dropped").items())
        drops << cell(json(k)) << "," << v << "\n";
    files.emplace_back("drops.csv", drops.str());

    for (const auto &[name, text] : files) {
        const std::string path = (std::filesystem::path(dir) / name).string();
        std::ofstream f(path);
        if (!(f << text << std::flush))
            return path + ": cannot write";
    }
    return "";
}

} // namespace gicv3_vp
