// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/params.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

namespace gicv3_vp {

namespace {

std::string trim(const std::string &s)
{
    size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

uint64_t parse_unsigned(const std::string &name, const std::string &text, uint64_t min, uint64_t max)
{
    std::string t = trim(text);
    errno = 0;
    char *end = nullptr;
    unsigned long long v = t.empty() || t[0] == '-' ? 0 : std::strtoull(t.c_str(), &end, 0);
    if (t.empty() || t[0] == '-' || errno || !end || *end)
        throw config_error(name + ": expected a non-negative integer, got '" + text + "'");
    if (v < min || v > max)
        throw config_error(name + ": " + t + " is out of range [" + std::to_string(min) + ", " +
                           std::to_string(max) + "]");
    return v;
}

std::string json_scalar(const std::string &name, const nlohmann::json &v)
{
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_boolean())
        return v.get<bool>() ? "true" : "false";
    if (v.is_number_unsigned())
        return std::to_string(v.get<uint64_t>());
    if (v.is_number_integer())
        return std::to_string(v.get<int64_t>());
    if (v.is_number_float()) {
        std::ostringstream o;
        o << std::setprecision(17) << v.get<double>();
        return o.str();
    }
    throw config_error(name + ": expected a number, boolean or string, got " + std::string(v.type_name()));
}

std::string format_double(double d)
{
    std::ostringstream o;
    o << d;
    return o.str();
}

} // namespace

void params::add_entry(const std::string &name, entry e)
{
    e.default_value = e.get();
    entries_[name] = std::move(e);
}

void params::add(const std::string &name, bool *field, const std::string &help)
{
    add_entry(name, {help, "",
                     [name, field](const std::string &t) {
                         std::string v = trim(t);
                         if (v == "true" || v == "1" || v == "on" || v == "yes")
                             *field = true;
                         else if (v == "false" || v == "0" || v == "off" || v == "no")
                             *field = false;
                         else
                             throw config_error(name + ": expected true or false, got '" + t + "'");
                     },
                     [field] { return std::string(*field ? "true" : "false"); },
                     [field] { return nlohmann::json(*field); }});
}

void params::add(const std::string &name, uint64_t *field, const std::string &help, uint64_t min,
                 uint64_t max)
{
    add_entry(name, {help, "",
                     [=](const std::string &t) { *field = parse_unsigned(name, t, min, max); },
                     [field] { return std::to_string(*field); }, [field] { return nlohmann::json(*field); }});
}

void params::add(const std::string &name, uint32_t *field, const std::string &help, uint32_t min,
                 uint32_t max)
{
    add_entry(name, {help, "",
                     [=](const std::string &t) { *field = (uint32_t)parse_unsigned(name, t, min, max); },
                     [field] { return std::to_string(*field); }, [field] { return nlohmann::json(*field); }});
}

void params::add(const std::string &name, double *field, const std::string &help, double min, double max)
{
    add_entry(name, {help, "",
                     [=](const std::string &t) {
                         std::string v = trim(t);
                         errno = 0;
                         char *end = nullptr;
                         double d = v.empty() ? 0 : std::strtod(v.c_str(), &end);
                         if (v.empty() || errno || !end || *end)
                             throw config_error(name + ": expected a number, got '" + t + "'");
                         if (d < min || d > max)
                             throw config_error(name + ": " + v + " is out of range [" + format_double(min) +
                                                ", " + format_double(max) + "]");
                         *field = d;
                     },
                     [field] { return format_double(*field); }, [field] { return nlohmann::json(*field); }});
}

void params::add(const std::string &name, std::string *field, const std::string &help,
                 std::vector<std::string> choices)
{
    std::string h = help;
    if (!choices.empty()) {
        h += " (";
        for (size_t i = 0; i < choices.size(); i++)
            h += (i ? "|" : "") + choices[i];
        h += ")";
    }
    add_entry(name, {h, "",
                     [=](const std::string &t) {
                         std::string v = trim(t);
                         if (!choices.empty()) {
                             bool ok = false;
                             for (const auto &c : choices)
                                 ok = ok || c == v;
                             if (!ok)
                                 throw config_error(name + ": '" + t + "' is not one of the choices" +
                                                    h.substr(help.size()));
                         }
                         *field = v;
                     },
                     [field] { return *field; }, [field] { return nlohmann::json(*field); }});
}

std::unique_ptr<params> params::element(const std::string &list, size_t index) const
{
    const list_entry &l = lists_.at(list);
    auto p = std::make_unique<params>();
    l.describe(*p, list + "." + std::to_string(index), index);
    return p;
}

bool params::set_in_list(const std::string &name, const std::string &value)
{
    for (auto &[list, l] : lists_) {
        if (name.compare(0, list.size() + 1, list + ".") != 0)
            continue;
        std::string rest = name.substr(list.size() + 1);
        if (rest == "count") {
            l.resize(parse_unsigned(name, value, 0, 4096));
            return true;
        }
        size_t dot = rest.find('.');
        std::string idx = rest.substr(0, dot);
        if (dot == std::string::npos || idx.empty() || idx.find_first_not_of("0123456789") != std::string::npos)
            throw config_error("unknown parameter '" + name + "' (list elements are " + list +
                               ".<index>.<field>, or " + list + ".count)");
        size_t i = std::stoul(idx);
        if (i >= l.size())
            throw config_error(name + ": " + list + " has " + std::to_string(l.size()) +
                               " elements (set " + list + ".count first)");
        element(list, i)->set(name, value);
        return true;
    }
    return false;
}

void params::set(const std::string &name, const std::string &value)
{
    auto it = entries_.find(name);
    if (it != entries_.end()) {
        it->second.set(value);
        return;
    }
    if (!set_in_list(name, value))
        throw config_error("unknown parameter '" + name + "' (its-vp --help lists them)");
}

void params::set(const std::string &assignment)
{
    size_t eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        throw config_error("'" + assignment + "': expected path.to.param=value");
    set(trim(assignment.substr(0, eq)), assignment.substr(eq + 1));
}

void params::load_at(const std::string &prefix, const nlohmann::json &value)
{
    if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it)
            load_at(prefix.empty() ? it.key() : prefix + "." + it.key(), it.value());
        return;
    }
    if (value.is_array()) {
        if (!lists_.count(prefix))
            throw config_error(prefix + ": not a list parameter");
        lists_[prefix].resize(value.size());
        for (size_t i = 0; i < value.size(); i++)
            load_at(prefix + "." + std::to_string(i), value[i]);
        return;
    }
    set(prefix, json_scalar(prefix, value));
}

void params::load(const nlohmann::json &doc)
{
    if (!doc.is_object())
        throw config_error("configuration: expected a JSON object at the top level");
    load_at("", doc);
}

void params::load_file(const std::string &path)
{
    std::ifstream in(path);
    if (!in)
        throw config_error(path + ": cannot open the file");
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error &e) {
        throw config_error(path + ": not valid JSON (" + e.what() + ")");
    }
    try {
        load(doc);
    } catch (const config_error &e) {
        throw config_error(path + ": " + e.what());
    }
}

std::string params::help() const
{
    std::vector<std::array<std::string, 3>> rows;
    for (const auto &[name, e] : entries_)
        rows.push_back({name, e.default_value, e.help});
    for (const auto &[list, l] : lists_) {
        rows.push_back({list + ".count", std::to_string(l.size()), l.help});
        for (size_t i = 0; i < l.size(); i++) {
            auto el = element(list, i);
            for (const auto &[name, e] : el->entries_)
                rows.push_back({name, e.default_value, e.help});
        }
    }
    size_t w0 = 0, w1 = 0;
    for (const auto &r : rows)
        w0 = std::max(w0, r[0].size()), w1 = std::max(w1, r[1].size());
    std::ostringstream o;
    for (const auto &r : rows)
        o << "  " << std::left << std::setw((int)w0) << r[0] << "  " << std::setw((int)w1) << r[1] << "  "
          << r[2] << "\n";
    return o.str();
}

namespace {

// j[a][b][c] = v for the path "a.b.c".
void put(nlohmann::json &j, const std::string &path, const nlohmann::json &v)
{
    nlohmann::json *at = &j;
    size_t from = 0;
    for (size_t dot; (dot = path.find('.', from)) != std::string::npos; from = dot + 1)
        at = &(*at)[path.substr(from, dot - from)];
    (*at)[path.substr(from)] = v;
}

} // namespace

nlohmann::json params::to_json() const
{
    nlohmann::json j = nlohmann::json::object();
    for (const auto &[name, e] : entries_)
        put(j, name, e.value());
    for (const auto &[list, l] : lists_) {
        nlohmann::json elements = nlohmann::json::array();
        for (size_t i = 0; i < l.size(); i++) {
            std::string prefix = list + "." + std::to_string(i) + ".";
            nlohmann::json element = nlohmann::json::object();
            auto el = this->element(list, i);
            for (const auto &[name, e] : el->entries_)
                put(element, name.substr(prefix.size()), e.value());
            elements.push_back(element);
        }
        put(j, list, elements);
    }
    return j;
}

} // namespace gicv3_vp
