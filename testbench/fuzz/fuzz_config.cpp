// SPDX-License-Identifier: Apache-2.0
// Target 5: its-vp's configuration input, as its_vp.cpp reads it: a JSON
// file (params::load_file) and then --set assignments (params::set).
//
// Input: sections separated by a line "====" (fz_sections.h): the first is
// the JSON file's text; each line of the second (if any) is one --set.
// Invariants: bad input is a config_error (never another exception, crash or
// sanitizer report); accepted input gives a configuration whose JSON (what
// --dump-config prints) loads back into a fresh configuration unchanged.
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fz_sections.h"
#include "gicv3_vp/params.h"
#include "gicv3_vp/platform.h"

namespace {

[[noreturn]] void fail(const char *what, const std::string &detail)
{
    fprintf(stderr, "invariant violated: %s: %s\n", what, detail.c_str());
    abort();
}

} // namespace

// libsystemc (a shared library, not instrumented) defines main() and needs
// an sc_main; libFuzzer's main() is the one that runs, so this never does.
int sc_main(int, char **) { abort(); }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    std::vector<std::string> s = fz::sections(data, size);
    std::string path = fz::put("config.json", &s[0]);
    gicv3_vp::platform_config cfg;
    gicv3_vp::params p;
    gicv3_vp::describe(p, cfg);
    try {
        p.load_file(path);
        if (s.size() > 1) {
            std::istringstream lines(s[1]);
            for (std::string line; std::getline(lines, line);)
                p.set(line);
        }
    } catch (const gicv3_vp::config_error &) {
        return 0; // refused, with a message: what bad input should get
    } catch (const std::exception &e) {
        fail("an exception other than config_error", e.what());
    }
    nlohmann::json dumped = p.to_json();
    gicv3_vp::platform_config cfg2;
    gicv3_vp::params p2;
    gicv3_vp::describe(p2, cfg2);
    try {
        p2.load(dumped);
    } catch (const std::exception &e) {
        fail("the dumped configuration does not load back", e.what());
    }
    if (p2.to_json() != dumped)
        fail("the configuration changed on its way through JSON", dumped.dump());
    return 0;
}
