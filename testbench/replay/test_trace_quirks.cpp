// SPDX-License-Identifier: Apache-2.0
// Every quirk of QEMU 7.2's trace that traces/README.md lists, and the
// reference outcome of a translation read from the table reads.
#include "replay_test.h"

using namespace replay_test;
using gicv3_vp::replay::load;

TEST(ReplayTraceQuirks, CommandLinesComeBeforeTheCwriterWriteThatRanThem)
{
    scratch s;
    trace t = load(s.write("t.log", lines({
        "11614@1795526547.950399:gicv3_its_process_command GICv3 ITS: processing command at offset 0x0: 0x9",
        "11614@1795526547.950401:gicv3_its_cmd_mapc GICv3 ITS: command MAPC ICID 0x0 RDbase 0x0 V 1",
        "11614@1795526547.950403:gicv3_its_cte_write GICv3 ITS: Collection Table write for ICID 0x0: valid 1 RDBase 0x0",
        "11614@1795526547.950406:gicv3_its_process_command GICv3 ITS: processing command at offset 0x1: 0x5",
        "11614@1795526547.950407:gicv3_its_cmd_sync GICv3 ITS: command SYNC",
        "11614@1795526547.950409:gicv3_its_write GICv3 ITS write: offset 0x88 data 0x40 size 4",
    })));
    // Trace order is kept: both commands, then the write that made them run.
    ASSERT_EQ(t.events.size(), 3u);
    EXPECT_EQ(t.events[0].kind, op::command);
    EXPECT_EQ(t.events[0].opcode, 0x09);
    EXPECT_EQ(t.events[0].raw[2], 0x8000000000000000ull); // MAPC V=1 ICID 0 RDbase 0
    EXPECT_EQ(t.events[1].kind, op::command);
    EXPECT_EQ(t.events[1].slot, 1u);
    EXPECT_EQ(t.events[2].kind, op::its_write);
    EXPECT_EQ(t.events[2].offset, 0x88u);
    EXPECT_EQ(t.events[2].data, 2u * 32); // CWRITER past both slots
}

TEST(ReplayTraceQuirks, IttAddressShiftedInMapdButNotInDteRead)
{
    scratch s;
    trace t = load(s.write("t.log", lines({
        "11615@1795526548.791126:gicv3_its_process_command GICv3 ITS: processing command at offset 0x10: 0x8",
        "11615@1795526548.791128:gicv3_its_cmd_mapd GICv3 ITS: command MAPD DeviceID 0x8 Size 0x0 ITT_addr 0x42e0e4 V 1",
        "11615@1795526548.791130:gicv3_its_dte_write GICv3 ITS: Device Table write for DeviceID 0x8: valid 1 size 0x0 ITTaddr 0x42e0e4",
        "11610@1795526548.802422:gicv3_its_translation_write GICv3 ITS TRANSLATER write: offset 0x40 data 0x0 size 4 requester_id 0x8",
        "11610@1795526548.802427:gicv3_its_dte_read GICv3 ITS: Device Table read for DeviceID 0x8: valid 1 size 0x0 ITTaddr 0x42e0e400",
        "11610@1795526548.802429:gicv3_its_ite_read GICv3 ITS: Interrupt Table read for ITTaddr 0x42e0e400 EventID 0x0: valid 1 inttype 1 intid 0x2000 ICID 0x0 vPEID 0x0 doorbell 0x3ff",
        "11610@1795526548.802432:gicv3_its_cte_read GICv3 ITS: Collection Table read for ICID 0x0: valid 1 RDBase 0x0",
    })));
    ASSERT_EQ(t.events.size(), 2u);
    // MAPD's ITT_addr field is bits [51:8]: the printed value lands there unshifted.
    EXPECT_EQ(t.events[0].raw[0], 0x0000000800000008ull);
    EXPECT_EQ(t.events[0].raw[2], 0x8000000042e0e400ull);
    EXPECT_TRUE(t.events[1].ref.delivered);
    EXPECT_EQ(t.events[1].ref.intid, 0x2000u);
}

TEST(ReplayTraceQuirks, MsiOffsetIsInTheTranslationFrame)
{
    scratch s;
    trace t = load(s.write("t.log", lines({
        // offset 0x40 of the control frame is a register write, not an MSI
        "1@1.000001:gicv3_its_write GICv3 ITS write: offset 0x40 data 0x1 size 4",
        "1@1.000002:gicv3_its_translation_write GICv3 ITS TRANSLATER write: offset 0x40 data 0x5 size 4 requester_id 0x300",
        "1@1.000003:gicv3_its_dte_read GICv3 ITS: Device Table read for DeviceID 0x300: valid 0 size 0x0 ITTaddr 0x0",
    })));
    ASSERT_EQ(t.events.size(), 2u);
    EXPECT_EQ(t.events[0].kind, op::its_write);
    EXPECT_EQ(t.events[1].kind, op::msi);
    EXPECT_EQ(t.events[1].offset, 0x40u);
    EXPECT_EQ(t.events[1].device_id, 0x300u);
    EXPECT_EQ(t.events[1].event_id, 5u);
}

TEST(ReplayTraceQuirks, ReadsFollowTheirThreadThroughInterleavedLines)
{
    scratch s;
    // Two MSIs on the I/O thread and an INV on a vCPU thread, their reads
    // interleaved with each other's and with unrelated lines.
    trace t = load(s.write("t.log", lines({
        "10@5.000001:gicv3_its_translation_write GICv3 ITS TRANSLATER write: offset 0x40 data 0x1 size 4 requester_id 0x100",
        "11@5.000002:gicv3_its_process_command GICv3 ITS: processing command at offset 0x7: 0xc",
        "10@5.000003:gicv3_its_dte_read GICv3 ITS: Device Table read for DeviceID 0x100: valid 1 size 0x1 ITTaddr 0x42e1d000",
        "11@5.000004:gicv3_its_cmd_inv GICv3 ITS: command INV DeviceID 0x200 EventID 0x3",
        "12@5.000005:gicv3_cpuif_update GICv3 CPU i/f 0x2 HPPI update: irq 27 group 2 prio 160",
        "11@5.000006:gicv3_its_dte_read GICv3 ITS: Device Table read for DeviceID 0x200: valid 1 size 0x2 ITTaddr 0x427fa400",
        "10@5.000007:gicv3_its_ite_read GICv3 ITS: Interrupt Table read for ITTaddr 0x42e1d000 EventID 0x1: valid 1 inttype 1 intid 0x200c ICID 0x1 vPEID 0x0 doorbell 0x3ff",
        "11@5.000008:gicv3_its_ite_read GICv3 ITS: Interrupt Table read for ITTaddr 0x427fa400 EventID 0x3: valid 1 inttype 1 intid 0x2006 ICID 0x2 vPEID 0x0 doorbell 0x3ff",
        "12@5.000009:gicv3_icc_iar1_read GICv3 ICC_IAR1 read cpu 0x2 value 0x1b",
        "10@5.000010:gicv3_its_cte_read GICv3 ITS: Collection Table read for ICID 0x1: valid 1 RDBase 0x1",
        "11@5.000011:gicv3_its_cte_read GICv3 ITS: Collection Table read for ICID 0x2: valid 1 RDBase 0x2",
        "10@5.000012:gicv3_its_translation_write GICv3 ITS TRANSLATER write: offset 0x40 data 0x2 size 4 requester_id 0x100",
        "10@5.000013:gicv3_its_dte_read GICv3 ITS: Device Table read for DeviceID 0x100: valid 1 size 0x1 ITTaddr 0x42e1d000",
        "10@5.000014:gicv3_its_ite_read GICv3 ITS: Interrupt Table read for ITTaddr 0x42e1d000 EventID 0x2: valid 1 inttype 1 intid 0x200d ICID 0x2 vPEID 0x0 doorbell 0x3ff",
        "10@5.000015:gicv3_its_cte_read GICv3 ITS: Collection Table read for ICID 0x2: valid 1 RDBase 0x2",
        "11@5.000016:gicv3_its_process_command GICv3 ITS: processing command at offset 0x8: 0x5",
        "11@5.000017:gicv3_its_cmd_sync GICv3 ITS: command SYNC",
    })));
    std::vector<event> msis = of(t, op::msi), cmds = of(t, op::command);
    ASSERT_EQ(msis.size(), 2u);
    EXPECT_TRUE(msis[0].ref.delivered);
    EXPECT_EQ(msis[0].ref.intid, 0x200cu);
    EXPECT_EQ(msis[0].ref.rdbase, 1u);
    EXPECT_EQ(msis[1].ref.intid, 0x200du);
    EXPECT_EQ(msis[1].ref.rdbase, 2u);
    ASSERT_EQ(cmds.size(), 2u);
    EXPECT_FALSE(cmds[0].ref.delivered); // references are for MSIs and INT only
    // The INV's own CTE read says where it went: the SYNC after it targets RD 2.
    EXPECT_EQ(cmds[1].raw[2], uint64_t(2) << 16);
    EXPECT_EQ(t.cpus, 3u); // CPU interface 2
}

TEST(ReplayTraceQuirks, SyncAndInvallOperandsAreInferred)
{
    scratch s;
    qemu_trace::writer w(11614);
    // Linux: MAPC + SYNC to it, INVALL of it + SYNC; then a MAPTI + SYNC to its collection.
    w.mapc(0, 0).sync(0).invall(0).sync(0).cwriter();
    w.on(11615).mapc(1, 1).sync(1).invall(1).sync(1).cwriter();
    w.mapd(8, 0, 0x42e0e400).mapti(8, 0, 1, 8192).sync(1).cwriter();
    // kvm-unit-tests: two MAPCs, then an INVALL of each, newest first.
    w.mapc(3, 3).mapc(2, 2).invall(2).invall(3).cwriter();
    w.save(s.path("trace.log"));
    trace t = load(s.path("trace.log")); // no side file: encoded and inferred
    std::vector<event> cmds = of(t, op::command);
    ASSERT_EQ(cmds.size(), w.queue().size());
    for (size_t i = 0; i < cmds.size(); i++)
        for (int k = 0; k < 4; k++)
            EXPECT_EQ(cmds[i].raw[k], w.queue()[i][size_t(k)]) << "command " << i << " dw" << k;
    auto has = [&](const std::string &text) {
        for (const std::string &n : t.notes)
            if (n.find(text) != std::string::npos)
                return true;
        return false;
    };
    EXPECT_TRUE(has("command 1 (SYNC, slot 1): RDbase 0 inferred: the target of the command before it (MAPC)"));
    EXPECT_TRUE(has("command 6 (INVALL, slot 6): ICID 1 inferred: the most recently mapped collection"));
    EXPECT_TRUE(has("command 10 (SYNC, slot 10): RDbase 1 inferred: the target of the command before it (MAPTI)"));
    EXPECT_TRUE(has("command 13 (INVALL, slot 13): ICID 2 inferred"));
    EXPECT_TRUE(has("commands 0..14: encoded from the traced operands"));
}

TEST(ReplayTraceQuirks, OnlyGroup1EoirAndIgrpen)
{
    scratch s;
    trace t = load(s.write("t.log", lines({
        "1@1.000001:gicv3_icc_eoir_write GICv3 ICC_EOIR0 write cpu 0x0 value 0x1b",
        "1@1.000002:gicv3_icc_eoir_write GICv3 ICC_EOIR1 write cpu 0x0 value 0x2000",
        "1@1.000003:gicv3_icc_igrpen_write GICv3 ICC_IGRPEN0 write cpu 0x0 value 0x1",
        "1@1.000004:gicv3_icc_igrpen_write GICv3 ICC_IGRPEN1 write cpu 0x0 value 0x1",
        "2@1.000005:gicv3_icc_eoir_write GICv3 ICC_EOIR0 write cpu 0x5 value 0x1b",
    })));
    ASSERT_EQ(t.events.size(), 2u);
    EXPECT_EQ(t.events[0].kind, op::eoir1);
    EXPECT_EQ(t.events[0].data, 0x2000u);
    EXPECT_EQ(t.events[0].at.line, 2u);
    EXPECT_EQ(t.events[1].kind, op::igrpen1_write);
    EXPECT_EQ(t.events[1].at.line, 4u);
    EXPECT_EQ(t.cpus, 6u); // CPU 5 was seen, though its line is not replayed
}

// The reference outcome for each way a translation can end.
TEST(ReplayTraceQuirks, ReferenceDropReasons)
{
    scratch s;
    qemu_trace::writer w(10);
    w.translation_write(1, 0);                                                       // ITS still disabled
    w.on(9).its_write(0, 1).on(10);                                                  // GITS_CTLR.Enabled
    w.translation_write(0x7000, 0);                                                  // beyond the device table
    w.translation_write(2, 0).dte_read(2, false, 0, 0);                              // DTE invalid
    w.translation_write(3, 4).dte_read(3, true, 1, 0x1000);                          // 4 >= 2^(1+1) events
    w.translation_write(4, 0).dte_read(4, true, 1, 0x1000).ite_read(0x1000, 0, false, 0, 0);
    w.translation_write(5, 0).dte_read(5, true, 1, 0x1000).ite_read(0x1000, 0, true, 8200, 7).cte_read(7, false, 0);
    w.translation_write(6, 0).dte_read_fault(6);
    w.translation_write(7, 1).dte_read(7, true, 1, 0x1000).ite_read_fault(0x1000, 1);
    w.translation_write(9, 1).dte_read(9, true, 1, 0x1000).ite_read(0x1000, 1, true, 8201, 2).cte_read_fault(2);
    w.translation_write(8, 1).dte_read(8, true, 1, 0x1000).ite_read(0x1000, 1, true, 8201, 2).cte_read(2, true, 3);
    w.on(11).int_(8, 1).reads_delivered(8, 1, 0x1000, 1, 8201, 2, 3).cwriter();
    w.int_(2, 0).dte_read(2, false, 0, 0).cwriter();
    w.save(s.path("t.log"));
    trace t = load(s.path("t.log"));
    std::vector<event> msis = of(t, op::msi), cmds = of(t, op::command);
    const char *drops[] = {"its_disabled", "device_oor", "unmapped_device", "event_oor", "unmapped_event",
                           "unmapped_collection", "memory_fault", "memory_fault", "memory_fault", ""};
    ASSERT_EQ(msis.size(), std::size(drops));
    for (size_t i = 0; i < msis.size(); i++) {
        EXPECT_EQ(msis[i].ref.drop, drops[i]) << i;
        EXPECT_EQ(msis[i].ref.delivered, drops[i][0] == '\0') << i;
    }
    EXPECT_EQ(msis[5].ref.intid, 8200u); // known up to the failing level
    EXPECT_EQ(msis[5].ref.icid, 7u);
    EXPECT_EQ(msis[9].ref.rdbase, 3u);
    ASSERT_EQ(cmds.size(), 2u);
    EXPECT_TRUE(cmds[0].ref.delivered);
    EXPECT_EQ(cmds[0].ref.intid, 8201u);
    EXPECT_EQ(cmds[0].ref.rdbase, 3u);
    EXPECT_EQ(cmds[1].ref.drop, "unmapped_device");
}
