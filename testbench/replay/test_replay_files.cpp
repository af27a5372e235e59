// SPDX-License-Identifier: Apache-2.0
// The replay through real files: scenarios written in QEMU's log format
// (with their side files), read back by gicv3_vp::replay::load() as a capture is,
// then replayed. The family again, plus what only files can get wrong.
#include <gtest/gtest.h>

#include "files.h"
#include "render.h"
#include "scenario.h"
#include "gicv3_vp/replay/replayer.h"

namespace {

using rs::kLpi0;
using rs::scenario;
using gicv3_vp::replay::report;

// Writes the scenario's traces, loads them back, replays them.
report through_files(scenario &s, const std::vector<std::string> &tags, std::vector<std::string> *paths = nullptr)
{
    std::vector<std::string> files = rs::renderer().write(s.traces(), rs::scratch(), tags);
    std::vector<gicv3_vp::replay::trace> loaded;
    for (const std::string &f : files)
        loaded.push_back(gicv3_vp::replay::load(f));
    if (paths)
        *paths = files;
    return gicv3_vp::replay::replay(loaded);
}

void map_round_robin(scenario &s, unsigned cpus, uint32_t dev, unsigned vectors, uint32_t first)
{
    unsigned bits = 1;
    while ((1u << bits) < vectors)
        bits++;
    s.mapd(dev, bits);
    for (uint32_t ev = 0; ev < vectors; ev++)
        s.map_event(dev, ev, first + ev, (dev + ev) % cpus);
}

// Eight CPUs, four devices, affinity changes, a CPU going offline (MOVALL,
// EnableLPIs off: pending LPIs written back) and online (PTZ = 0 scan), a
// CPU's pending-table stores before EnableLPIs, INT, DISCARD, a queue of
// 4 KB that wraps.
TEST(ReplayFiles, EightCpusEveryFeature)
{
    scenario s(8);
    s.bring_up(1);
    map_round_robin(s, 8, 0x100, 6, kLpi0);
    map_round_robin(s, 8, 0x108, 12, kLpi0 + 16);
    map_round_robin(s, 8, 0x200, 1, kLpi0 + 40);
    map_round_robin(s, 8, 0x300, 3, kLpi0 + 48);
    unsigned msis = 0;
    auto traffic = [&](int round) {
        for (uint32_t ev = 0; ev < 12; ev++, msis++)
            s.msi(0x108, (ev + round) % 12);
        for (uint32_t ev = 0; ev < 6; ev += 2, msis++)
            s.msi(0x100, ev);
        s.msi(0x200, 0), msis++;
    };
    for (int round = 0; round < 12; round++) {
        traffic(round);
        for (uint32_t ev = 0; ev < 12; ev += 3)
            s.movi(0x108, ev, (ev + round) % 8);
        s.other_ack(round % 8, 27);
        for (unsigned c = 0; c < 8; c += 2)
            s.ack(c);
    }
    s.int_(0x300, 2);
    s.movall(5, 4); // CPU 5 offline
    for (uint32_t icid : {5u})
        s.mapc(icid, 4);
    s.enable_lpis(5, false);
    traffic(1);
    s.ack_all();
    traffic(2); // leave some pending at CPU 4 and elsewhere...
    s.enable_lpis(3, false); // ...CPU 3's go to its table
    s.store_property(kLpi0 + 900, rs::kEnabled);
    s.store_pending(3, kLpi0 + 900); // the CPU adds one
    s.enable_lpis(3, true);          // PTZ = 0: scanned back
    s.enable_lpis(5, true, true);    // CPU 5 online, fresh table
    s.mapc(5, 5);
    s.invall(5);
    s.ack_all();
    s.discard(0x100, 5); // an event the traffic does not use
    traffic(3);
    s.ack_all();
    report r = through_files(s, {"eight"});
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.mismatched, 0u) << gicv3_vp::replay::format(r);
    EXPECT_EQ(r.msis, msis);
    EXPECT_EQ(r.matched, msis);
    EXPECT_EQ(r.delivered, s.acks());
    EXPECT_EQ(r.cpus, 8u);
    EXPECT_GT(r.its.commands[ITS_CMD_MOVI], 40u);
    EXPECT_TRUE(r.passed()) << gicv3_vp::replay::format(r);
}

// Two files: the destination continues with no set-up; its lines are its own.
TEST(ReplayFiles, MigrationSourceThenDestination)
{
    scenario s(4);
    s.bring_up();
    map_round_robin(s, 4, 0x10, 8, kLpi0);
    for (uint32_t ev = 0; ev < 8; ev++)
        s.msi(0x10, ev);
    s.ack(1);
    s.next_trace("destination");
    s.ack_all();
    s.movi(0x10, 3, 0);
    for (uint32_t ev = 0; ev < 8; ev++)
        s.msi(0x10, ev);
    s.ack_all();
    // Tamper with the destination: the reference's last MSI went elsewhere.
    auto &dst = s.traces()[1].events;
    for (auto it = dst.rbegin(); it != dst.rend(); ++it)
        if (it->kind == gicv3_vp::replay::op::msi) {
            it->ref.rdbase = (it->ref.rdbase + 1) % 4;
            break;
        }
    std::vector<std::string> paths;
    report r = through_files(s, {"src", "dst"}, &paths);
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.msis, 16u);
    EXPECT_EQ(r.matched, 15u);
    ASSERT_EQ(r.mismatched, 1u) << gicv3_vp::replay::format(r);
    const gicv3_vp::replay::failure &f = r.failures[0];
    EXPECT_EQ(f.at.file, paths[1]);
    EXPECT_NE(rs::read_lines(paths[1]).at(f.at.line - 1).find("gicv3_its_translation_write"), std::string::npos);
}

// Tens of thousands of MSIs over 8,192 LPIs, through a gzip file.
TEST(ReplayFiles, TwentyThousandMsis)
{
    scenario s(4);
    s.bring_up(16);
    s.mapd(0x40, 13);
    s.batch();
    for (uint32_t ev = 0; ev < 8192; ev++)
        s.map_event(0x40, ev, kLpi0 + ev, ev % 4);
    s.flush();
    for (uint32_t n = 0; n < 20000; n++) {
        s.msi(0x40, (n * 2654435761u) % 8192);
        if (n % 2000 == 1999)
            s.ack_all();
    }
    s.ack_all();
    report r = through_files(s, {"many"});
    EXPECT_EQ(r.mismatched, 0u) << gicv3_vp::replay::format(r);
    EXPECT_EQ(r.matched, 20000u);
    EXPECT_EQ(r.delivered, s.acks());
    EXPECT_EQ(r.merged, 20000u - s.acks());
    EXPECT_TRUE(r.passed());
}

// A wrong INTID in the reference's Interrupt Table read: the MSI's line.
TEST(ReplayFiles, TamperedInterruptTableRead)
{
    scenario s(2);
    s.bring_up();
    map_round_robin(s, 2, 0x8, 4, kLpi0);
    for (uint32_t ev = 0; ev < 4; ev++)
        s.msi(0x8, ev);
    s.ack_all();
    for (auto &e : s.current().events)
        if (e.kind == gicv3_vp::replay::op::msi && e.event_id == 2)
            e.ref.intid = kLpi0 + 7;
    std::vector<std::string> paths;
    report r = through_files(s, {"t"}, &paths);
    ASSERT_EQ(r.mismatched, 1u) << gicv3_vp::replay::format(r);
    EXPECT_FALSE(r.passed());
    std::string text = gicv3_vp::replay::format(r);
    std::vector<std::string> lines = rs::read_lines(paths[0]);
    size_t line = r.failures[0].at.line;
    EXPECT_NE(lines.at(line - 1).find("requester_id 0x8"), std::string::npos);
    EXPECT_NE(lines.at(line + 1).find("intid 0x2007"), std::string::npos); // the ite_read after the DTE read
    EXPECT_NE(text.find(paths[0] + ":" + std::to_string(line) +
                        ": MSI DeviceID 0x8 EventID 0x2: model INTID 8194 on cpu 0, reference INTID 8199 on cpu 0"),
              std::string::npos)
        << text;
}

TEST(ReplayFiles, RegisterTheModelLacksNamesFileAndLine)
{
    scenario s(2);
    s.bring_up();
    s.redist_write(1, 0x10F00, 4, 1); // an SGI_base offset the redistributor does not have
    std::vector<std::string> paths;
    report r = through_files(s, {"reg"}, &paths);
    size_t line = rs::find_lines(rs::read_lines(paths[0]), "offset 0x10f00").at(0);
    EXPECT_EQ(r.error, paths[0] + ":" + std::to_string(line) +
                           ": GICR offset 0x10f00 is a register the model lacks (write)");
}

TEST(ReplayFiles, CommandTheModelLacksIsALoadError)
{
    scenario s(2);
    s.bring_up();
    s.raw_command(0x29, {0x29, 0, 0, 0});
    std::vector<std::string> files = rs::renderer().write(s.traces(), rs::scratch(), {"cmd"});
    size_t line = rs::find_lines(rs::read_lines(files[0]), ": 0x29").at(0);
    try {
        gicv3_vp::replay::load(files[0]);
        FAIL() << "loaded";
    } catch (const gicv3_vp::replay::trace_error &e) {
        EXPECT_EQ(std::string(e.what()).rfind(files[0] + ":" + std::to_string(line) + ": ", 0), 0u) << e.what();
        EXPECT_NE(std::string(e.what()).find("VMAPP"), std::string::npos) << e.what();
    }
}

} // namespace
