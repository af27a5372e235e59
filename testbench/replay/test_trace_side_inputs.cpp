// SPDX-License-Identifier: Apache-2.0
// Side inputs beside a trace: which file fits which capture, where each
// command's raw bytes come from, CPU table stores merged by time, and the
// property stores inferred without them.
#include "replay_test.h"

using namespace replay_test;
using gicv3_vp::replay::load;

namespace {

bool has_note(const trace &t, const std::string &text)
{
    for (const std::string &n : t.notes)
        if (n.find(text) != std::string::npos)
            return true;
    return false;
}

std::string all_notes(const trace &t)
{
    std::string s;
    for (const std::string &n : t.notes)
        s += "  " + n + "\n";
    return s;
}

} // namespace

TEST(ReplayTraceSideInputs, QueueDumpThenCommandListThenEncoding)
{
    scratch s;
    qemu_trace::writer w;
    w.mapc(0, 0).sync(3).mapd(8, 0, 0x1000).mapti(8, 0, 0, 8192).cwriter();
    w.save(s.path("trace-Q.log"));
    w.save_its_cmds(s.path("its-cmds-Q.tsv"));
    // The command list lacks the last command.
    std::ifstream in(s.path("its-cmds-Q.tsv"));
    std::string list((std::istreambuf_iterator<char>(in)), {});
    list.erase(list.rfind('\n', list.size() - 2) + 1);
    s.write("its-cmds-Q.tsv", list);
    // The dump's slots 1 and 3 were rewritten after a wrap (another opcode;
    // same opcode with other operands).
    qemu_trace::writer dump;
    dump.mapc(0, 0).inv(1, 1).mapd(8, 0, 0x1000).mapti(8, 0, 0, 8193);
    dump.save_cmdq(s.path("mem-Q-cmdq.bin"));

    trace t = load(s.path("trace-Q.log"));
    std::vector<event> cmds = of(t, op::command);
    ASSERT_EQ(cmds.size(), 4u);
    EXPECT_EQ(cmds[1].raw[2], uint64_t(3) << 16) << "SYNC from the list (inference would say 0)";
    EXPECT_EQ(cmds[3].raw[1], uint64_t(8192) << 32) << "MAPTI encoded from its line";
    EXPECT_TRUE(has_note(t, "command 0: raw bytes from mem-Q-cmdq.bin")) << all_notes(t);
    EXPECT_TRUE(has_note(t, "command 1: raw bytes from its-cmds-Q.tsv (raw_dw0..raw_dw3)")) << all_notes(t);
    EXPECT_TRUE(has_note(t, "command 2: raw bytes from mem-Q-cmdq.bin")) << all_notes(t);
    EXPECT_TRUE(has_note(t, "command 3: encoded from the traced operands")) << all_notes(t);
    EXPECT_TRUE(has_note(t, "2 command(s) not taken from mem-Q-cmdq.bin")) << all_notes(t);
}

TEST(ReplayTraceSideInputs, ListRowsThatDisagreeAreNotUsed)
{
    scratch s;
    qemu_trace::writer w, other;
    w.mapti(1, 2, 0, 8192).cwriter();
    other.mapti(1, 2, 0, 9000); // a list from another run
    w.save(s.path("trace.log"));
    other.save_its_cmds(s.path("its-cmds.tsv"));
    trace t = load(s.path("trace.log"));
    EXPECT_EQ(of(t, op::command)[0].raw[1], uint64_t(8192) << 32 | 2);
    EXPECT_TRUE(has_note(t, "1 row(s) of its-cmds.tsv not used")) << all_notes(t);
}

TEST(ReplayTraceSideInputs, SideFilesAreMatchedByTheCaptureTag)
{
    scratch s;
    qemu_trace::writer a, b;
    a.sync(1).cwriter();
    b.sync(2).cwriter();
    a.save(s.path("trace-A.log.gz"));
    b.save(s.path("trace-B.log"));
    a.save_cmdq(s.path("mem-A-cmdq.bin"));
    b.save_its_cmds(s.path("its-cmds-B.tsv"));
    a.store(0, 0x5000, 0, 0xa3).save_table_writes(s.path("cpu-table-writes-B.tsv"));
    trace ta = load(s.path("trace-A.log.gz")), tb = load(s.path("trace-B.log"));
    EXPECT_EQ(of(ta, op::command)[0].raw[2], uint64_t(1) << 16);
    EXPECT_EQ(of(tb, op::command)[0].raw[2], uint64_t(2) << 16);
    EXPECT_TRUE(has_note(ta, "raw bytes from mem-A-cmdq.bin")) << all_notes(ta);
    EXPECT_TRUE(has_note(tb, "raw bytes from its-cmds-B.tsv")) << all_notes(tb);
    EXPECT_TRUE(of(ta, op::table_store).empty()); // B's stores are not A's
    EXPECT_EQ(of(tb, op::table_store).size(), 1u);
}

TEST(ReplayTraceSideInputs, TableWritesAreMergedByHostTime)
{
    scratch s;
    qemu_trace::writer w(20578, 5000000);
    w.redist_write(0, 0x70, 0x4027000d, 8);
    w.store(0, 0x40270003, 0x00, 0xa3);          // t = 5.000001
    w.mapd(2, 7, 0x40269000).mapti(2, 20, 3, 8195).cwriter();
    w.at(6000000).store(2, 0x40270003, 0xa3, 0xa2);
    w.at(6000000).inv(2, 20).cwriter();          // same µs as the store: the store goes after
    w.at(7000000).int_(2, 20).reads_delivered(2, 20, 0x40269000, 7, 8195, 3, 3).cwriter();
    w.at(6500000).store(1, 0x40270003, 0xa2, 0xa3); // the file need not be sorted
    w.save(s.path("trace.log"));
    w.save_table_writes(s.path("cpu-table-writes-test.tsv"));
    trace t = load(s.path("trace.log"));

    std::vector<std::string> order;
    for (const event &e : t.events)
        order.push_back(e.kind == op::command ? std::to_string(e.opcode) : gicv3_vp::replay::to_string(e.kind));
    const std::vector<std::string> want = {"redist_write", "table_store", "8", "10", "its_write", "12",
                                           "table_store", "its_write", "table_store", "3", "its_write"};
    EXPECT_EQ(order, want);
    std::vector<event> st = of(t, op::table_store);
    ASSERT_EQ(st.size(), 3u);
    EXPECT_EQ(st[0].pa, 0x40270003u);
    EXPECT_EQ(st[0].data, 0xa3u);
    EXPECT_EQ(st[1].data, 0xa2u);
    EXPECT_EQ(st[1].cpu, 2u);
    EXPECT_EQ(st[1].at.file, s.path("cpu-table-writes-test.tsv"));
    EXPECT_EQ(st[1].at.line, 3u);
    EXPECT_DOUBLE_EQ(st[1].at.time, 6.0);
    EXPECT_EQ(st[2].data, 0xa3u);
    EXPECT_EQ(t.cpus, 3u); // the store by CPU 2
    EXPECT_TRUE(has_note(t, "3 table store(s) from cpu-table-writes-test.tsv, merged into the events by host time"));
    EXPECT_FALSE(has_note(t, "property stores inferred"));
}

TEST(ReplayTraceSideInputs, PropertyStoresInferredFromTheLinuxPattern)
{
    scratch s;
    qemu_trace::writer w(100);
    w.mapd(1, 1, 0x1000).mapti(1, 0, 0, 8200).cwriter();
    w.inv(1, 0).cwriter(); // before any GICR_PROPBASER: nothing to place
    w.redist_write(0, 0x70, 0x425c078f).redist_write(0, 0x74, 0x1); // two halves: table at 0x1425c0000
    w.iar1(2, 1023);                                                // thread 100 is CPU 2
    w.mapti(1, 1, 0, 8201).sync(0).cwriter();
    w.inv(1, 1).cwriter();   // first INV after the MAPTI: enable
    w.inv(1, 1).cwriter();   // neither: no store
    w.inv(1, 1).cwriter();   // the last INV before the DISCARD: disable
    w.discard(1, 1).cwriter();
    w.mapti(1, 2, 0, 8202).inv(1, 2).discard(1, 2).cwriter(); // one INV, both: disable
    w.save(s.path("trace.log"));
    trace t = load(s.path("trace.log"));

    std::vector<std::pair<uint64_t, uint64_t>> stores;
    for (size_t i = 0; i < t.events.size(); i++) {
        const event &e = t.events[i];
        if (e.kind != op::table_store)
            continue;
        stores.emplace_back(e.pa, e.data);
        ASSERT_LT(i + 1, t.events.size());
        const event &next = t.events[i + 1];
        EXPECT_EQ(next.kind, op::command);
        EXPECT_EQ(next.opcode, 0x0c) << "a store goes just before its INV";
        EXPECT_EQ(e.at.line, next.at.line);
        EXPECT_EQ(e.cpu, 2u);
    }
    const std::vector<std::pair<uint64_t, uint64_t>> want = {
        {0x1425c0000ull + 9, 0xa3}, {0x1425c0000ull + 9, 0xa2}, {0x1425c0000ull + 10, 0xa2}};
    EXPECT_EQ(stores, want);
    EXPECT_TRUE(has_note(t, "1 x 0xA3 (priority 0xA0, Group 1, enabled)")) << all_notes(t);
    EXPECT_TRUE(has_note(t, "2 x 0xA2 (disabled)")) << all_notes(t);
    EXPECT_TRUE(has_note(t, "property table at 0x1425c0000 from GICR_PROPBASER")) << all_notes(t);
    EXPECT_TRUE(has_note(t, "1 INV(s) both after a MAPTI and before a DISCARD")) << all_notes(t);
    EXPECT_TRUE(has_note(t, "1 INV(s) neither after a MAPTI nor before a DISCARD")) << all_notes(t);
    EXPECT_TRUE(has_note(t, "1 INV(s) with no store inferred (first at line 6: no GICR_PROPBASER write before it)"))
        << all_notes(t);
}
