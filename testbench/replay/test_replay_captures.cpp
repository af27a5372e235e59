// SPDX-License-Identifier: Apache-2.0
// The shared captures (traces/), replayed in process, and the Linux capture
// tampered with line by line: a wrong INTID in the reference's reads, an
// acknowledge added, one removed. Each tampered copy sits beside copies of
// the capture's side files, so it loads as the original does.
#include <gtest/gtest.h>

#include <functional>

#include "files.h"
#include "gicv3_vp/replay/replayer.h"

namespace {

using gicv3_vp::replay::report;

const std::string kLinux = std::string(ITS_TRACES_DIR) + "/linux-6.1-qemu-7.2";
const std::string kKvm = std::string(ITS_TRACES_DIR) + "/kvm-unit-tests-qemu-7.2/its-trigger";
const std::string kMigration = std::string(ITS_TRACES_DIR) + "/kvm-unit-tests-qemu-7.2/its-migration";

report replay_file(const std::string &path) { return gicv3_vp::replay::replay({gicv3_vp::replay::load(path)}); }

// The Linux capture with `edit` applied, saved as trace-A.log beside its side files.
std::string tampered_linux(const std::function<void(std::vector<std::string> &)> &edit)
{
    std::string dir = rs::scratch();
    rs::copy_side_files(kLinux, dir);
    std::vector<std::string> lines = rs::read_lines(kLinux + "/trace-A.log.gz");
    edit(lines);
    rs::write_lines(dir + "/trace-A.log", lines);
    return dir + "/trace-A.log";
}

// Every LPI acknowledge (IAR1 value >= 8192) as the 0-based indices of its
// IAR1 line and of the EOIR line that ends it (the same thread's next).
std::vector<std::pair<size_t, size_t>> lpi_acks(const std::vector<std::string> &lines)
{
    std::vector<std::pair<size_t, size_t>> acks;
    for (size_t i = 0; i < lines.size(); i++) {
        if (lines[i].find("gicv3_icc_iar1_read") == std::string::npos ||
            std::stoul(lines[i].substr(lines[i].rfind("value ") + 6), nullptr, 16) < 8192)
            continue;
        std::string thread = lines[i].substr(0, lines[i].find('@'));
        for (size_t j = i + 1; j < lines.size(); j++)
            if (lines[j].rfind(thread + "@", 0) == 0 && lines[j].find("gicv3_icc_eoir_write") != std::string::npos) {
                acks.push_back({i, j});
                break;
            }
    }
    return acks;
}

TEST(ReplayCaptures, Linux)
{
    report r = replay_file(kLinux + "/trace-A.log.gz");
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(gicv3_vp::replay::summary_line(r), "replay: 596 msis, 596 matched, 0 mismatched, 596 delivered, 0 merged")
        << gicv3_vp::replay::format(r);
    EXPECT_EQ(r.cpus, 4u);
    EXPECT_TRUE(r.passed());
}

TEST(ReplayCaptures, KvmUnitTestsItsTrigger)
{
    report r = replay_file(kKvm + "/trace.log.gz");
    EXPECT_EQ(gicv3_vp::replay::summary_line(r), "replay: 0 msis, 0 matched, 0 mismatched, 4 delivered, 0 merged")
        << gicv3_vp::replay::format(r);
    EXPECT_EQ(r.its.commands[ITS_CMD_INT], 6u);
    EXPECT_TRUE(r.passed());
}

// Two traces sharing its-cmds.tsv and cpu-table-writes-test.tsv: each takes
// its own rows, and the destination's two INTs reach CPUs 3 and 2 from the
// source's mappings and property stores.
TEST(ReplayCaptures, KvmUnitTestsItsMigration)
{
    std::vector<gicv3_vp::replay::trace> t =
        gicv3_vp::replay::load(std::vector<std::string>{kMigration + "/trace-src.log.gz", kMigration + "/trace-dst.log.gz"});
    ASSERT_EQ(t.size(), 2u);
    report r = gicv3_vp::replay::replay(t);
    EXPECT_EQ(gicv3_vp::replay::summary_line(r), "replay: 0 msis, 0 matched, 0 mismatched, 2 delivered, 0 merged")
        << gicv3_vp::replay::format(r);
    EXPECT_EQ(r.its.commands[ITS_CMD_INT], 2u);
    EXPECT_EQ(r.its.commands[ITS_CMD_MAPTI], 2u);
    EXPECT_EQ(r.register_reads, 30u);
    EXPECT_TRUE(r.passed());
    const std::string text = gicv3_vp::replay::format(r);
    for (const char *note : {"trace-src.log.gz: commands 0..7: raw bytes from its-cmds.tsv (raw_dw0..raw_dw3, "
                             "qemu_instance src)",
                             "trace-dst.log.gz: commands 0..1: raw bytes from its-cmds.tsv (raw_dw0..raw_dw3, "
                             "qemu_instance dst)",
                             "trace-src.log.gz: 2 table store(s) from cpu-table-writes-test.tsv",
                             "trace-dst.log.gz: 0 table store(s) from cpu-table-writes-test.tsv"})
        EXPECT_NE(text.find(note), std::string::npos) << note << "\n" << text;
}

TEST(ReplayCaptures, LinuxWithAWrongIntidInTheReferenceReads)
{
    size_t msi_line = 0;
    std::string path = tampered_linux([&](std::vector<std::string> &lines) {
        size_t msi = rs::find_lines(lines, "gicv3_its_translation_write").at(100) - 1;
        std::string thread = lines[msi].substr(0, lines[msi].find('@'));
        for (size_t j = msi + 1;; j++)
            if (lines[j].rfind(thread + "@", 0) == 0 && lines[j].find("gicv3_its_ite_read") != std::string::npos) {
                size_t at = lines[j].find(" intid 0x") + 9;
                lines[j].replace(at, lines[j].find(' ', at) - at, "3fff"); // INTID 16383
                break;
            }
        msi_line = msi + 1;
    });
    report r = replay_file(path);
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.msis, 596u);
    EXPECT_EQ(r.matched, 595u);
    ASSERT_EQ(r.mismatched, 1u) << gicv3_vp::replay::format(r);
    EXPECT_EQ(r.failures[0].at.line, msi_line);
    std::string text = gicv3_vp::replay::format(r);
    EXPECT_NE(text.find("replay: mismatch: " + path + ":" + std::to_string(msi_line) + ": MSI DeviceID "),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("reference INTID 16383"), std::string::npos) << text;
    EXPECT_FALSE(r.passed());
}

TEST(ReplayCaptures, LinuxWithAnExtraAcknowledge)
{
    size_t line = 0;
    std::string path = tampered_linux([&](std::vector<std::string> &lines) {
        auto [iar, eoi] = lpi_acks(lines).at(40);
        std::vector<std::string> pair = {lines[iar], lines[eoi]};
        lines.insert(lines.begin() + long(eoi) + 1, pair.begin(), pair.end()); // taken twice
        line = eoi + 2;
    });
    report r = replay_file(path);
    ASSERT_EQ(r.error, "");
    ASSERT_GE(r.mismatched, 1u);
    EXPECT_EQ(r.failures[0].at.line, line) << gicv3_vp::replay::format(r);
    EXPECT_NE(r.failures[0].what.find("the reference acknowledged LPI"), std::string::npos);
    EXPECT_FALSE(r.passed());
}

// The capture's last LPI acknowledge removed: nothing raises that LPI again
// (a removed acknowledge followed by another MSI of the same LPI would look
// like a merge, which the trace cannot tell from one), so the model still
// has it deliverable when the trace ends.
TEST(ReplayCaptures, LinuxWithAMissingAcknowledge)
{
    std::string path = tampered_linux([&](std::vector<std::string> &lines) {
        auto [iar, eoi] = lpi_acks(lines).back();
        lines.erase(lines.begin() + long(eoi));
        lines.erase(lines.begin() + long(iar));
    });
    report r = replay_file(path);
    ASSERT_EQ(r.error, "");
    ASSERT_EQ(r.mismatched, 1u) << gicv3_vp::replay::format(r);
    EXPECT_FALSE(r.passed());
    EXPECT_EQ(r.failures[0].at.file, path);
    EXPECT_NE(r.failures[0].what.find("cpu 0: LPI 8208 is still deliverable in the model when the trace ends"),
              std::string::npos)
        << gicv3_vp::replay::format(r);
}

} // namespace
