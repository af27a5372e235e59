// SPDX-License-Identifier: Apache-2.0
// The shapes of the kvm-unit-tests ITS group, written as QEMU files in the
// group's layout (untagged or shared side files, cpu-table-writes-test.tsv),
// loaded together as its-vp loads them and replayed: a migration with shared
// side files, a queue that wrapped, a pending-table migration, an unmapped
// collection mapped after a migration, an empty continuation, a capture of
// register accesses only; and what the register checks catch.
#include <gtest/gtest.h>

#include "family.h"
#include "files.h"
#include "render.h"
#include "gicv3_vp/replay/replayer.h"

namespace {

using rs::kLpi0;
using rs::scenario;
using gicv3_vp::replay::report;

struct run {
    std::vector<std::string> paths;
    std::vector<gicv3_vp::replay::trace> traces;
    report r;
};

run through_files(scenario &s, const std::vector<std::string> &tags, rs::renderer::layout how)
{
    run out;
    out.paths = rs::renderer().write(s.traces(), rs::scratch(), tags, how);
    out.traces = gicv3_vp::replay::load(out.paths);
    out.r = gicv3_vp::replay::replay(out.traces);
    return out;
}

bool has_note(const report &r, const std::string &text)
{
    for (const std::string &n : r.notes)
        if (n.find(text) != std::string::npos)
            return true;
    return false;
}

const rs::renderer::layout kShared{true, false};

TEST(ReplayFamily, MigrationWithSharedSideFiles)
{
    scenario s(4);
    s.bring_up();
    s.mapd(0x2, 8);
    s.map_event(0x2, 20, kLpi0 + 3, 3);
    s.map_event(0x7, 255, kLpi0 + 4, 2); // DeviceID 7 not mapped yet: the INT below is dropped
    s.next_trace("dst");
    s.int_(0x2, 20);
    s.ack(3);
    s.int_(0x7, 255);
    s.mapd(0x7, 8);
    s.map_event(0x7, 255, kLpi0 + 4, 2);
    s.int_(0x7, 255);
    s.ack(2);
    run x = through_files(s, {"src", "dst"}, kShared);
    EXPECT_EQ(gicv3_vp::replay::summary_line(x.r), "replay: 0 msis, 0 matched, 0 mismatched, 2 delivered, 0 merged")
        << gicv3_vp::replay::format(x.r);
    EXPECT_TRUE(x.r.passed());
    EXPECT_TRUE(has_note(x.r, "trace-dst.log.gz: commands 0..5: raw bytes from its-cmds.tsv (raw_dw0..raw_dw3, "
                              "qemu_instance dst)"))
        << gicv3_vp::replay::format(x.r);
    // The source's two property stores stay the source's: the destination
    // replays its own one only.
    EXPECT_TRUE(has_note(x.r, "trace-src.log.gz: 2 table store(s) from cpu-table-writes-test.tsv"))
        << gicv3_vp::replay::format(x.r);
    EXPECT_TRUE(has_note(x.r, "trace-dst.log.gz: 1 table store(s) from cpu-table-writes-test.tsv"))
        << gicv3_vp::replay::format(x.r);
}

// micro-bench lpi: the command list keeps raw bytes for the last pass of the
// queue only; the rest are encoded from the traced operands.
TEST(ReplayFamily, WrappedQueueOfManyInts)
{
    scenario s = rs::micro_bench_lpi(3000, 1); // 128 slots
    run x = through_files(s, {""}, {true, true});
    ASSERT_EQ(x.r.error, "");
    EXPECT_EQ(gicv3_vp::replay::summary_line(x.r), "replay: 0 msis, 0 matched, 0 mismatched, 3000 delivered, 0 merged")
        << gicv3_vp::replay::format(x.r);
    EXPECT_EQ(x.r.cpus, 2u);
    EXPECT_EQ(x.r.its.commands[ITS_CMD_INT], 3000u);
    // 2 x (MAPC, SYNC, INVALL), MAPD, MAPTI, INV, then the INTs; 128 slots keep raw bytes.
    const size_t commands = 6 + 3 + 3000;
    EXPECT_TRUE(has_note(x.r, std::to_string(commands - 128) + " command(s) with empty raw_dw0..raw_dw3 in "
                              "its-cmds.tsv (slot-overwritten-later"))
        << gicv3_vp::replay::format(x.r);
    EXPECT_TRUE(x.r.passed());
}

TEST(ReplayFamily, PendingTablesMigrated)
{
    scenario s = rs::pending_migration();
    run x = through_files(s, {"src", "dst"}, kShared);
    EXPECT_EQ(gicv3_vp::replay::summary_line(x.r), "replay: 0 msis, 0 matched, 0 mismatched, 256 delivered, 0 merged")
        << gicv3_vp::replay::format(x.r);
    EXPECT_EQ(s.acks(), 256u);
    // The pending bits reach the model through the source's stores only.
    size_t stores = 0;
    for (const auto &e : x.traces[0].events)
        stores += e.kind == gicv3_vp::replay::op::table_store;
    EXPECT_EQ(stores, 512u); // a property byte and a pending byte per LPI
    EXPECT_TRUE(x.traces[1].events.size() == 512u) << "256 x (IAR1, EOIR1) on the destination";
}

TEST(ReplayFamily, UnmappedCollectionMappedAfterTheMigration)
{
    scenario s = rs::unmapped_collection_migration();
    run x = through_files(s, {"src", "dst"}, kShared);
    EXPECT_EQ(gicv3_vp::replay::summary_line(x.r), "replay: 0 msis, 0 matched, 0 mismatched, 1 delivered, 0 merged")
        << gicv3_vp::replay::format(x.r);
    EXPECT_TRUE(x.r.passed());
}

// Without its side files the destination's INVALL names the collection the
// source mapped last: the inference carries on across the traces.
TEST(ReplayFamily, InferenceCarriesOnIntoTheDestination)
{
    scenario s = rs::unmapped_collection_migration();
    std::vector<std::string> paths = rs::renderer().write(s.traces(), rs::scratch(), {"src", "dst"}, kShared);
    std::filesystem::remove(std::filesystem::path(paths[0]).parent_path() / "its-cmds.tsv");
    std::vector<gicv3_vp::replay::trace> t = gicv3_vp::replay::load(paths);
    report r = gicv3_vp::replay::replay(t);
    EXPECT_EQ(r.mismatched, 0u) << gicv3_vp::replay::format(r);
    EXPECT_EQ(r.delivered, 1u);
}

TEST(ReplayFamily, EmptyContinuation)
{
    scenario s = rs::unmapped_collection_migration();
    s.traces()[1].events.clear(); // the destination did nothing the replay uses
    run x = through_files(s, {"src", "dst"}, kShared);
    EXPECT_EQ(x.r.error, "");
    EXPECT_EQ(x.r.mismatched, 0u) << gicv3_vp::replay::format(x.r);
    EXPECT_TRUE(x.r.passed());
    EXPECT_TRUE(has_note(x.r, "trace-dst.log.gz: nothing in it the replay uses")) << gicv3_vp::replay::format(x.r);
}

// its-introspection: the checks are the register reads and the refused writes.
TEST(ReplayFamily, RegisterAccessesOnly)
{
    std::string dir = rs::scratch();
    rs::introspection().save(dir + "/trace.log.gz");
    report r = gicv3_vp::replay::replay(gicv3_vp::replay::load(std::vector<std::string>{dir + "/trace.log.gz"}));
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.cpus, 4u);
    EXPECT_EQ(r.register_reads, 20u) << gicv3_vp::replay::format(r);
    EXPECT_EQ(r.refused_writes, 3u);
    EXPECT_EQ(r.mismatched, 0u) << gicv3_vp::replay::format(r);
    EXPECT_TRUE(r.passed());
    EXPECT_TRUE(has_note(r, "no CPU or redistributor in the trace: the replay's machine is QEMU virt with 4 CPUs"));
    EXPECT_FALSE(has_note(r, "property stores inferred")) << "no command: nothing to infer";
    std::string text = gicv3_vp::replay::format(r);
    EXPECT_NE(text.find("replay: registers: 20 reads compared, 0 exempt, 3 refused writes checked\n"
                        "replay: 0 msis, 0 matched, 0 mismatched, 0 delivered, 0 merged\n"),
              std::string::npos)
        << text;
}

// A read the model answers otherwise fails at its line, naming the register;
// so does a write the reference refused and the model took.
TEST(ReplayFamily, RegisterChecksFail)
{
    std::string dir = rs::scratch();
    qemu_trace::writer w = rs::introspection();
    w.its_read(0x108, 0x407000000000400, 8);   // BASER1 with another page size
    w.its_badwrite(0x80, 0x8000000040250000, 8); // the model's GITS_CBASER is writable here
    w.save(dir + "/trace.log");
    const size_t read_line = 24, write_line = 25;
    ASSERT_NE(rs::read_lines(dir + "/trace.log").at(read_line - 1).find("offset 0x108 data 0x407000000000400"),
              std::string::npos);
    report r = gicv3_vp::replay::replay({gicv3_vp::replay::load(dir + "/trace.log")});
    ASSERT_EQ(r.mismatched, 2u) << gicv3_vp::replay::format(r);
    EXPECT_FALSE(r.passed());
    EXPECT_EQ(r.failures[0].at.line, read_line);
    EXPECT_EQ(r.failures[0].what, "GITS offset 0x108 reads 0x407000000000200 in the model, 0x407000000000400 in the "
                                  "reference (GITS_BASER1)");
    EXPECT_EQ(r.failures[1].at.line, write_line);
    EXPECT_EQ(r.failures[1].what, "GITS offset 0x80: the reference refused this write (gicv3_its_badwrite); in the "
                                  "model it changed GITS_CBASER from 0x0 to 0x8000000040250000");
}

// SGI/PPI pending and active bits follow interrupts the replay does not
// play: exempt. Other GICR reads are compared, GICR_PENDBASER but for PTZ.
TEST(ReplayFamily, ExemptRedistributorReads)
{
    scenario s(2);
    s.bring_up();
    auto read = [&](uint64_t off, uint64_t data, size_t line) {
        gicv3_vp::replay::event &e = s.current().events.emplace_back();
        e.kind = gicv3_vp::replay::op::redist_read;
        e.cpu = 1;
        e.offset = off;
        e.size = 4;
        e.data = data;
        e.at = {"hand-made.log", line, 0, 0};
    };
    read(0x10200, 0x08000000, 900); // the timer PPI pending: exempt
    read(0x10300, 0x1, 901);        // an SGI active: exempt
    read(0x0, 0x3, 902);            // GICR_CTLR: EnableLPIs, CES
    read(0x14, 0x0, 903);           // GICR_WAKER awake: no write in this trace woke the model's
    // GICR_PENDBASER with PTZ read back, as QEMU does: that bit is not compared, the rest is.
    const uint64_t pendbaser = 0x40510000; // scenario::pend(1)
    read(0x78, pendbaser | 1ull << 62, 904);
    read(0x7C, uint64_t(1) << 30, 905);
    read(0x78, pendbaser + 0x10000, 906); // another address: a failure
    for (auto &e : s.current().events)
        if (e.at.line >= 904)
            e.size = e.offset == 0x78 ? 8 : 4;
    report r = gicv3_vp::replay::replay(s.traces());
    EXPECT_EQ(r.register_reads_exempt, 2u);
    EXPECT_EQ(r.register_reads, 5u);
    ASSERT_EQ(r.mismatched, 2u) << gicv3_vp::replay::format(r);
    EXPECT_EQ(r.failures[0].at.line, 903u);
    EXPECT_NE(r.failures[0].what.find("(GICR_WAKER of redistributor 1)"), std::string::npos) << r.failures[0].what;
    EXPECT_EQ(r.failures[1].at.line, 906u);
    EXPECT_NE(r.failures[1].what.find("(GICR_PENDBASER of redistributor 1)"), std::string::npos) << r.failures[1].what;
}

} // namespace
