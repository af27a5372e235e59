// SPDX-License-Identifier: Apache-2.0
// A registry of named, typed, documented parameters bound to fields of a
// configuration struct: set from JSON, from "path=value" strings, listed with
// their defaults and ranges (as text or as a Markdown reference). Names are
// dotted paths ("its.timing.command_cycles"); list elements are numbered
// ("devices.0.vectors").
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace gicv3_vp {

// Bad parameter name or value: the message names the parameter and the problem.
struct config_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Text from the input as an error message echoes it: control characters and
// other bytes outside printable ASCII as \xNN, cut to `max` characters
// followed by "..." (a 1 MB key must not become a 1 MB error line).
std::string shorten(const std::string &text, size_t max = 80);
// The same between single quotes (quotes = false: without them).
std::string quoted(const std::string &text, bool quotes = true);

class params {
public:
    params() = default;
    params(const params &) = delete;
    params &operator=(const params &) = delete;

    void add(const std::string &name, bool *field, const std::string &help);
    void add(const std::string &name, uint64_t *field, const std::string &help, uint64_t min = 0,
             uint64_t max = UINT64_MAX);
    void add(const std::string &name, uint32_t *field, const std::string &help, uint32_t min = 0,
             uint32_t max = UINT32_MAX);
    void add(const std::string &name, double *field, const std::string &help, double min = -1e300,
             double max = 1e300);
    // A string limited to `choices` (empty: any string).
    void add(const std::string &name, std::string *field, const std::string &help,
             std::vector<std::string> choices = {});

    // What a string parameter accepts when a later check (not the registry)
    // enforces it, as alternatives separated by '|' ("preset|1..1024"): shown
    // as its range.
    void accepts(const std::string &name, const std::string &form);
    // The meaning of a top-level group of parameters ("its": "the ITS: ...";
    // "": the parameters without a group), for the Markdown reference.
    void group(const std::string &prefix, const std::string &help);

    // A list of elements, each described by `describe(p, prefix, element)`.
    // "<name>.count" (0..max_count) resizes it (new elements copy the last
    // one, then `grown(list, old_size)` adjusts them when given); elements
    // are addressed as "<name>.<index>.<field>".
    template <class E>
    void add_list(const std::string &name, std::vector<E> *list, const std::string &help,
                  std::function<void(params &, const std::string &, E &)> describe, size_t max_count = 4096,
                  std::function<void(std::vector<E> &, size_t)> grown = {})
    {
        list_entry l;
        l.help = help;
        l.max_count = max_count;
        l.size = [list] { return list->size(); };
        l.resize = [list, grown](size_t n) {
            size_t old = list->size();
            if (n > old && !list->empty())
                list->resize(n, list->back());
            else
                list->resize(n);
            if (n > old && grown)
                grown(*list, old);
        };
        l.describe = [list, describe](params &p, const std::string &prefix, size_t i) {
            describe(p, prefix, (*list)[i]);
        };
        lists_[name] = std::move(l);
    }

    // "path=value"
    void set(const std::string &assignment);
    void set(const std::string &name, const std::string &value);
    // Apply a JSON object: nested objects are path segments, arrays are lists.
    void load(const nlohmann::json &doc);
    void load_file(const std::string &path);

    // Every parameter, one a line: name, default (the value at
    // registration), range (alternatives separated by '|'), meaning.
    std::string help() const;
    // The same as a Markdown reference: a table per group, lists explained.
    std::string markdown() const;
    // Current values, as JSON (for reproducibility in statistics output).
    nlohmann::json to_json() const;

private:
    struct entry {
        std::string help;
        std::string type;  // bool, integer, number, string
        std::string range; // accepted values: alternatives separated by '|'
        std::string default_value;
        std::function<void(const std::string &)> set;
        std::function<std::string()> get;
        std::function<nlohmann::json()> value; // typed, for to_json()
    };
    struct list_entry {
        std::string help;
        size_t max_count = 0;
        std::function<size_t()> size;
        std::function<void(size_t)> resize;
        std::function<void(params &, const std::string &, size_t)> describe;
    };

    void add_entry(const std::string &name, entry e);
    // The parameter table of one list element, built on each use: a resize
    // may move the elements, so no table outlives the call.
    std::unique_ptr<params> element(const std::string &list, size_t index) const;
    void load_at(const std::string &prefix, const nlohmann::json &value, int depth);
    // Whether a JSON object belongs at prefix: a group some parameter is in,
    // a list, or a list element (or a group inside one).
    bool takes_object(const std::string &prefix) const;
    bool set_in_list(const std::string &name, const std::string &value);

    std::map<std::string, entry> entries_;
    std::map<std::string, list_entry> lists_;
    std::map<std::string, std::string> groups_;
};

} // namespace gicv3_vp
