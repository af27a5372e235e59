// SPDX-License-Identifier: Apache-2.0
// Shared by the trace-loader tests: a scratch directory per test, loading
// literal lines, and finding events.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

#include "qemu_trace_writer.h"
#include "gicv3_vp/replay/trace.h"

namespace replay_test {

namespace fs = std::filesystem;
using gicv3_vp::replay::event;
using gicv3_vp::replay::op;
using gicv3_vp::replay::trace;

// A fresh directory named after the running test, removed at the end.
class scratch {
public:
    scratch()
    {
        const auto *info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() / ("its-replay-" + std::string(info->test_suite_name()) + "-" + info->name() +
                                            "-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    ~scratch() { fs::remove_all(dir_); }
    std::string path(const std::string &name) const { return (dir_ / name).string(); }
    std::string write(const std::string &name, const std::string &text) const
    {
        std::ofstream(path(name), std::ios::binary) << text;
        return path(name);
    }

private:
    fs::path dir_;
};

inline std::string lines(std::initializer_list<std::string> l)
{
    std::string s;
    for (const std::string &x : l)
        s += x + "\n";
    return s;
}

// The events of one kind, in order.
inline std::vector<event> of(const trace &t, op kind)
{
    std::vector<event> out;
    for (const event &e : t.events)
        if (e.kind == kind)
            out.push_back(e);
    return out;
}

// Expects load(trace) to throw a trace_error whose message starts with
// "<file>:<line>: " (file: the trace unless named) and contains `what`.
inline void expect_error(const std::string &trace, size_t line, const std::string &what, std::string file = "")
{
    if (file.empty())
        file = trace;
    try {
        gicv3_vp::replay::load(trace);
        ADD_FAILURE() << "no trace_error for " << trace;
    } catch (const gicv3_vp::replay::trace_error &e) {
        const std::string m = e.what();
        const std::string prefix = file + ":" + std::to_string(line) + ": ";
        EXPECT_EQ(m.substr(0, prefix.size()), prefix) << m;
        EXPECT_NE(m.find(what), std::string::npos) << m;
    }
}

inline std::string traces_dir() { return ITS_TRACES_DIR; }

} // namespace replay_test
