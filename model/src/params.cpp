// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/params.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <stdexcept>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace gicv3_vp {

std::string shorten(const std::string &text, size_t max)
{
    std::string o;
    for (size_t i = 0; i < text.size(); i++) {
        if (o.size() >= max)
            return o + "...";
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7f) {
            o += char(c);
        } else {
            char b[8];
            std::snprintf(b, sizeof b, "\\x%02x", c);
            o += b;
        }
    }
    return o;
}

std::string quoted(const std::string &text, bool quotes)
{
    return quotes ? "'" + shorten(text) + "'" : shorten(text);
}

namespace {

std::string trim(const std::string &s)
{
    size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// The deepest nesting of objects and arrays a configuration file may have
// (the real one has three levels: devices, an element, its fields).
constexpr int kMaxJsonDepth = 32;

// Decimal digits without a leading zero ("0" itself, "10"), or "0x" and hex
// digits; nothing else (no sign, no octal, no suffix). False when not such a
// number or beyond 64 bits.
bool parse_integer(const std::string &t, uint64_t &v)
{
    const bool hex = t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X');
    const std::string digits = hex ? t.substr(2) : t;
    if (digits.empty() || digits.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") != std::string::npos)
        return false;
    if (!hex && digits.size() > 1 && digits[0] == '0')
        return false; // 010: octal to C, ten to a person
    errno = 0;
    char *end = nullptr;
    v = std::strtoull(digits.c_str(), &end, hex ? 16 : 10);
    return !errno && end && !*end;
}

uint64_t parse_unsigned(const std::string &name, const std::string &text, uint64_t min, uint64_t max)
{
    std::string t = trim(text);
    uint64_t v = 0;
    if (!parse_integer(t, v))
        throw config_error(name + ": expected a non-negative integer (decimal without leading zeros, or 0x "
                                  "hexadecimal) of at most 64 bits, got " + quoted(text));
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
    throw config_error(quoted(name, false) + ": expected a number, boolean or string, got " +
                       std::string(v.type_name()));
}

std::string format_double(double d)
{
    std::ostringstream o;
    o << d;
    return o.str();
}

// 10^k for a power of ten of a million or more (10^12 reads better than
// 1000000000000 or 1e+12); otherwise empty.
std::string power_of_ten(double d)
{
    int k = 0;
    for (double p = 1; p <= d && k < 300; p *= 10, k++)
        if (p == d)
            return k >= 6 ? "10^" + std::to_string(k) : std::string();
    return {};
}

// A range bound as --help and the reference print it.
std::string format_bound(uint64_t v)
{
    if (v == UINT64_MAX)
        return "2^64-1";
    if (v == UINT32_MAX)
        return "2^32-1";
    std::string p = power_of_ten(double(v));
    return !p.empty() && uint64_t(double(v)) == v ? p : std::to_string(v);
}

std::string format_bound(double d)
{
    std::string p = power_of_ten(d);
    if (!p.empty())
        return p;
    if (d == double(int64_t(d)) && d > -1e15 && d < 1e15)
        return std::to_string(int64_t(d));
    return format_double(d);
}

std::string join(const std::vector<std::string> &v, const std::string &sep)
{
    std::string s;
    for (size_t i = 0; i < v.size(); i++)
        s += (i ? sep : "") + v[i];
    return s;
}

std::vector<std::string> split(const std::string &s, char sep)
{
    std::vector<std::string> v;
    size_t from = 0;
    for (size_t at; (at = s.find(sep, from)) != std::string::npos; from = at + 1)
        v.push_back(s.substr(from, at - from));
    v.push_back(s.substr(from));
    return v;
}

} // namespace

void params::add_entry(const std::string &name, entry e)
{
    if (e.help.empty())
        throw std::logic_error("parameter " + name + " has no help text");
    e.default_value = e.get();
    entries_[name] = std::move(e);
}

void params::add(const std::string &name, bool *field, const std::string &help)
{
    entry e;
    e.help = help;
    e.type = "bool";
    e.range = "true|false";
    e.set = [name, field](const std::string &t) {
        std::string v = trim(t);
        if (v == "true" || v == "1" || v == "on" || v == "yes")
            *field = true;
        else if (v == "false" || v == "0" || v == "off" || v == "no")
            *field = false;
        else
            throw config_error(name + ": expected true or false, got " + quoted(t));
    };
    e.get = [field] { return std::string(*field ? "true" : "false"); };
    e.value = [field] { return nlohmann::json(*field); };
    add_entry(name, std::move(e));
}

void params::add(const std::string &name, uint64_t *field, const std::string &help, uint64_t min,
                 uint64_t max)
{
    entry e;
    e.help = help;
    e.type = "integer";
    e.range = format_bound(min) + ".." + format_bound(max);
    e.set = [=](const std::string &t) { *field = parse_unsigned(name, t, min, max); };
    e.get = [field] { return std::to_string(*field); };
    e.value = [field] { return nlohmann::json(*field); };
    add_entry(name, std::move(e));
}

void params::add(const std::string &name, uint32_t *field, const std::string &help, uint32_t min,
                 uint32_t max)
{
    entry e;
    e.help = help;
    e.type = "integer";
    e.range = format_bound(uint64_t(min)) + ".." + format_bound(uint64_t(max));
    e.set = [=](const std::string &t) { *field = (uint32_t)parse_unsigned(name, t, min, max); };
    e.get = [field] { return std::to_string(*field); };
    e.value = [field] { return nlohmann::json(*field); };
    add_entry(name, std::move(e));
}

void params::add(const std::string &name, double *field, const std::string &help, double min, double max)
{
    entry e;
    e.help = help;
    e.type = "number";
    e.range = min <= -1e300 && max >= 1e300 ? "any" : format_bound(min) + ".." + format_bound(max);
    e.set = [=](const std::string &t) {
        std::string v = trim(t);
        errno = 0;
        char *end = nullptr;
        double d = v.empty() ? 0 : std::strtod(v.c_str(), &end);
        if (v.empty() || errno || !end || *end || !std::isfinite(d))
            throw config_error(name + ": expected a finite number, got " + quoted(t));
        if (!(d >= min && d <= max))
            throw config_error(name + ": " + quoted(v, false) + " is out of range [" + format_double(min) + ", " +
                               format_double(max) + "]");
        *field = d;
    };
    e.get = [field] { return format_double(*field); };
    e.value = [field] { return nlohmann::json(*field); };
    add_entry(name, std::move(e));
}

void params::add(const std::string &name, std::string *field, const std::string &help,
                 std::vector<std::string> choices)
{
    entry e;
    e.help = help;
    e.type = "string";
    e.range = choices.empty() ? "any" : join(choices, "|");
    std::string listed = " (" + e.range + ")";
    e.set = [=](const std::string &t) {
        std::string v = trim(t);
        if (!choices.empty() && std::find(choices.begin(), choices.end(), v) == choices.end())
            throw config_error(name + ": " + quoted(t) + " is not one of the choices" + listed);
        *field = v;
    };
    e.get = [field] { return *field; };
    e.value = [field] { return nlohmann::json(*field); };
    add_entry(name, std::move(e));
}

void params::accepts(const std::string &name, const std::string &form)
{
    auto it = entries_.find(name);
    if (it == entries_.end() || it->second.type != "string" || form.empty())
        throw std::logic_error("params::accepts: " + name + " is not a string parameter");
    it->second.range = form;
}

void params::group(const std::string &prefix, const std::string &help)
{
    groups_[prefix] = help;
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
            l.resize(parse_unsigned(name, value, 0, l.max_count));
            return true;
        }
        size_t dot = rest.find('.');
        std::string idx = rest.substr(0, dot);
        if (dot == std::string::npos || idx.empty() || idx.find_first_not_of("0123456789") != std::string::npos ||
            (idx.size() > 1 && idx[0] == '0'))
            throw config_error("unknown parameter " + quoted(name) + " (list elements are " + list +
                               ".<index>.<field>, or " + list + ".count)");
        size_t i = idx.size() > 9 ? SIZE_MAX : std::stoul(idx);
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
        throw config_error("unknown parameter " + quoted(name) + " (its-vp --help lists them)");
}

void params::set(const std::string &assignment)
{
    size_t eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        throw config_error(quoted(assignment) + ": expected path.to.param=value");
    set(trim(assignment.substr(0, eq)), assignment.substr(eq + 1));
}

bool params::takes_object(const std::string &prefix) const
{
    const std::string dotted = prefix + ".";
    auto it = entries_.lower_bound(dotted);
    if (it != entries_.end() && it->first.compare(0, dotted.size(), dotted) == 0)
        return true;
    for (const auto &[list, l] : lists_) {
        if (prefix == list)
            return true;
        if (prefix.compare(0, list.size() + 1, list + ".") != 0)
            continue;
        const std::string rest = prefix.substr(list.size() + 1);
        const size_t dot = rest.find('.');
        const std::string idx = rest.substr(0, dot);
        if (idx.empty() || idx.size() > 9 || idx.find_first_not_of("0123456789") != std::string::npos)
            return false;
        if (dot == std::string::npos)
            return true; // an element
        if (l.size() == 0)
            return true; // its fields are unknown; setting one reports the missing element
        // The fields under that index, named as they would be there.
        const size_t i = std::stoul(idx);
        params fields;
        l.describe(fields, list + "." + idx, i < l.size() ? i : 0);
        return fields.takes_object(prefix);
    }
    return false;
}

void params::load_at(const std::string &prefix, const nlohmann::json &value, int depth)
{
    if ((value.is_object() || value.is_array()) && depth >= kMaxJsonDepth) // a document built in memory
        throw config_error(quoted(prefix, false) + ": objects and arrays nested more than " +
                           std::to_string(kMaxJsonDepth) + " deep (a configuration has a few levels)");
    if (value.is_object()) {
        // An object no parameter is under (even an empty one) is a mistake,
        // not nothing: {"bogus": {}} must not pass unnoticed.
        if (!prefix.empty() && !takes_object(prefix)) {
            if (entries_.count(prefix))
                throw config_error(quoted(prefix, false) + ": expected a number, boolean or string, got object");
            throw config_error("unknown parameter " + quoted(prefix) + " (its-vp --help lists them)");
        }
        for (auto it = value.begin(); it != value.end(); ++it)
            load_at(prefix.empty() ? it.key() : prefix + "." + it.key(), it.value(), depth + 1);
        return;
    }
    if (value.is_array()) {
        if (!lists_.count(prefix))
            throw config_error(quoted(prefix, false) + ": not a list parameter");
        if (value.size() > lists_[prefix].max_count)
            throw config_error(prefix + ": " + std::to_string(value.size()) + " elements, at most " +
                               std::to_string(lists_[prefix].max_count));
        lists_[prefix].resize(value.size());
        for (size_t i = 0; i < value.size(); i++)
            load_at(prefix + "." + std::to_string(i), value[i], depth + 1);
        return;
    }
    // A value where a group or a list belongs: say which, not "unknown".
    if (lists_.count(prefix))
        throw config_error(quoted(prefix, false) + ": a list, expected a JSON array of objects");
    if (takes_object(prefix))
        throw config_error(quoted(prefix, false) + ": a group of parameters, expected a JSON object");
    set(prefix, json_scalar(prefix, value));
}

void params::load(const nlohmann::json &doc)
{
    if (!doc.is_object())
        throw config_error("configuration: expected a JSON object at the top level");
    load_at("", doc, 0);
}

void params::load_file(const std::string &path)
{
    const std::string file = quoted(path, false);
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw config_error(file + ": a directory, not a configuration file");
    std::ifstream in(path);
    if (!in)
        throw config_error(file + ": cannot open the file");
    // Checked as the parser goes, before anything recurses over the document:
    // the nesting depth, and each object's keys (a key given twice would
    // silently lose one of its values).
    struct frame {
        bool array;
        size_t index;
        std::set<std::string> keys;
        std::string key;
    };
    std::vector<frame> stack;
    auto where = [&stack](const std::string &key) {
        std::string p;
        for (const frame &f : stack)
            if (&f != &stack.back())
                p += (f.array ? std::to_string(f.index) : f.key) + ".";
        return p + key;
    };
    auto element_done = [&stack] {
        if (!stack.empty() && stack.back().array)
            stack.back().index++;
    };
    using event = nlohmann::json::parse_event_t;
    nlohmann::json::parser_callback_t check = [&](int, event e, nlohmann::json &parsed) {
        switch (e) {
        case event::object_start:
        case event::array_start:
            if (stack.size() >= size_t(kMaxJsonDepth))
                throw config_error("objects and arrays nested more than " + std::to_string(kMaxJsonDepth) +
                                   " deep (a configuration has a few levels)");
            stack.push_back({e == event::array_start, 0, {}, {}});
            break;
        case event::object_end:
        case event::array_end:
            if (!stack.empty())
                stack.pop_back();
            element_done();
            break;
        case event::key: {
            std::string k = parsed.is_string() ? parsed.get<std::string>() : std::string();
            if (!stack.empty() && !stack.back().keys.insert(k).second)
                throw config_error("the key " + quoted(where(k)) + " is given twice");
            if (!stack.empty())
                stack.back().key = k;
            break;
        }
        case event::value:
            element_done();
            break;
        }
        return true;
    };
    nlohmann::json doc;
    try {
        // Read whole: the parser takes a NUL byte for the end of the input,
        // so "{...}\0<anything>" would pass with the rest unread.
        const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        if (in.bad())
            throw std::runtime_error("read error");
        const size_t nul = text.find('\0');
        if (nul != std::string::npos)
            throw config_error("not valid JSON (a NUL byte at offset " + std::to_string(nul) +
                               ": not a text file)");
        doc = nlohmann::json::parse(text, check);
    } catch (const config_error &e) {
        throw config_error(file + ": " + e.what());
    } catch (const nlohmann::json::exception &e) { // a syntax error, a number beyond a double, ...
        throw config_error(file + ": not valid JSON (" + shorten(e.what(), 200) + ")");
    } catch (const std::exception &e) { // a read error
        throw config_error(file + ": cannot read the file (" + shorten(e.what(), 200) + ")");
    }
    try {
        load(doc);
    } catch (const config_error &e) {
        throw config_error(file + ": " + e.what());
    }
}

std::string params::help() const
{
    std::vector<std::array<std::string, 4>> rows;
    for (const auto &[name, e] : entries_)
        rows.push_back({name, e.default_value, e.range, e.help});
    for (const auto &[list, l] : lists_) {
        rows.push_back({list + ".count", std::to_string(l.size()), "0.." + format_bound(uint64_t(l.max_count)),
                        l.help});
        for (size_t i = 0; i < l.size(); i++) {
            auto el = element(list, i);
            for (const auto &[name, e] : el->entries_)
                rows.push_back({name, e.default_value, e.range, e.help});
        }
    }
    size_t w[3] = {};
    for (const auto &r : rows)
        for (int c = 0; c < 3; c++)
            w[c] = std::max(w[c], r[c].size());
    std::ostringstream o;
    for (const auto &r : rows)
        o << "  " << std::left << std::setw((int)w[0]) << r[0] << "  " << std::setw((int)w[1]) << r[1] << "  "
          << std::setw((int)w[2]) << r[2] << "  " << r[3] << "\n";
    return o.str();
}

namespace {

// Text for a Markdown table cell: no HTML, no column breaks, no emphasis.
std::string md_text(const std::string &s)
{
    std::string o;
    for (char c : s) {
        switch (c) {
        case '<': o += "&lt;"; break;
        case '>': o += "&gt;"; break;
        case '|': o += "\\|"; break;
        case '*': o += "\\*"; break;
        default: o += c;
        }
    }
    return o;
}

std::string md_code(const std::string &s)
{
    return s.empty() ? "*(empty)*" : "`" + s + "`";
}

// "a|b|c" as `a`, `b`, `c` ("any": a dash).
std::string md_range(const std::string &range)
{
    if (range == "any")
        return "any";
    std::vector<std::string> alternatives = split(range, '|');
    for (auto &a : alternatives)
        a = md_code(a);
    return join(alternatives, ", ");
}

constexpr const char *kTableHead = "| Parameter | Type | Default | Range | Meaning |\n|---|---|---|---|---|\n";

} // namespace

std::string params::markdown() const
{
    // Top-level groups, in name order, those without a dot first.
    std::map<std::string, std::vector<const std::pair<const std::string, entry> *>> by_group;
    for (const auto &kv : entries_) {
        size_t dot = kv.first.find('.');
        by_group[dot == std::string::npos ? std::string() : kv.first.substr(0, dot)].push_back(&kv);
    }
    auto describe_group = [this](const std::string &g) {
        auto it = groups_.find(g);
        if (it == groups_.end() || it->second.empty())
            throw std::logic_error("params::markdown: the group '" + g + "' has no description");
        return it->second;
    };
    std::ostringstream o;
    o << "## Platform parameters (its-vp)\n\n"
         "Every parameter of the bundled platform, from the registry `its-vp` reads its configuration\n"
         "with: `its-vp --help` lists the same, `its-vp --help-markdown` prints this section. Set them in a\n"
         "JSON file given to `--config`, as nested objects (`{\"its\": {\"mode\": \"accurate\"}}`), or one at a\n"
         "time with `--set path.to.param=value`; `--dump-config` prints the configuration in effect. A value\n"
         "outside its range, or not one of its choices, is refused with one line naming the parameter (exit\n"
         "status 2). Booleans also take `1`/`0`, `on`/`off`, `yes`/`no`; integers are decimal without leading\n"
         "zeros (`010` is refused, not read as octal) or `0x` hexadecimal, never negative; numbers must be\n"
         "finite (`nan`, `inf` are refused). A `--config` file may nest at most 32 levels and may not give a\n"
         "key twice in one object; it is text without NUL bytes, and every object in it is a group of\n"
         "parameters or a list element (an object under an unknown name is refused, even an empty one).\n"
         "Ranges are inclusive; `<E>x<W>` is a set-associative cache of E entries in\n"
         "W ways (decimal, E a multiple of W, at most 1048576).\n\n";
    for (const auto &[g, rows] : by_group) {
        o << "### " << (g.empty() ? std::string("Top level") : "`" + g + ".*`") << "\n\n"
          << describe_group(g) << "\n\n"
          << kTableHead;
        for (const auto *kv : rows) {
            const entry &e = kv->second;
            o << "| `" << kv->first << "` | " << e.type << " | " << md_code(e.default_value) << " | "
              << md_range(e.range) << " | " << md_text(e.help) << " |\n";
        }
        o << "\n";
    }
    for (const auto &[list, l] : lists_) {
        o << "### `" << list << "` (a list)\n\n"
          << describe_group(list) << "\n\n"
          << "`" << list << "` is a list (" << md_text(l.help) << "): in a `--config` file an array of objects (`\""
          << list << "\": [{...}, ...]`), one per element; `--set " << list
          << ".count=N` resizes it (new elements copy the last one), and `--set " << list
          << ".<N>.<field>=value` sets a field of element N (from 0). By default the list has " << l.size()
          << " element" << (l.size() == 1 ? "" : "s")
          << "; where their defaults differ, the Default column gives them in order.\n\n"
          << kTableHead;
        o << "| `" << list << ".count` | integer | " << md_code(std::to_string(l.size())) << " | "
          << md_range("0.." + format_bound(uint64_t(l.max_count))) << " | elements of the list |\n";
        // The fields of element 0, with every element's default.
        std::vector<std::unique_ptr<params>> elements;
        for (size_t i = 0; i < l.size(); i++)
            elements.push_back(element(list, i));
        if (elements.empty()) // its fields are known only through an element
            throw std::logic_error("params::markdown: the list '" + list + "' is empty by default");
        const params *first = elements.front().get();
        std::string prefix = list + ".0.";
        for (const auto &[name, e] : first->entries_) {
            std::string field = name.substr(prefix.size());
            std::vector<std::string> defaults{e.default_value};
            for (size_t i = 1; i < elements.size(); i++) {
                const entry &other = elements[i]->entries_.at(list + "." + std::to_string(i) + "." + field);
                defaults.push_back(other.default_value);
            }
            bool same = std::all_of(defaults.begin(), defaults.end(),
                                    [&](const std::string &d) { return d == defaults[0]; });
            std::string def = md_code(defaults[0]);
            if (!same) {
                for (auto &d : defaults)
                    d = md_code(d);
                def = join(defaults, ", ");
            }
            o << "| `" << list << ".<N>." << field << "` | " << e.type << " | " << def << " | " << md_range(e.range)
              << " | " << md_text(e.help) << " |\n";
        }
        o << "\n";
    }
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
