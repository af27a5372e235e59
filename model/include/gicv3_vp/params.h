// SPDX-License-Identifier: Apache-2.0
// A registry of named, typed, documented parameters bound to fields of a
// configuration struct: set from JSON, from "path=value" strings, listed with
// their defaults. Names are dotted paths ("its.timing.command_cycles"); list
// elements are numbered ("devices.0.vectors").
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

    // A list of elements, each described by `describe(p, prefix, element)`.
    // "<name>.count" resizes it (new elements copy the last one); elements
    // are addressed as "<name>.<index>.<field>".
    template <class E>
    void add_list(const std::string &name, std::vector<E> *list, const std::string &help,
                  std::function<void(params &, const std::string &, E &)> describe)
    {
        list_entry l;
        l.help = help;
        l.size = [list] { return list->size(); };
        l.resize = [list](size_t n) {
            if (n > list->size() && !list->empty())
                list->resize(n, list->back());
            else
                list->resize(n);
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

    // Every parameter: name, default (the value at registration), meaning.
    std::string help() const;
    // Current values, as JSON (for reproducibility in statistics output).
    nlohmann::json to_json() const;

private:
    struct entry {
        std::string help;
        std::string default_value;
        std::function<void(const std::string &)> set;
        std::function<std::string()> get;
        std::function<nlohmann::json()> value; // typed, for to_json()
    };
    struct list_entry {
        std::string help;
        std::function<size_t()> size;
        std::function<void(size_t)> resize;
        std::function<void(params &, const std::string &, size_t)> describe;
    };

    void add_entry(const std::string &name, entry e);
    // The parameter table of one list element, built on each use: a resize
    // may move the elements, so no table outlives the call.
    std::unique_ptr<params> element(const std::string &list, size_t index) const;
    void load_at(const std::string &prefix, const nlohmann::json &value);
    bool set_in_list(const std::string &name, const std::string &value);

    std::map<std::string, entry> entries_;
    std::map<std::string, list_entry> lists_;
};

} // namespace gicv3_vp
