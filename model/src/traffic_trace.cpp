// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/traffic_trace.h"

#include <filesystem>
#include <fstream>
#include <system_error>

#include "gicv3_vp/params.h"

namespace gicv3_vp {

namespace {

constexpr const char *kHeader = "time_ns,device_id,event_id";

std::string trim(const std::string &s)
{
    size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// Decimal or 0x-hexadecimal, at most max; false when it is neither or too big.
bool parse(const std::string &t, uint64_t max, uint64_t &v)
{
    bool hex = t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X');
    unsigned base = hex ? 16 : 10;
    if (t.empty())
        return false;
    v = 0;
    for (size_t i = hex ? 2 : 0; i < t.size(); i++) {
        char c = t[i];
        unsigned d = c >= '0' && c <= '9'                ? unsigned(c - '0')
                     : hex && c >= 'a' && c <= 'f'       ? unsigned(c - 'a' + 10)
                     : hex && c >= 'A' && c <= 'F'       ? unsigned(c - 'A' + 10)
                                                         : base;
        if (d >= base || v > (max - d) / base)
            return false;
        v = v * base + d;
    }
    return true;
}

} // namespace

std::vector<traffic_trace_row> read_traffic_trace(const std::string &path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw config_error(path + ": is a directory, not a trace file");
    std::ifstream in(path);
    if (!in)
        throw config_error(path + ": cannot open");
    auto error = [&path](unsigned line, const std::string &what) {
        return config_error(path + ":" + std::to_string(line) + ": " + what);
    };
    std::string text;
    unsigned line = 1;
    if (!std::getline(in, text))
        throw error(line, std::string("empty, expected the header '") + kHeader + "'");
    std::string header;
    for (char c : text)
        if (c != ' ' && c != '\t' && c != '\r')
            header += c;
    if (header != kHeader)
        throw error(line, "header '" + trim(text) + "', expected '" + kHeader + "'");

    static const char *names[3] = {"time_ns", "device_id", "event_id"};
    static const uint64_t max[3] = {UINT64_MAX, UINT32_MAX, UINT32_MAX};
    std::vector<traffic_trace_row> rows;
    while (std::getline(in, text)) {
        line++;
        if (trim(text).empty())
            continue;
        uint64_t v[3];
        size_t from = 0;
        for (unsigned f = 0; f < 3; f++) {
            size_t comma = text.find(',', from);
            if ((comma == std::string::npos) != (f == 2))
                throw error(line, "expected 3 fields (" + std::string(kHeader) + "), got '" + trim(text) + "'");
            std::string field = trim(text.substr(from, comma == std::string::npos ? comma : comma - from));
            if (!parse(field, max[f], v[f]))
                throw error(line, std::string(names[f]) + " '" + field + "' is not an integer in [0, " +
                                      std::to_string(max[f]) + "]");
            from = comma + 1;
        }
        if (!rows.empty() && v[0] < rows.back().time_ns)
            throw error(line, "time_ns " + std::to_string(v[0]) + " goes backwards (line " +
                                  std::to_string(rows.back().line) + " has " + std::to_string(rows.back().time_ns) +
                                  ")");
        rows.push_back({v[0], uint32_t(v[1]), uint32_t(v[2]), line});
    }
    if (in.bad())
        throw error(line, "read error");
    return rows;
}

} // namespace gicv3_vp
