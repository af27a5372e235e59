// SPDX-License-Identifier: Apache-2.0
// A trace that cannot be used is a trace_error "file:line: what", for each
// kind of fault: the line's prefix, a known event's layout, its numbers, a
// torn gzip stream, commands the model lacks, lines that do not pair up, and
// side files that do not parse.
#include "replay_test.h"

#include <zlib.h>

using namespace replay_test;
using gicv3_vp::replay::load;

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

// ---- Damaged or impossible input: refused with the file and line ----------------

namespace {

const std::string kMsi =
    "7@1.000002:gicv3_its_translation_write GICv3 ITS TRANSLATER write: offset 0x40 data 0x0 size 4 requester_id 0x8";
const std::string kDte =
    "7@1.000003:gicv3_its_dte_read GICv3 ITS: Device Table read for DeviceID 0x8: valid 1 size 0x0 ITTaddr 0x42e0e400";
const std::string kIte = "7@1.000004:gicv3_its_ite_read GICv3 ITS: Interrupt Table read for ITTaddr 0x42e0e400 "
                         "EventID 0x0: valid 1 inttype 1 intid 0x2000 ICID 0x0 vPEID 0x0 doorbell 0x3ff";
const std::string kCte = "7@1.000005:gicv3_its_cte_read GICv3 ITS: Collection Table read for ICID 0x0: valid 1 RDBase 0x0";

// `text` as one gzip member.
std::string gzip_bytes(const std::string &text)
{
    z_stream z{};
    EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(deflateBound(&z, uLong(text.size())) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(text.data()));
    z.avail_in = uInt(text.size());
    z.next_out = reinterpret_cast<Bytef *>(&out[0]);
    z.avail_out = uInt(out.size());
    EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
    out.resize(out.size() - z.avail_out);
    deflateEnd(&z);
    return out;
}

} // namespace

// A NUL byte used to end the line where it stood and merge the rest with the
// next line (a CWRITER write vanished), shifting every later line number.
TEST(ReplayTraceErrors, NulByteInALine)
{
    scratch s;
    std::string bad = "1@1.000002:gicv3_its_write GICv3 ITS write: offset 0x88 data 0x20 size 8";
    bad[20] = '\0';
    const std::string text = lines({kPmr, kPmr, bad, kPmr});
    expect_error(s.write("t.log", text), 3, "a NUL byte at column 21");
    qemu_trace::writer::write_file(s.path("t.log.gz"), gzip_bytes(text));
    expect_error(s.path("t.log.gz"), 3, "a NUL byte at column 21");
    // The same line without it loads, with its own line number.
    bad[20] = '_';
    trace t = load(s.write("ok.log", lines({kPmr, kPmr, bad, kPmr})));
    ASSERT_EQ(t.events.size(), 4u);
    EXPECT_EQ(t.events[2].at.line, 3u);
    EXPECT_EQ(t.events[3].at.line, 4u);
}

// A line of megabytes is no QEMU log line: refused, not read into memory whole.
TEST(ReplayTraceErrors, LineTooLong)
{
    scratch s;
    expect_error(with_bad_line(s, "1@1.000002:gicv3_icc_pmr_write " + std::string(3u << 20, 'x')), 2,
                 "a line longer than 1048576 bytes");
}

// A misspelt event name lost its effect silently; QEMU's other GICv3
// events are still skipped.
TEST(ReplayTraceErrors, UnknownEventName)
{
    scratch s;
    expect_error(with_bad_line(s, "1@1.000002:gicv3_icc_igrpen_wirte GICv3 ICC_IGRPEN1 write cpu 0x0 value 0x1"), 2,
                 "unknown event 'gicv3_icc_igrpen_wirte': not one of QEMU 7.2's GICv3 trace events");
    expect_error(with_bad_line(s, "1@1.5:some_other_event whatever it says"), 2, "unknown event 'some_other_event'");
    expect_error(with_bad_line(s, "1@1.5:" + std::string(5000, 'e') + " x"), 2,
                 "unknown event '" + std::string(80, 'e') + "...'");
    trace t = load(with_bad_line(s, "1@1.000002:gicv3_icc_ctlr_write GICv3 ICC_CTLR write cpu 0x0 value 0x0"));
    EXPECT_EQ(t.events.size(), 2u);
}

// Bytes after the gzip member were ignored; further members are read, as
// gzip reads them.
TEST(ReplayTraceErrors, DataAfterTheGzipStream)
{
    scratch s;
    const std::string a = lines({kPmr, kPmr}), b = lines({kPmr});
    qemu_trace::writer::write_file(s.path("two.log.gz"), gzip_bytes(a) + gzip_bytes(b));
    trace t = load(s.path("two.log.gz"));
    EXPECT_EQ(t.events.size(), 3u);
    EXPECT_EQ(t.events[2].at.line, 3u);
    for (const std::string &tail : {std::string("garbage\n"), std::string(1, '\0'), std::string("\x1f")}) {
        qemu_trace::writer::write_file(s.path("tail.log.gz"), gzip_bytes(a) + tail);
        expect_error(s.path("tail.log.gz"), 3, "data after the end of the gzip stream");
    }
}

// A CPU or redistributor number wider than a machine was truncated into the
// CPU count.
TEST(ReplayTraceErrors, CpuNumberBeyondAMachine)
{
    scratch s;
    expect_error(with_bad_line(s, "1@1.000002:gicv3_redist_write GICv3 redistributor 0xffffffff write: offset 0x0 "
                                  "data 0x0 size 4 secure 0"),
                 2, "CPU (redistributor) 0xffffffff is beyond the 512 CPUs");
    expect_error(with_bad_line(s, "1@1.000002:gicv3_icc_pmr_write GICv3 ICC_PMR write cpu 0x200 value 0xf0"), 2,
                 "CPU (redistributor) 0x200 is beyond the 512 CPUs");
    trace t = load(with_bad_line(s, "1@1.000002:gicv3_icc_pmr_write GICv3 ICC_PMR write cpu 0x1ff value 0xf0"));
    EXPECT_EQ(t.cpus, 512u);
}

// The fraction of a timestamp is checked whole, not its first 6 characters.
TEST(ReplayTraceErrors, TimestampCheckedWhole)
{
    scratch s;
    expect_error(with_bad_line(s, "1@1795526548.804146zz!!:gicv3_icc_pmr_write GICv3 ICC_PMR write cpu 0x0 value 0xf0"),
                 2, "bad line prefix");
    expect_error(with_bad_line(s, "1@1.0000019x:gicv3_icc_pmr_write GICv3 ICC_PMR write cpu 0x0 value 0xf0"), 2,
                 "bad line prefix");
    trace t = load(with_bad_line(s, "1@1.000001999:gicv3_icc_pmr_write GICv3 ICC_PMR write cpu 0x0 value 0xf0"));
    EXPECT_EQ(t.events.size(), 3u);
}

// Values QEMU cannot have logged.
TEST(ReplayTraceErrors, ImpossibleReferenceValues)
{
    scratch s;
    auto msi_with = [&](const std::string &dte, const std::string &ite, const std::string &cte) {
        return s.write("t.log", lines({kPmr, kMsi, dte, ite, cte}));
    };
    for (const char *size : {"0", "1", "8", "9"}) {
        std::string m = kMsi;
        m.replace(m.find("size 4"), 6, std::string("size ") + size);
        expect_error(s.write("t.log", lines({kPmr, m})), 2,
                     std::string("gicv3_its_translation_write: size ") + size + ": GITS_TRANSLATER takes 2- and 4-byte");
    }
    std::string wide = kMsi;
    wide.replace(wide.find("data 0x0 size 4"), 15, "data 0x10000 size 2");
    expect_error(s.write("t.log", lines({kPmr, wide})), 2, "data 0x10000 does not fit its size (2 bytes)");
    std::string d = kDte;
    d.replace(d.find("valid 1"), 7, "valid 6");
    expect_error(msi_with(d, kIte, kCte), 3, "Device Table read: valid 6 is not 0 or 1");
    d = kDte;
    d.replace(d.find("size 0x0"), 8, "size 0x20");
    expect_error(msi_with(d, kIte, kCte), 3, "Device Table read: size 0x20 is beyond 31");
    std::string i = kIte;
    i.replace(i.find("valid 1"), 7, "valid 6");
    expect_error(msi_with(kDte, i, kCte), 4, "Interrupt Table read: valid 6 is not 0 or 1");
    i = kIte;
    i.replace(i.find("inttype 1"), 9, "inttype 2");
    expect_error(msi_with(kDte, i, kCte), 4, "Interrupt Table read: inttype 2 is not 0 or 1");
    i = kIte;
    i.replace(i.find("ITTaddr 0x42e0e400"), 18, "ITTaddr 0x42e0f400");
    expect_error(msi_with(kDte, i, kCte), 4,
                 "Interrupt Table read at ITTaddr 0x42e0f400 after the MSI at line 2's Device Table read gave ITTaddr "
                 "0x42e0e400");
    std::string c = kCte;
    c.replace(c.find("valid 1"), 7, "valid 6");
    expect_error(msi_with(kDte, kIte, c), 5, "Collection Table read: valid 6 is not 0 or 1");
    expect_error(with_bad_line(s, "1@1.000002:gicv3_icc_eoir_write GICv3 ICC_EOIR1 write cpu 0x0 value 0xffffffffffffffff"),
                 2, "gicv3_icc_eoir_write: value 0xffffffffffffffff is beyond an INTID");
    expect_error(with_bad_line(s, "1@1.000002:gicv3_icc_iar1_read GICv3 ICC_IAR1 read cpu 0x0 value 0x1000000"), 2,
                 "gicv3_icc_iar1_read: value 0x1000000 is beyond an INTID");
    expect_error(with_bad_line(s, "1@1.000002:gicv3_its_write GICv3 ITS write: offset 0x80 data 0x1 size 3"), 2,
                 "gicv3_its_write: size 3: an MMIO access is 1, 2, 4 or 8 bytes");
    expect_error(with_bad_line(s, "1@1.000002:gicv3_dist_read GICv3 distributor read: offset 0x0 data 0x100 size 1 secure 0"),
                 2, "gicv3_dist_read: data 0x100 does not fit its size (1 bytes)");
    // The untouched lines load: an MSI the reference delivered.
    trace t = load(msi_with(kDte, kIte, kCte));
    ASSERT_EQ(of(t, op::msi).size(), 1u);
    EXPECT_TRUE(of(t, op::msi)[0].ref.delivered);
}

// A cpu-table-writes row's cpu of 2^32 - 1 wrapped into the CPU count.
TEST(ReplayTraceErrors, TableWriteCpuBeyondAMachine)
{
    scratch s;
    const std::string trace = s.write("trace.log", lines({kPmr}));
    const std::string header = "host_time\tcpu\ttable\taddr\toffset\told\tnew\n";
    s.write("cpu-table-writes.tsv", header + "1.000003\t4294967295\tprop\t0x40270003\t0x3\t0x00\t0xa3\n");
    expect_error(trace, 2, "cpu 4294967295 is beyond the 512 CPUs", s.path("cpu-table-writes.tsv"));
    s.write("cpu-table-writes.tsv", header + "1.000003\t511\tprop\t0x40270003\t0x3\t0x00\t0xa3\n");
    EXPECT_EQ(load(trace).cpus, 512u);
}

// A trace whose own lines give nothing was replayed when its side files
// added events.
TEST(ReplayTraceErrors, EmptyTraceWithSideFiles)
{
    scratch s;
    const std::string trace =
        s.write("trace.log", lines({"1@1.000001:gicv3_cpuif_update GICv3 CPU i/f 0x0 HPPI update: irq 0 group 0 prio 255"}));
    s.write("cpu-table-writes.tsv",
            "host_time\tcpu\ttable\taddr\toffset\told\tnew\n1.000003\t0\tprop\t0x40270003\t0x3\t0x00\t0xa3\n");
    expect_error(trace, 0, "nothing in it the replay uses (only its side files give events: 1)");
    try {
        gicv3_vp::replay::load(std::vector<std::string>{trace});
        ADD_FAILURE() << "loaded";
    } catch (const gicv3_vp::replay::trace_error &e) {
        EXPECT_NE(std::string(e.what()).find("only its side files give events"), std::string::npos) << e.what();
    }
}
