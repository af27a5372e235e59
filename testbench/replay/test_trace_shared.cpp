// SPDX-License-Identifier: Apache-2.0
// The kvm-unit-tests layouts of side files: one command list and one table
// store file shared by a migration's two traces, a name whose -test is not a
// tag, a command list whose early rows lost their raw bytes to a queue that
// wrapped, an empty continuation; loaded together with load(paths).
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

// A source that maps collections 5 and 6 and a destination that INVALLs one:
// QEMU does not print INVALL's ICID, so where the raw bytes come from shows.
struct migration {
    qemu_trace::writer src{100, 5000000}, dst{200, 9000000};
    migration()
    {
        src.store(0, 0x40270003, 0, 0xa3);
        src.mapc(5, 1).mapc(6, 2).invall(6).cwriter();
        dst.store(0, 0x40270004, 0, 0xa3);
        dst.slot(3).invall(5).cwriter();
    }
    // The command list and the stores of both, as one file each.
    void save(const scratch &s, bool with_instance = true) const
    {
        std::vector<qemu_trace::writer::command_row> rows = src.command_rows("src");
        for (const auto &r : dst.command_rows("dst"))
            rows.push_back(r);
        std::string list = qemu_trace::writer::its_cmds_tsv(rows);
        if (!with_instance)
            for (const char *inst : {"\tqemu_instance", "\tsrc", "\tdst"})
                for (size_t at; (at = list.find(inst)) != std::string::npos;)
                    list.erase(at, std::string(inst).size());
        s.write("its-cmds.tsv", list);
        s.write("cpu-table-writes-test.tsv",
                qemu_trace::writer::table_writes_header() + src.table_write_rows() + dst.table_write_rows());
        src.save(s.path("trace-src.log.gz"));
        dst.save(s.path("trace-dst.log.gz"));
    }
    std::vector<std::string> paths(const scratch &s) const { return {s.path("trace-src.log.gz"), s.path("trace-dst.log.gz")}; }
};

} // namespace

TEST(ReplayTraceShared, CommandListAndStoresSplitByInstanceAndTime)
{
    scratch s;
    migration m;
    m.dst.invall(9); // recorded with ICID 9: only the list says so
    m.save(s);
    std::vector<trace> t = load(m.paths(s));
    ASSERT_EQ(t.size(), 2u);
    std::vector<event> dst = of(t[1], op::command);
    ASSERT_EQ(dst.size(), 2u);
    EXPECT_EQ(dst[0].raw[2], 5u);
    EXPECT_EQ(dst[1].raw[2], 9u) << "the dst row, not the src row of the same position";
    EXPECT_TRUE(has_note(t[1], "trace-dst.log.gz: commands 0..1: raw bytes from its-cmds.tsv (raw_dw0..raw_dw3, "
                               "qemu_instance dst)"))
        << all_notes(t[1]);
    // Each trace takes its own store.
    ASSERT_EQ(of(t[0], op::table_store).size(), 1u);
    ASSERT_EQ(of(t[1], op::table_store).size(), 1u);
    EXPECT_EQ(of(t[0], op::table_store)[0].pa, 0x40270003u);
    EXPECT_EQ(of(t[1], op::table_store)[0].pa, 0x40270004u);
    EXPECT_TRUE(has_note(t[0], "trace-src.log.gz: 1 table store(s) from cpu-table-writes-test.tsv (shared with the "
                               "other traces: its rows of host time up to this trace's last event)"))
        << all_notes(t[0]);
    // Alone, each trace is not shared with anything: the source takes every store.
    EXPECT_EQ(of(load(s.path("trace-src.log.gz")), op::table_store).size(), 2u);
}

// Without qemu_instance, the rows are numbered across the traces.
TEST(ReplayTraceShared, CommandListNumberedAcrossTheTraces)
{
    scratch s;
    migration m;
    m.save(s, false);
    std::vector<trace> t = load(m.paths(s));
    std::vector<event> dst = of(t[1], op::command);
    ASSERT_EQ(dst.size(), 1u);
    EXPECT_EQ(dst[0].raw[2], 5u);
    EXPECT_TRUE(has_note(t[1], "command 0: raw bytes from its-cmds.tsv (raw_dw0..raw_dw3)")) << all_notes(t[1]);
}

// With no side file at all the destination's INVALL ICID is inferred from
// the source's MAPCs (collection 5: mapped, not yet invalidated).
TEST(ReplayTraceShared, InferenceGoesOnAcrossTheTraces)
{
    scratch s;
    migration m;
    m.src.save(s.path("trace-src.log.gz"));
    m.dst.save(s.path("trace-dst.log.gz"));
    std::vector<trace> t = load(m.paths(s));
    EXPECT_EQ(of(t[1], op::command)[0].raw[2], 5u) << all_notes(t[1]);
    EXPECT_EQ(of(load(s.path("trace-dst.log.gz")), op::command)[0].raw[2], 0u) << "alone it knows no collection";
}

TEST(ReplayTraceShared, TestQualifierIsNotATag)
{
    scratch s;
    qemu_trace::writer w;
    w.redist_write(0, 0x70, 0x4027000d, 8);
    w.save(s.path("trace-A.log"));
    qemu_trace::writer one, two, three;
    one.store(0, 0x1000, 0, 1);
    two.store(0, 0x2000, 0, 2);
    three.store(0, 0x3000, 0, 3);
    auto stored = [&] {
        std::vector<event> st = of(load(s.path("trace-A.log")), op::table_store);
        return st.size() == 1 ? st[0].pa : 0;
    };
    // An untagged .tsv.gz is read (gzip) when nothing else fits.
    one.save_table_writes(s.path("plain.tsv"));
    {
        std::ifstream in(s.path("plain.tsv"));
        std::string text((std::istreambuf_iterator<char>(in)), {});
        gzFile f = gzopen(s.path("cpu-table-writes.tsv.gz").c_str(), "wb");
        gzwrite(f, text.data(), unsigned(text.size()));
        gzclose(f);
    }
    EXPECT_EQ(stored(), 0x1000u);
    two.save_table_writes(s.path("cpu-table-writes-test.tsv"));
    EXPECT_EQ(stored(), 0x2000u) << "-test is the capture's own file, preferred over the plain one";
    three.save_table_writes(s.path("cpu-table-writes-A-test.tsv"));
    EXPECT_EQ(stored(), 0x3000u) << "the trace's tag wins";
}

// micro-bench lpi wrote more commands than the queue holds: the list's rows
// of reused slots have no raw bytes.
TEST(ReplayTraceShared, WrappedQueueRowsWithoutRawBytes)
{
    scratch s;
    qemu_trace::writer w;
    w.mapd(1, 4, 0x40269000).mapc(1, 1).invall(1).mapti(1, 20, 1, 8199).cwriter();
    for (int n = 0; n < 10; n++)
        w.slot(4 + n % 4).int_(1, 20).reads_delivered(1, 20, 0x40269000, 4, 8199, 1, 1).cwriter();
    w.save(s.path("trace.log"));
    w.slot(0);
    s.write("its-cmds.tsv", qemu_trace::writer::its_cmds_tsv(w.command_rows(), true));
    trace t = load(s.path("trace.log"));
    std::vector<event> cmds = of(t, op::command);
    ASSERT_EQ(cmds.size(), 14u);
    EXPECT_EQ(cmds[2].raw[2], 1u) << "INVALL: its row has raw bytes";
    EXPECT_EQ(cmds[4].raw[0], 0x100000003ull) << "INT encoded from its line";
    EXPECT_TRUE(has_note(t, "commands 0..3: raw bytes from its-cmds.tsv")) << all_notes(t);
    EXPECT_TRUE(has_note(t, "commands 4..9: encoded from the traced operands")) << all_notes(t);
    EXPECT_TRUE(has_note(t, "commands 10..13: raw bytes from its-cmds.tsv")) << all_notes(t);
    EXPECT_TRUE(has_note(t, "6 command(s) with empty raw_dw0..raw_dw3 in its-cmds.tsv (slot-overwritten-later: the "
                            "queue wrapped and its dump holds the last pass only): encoded from the traced operands"))
        << all_notes(t);
}

TEST(ReplayTraceShared, PartlyEmptyRawBytesAreAnError)
{
    scratch s;
    qemu_trace::writer w;
    w.mapc(1, 1).invall(1).cwriter();
    w.save(s.path("trace.log"));
    std::string list = qemu_trace::writer::its_cmds_tsv(w.command_rows());
    size_t row = list.find("\n1\t"), dw2 = row;
    for (int tabs = 0; tabs < 10; tabs++) // seq .. raw_dw1: raw_dw2 starts after the tenth tab
        dw2 = list.find('\t', dw2 + 1);
    list.erase(dw2 + 1, 16);
    s.write("its-cmds.tsv", list);
    expect_error(s.path("trace.log"), 3, "raw_dw2 does not parse: ''", s.path("its-cmds.tsv"));
}

TEST(ReplayTraceShared, EmptyContinuationIsANote)
{
    scratch s;
    migration m;
    m.src.save(s.path("trace-src.log.gz"));
    qemu_trace::writer nothing;
    nothing.cpuif_update(0, 27, 0); // an event the replay does not use
    nothing.save(s.path("trace-dst.log.gz"));
    std::vector<trace> t = load(m.paths(s));
    ASSERT_EQ(t.size(), 2u);
    EXPECT_TRUE(t[1].events.empty());
    EXPECT_TRUE(has_note(t[1], "trace-dst.log.gz: nothing in it the replay uses")) << all_notes(t[1]);
    // Alone, or with only empty ones, it is an error.
    for (const std::vector<std::string> &paths :
         {std::vector<std::string>{s.path("trace-dst.log.gz")},
          std::vector<std::string>{s.path("trace-dst.log.gz"), s.path("trace-dst.log.gz")}}) {
        try {
            load(paths);
            ADD_FAILURE() << "loaded";
        } catch (const gicv3_vp::replay::trace_error &e) {
            EXPECT_EQ(std::string(e.what()).rfind(s.path("trace-dst.log.gz") + ":0: nothing in it", 0), 0u) << e.what();
        }
    }
}
