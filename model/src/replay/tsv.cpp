// SPDX-License-Identifier: Apache-2.0
#include "tsv.h"

#include <algorithm>

#include "trace_lines.h"

namespace gicv3_vp::replay::detail {

namespace {

std::vector<std::string> split_tabs(const std::string &s)
{
    std::vector<std::string> out;
    size_t from = 0;
    for (size_t tab; (tab = s.find('\t', from)) != std::string::npos; from = tab + 1)
        out.push_back(s.substr(from, tab - from));
    out.push_back(s.substr(from));
    return out;
}

} // namespace

tsv::tsv(const std::string &file) : path(file)
{
    line_reader in(file);
    std::string text;
    while (in.next(text)) {
        if (text.empty())
            continue;
        std::vector<std::string> f = split_tabs(text);
        if (header.empty()) {
            header = std::move(f);
            continue;
        }
        if (f.size() < header.size())
            fail(path, in.line(), std::to_string(f.size()) + " columns where the header has " +
                                      std::to_string(header.size()));
        rows.emplace_back(in.line(), std::move(f));
    }
}

std::optional<size_t> tsv::column(const char *name) const
{
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? std::nullopt : std::optional<size_t>(size_t(it - header.begin()));
}

size_t tsv::need(const char *name) const
{
    auto c = column(name);
    if (!c)
        fail(path, 1, std::string("no column named ") + name);
    return *c;
}

uint64_t tsv::number(size_t row, size_t col, bool hex) const
{
    uint64_t v = 0;
    if (!parse_u64(field(row, col), v, hex))
        fail(path, line(row), header[col] + " does not parse: '" + field(row, col) + "'");
    return v;
}

} // namespace gicv3_vp::replay::detail
