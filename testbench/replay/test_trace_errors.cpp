// SPDX-License-Identifier: Apache-2.0
// A trace that cannot be used is a trace_error "file:line: what", for each
// kind of fault: the line's prefix, a known event's layout, its numbers, a
// torn gzip stream, commands the model lacks, lines that do not pair up, and
// side files that do not parse.
#include "replay_test.h"

using namespace replay_test;

namespace {

const std::string kPmr = "1@1.000001:gicv3_icc_pmr_write GICv3 ICC_PMR write cpu 0x0 value 0xf0";

// A trace whose line 2 is `bad`.
std::string with_bad_line(const scratch &s, const std::string &bad)
{
    return s.write("t.log", lines({kPmr, bad, kPmr}));
}

} // namespace

TEST(ReplayTraceErrors, BadPrefix)
{
    scratch s;
    for (const std::string &bad : {
             std::string("gicv3_icc_pmr_write GICv3 ICC_PMR write cpu 0x0 value 0xf0"), // no thread@time:
             std::string("x1@1.000001:gicv3_icc_pmr_write GICv3 ICC_PMR write cpu 0x0 value 0xf0"),
             std::string("1@1,000001:gicv3_icc_pmr_write GICv3 ICC_PMR write cpu 0x0 value 0xf0"),
             std::string("1@1.000001 gicv3_icc_pmr_write GICv3 ICC_PMR write cpu 0x0 value 0xf0"),
             std::string("qemu-system-aarch64: terminating on signal 15"),
         })
        expect_error(with_bad_line(s, bad), 2, "bad line prefix");
}

TEST(ReplayTraceErrors, UnknownFieldLayout)
{
    scratch s;
    // QEMU 8's redistributor write adds nothing; a different layout is not QEMU 7.2's.
    expect_error(with_bad_line(s, "1@1.000002:gicv3_redist_write GICv3 redistributor 0x0 write: offset 0x70 data 0x1 size 8"),
                 2, "gicv3_redist_write: the message does not have the expected layout");
    expect_error(with_bad_line(s, "1@1.000002:gicv3_its_write GICv3 ITS write: offset 0x80 data 0x1 size 8 extra"),
                 2, "unexpected text after the message");
    expect_error(with_bad_line(s, "1@1.000002:gicv3_icc_iar1_read GICv3 ICC_IAR1 read cpu 3 value 0x2003"), 2,
                 "expected layout");
}

TEST(ReplayTraceErrors, NumberDoesNotParse)
{
    scratch s;
    expect_error(with_bad_line(s, "1@1.000002:gicv3_its_write GICv3 ITS write: offset 0xZZ data 0x1 size 4"), 2,
                 "gicv3_its_write: number does not parse: 'ZZ'");
    // 17 hex digits do not fit 64 bits; 9 do not fit a %x (32-bit) field.
    expect_error(with_bad_line(s, "1@1.000002:gicv3_its_read GICv3 ITS read: offset 0x0 data 0x10000000000000000 size 4"),
                 2, "number does not parse");
    expect_error(with_bad_line(s, "1@1.000002:gicv3_icc_pmr_write GICv3 ICC_PMR write cpu 0x100000000 value 0x1"), 2,
                 "out of range");
    expect_error(with_bad_line(s, "1@1.000002:gicv3_its_write GICv3 ITS write: offset 0x0 data 0x1 size four"), 2,
                 "number does not parse: 'four'");
}

TEST(ReplayTraceErrors, TruncatedGzip)
{
    scratch s;
    qemu_trace::writer w;
    for (int i = 0; i < 2000; i++)
        w.pmr_write(0, uint64_t(i));
    w.save(s.path("whole.log.gz"));
    std::ifstream in(s.path("whole.log.gz"), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    const std::string cut = s.write("cut.log.gz", bytes.substr(0, bytes.size() / 2));
    try {
        gicv3_vp::replay::load(cut);
        ADD_FAILURE() << "a truncated gzip stream loaded";
    } catch (const gicv3_vp::replay::trace_error &e) {
        const std::string m = e.what();
        EXPECT_EQ(m.rfind(cut + ":", 0), 0u) << m;
        EXPECT_NE(m.find("truncated gzip stream"), std::string::npos) << m;
        const size_t line = std::stoul(m.substr(cut.size() + 1));
        EXPECT_GT(line, 1u) << m; // the lines before the cut were read
        EXPECT_LE(line, 2000u) << m;
    }
    expect_error(s.path("no-such-file.log"), 0, "cannot open");
}

TEST(ReplayTraceErrors, CommandsTheModelLacks)
{
    scratch s;
    expect_error(with_bad_line(s, "1@1.000002:gicv3_its_process_command GICv3 ITS: processing command at offset 0x3: 0x29"),
                 2, "command 0x29 (VMAPP, GICv4) at slot 3");
    expect_error(with_bad_line(s, "1@1.000002:gicv3_its_process_command GICv3 ITS: processing command at offset 0x3: 0x0"),
                 2, "unknown command opcode 0x0 at slot 3");
    expect_error(with_bad_line(s, "1@1.000002:gicv3_its_cmd_unknown GICv3 ITS: unknown command 0x7"), 2,
                 "gicv3_its_cmd_unknown: a command the model does not implement");
    expect_error(with_bad_line(s, "1@1.000002:gicv3_its_cmd_vinvall GICv3 ITS: command VINVALL vPEID 0x1"), 2,
                 "gicv3_its_cmd_vinvall");
}

TEST(ReplayTraceErrors, CommandLinesThatDoNotPair)
{
    scratch s;
    const std::string proc = "5@2.000001:gicv3_its_process_command GICv3 ITS: processing command at offset 0x0: 0x5";
    // A cmd line with no process_command on its thread (another thread's does not count).
    expect_error(s.write("a.log", lines({proc, "6@2.000002:gicv3_its_cmd_sync GICv3 ITS: command SYNC"})), 2,
                 "gicv3_its_cmd_sync without a gicv3_its_process_command");
    // The cmd line names another command.
    expect_error(s.write("b.log", lines({proc, "5@2.000002:gicv3_its_cmd_invall GICv3 ITS: command INVALL"})), 2,
                 "follows a gicv3_its_process_command of opcode 0x5 (SYNC)");
    // No cmd line before the thread's CWRITER write, or before the end.
    expect_error(s.write("c.log", lines({proc, "5@2.000002:gicv3_its_write GICv3 ITS write: offset 0x88 data 0x20 size 8"})),
                 1, "without its gicv3_its_cmd_* line");
    expect_error(s.write("d.log", lines({kPmr, proc})), 2, "without its gicv3_its_cmd_* line");
}

TEST(ReplayTraceErrors, TableReadsThatBelongToNothing)
{
    scratch s;
    const std::string msi = "7@3.000001:gicv3_its_translation_write GICv3 ITS TRANSLATER write: offset 0x40 data 0x1 size 4 requester_id 0x10";
    expect_error(s.write("a.log", lines({kPmr, "7@3.000002:gicv3_its_cte_read GICv3 ITS: Collection Table read for ICID 0x0: valid 1 RDBase 0x0"})),
                 2, "a table read with no MSI or command before it on this thread");
    expect_error(s.write("b.log", lines({msi, "7@3.000002:gicv3_its_dte_read GICv3 ITS: Device Table read for DeviceID 0x11: valid 1 size 0x1 ITTaddr 0x1000"})),
                 2, "Device Table read for DeviceID 0x11 after the MSI at line 1 (DeviceID 0x10)");
    // The reads stop after a valid DTE while the EventID is in range.
    expect_error(s.write("c.log", lines({msi, "7@3.000002:gicv3_its_dte_read GICv3 ITS: Device Table read for DeviceID 0x10: valid 1 size 0x1 ITTaddr 0x1000",
                                         "7@3.000003:gicv3_its_read GICv3 ITS read: offset 0x90 data 0x0 size 4"})),
                 1, "the reference's table reads stop after the Device Table read");
    expect_error(s.write("d.log", lines({"7@3.000001:gicv3_its_translation_write GICv3 ITS TRANSLATER write: offset 0x44 data 0x1 size 4 requester_id 0x10"})),
                 1, "offset 0x44 in the translation frame is not GITS_TRANSLATER");
}

TEST(ReplayTraceErrors, SideFilesThatDoNotParse)
{
    scratch s;
    qemu_trace::writer w;
    w.mapc(0, 0).sync(0).cwriter();
    w.save(s.path("trace-E.log"));
    const std::string header = "seq\tcmdq_index\topcode\traw_dw0\traw_dw1\traw_dw2\traw_dw3\n";
    s.write("its-cmds-E.tsv", header + "0\t0\tMAPC\t00000000000000zz\t0\t0\t0\n");
    expect_error(s.path("trace-E.log"), 2, "raw_dw0 does not parse", s.path("its-cmds-E.tsv"));
    s.write("its-cmds-E.tsv", header + "0\t0\tMAPC\t9\n");
    expect_error(s.path("trace-E.log"), 2, "4 columns where the header has 7", s.path("its-cmds-E.tsv"));
    s.write("its-cmds-E.tsv", "seq\topcode\traw_dw0\n");
    expect_error(s.path("trace-E.log"), 1, "no column named raw_dw1", s.path("its-cmds-E.tsv"));
    std::filesystem::remove(s.path("its-cmds-E.tsv"));

    s.write("cpu-table-writes-E.tsv", "host_time\tcpu\ttable\taddr\toffset\told\tnew\n"
                                      "1000.000001\t0\tprop\t0x40270003\t0x3\t0x00\t0xa3\n"
                                      "yesterday\t0\tprop\t0x40270003\t0x3\t0x00\t0xa3\n");
    expect_error(s.path("trace-E.log"), 3, "host_time does not parse: 'yesterday'", s.path("cpu-table-writes-E.tsv"));
}

TEST(ReplayTraceErrors, AmbiguousSideFiles)
{
    scratch s;
    qemu_trace::writer w;
    w.mapc(0, 0).cwriter();
    w.save(s.path("trace.log")); // no tag: which of the two?
    w.save_its_cmds(s.path("its-cmds-A.tsv"));
    w.save_its_cmds(s.path("its-cmds-B.tsv"));
    expect_error(s.path("trace.log"), 0, "several side files its-cmds-A.tsv its-cmds-B.tsv fit this trace");
}
