// SPDX-License-Identifier: Apache-2.0
// Internal to the trace loader: a side file of tab-separated values with a
// header line (its-cmds*.tsv, cpu-table-writes*.tsv), plain or gzip, its
// columns found by name and every error naming the file and line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gicv3_vp::replay::detail {

struct tsv {
    std::string path;
    std::vector<std::string> header;
    std::vector<std::pair<size_t, std::vector<std::string>>> rows; // (line, fields)

    explicit tsv(const std::string &file);
    std::optional<size_t> column(const char *name) const;
    size_t need(const char *name) const; // the column, or a trace_error
    const std::string &field(size_t row, size_t col) const { return rows[row].second[col]; }
    size_t line(size_t row) const { return rows[row].first; }
    // The field as a number (hex when `hex`, or written 0x...), or a trace_error.
    uint64_t number(size_t row, size_t col, bool hex = false) const;
};

} // namespace gicv3_vp::replay::detail
