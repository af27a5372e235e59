// SPDX-License-Identifier: Apache-2.0
// File helpers for the replay tests and the trace generator: trace lines in
// and out (plain or gzip), and a capture's side files copied beside a
// tampered copy of its trace. scratch() (with gtest): a directory per test.
#pragma once

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace rs {

namespace fs = std::filesystem;

inline std::vector<std::string> read_lines(const std::string &path)
{
    gzFile f = gzopen(path.c_str(), "rb"); // reads plain files too
    if (!f)
        throw std::runtime_error("cannot read " + path);
    std::vector<std::string> lines;
    std::string cur;
    char buf[8192];
    while (gzgets(f, buf, sizeof buf)) {
        cur += buf;
        if (!cur.empty() && cur.back() == '\n') {
            cur.pop_back();
            lines.push_back(std::move(cur));
            cur.clear();
        }
    }
    if (!cur.empty())
        lines.push_back(cur);
    gzclose(f);
    return lines;
}

inline void write_lines(const std::string &path, const std::vector<std::string> &lines)
{
    std::ofstream f(path, std::ios::binary);
    for (const std::string &l : lines)
        f << l << '\n';
    if (!f)
        throw std::runtime_error("cannot write " + path);
}

// Every file of a capture's directory but its traces, into dir.
inline void copy_side_files(const std::string &capture_dir, const std::string &dir)
{
    for (const auto &e : fs::directory_iterator(capture_dir)) {
        std::string name = e.path().filename().string();
        if (name.rfind("trace", 0) != 0)
            fs::copy_file(e.path(), fs::path(dir) / name, fs::copy_options::overwrite_existing);
    }
}

// The 1-based line numbers of the lines containing `needle`.
inline std::vector<size_t> find_lines(const std::vector<std::string> &lines, const std::string &needle)
{
    std::vector<size_t> at;
    for (size_t i = 0; i < lines.size(); i++)
        if (lines[i].find(needle) != std::string::npos)
            at.push_back(i + 1);
    return at;
}

#ifdef ITS_REPLAY_WORK
// build/testbench/replay-work/<suite>.<test>, emptied.
inline std::string scratch() // needs gtest
{
    const auto *info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "." + info->name();
    for (char &c : name)
        if (c == '/')
            c = '_';
    fs::path dir = fs::path(ITS_REPLAY_WORK) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir.string();
}

#endif

} // namespace rs
