// SPDX-License-Identifier: Apache-2.0
// gicv3::its::trace(): the ITS's state in a VCD file, with the values the
// traffic gives it.
#include "tlm_bench.h"

#include <fstream>
#include <regex>
#include <sstream>

using namespace tb;

namespace {

// The last value written for the variable whose name ends in `leaf` (VCD: a
// "$var wire <w> <id> <name> $end" line, then "b<bits> <id>" changes).
std::optional<uint64_t> last_value(const std::string &vcd, const std::string &leaf)
{
    std::smatch m;
    if (!std::regex_search(vcd, m, std::regex("\\$var wire +[0-9]+ +(\\S+) +" + leaf + " ")))
        return std::nullopt;
    const std::string id = m[1];
    std::optional<uint64_t> v;
    std::istringstream in(vcd);
    for (std::string line; std::getline(in, line);) {
        size_t sp = line.find(' ');
        if (line.size() > 1 && line[0] == 'b' && sp != std::string::npos && line.substr(sp + 1) == id)
            v = std::stoull(line.substr(1, sp - 1), nullptr, 2);
        else if (line.size() == id.size() + 1 && (line[0] == '0' || line[0] == '1') && line.substr(1) == id)
            v = line[0] == '1';
    }
    return v;
}

} // namespace

TEST(ItsTrace, VcdShowsTheMsisTheItsTook)
{
    const std::string path = ::testing::TempDir() + "its_trace";
    bench b("b", bench::qemu());
    sc_core::sc_trace_file *tf = sc_core::sc_create_vcd_trace_file(path.c_str());
    b.its.trace(tf);
    run([&] {
        b.bring_up();
        b.map_device();
        for (uint32_t ev = 0; ev < 4; ev++) {
            b.msi(ev, 1);
            wait(ns(100));
        }
        wait(ns(1000));
    });
    sc_core::sc_close_vcd_trace_file(tf);
    std::ifstream in(path + ".vcd");
    std::stringstream vcd;
    vcd << in.rdbuf();
    ASSERT_FALSE(vcd.str().empty()) << path << ".vcd";
    EXPECT_EQ(last_value(vcd.str(), "msis_accepted"), 4u);
    EXPECT_EQ(last_value(vcd.str(), "msis_done"), 4u);
    EXPECT_EQ(last_value(vcd.str(), "msis_inside"), 0u);
    EXPECT_EQ(last_value(vcd.str(), "core_busy"), 0u);
}
