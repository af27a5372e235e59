// SPDX-License-Identifier: Apache-2.0
// The synthetic-trace writer (testbench/replay_support/qemu_trace_writer.h)
// round-trips through load(): every line it writes is read back as written,
// and its side files are taken as the loader's side inputs.
#include "replay_test.h"

using namespace replay_test;
using gicv3_vp::replay::load;

TEST(ReplayTraceWriter, LinesMatchTheCapturesFormat)
{
    // The writer's line is byte for byte what QEMU logged.
    qemu_trace::writer w(11615, 1795526548792235ull);
    w.slot(0x11).mapti(8, 0, 0, 0x2000);
    EXPECT_EQ(w.str(),
              "11615@1795526548.792235:gicv3_its_process_command GICv3 ITS: processing command at offset 0x11: 0xa\n"
              "11615@1795526548.792236:gicv3_its_cmd_mapti GICv3 ITS: command MAPTI DeviceID 0x8 EventID 0x0 ICID 0x0 pINTID 0x2000\n");
    EXPECT_EQ(qemu_trace::line(20584, 1795528873360356ull, "gicv3_icc_iar1_read", "GICv3 ICC_IAR1 read cpu 0x3 value 0x2003"),
              "20584@1795528873.360356:gicv3_icc_iar1_read GICv3 ICC_IAR1 read cpu 0x3 value 0x2003");
}

TEST(ReplayTraceWriter, EveryEventRoundTrips)
{
    scratch s;
    qemu_trace::writer w(1, 2000000);
    w.its_write(0x0, 1).its_read(0x8, 0x1f0001efb1, 8).its_badwrite(0x20, 3).its_badread(0x24);
    w.redist_write(2, 0x70, 0x425c078f, 8).redist_read(3, 0x8, 0x301000311, 8).redist_badwrite(1, 0x18, 4).redist_badread(1, 0x1c);
    w.dist_write(0x0, 0x13).dist_read(0x4, 0x37a0007).dist_badwrite(0xc, 1).dist_badread(0xc);
    w.on(2).iar1(1, 0x2001).eoir(1, 0x2001).eoir(1, 0x1b, 0).pmr_write(1, 0xf0).igrpen_write(1, 1).igrpen_write(1, 1, 0);
    w.cpuif_update(1, 27, 160);
    w.on(3).mapd(0x10, 4, 0x42e0f000).mapc(5, 1).mapti(0x10, 3, 5, 8300).mapi(0x10, 4, 5).movi(0x10, 4, 5)
        .int_(0x10, 3).reads_delivered(0x10, 3, 0x42e0f000, 4, 8300, 5, 1)
        .clear(0x10, 3).inv(0x10, 3).discard(0x10, 3).sync(1).invall(5).movall(1, 2).cwriter();
    w.on(4).msi_delivered(0x10, 4, 0x42e0f000, 4, 4, 5, 1);
    w.save(s.path("rt-W.log.gz"));
    w.save_cmdq(s.path("mem-W-cmdq.bin"));
    trace t = load(s.path("rt-W.log.gz"));

    const op want[] = {op::its_write, op::its_read, op::its_write, op::its_read, op::redist_write, op::redist_read,
                       op::redist_write, op::redist_read, op::dist_write, op::dist_read, op::dist_write,
                       op::dist_read, op::iar1, op::eoir1, op::pmr_write, op::igrpen1_write};
    // + 12 commands, the store inferred before the INV (MAPTI..INV..DISCARD), CWRITER, MSI
    ASSERT_EQ(t.events.size(), std::size(want) + 12 + 1 + 1 + 1);
    for (size_t i = 0; i < std::size(want); i++)
        EXPECT_EQ(t.events[i].kind, want[i]) << i;
    EXPECT_EQ(t.events[1].data, 0x1f0001efb1ull);
    EXPECT_EQ(t.events[4].cpu, 2u);
    EXPECT_EQ(t.events[5].data, 0x301000311ull);
    EXPECT_EQ(t.events[12].data, 0x2001u);
    EXPECT_EQ(t.events[0].at.time, 2.0);
    EXPECT_EQ(t.cpus, 4u);

    std::vector<event> cmds = of(t, op::command);
    ASSERT_EQ(cmds.size(), 12u);
    for (size_t i = 0; i < cmds.size(); i++) {
        EXPECT_EQ(cmds[i].slot, i);
        for (int k = 0; k < 4; k++)
            EXPECT_EQ(cmds[i].raw[k], w.queue()[i][size_t(k)]) << i << " dw" << k;
    }
    EXPECT_EQ(cmds[0].raw[2], 0x8000000042e0f000ull);
    EXPECT_EQ(cmds[11].raw[3], uint64_t(2) << 16);
    EXPECT_TRUE(cmds[5].ref.delivered);
    EXPECT_EQ(cmds[5].ref.intid, 8300u);
    EXPECT_EQ(t.events[t.events.size() - 2].kind, op::its_write); // CWRITER after its commands
    EXPECT_EQ(t.events[t.events.size() - 2].data, 12u * 32);
    const event &msi = t.events.back();
    EXPECT_EQ(msi.kind, op::msi);
    EXPECT_EQ(msi.device_id, 0x10u);
    EXPECT_TRUE(msi.ref.delivered);
    EXPECT_EQ(of(t, op::table_store).size(), 1u);
    EXPECT_EQ(msi.ref.rdbase, 1u);
    EXPECT_EQ(t.notes.front(), "commands 0..11: raw bytes from mem-W-cmdq.bin");
}

TEST(ReplayTraceWriter, CommandListAndTableWritesRoundTrip)
{
    scratch s;
    qemu_trace::writer w(9, 3000000);
    w.store(0, 0x40270005, 0, 0xa3).mapd(1, 2, 0x5000).mapti(1, 0, 0, 8197).invall(0).cwriter();
    w.store(1, 0x40280000, 0, 0x20, "pend");
    w.save(s.path("trace.log"));
    w.save_its_cmds(s.path("its-cmds.tsv"));
    w.save_table_writes(s.path("cpu-table-writes.tsv"));
    trace t = load(s.path("trace.log"));
    std::vector<event> cmds = of(t, op::command), stores = of(t, op::table_store);
    ASSERT_EQ(cmds.size(), 3u);
    EXPECT_EQ(cmds[2].raw[0], 0x0du);
    EXPECT_EQ(t.notes[0], "commands 0..2: raw bytes from its-cmds.tsv (raw_dw0..raw_dw3)");
    ASSERT_EQ(stores.size(), 2u);
    EXPECT_EQ(t.events.front().kind, op::table_store);
    EXPECT_EQ(t.events.back().kind, op::table_store);
    EXPECT_EQ(stores[1].pa, 0x40280000u);
    EXPECT_EQ(stores[1].data, 0x20u);
    EXPECT_EQ(stores[1].cpu, 1u);
}
