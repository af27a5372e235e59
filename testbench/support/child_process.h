// SPDX-License-Identifier: Apache-2.0
// Runs this program again with arguments, in a child process of its own (one
// SystemC elaboration per process), and returns the JSON document the child
// printed last on stdout. Exits with status 2 when the child fails.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tb {

inline nlohmann::json run_child(const std::string &self, const std::vector<std::string> &args)
{
    std::string cmd = "'" + self + "'";
    for (const auto &a : args)
        cmd += " '" + a + "'";
    std::unique_ptr<FILE, int (*)(FILE *)> pipe(popen(cmd.c_str(), "r"), pclose);
    std::string out;
    char buf[65536];
    size_t n;
    while (pipe && (n = fread(buf, 1, sizeof buf, pipe.get())) > 0)
        out.append(buf, n);
    const size_t start = out.rfind("\n{");
    nlohmann::json j = nlohmann::json::parse(start == std::string::npos ? out : out.substr(start + 1), nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        std::cerr << self << ": a run failed: " << cmd << "\n";
        std::exit(2);
    }
    return j;
}

} // namespace tb
