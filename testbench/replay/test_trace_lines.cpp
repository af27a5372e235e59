// SPDX-License-Identifier: Apache-2.0
// The trace loader, one line at a time: every kept event from a literal QEMU
// line (taken from the shared captures), skipped events, plain and gzip files.
#include "replay_test.h"

using namespace replay_test;
using gicv3_vp::replay::load;

namespace {

// A one-line trace (plus `before` lines) loaded; returns its events.
trace load_lines(const scratch &s, const std::string &text) { return load(s.write("trace.log", text)); }

const char *kMsi = "11610@1795526550.022254:gicv3_its_translation_write GICv3 ITS TRANSLATER write: offset 0x40 "
                   "data 0x1 size 4 requester_id 0x200";

} // namespace

TEST(ReplayTraceLines, ItsWriteAndRead)
{
    scratch s;
    trace t = load_lines(s, lines({
        "11614@1795526547.944691:gicv3_its_write GICv3 ITS write: offset 0x80 data 0xb80000004259040f size 8",
        "11614@1795526547.944693:gicv3_its_read GICv3 ITS read: offset 0x80 data 0xb80000004259040f size 8",
    }));
    ASSERT_EQ(t.events.size(), 2u);
    const event &w = t.events[0], &r = t.events[1];
    EXPECT_EQ(w.kind, op::its_write);
    EXPECT_EQ(w.offset, 0x80u);
    EXPECT_EQ(w.data, 0xb80000004259040full);
    EXPECT_EQ(w.size, 8u);
    EXPECT_EQ(w.at.thread, 11614u);
    EXPECT_EQ(w.at.line, 1u);
    EXPECT_DOUBLE_EQ(w.at.time, 1795526547.944691);
    EXPECT_EQ(w.at.file, s.path("trace.log"));
    EXPECT_EQ(r.kind, op::its_read);
    EXPECT_EQ(r.data, 0xb80000004259040full);
    EXPECT_EQ(r.at.line, 2u);
    EXPECT_FALSE(w.refused || r.refused);
    EXPECT_EQ(t.cpus, 0u); // no CPU or redistributor named
}

TEST(ReplayTraceLines, MsiWithItsReferenceReads)
{
    scratch s;
    trace t = load_lines(s, lines({
        kMsi,
        "11610@1795526550.022257:gicv3_its_dte_read GICv3 ITS: Device Table read for DeviceID 0x200: valid 1 size 0x2 ITTaddr 0x427fa400",
        "11610@1795526550.022260:gicv3_its_ite_read GICv3 ITS: Interrupt Table read for ITTaddr 0x427fa400 EventID 0x1: valid 1 inttype 1 intid 0x2004 ICID 0x0 vPEID 0x0 doorbell 0x3ff",
        "11610@1795526550.022262:gicv3_its_cte_read GICv3 ITS: Collection Table read for ICID 0x0: valid 1 RDBase 0x0",
    }));
    ASSERT_EQ(t.events.size(), 1u); // the reads are the MSI's reference, not events
    const event &m = t.events[0];
    EXPECT_EQ(m.kind, op::msi);
    EXPECT_EQ(m.device_id, 0x200u);
    EXPECT_EQ(m.event_id, 1u);
    EXPECT_EQ(m.offset, 0x40u); // in the translation frame: GITS_TRANSLATER
    EXPECT_EQ(m.size, 4u);
    EXPECT_TRUE(m.ref.delivered);
    EXPECT_EQ(m.ref.intid, 8196u);
    EXPECT_EQ(m.ref.icid, 0u);
    EXPECT_EQ(m.ref.rdbase, 0u);
    EXPECT_EQ(m.ref.drop, "");
}

TEST(ReplayTraceLines, CommandFromProcessAndCmdLines)
{
    scratch s;
    trace t = load_lines(s, lines({
        "11615@1795526548.792235:gicv3_its_process_command GICv3 ITS: processing command at offset 0x11: 0xa",
        "11615@1795526548.792237:gicv3_its_cmd_mapti GICv3 ITS: command MAPTI DeviceID 0x8 EventID 0x0 ICID 0x0 pINTID 0x2000",
        "11615@1795526548.792239:gicv3_its_dte_read GICv3 ITS: Device Table read for DeviceID 0x8: valid 1 size 0x0 ITTaddr 0x42e0e400",
        "11615@1795526548.792248:gicv3_its_ite_write GICv3 ITS: Interrupt Table write for ITTaddr 0x42e0e400 EventID 0x0: valid 1 inttype 1 intid 0x2000 ICID 0x0 vPEID 0x0 doorbell 0x3ff",
    }));
    ASSERT_EQ(t.events.size(), 1u);
    const event &c = t.events[0];
    EXPECT_EQ(c.kind, op::command);
    EXPECT_EQ(c.slot, 0x11u); // the printed offset is an index, not bytes
    EXPECT_EQ(c.opcode, 0x0a);
    EXPECT_EQ(c.device_id, 8u);
    EXPECT_EQ(c.event_id, 0u);
    EXPECT_EQ(c.at.line, 1u);
    EXPECT_EQ(c.raw[0], 0x000000080000000aull); // encoded: no side file here
    EXPECT_EQ(c.raw[1], 0x0000200000000000ull);
    EXPECT_EQ(c.raw[2], 0u);
    EXPECT_EQ(c.raw[3], 0u);
}

TEST(ReplayTraceLines, RedistributorAndDistributor)
{
    scratch s;
    trace t = load_lines(s, lines({
        "11614@1795526547.950001:gicv3_redist_write GICv3 redistributor 0x0 write: offset 0x70 data 0x425c078f size 8 secure 0",
        "11617@1795526548.042925:gicv3_redist_read GICv3 redistributor 0x3 read: offset 0x8 data 0x301000311 size 8 secure 0",
        "11614@1795526547.935868:gicv3_dist_write GICv3 distributor write: offset 0x0 data 0x0 size 4 secure 0",
        "11614@1795526547.934587:gicv3_dist_read GICv3 distributor read: offset 0x4 data 0x37a0007 size 4 secure 0",
    }));
    ASSERT_EQ(t.events.size(), 4u);
    EXPECT_EQ(t.events[0].kind, op::redist_write);
    EXPECT_EQ(t.events[0].cpu, 0u);
    EXPECT_EQ(t.events[0].offset, 0x70u);
    EXPECT_EQ(t.events[0].data, 0x425c078fu);
    EXPECT_EQ(t.events[0].size, 8u);
    EXPECT_EQ(t.events[1].kind, op::redist_read);
    EXPECT_EQ(t.events[1].cpu, 3u);
    EXPECT_EQ(t.events[1].data, 0x301000311ull);
    EXPECT_EQ(t.events[2].kind, op::dist_write);
    EXPECT_EQ(t.events[3].kind, op::dist_read);
    EXPECT_EQ(t.events[3].offset, 4u);
    EXPECT_EQ(t.events[3].data, 0x37a0007u);
    EXPECT_EQ(t.cpus, 4u); // redistributor 3 seen
}

TEST(ReplayTraceLines, CpuInterface)
{
    scratch s;
    trace t = load_lines(s, lines({
        "20584@1795528873.360356:gicv3_icc_iar1_read GICv3 ICC_IAR1 read cpu 0x3 value 0x2003",
        "20584@1795528873.360414:gicv3_icc_eoir_write GICv3 ICC_EOIR1 write cpu 0x3 value 0x2003",
        "11614@1795526547.940377:gicv3_icc_pmr_write GICv3 ICC_PMR write cpu 0x0 value 0xf0",
        "11614@1795526547.940506:gicv3_icc_igrpen_write GICv3 ICC_IGRPEN1 write cpu 0x1 value 0x1",
        "11614@1795526547.964601:gicv3_icc_iar1_read GICv3 ICC_IAR1 read cpu 0x0 value 0x3ff",
    }));
    ASSERT_EQ(t.events.size(), 5u);
    EXPECT_EQ(t.events[0].kind, op::iar1);
    EXPECT_EQ(t.events[0].cpu, 3u);
    EXPECT_EQ(t.events[0].data, 0x2003u);
    EXPECT_EQ(t.events[1].kind, op::eoir1);
    EXPECT_EQ(t.events[1].data, 0x2003u);
    EXPECT_EQ(t.events[2].kind, op::pmr_write);
    EXPECT_EQ(t.events[2].data, 0xf0u);
    EXPECT_EQ(t.events[3].kind, op::igrpen1_write);
    EXPECT_EQ(t.events[3].cpu, 1u);
    EXPECT_EQ(t.events[3].data, 1u);
    EXPECT_EQ(t.events[4].data, 1023u); // none pending
    EXPECT_EQ(t.cpus, 4u);
}

TEST(ReplayTraceLines, BadAccessesAreRazWi)
{
    scratch s;
    trace t = load_lines(s, lines({
        "11614@1795526547.934677:gicv3_dist_badread GICv3 distributor read: offset 0xc size 4 secure 0: error",
        "1@1.000001:gicv3_dist_badwrite GICv3 distributor write: offset 0xc data 0x5 size 4 secure 0: error",
        "1@1.000002:gicv3_redist_badread GICv3 redistributor 0x1 read: offset 0x10 size 4 secure 0: error",
        "1@1.000003:gicv3_redist_badwrite GICv3 redistributor 0x1 write: offset 0x10 data 0x7 size 4 secure 0: error",
        "1@1.000004:gicv3_its_badread GICv3 ITS read: offset 0x18 size 4: error",
        "1@1.000005:gicv3_its_badwrite GICv3 ITS write: offset 0x18 data 0x9 size 4: error",
    }));
    ASSERT_EQ(t.events.size(), 6u);
    const op kinds[] = {op::dist_read, op::dist_write, op::redist_read, op::redist_write, op::its_read, op::its_write};
    const uint64_t data[] = {0, 5, 0, 7, 0, 9};
    for (size_t i = 0; i < 6; i++) {
        EXPECT_EQ(t.events[i].kind, kinds[i]) << i;
        EXPECT_EQ(t.events[i].data, data[i]) << i; // a bad read returned 0 to the guest
        EXPECT_EQ(t.events[i].size, 4u) << i;
        EXPECT_TRUE(t.events[i].refused) << i; // the reference refused it: the replay checks the model does too
    }
    EXPECT_EQ(t.events[0].offset, 0xcu);
    EXPECT_EQ(t.events[2].cpu, 1u);
}

TEST(ReplayTraceLines, SkippedEventsAndBlankLines)
{
    scratch s;
    trace t = load_lines(s, lines({
        "11614@1795526547.267465:gicv3_cpuif_update GICv3 CPU i/f 0x0 HPPI update: irq 0 group 0 prio 255",
        "",
        "11610@1795526547.960461:gicv3_redist_set_irq GICv3 redistributor 0x0 interrupt 27 level changed to 1",
        "11615@1795526548.031948:gicv3_icc_generate_sgi GICv3 CPU i/f 0x1 generating SGI 1 IRM 0 target affinity 0x0xx targetlist 0x1",
        "11615@1795526548.791130:gicv3_its_dte_write GICv3 ITS: Device Table write for DeviceID 0x8: valid 1 size 0x0 ITTaddr 0x42e0e4",
        "11614@1795526547.940370:gicv3_icc_ctlr_read GICv3 ICC_CTLR read cpu 0x0 value 0x8c00",
    }));
    EXPECT_TRUE(t.events.empty());
    EXPECT_EQ(t.cpus, 0u);
}

TEST(ReplayTraceLines, GzipAndPlainGiveTheSameEvents)
{
    scratch s;
    qemu_trace::writer w(7);
    w.its_read(0x8, 0x1f0001efb1, 8).msi_delivered(8, 0, 0x42e0e400, 0, 8192, 0, 0).iar1(0, 8192).eoir(0, 8192);
    w.save(s.path("plain-P.log"));
    w.save(s.path("zipped-Z.log.gz"));
    trace a = load(s.path("plain-P.log")), b = load(s.path("zipped-Z.log.gz"));
    ASSERT_EQ(a.events.size(), 4u);
    ASSERT_EQ(b.events.size(), a.events.size());
    for (size_t i = 0; i < a.events.size(); i++) {
        EXPECT_EQ(a.events[i].kind, b.events[i].kind);
        EXPECT_EQ(a.events[i].data, b.events[i].data);
        EXPECT_EQ(a.events[i].at.line, b.events[i].at.line);
    }
    EXPECT_EQ(b.events[1].ref.intid, 8192u);
    EXPECT_EQ(b.events[0].at.file, s.path("zipped-Z.log.gz"));
}

TEST(ReplayTraceLines, WindowsLineEndsAndNoFinalNewline)
{
    scratch s;
    trace t = load(s.write("t.log", "1@1.000001:gicv3_icc_pmr_write GICv3 ICC_PMR write cpu 0x0 value 0xf0\r\n"
                                    "1@1.000002:gicv3_icc_pmr_write GICv3 ICC_PMR write cpu 0x1 value 0x80"));
    ASSERT_EQ(t.events.size(), 2u);
    EXPECT_EQ(t.events[0].data, 0xf0u);
    EXPECT_EQ(t.events[1].data, 0x80u);
    EXPECT_EQ(t.events[1].at.line, 2u);
}

TEST(ReplayTraceLines, ToStringNamesEveryOp)
{
    const op all[] = {op::its_write, op::its_read, op::msi, op::command, op::redist_write, op::redist_read,
                      op::dist_write, op::dist_read, op::iar1, op::eoir1, op::pmr_write, op::igrpen1_write,
                      op::table_store};
    const char *names[] = {"its_write", "its_read", "msi", "command", "redist_write", "redist_read",
                           "dist_write", "dist_read", "iar1", "eoir1", "pmr_write", "igrpen1_write", "table_store"};
    for (size_t i = 0; i < std::size(all); i++)
        EXPECT_STREQ(gicv3_vp::replay::to_string(all[i]), names[i]);
}
