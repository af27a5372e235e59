// SPDX-License-Identifier: Apache-2.0
// The driver kit against the real Linux 6.1 run on QEMU 7.2 (4 CPUs, three
// PCIe devices; /work/shared/traces/linux-6.1-qemu-7.2): the same client
// actions through the kit must leave the same 89 commands in the queue, make
// the same ITS register accesses in the same order, program the
// redistributors the same way, and deliver the same 596 MSIs to the same CPUs.
// Addresses of memory the driver allocated (tables, queue, ITTs) are the only
// values allowed to differ.
#include "driver_test.h"

#include <map>
#include <set>
#include <sstream>

using namespace drvtest;

namespace {

// its-cmds-A.tsv: raw DW0..DW2 of every command (DW3 is 0 in all of them).
const uint64_t kTraceCmds[][3] = {
    {0x0000000000000009, 0x0000000000000000, 0x8000000000000000}, // 0 cpu0 MAPC
    {0x0000000000000005, 0x0000000000000000, 0x0000000000000000}, // 1 cpu0 SYNC
    {0x000000000000000d, 0x0000000000000000, 0x0000000000000000}, // 2 cpu0 INVALL
    {0x0000000000000005, 0x0000000000000000, 0x0000000000000000}, // 3 cpu0 SYNC
    {0x0000000000000009, 0x0000000000000000, 0x8000000000010001}, // 4 cpu1 MAPC
    {0x0000000000000005, 0x0000000000000000, 0x0000000000010000}, // 5 cpu1 SYNC
    {0x000000000000000d, 0x0000000000000000, 0x0000000000000001}, // 6 cpu1 INVALL
    {0x0000000000000005, 0x0000000000000000, 0x0000000000010000}, // 7 cpu1 SYNC
    {0x0000000000000009, 0x0000000000000000, 0x8000000000020002}, // 8 cpu2 MAPC
    {0x0000000000000005, 0x0000000000000000, 0x0000000000020000}, // 9 cpu2 SYNC
    {0x000000000000000d, 0x0000000000000000, 0x0000000000000002}, // 10 cpu2 INVALL
    {0x0000000000000005, 0x0000000000000000, 0x0000000000020000}, // 11 cpu2 SYNC
    {0x0000000000000009, 0x0000000000000000, 0x8000000000030003}, // 12 cpu3 MAPC
    {0x0000000000000005, 0x0000000000000000, 0x0000000000030000}, // 13 cpu3 SYNC
    {0x000000000000000d, 0x0000000000000000, 0x0000000000000003}, // 14 cpu3 INVALL
    {0x0000000000000005, 0x0000000000000000, 0x0000000000030000}, // 15 cpu3 SYNC
    {0x0000000800000008, 0x0000000000000000, 0x8000000042e0e400}, // 16 cpu1 MAPD
    {0x000000080000000a, 0x0000200000000000, 0x0000000000000000}, // 17 cpu1 MAPTI
    {0x0000000000000005, 0x0000000000000000, 0x0000000000000000}, // 18 cpu1 SYNC
    {0x000000080000000c, 0x0000000000000000, 0x0000000000000000}, // 19 cpu1 INV
    {0x0000000000000005, 0x0000000000000000, 0x0000000000000000}, // 20 cpu1 SYNC
    {0x0000001000000008, 0x0000000000000000, 0x8000000042e0f000}, // 21 cpu1 MAPD
    {0x000000100000000a, 0x0000200100000000, 0x0000000000000001}, // 22 cpu1 MAPTI
    {0x0000000000000005, 0x0000000000000000, 0x0000000000010000}, // 23 cpu1 SYNC
    {0x000000100000000c, 0x0000000000000000, 0x0000000000000000}, // 24 cpu1 INV
    {0x0000000000000005, 0x0000000000000000, 0x0000000000010000}, // 25 cpu1 SYNC
    {0x0000001800000008, 0x0000000000000000, 0x8000000042e1c800}, // 26 cpu1 MAPD
    {0x000000180000000a, 0x0000200200000000, 0x0000000000000002}, // 27 cpu1 MAPTI
    {0x0000000000000005, 0x0000000000000000, 0x0000000000020000}, // 28 cpu1 SYNC
    {0x000000180000000c, 0x0000000000000000, 0x0000000000000000}, // 29 cpu1 INV
    {0x0000000000000005, 0x0000000000000000, 0x0000000000020000}, // 30 cpu1 SYNC
    {0x0000020000000008, 0x0000000000000002, 0x80000000427fa400}, // 31 cpu0 MAPD
    {0x000002000000000a, 0x0000200300000000, 0x0000000000000003}, // 32 cpu0 MAPTI
    {0x0000000000000005, 0x0000000000000000, 0x0000000000030000}, // 33 cpu0 SYNC
    {0x000002000000000a, 0x0000200400000001, 0x0000000000000000}, // 34 cpu0 MAPTI
    {0x0000000000000005, 0x0000000000000000, 0x0000000000000000}, // 35 cpu0 SYNC
    {0x000002000000000a, 0x0000200500000002, 0x0000000000000001}, // 36 cpu0 MAPTI
    {0x0000000000000005, 0x0000000000000000, 0x0000000000010000}, // 37 cpu0 SYNC
    {0x000002000000000a, 0x0000200600000003, 0x0000000000000002}, // 38 cpu0 MAPTI
    {0x0000000000000005, 0x0000000000000000, 0x0000000000020000}, // 39 cpu0 SYNC
    {0x000002000000000a, 0x0000200700000004, 0x0000000000000003}, // 40 cpu0 MAPTI
    {0x0000000000000005, 0x0000000000000000, 0x0000000000030000}, // 41 cpu0 SYNC
    {0x000002000000000c, 0x0000000000000000, 0x0000000000000000}, // 42 cpu0 INV
    {0x0000000000000005, 0x0000000000000000, 0x0000000000030000}, // 43 cpu0 SYNC
    {0x000002000000000c, 0x0000000000000001, 0x0000000000000000}, // 44 cpu0 INV
    {0x0000000000000005, 0x0000000000000000, 0x0000000000000000}, // 45 cpu0 SYNC
    {0x000002000000000c, 0x0000000000000002, 0x0000000000000000}, // 46 cpu0 INV
    {0x0000000000000005, 0x0000000000000000, 0x0000000000010000}, // 47 cpu0 SYNC
    {0x000002000000000c, 0x0000000000000003, 0x0000000000000000}, // 48 cpu0 INV
    {0x0000000000000005, 0x0000000000000000, 0x0000000000020000}, // 49 cpu0 SYNC
    {0x000002000000000c, 0x0000000000000004, 0x0000000000000000}, // 50 cpu0 INV
    {0x0000000000000005, 0x0000000000000000, 0x0000000000030000}, // 51 cpu0 SYNC
    {0x0000010000000008, 0x0000000000000001, 0x8000000042e1d000}, // 52 cpu1 MAPD
    {0x000001000000000a, 0x0000200b00000000, 0x0000000000000000}, // 53 cpu1 MAPTI
    {0x0000000000000005, 0x0000000000000000, 0x0000000000000000}, // 54 cpu1 SYNC
    {0x000001000000000a, 0x0000200c00000001, 0x0000000000000001}, // 55 cpu1 MAPTI
    {0x0000000000000005, 0x0000000000000000, 0x0000000000010000}, // 56 cpu1 SYNC
    {0x000001000000000a, 0x0000200d00000002, 0x0000000000000002}, // 57 cpu1 MAPTI
    {0x0000000000000005, 0x0000000000000000, 0x0000000000020000}, // 58 cpu1 SYNC
    {0x000001000000000c, 0x0000000000000000, 0x0000000000000000}, // 59 cpu1 INV
    {0x0000000000000005, 0x0000000000000000, 0x0000000000000000}, // 60 cpu1 SYNC
    {0x000001000000000c, 0x0000000000000001, 0x0000000000000000}, // 61 cpu1 INV
    {0x0000000000000005, 0x0000000000000000, 0x0000000000010000}, // 62 cpu1 SYNC
    {0x000001000000000c, 0x0000000000000002, 0x0000000000000000}, // 63 cpu1 INV
    {0x0000000000000005, 0x0000000000000000, 0x0000000000020000}, // 64 cpu1 SYNC
    {0x0000030000000008, 0x0000000000000000, 0x8000000042e29000}, // 65 cpu1 MAPD
    {0x000003000000000a, 0x0000200f00000000, 0x0000000000000003}, // 66 cpu1 MAPTI
    {0x0000000000000005, 0x0000000000000000, 0x0000000000030000}, // 67 cpu1 SYNC
    {0x000003000000000a, 0x0000201000000001, 0x0000000000000000}, // 68 cpu1 MAPTI
    {0x0000000000000005, 0x0000000000000000, 0x0000000000000000}, // 69 cpu1 SYNC
    {0x000003000000000c, 0x0000000000000000, 0x0000000000000000}, // 70 cpu1 INV
    {0x0000000000000005, 0x0000000000000000, 0x0000000000030000}, // 71 cpu1 SYNC
    {0x000003000000000c, 0x0000000000000001, 0x0000000000000000}, // 72 cpu1 INV
    {0x0000000000000005, 0x0000000000000000, 0x0000000000000000}, // 73 cpu1 SYNC
    {0x000000180000000c, 0x0000000000000000, 0x0000000000000000}, // 74 cpu3 INV
    {0x0000000000000005, 0x0000000000000000, 0x0000000000020000}, // 75 cpu3 SYNC
    {0x000000180000000f, 0x0000000000000000, 0x0000000000000000}, // 76 cpu3 DISCARD
    {0x0000000000000005, 0x0000000000000000, 0x0000000000020000}, // 77 cpu3 SYNC
    {0x0000001800000008, 0x0000000000000000, 0x0000000042e1c800}, // 78 cpu3 MAPD
    {0x000000100000000c, 0x0000000000000000, 0x0000000000000000}, // 79 cpu3 INV
    {0x0000000000000005, 0x0000000000000000, 0x0000000000010000}, // 80 cpu3 SYNC
    {0x000000100000000f, 0x0000000000000000, 0x0000000000000000}, // 81 cpu3 DISCARD
    {0x0000000000000005, 0x0000000000000000, 0x0000000000010000}, // 82 cpu3 SYNC
    {0x0000001000000008, 0x0000000000000000, 0x0000000042e0f000}, // 83 cpu3 MAPD
    {0x000000080000000c, 0x0000000000000000, 0x0000000000000000}, // 84 cpu3 INV
    {0x0000000000000005, 0x0000000000000000, 0x0000000000000000}, // 85 cpu3 SYNC
    {0x000000080000000f, 0x0000000000000000, 0x0000000000000000}, // 86 cpu3 DISCARD
    {0x0000000000000005, 0x0000000000000000, 0x0000000000000000}, // 87 cpu3 SYNC
    {0x0000000800000008, 0x0000000000000000, 0x0000000042e0e400}, // 88 cpu3 MAPD
};

// mmio-A.tsv, ITS accesses only, in order (the trace harness's PIDR4 marker
// reads left out): R|W offset:size, then =value, or ~value where the
// Physical_Address bits are the driver's allocation and may differ.
const char *const kTraceItsMmio =
    "Rffe8:4=3b R0:4=80000000 W100:8=0 W108:8=0 W110:8=0 W118:8=0 W120:8=0 W128:8=0 W130:8=0 W138:8=0 "
    "Rffe8:4=3b R0:4=80000000 R8:8=1f0001efb1 R4:4=43b R100:8~107000000000000 R100:8~107000000000000 "
    "W100:8~107000000000200 R100:8~107000000000200 R100:8~107000000000200 W100:8=7800000000000400 "
    "R100:8~7907000000000400 R100:8~7907000000000400 W100:8~f9070000425a0600 R100:8~f9070000425a0600 "
    "R108:8~407000000000000 R108:8~407000000000000 W108:8~407000000000200 R108:8~407000000000200 "
    "R108:8~407000000000200 W108:8~bc070000425b0600 R108:8~bc070000425b0600 R110:8=0 R118:8=0 R120:8=0 "
    "R128:8=0 R130:8=0 R138:8=0 W80:8~b80000004259040f R80:8~b80000004259040f W88:8=0 R0:4=80000000 "
    "W0:4=80000001 R8:8=1f0001efb1 R90:4=0 R90:4=0 R90:4=0 W88:4=40 R90:4=40 R90:4=40 R90:4=40 R90:4=40 "
    "W88:4=80 R90:4=80 R8:8=1f0001efb1 R90:4=80 R90:4=80 R90:4=80 W88:4=c0 R90:4=c0 R90:4=c0 R90:4=c0 "
    "R90:4=c0 W88:4=100 R90:4=100 R8:8=1f0001efb1 R90:4=100 R90:4=100 R90:4=100 W88:4=140 R90:4=140 "
    "R90:4=140 R90:4=140 R90:4=140 W88:4=180 R90:4=180 R8:8=1f0001efb1 R90:4=180 R90:4=180 R90:4=180 "
    "W88:4=1c0 R90:4=1c0 R90:4=1c0 R90:4=1c0 R90:4=1c0 W88:4=200 R90:4=200 R90:4=200 R90:4=200 W88:4=220 "
    "R90:4=220 R90:4=220 R90:4=220 R90:4=220 W88:4=260 R90:4=260 R90:4=260 R90:4=260 R90:4=260 W88:4=2a0 "
    "R90:4=2a0 R90:4=2a0 R90:4=2a0 W88:4=2c0 R90:4=2c0 R90:4=2c0 R90:4=2c0 R90:4=2c0 W88:4=300 R90:4=300 "
    "R90:4=300 R90:4=300 R90:4=300 W88:4=340 R90:4=340 R90:4=340 R90:4=340 W88:4=360 R90:4=360 R90:4=360 "
    "R90:4=360 R90:4=360 W88:4=3a0 R90:4=3a0 R90:4=3a0 R90:4=3a0 R90:4=3a0 W88:4=3e0 R90:4=3e0 R90:4=3e0 "
    "R90:4=3e0 W88:4=400 R90:4=400 R90:4=400 R90:4=400 R90:4=400 W88:4=440 R90:4=440 R90:4=440 R90:4=440 "
    "R90:4=440 W88:4=480 R90:4=480 R90:4=480 R90:4=480 R90:4=480 W88:4=4c0 R90:4=4c0 R90:4=4c0 R90:4=4c0 "
    "R90:4=4c0 W88:4=500 R90:4=500 R90:4=500 R90:4=500 R90:4=500 W88:4=540 R90:4=540 R90:4=540 R90:4=540 "
    "R90:4=540 W88:4=580 R90:4=580 R90:4=580 R90:4=580 R90:4=580 W88:4=5c0 R90:4=5c0 R90:4=5c0 R90:4=5c0 "
    "R90:4=5c0 W88:4=600 R90:4=600 R90:4=600 R90:4=600 R90:4=600 W88:4=640 R90:4=640 R90:4=640 R90:4=640 "
    "R90:4=640 W88:4=680 R90:4=680 R90:4=680 R90:4=680 W88:4=6a0 R90:4=6a0 R90:4=6a0 R90:4=6a0 R90:4=6a0 "
    "W88:4=6e0 R90:4=6e0 R90:4=6e0 R90:4=6e0 R90:4=6e0 W88:4=720 R90:4=720 R90:4=720 R90:4=720 R90:4=720 "
    "W88:4=760 R90:4=760 R90:4=760 R90:4=760 R90:4=760 W88:4=7a0 R90:4=7a0 R90:4=7a0 R90:4=7a0 R90:4=7a0 "
    "W88:4=7e0 R90:4=7e0 R90:4=7e0 R90:4=7e0 R90:4=7e0 W88:4=820 R90:4=820 R90:4=820 R90:4=820 W88:4=840 "
    "R90:4=840 R90:4=840 R90:4=840 R90:4=840 W88:4=880 R90:4=880 R90:4=880 R90:4=880 R90:4=880 W88:4=8c0 "
    "R90:4=8c0 R90:4=8c0 R90:4=8c0 R90:4=8c0 W88:4=900 R90:4=900 R90:4=900 R90:4=900 R90:4=900 W88:4=940 "
    "R90:4=940 R90:4=940 R90:4=940 R90:4=940 W88:4=980 R90:4=980 R90:4=980 R90:4=980 R90:4=980 W88:4=9c0 "
    "R90:4=9c0 R90:4=9c0 R90:4=9c0 W88:4=9e0 R90:4=9e0 R90:4=9e0 R90:4=9e0 R90:4=9e0 W88:4=a20 R90:4=a20 "
    "R90:4=a20 R90:4=a20 R90:4=a20 W88:4=a60 R90:4=a60 R90:4=a60 R90:4=a60 W88:4=a80 R90:4=a80 R90:4=a80 "
    "R90:4=a80 R90:4=a80 W88:4=ac0 R90:4=ac0 R90:4=ac0 R90:4=ac0 R90:4=ac0 W88:4=b00 R90:4=b00 R90:4=b00 "
    "R90:4=b00 W88:4=b20 R90:4=b20 "
;

// msi-A.tsv: every (DeviceID, EventID), its LPI, the CPU that acknowledged
// it and how many MSIs it received.
struct TraceMsi {
    uint32_t dev, event, intid, cpu, count;
};
const TraceMsi kTraceMsis[] = {
    {0x8, 0, 8192, 0, 1},      {0x10, 0, 8193, 1, 1},     {0x18, 0, 8194, 2, 1},
    {0x200, 1, 8196, 0, 65},   {0x300, 1, 8208, 0, 22},   {0x100, 2, 8205, 2, 20},
    {0x100, 1, 8204, 1, 15},   {0x200, 4, 8199, 3, 343},  {0x200, 2, 8197, 1, 64},
    {0x200, 3, 8198, 2, 64},
};

// What Linux did in the run, as kit calls: bring-up of 4 CPUs; devices in
// the order they were probed, each vector activated (MAPTI) on the CPU the
// trace shows and then all of them unmasked (request_irq); the MSIs;
// shutdown of the three single-vector devices.
struct TraceDevice {
    uint32_t id;
    std::vector<unsigned> cpus; // per event
};
const TraceDevice kTraceDevices[] = {
    {0x8, {0}}, {0x10, {1}}, {0x18, {2}}, {0x200, {3, 0, 1, 2, 3}}, {0x100, {0, 1, 2}}, {0x300, {3, 0}},
};

void run_trace_scenario(CPlatform &p)
{
    ASSERT_EQ(p.bring_up(), DRV_OK);
    its_driver *d = p.driver();
    const drv_env *e = p.env();
    for (const TraceDevice &dev : kTraceDevices) {
        ASSERT_EQ(drv_device_add(d, e, dev.id, unsigned(dev.cpus.size())), DRV_OK);
        for (uint32_t ev = 0; ev < dev.cpus.size(); ev++)
            ASSERT_EQ(drv_vector_map(d, e, dev.id, ev, dev.cpus[ev], nullptr), DRV_OK);
        for (uint32_t ev = 0; ev < dev.cpus.size(); ev++)
            ASSERT_EQ(drv_vector_mask(d, e, dev.id, ev, false), DRV_OK);
    }
    for (const TraceMsi &m : kTraceMsis) {
        for (uint32_t i = 0; i < m.count; i++) {
            ASSERT_EQ(p.msi(m.dev, m.event), ITS_MSI_DELIVERED);
            auto got = p.take_all();
            ASSERT_EQ(got.size(), 1u);
            EXPECT_EQ(got[0].first, m.cpu) << std::hex << m.dev << " " << m.event;
            EXPECT_EQ(got[0].second, m.intid) << std::hex << m.dev << " " << m.event;
        }
    }
    for (uint32_t id : {0x18u, 0x10u, 0x8u})
        ASSERT_EQ(drv_device_remove(d, e, id), DRV_OK);
}

TEST(DriverLinuxTrace, SameCommandsInTheQueue)
{
    CPlatform p(qemu(4), 4);
    run_trace_scenario(p);
    const size_t n = sizeof kTraceCmds / sizeof kTraceCmds[0];
    ASSERT_EQ(n, 89u);
    ASSERT_EQ(drv_commands_sent(p.driver()), n);
    std::map<uint32_t, uint64_t> itt; // DeviceID -> ITT of its MAPD V=1
    for (size_t i = 0; i < n; i++) {
        Cmd c = queue_slot(p, unsigned(i));
        SCOPED_TRACE("command " + std::to_string(i) + " " + its_cmd_name(uint8_t(kTraceCmds[i][0])));
        EXPECT_EQ(c.dw[0], kTraceCmds[i][0]);
        EXPECT_EQ(c.dw[1], kTraceCmds[i][1]);
        EXPECT_EQ(c.dw[3], 0u);
        if (c.op() == ITS_CMD_MAPD) { // the ITT address is the driver's allocation
            const uint64_t itt_mask = 0x000FFFFFFFFFFF00ull;
            EXPECT_EQ(c.dw[2] & ~itt_mask, kTraceCmds[i][2] & ~itt_mask) << "V";
            uint32_t dev = uint32_t(c.dw[0] >> 32);
            if (c.dw[2] >> 63)
                itt[dev] = c.dw[2] & itt_mask;
            else
                EXPECT_EQ(c.dw[2] & itt_mask, itt[dev]) << "MAPD V=0 names the same ITT";
            EXPECT_NE(c.dw[2] & itt_mask, 0u);
        } else {
            EXPECT_EQ(c.dw[2], kTraceCmds[i][2]);
        }
    }
    expect_queue_drained(p);
    EXPECT_EQ(stats(p).command_errors, 0u);

    // mem-A-proptable.bin at the end: 0xA3 for the LPIs of the devices still
    // there, 0xA2 for every other, including the removed devices' LPIs.
    const std::set<uint32_t> enabled = {8195, 8196, 8197, 8198, 8199, 8203, 8204, 8205, 8207, 8208};
    std::vector<uint8_t> prop(57344);
    shim_mem_read(p.mem(), drv_property_table(p.driver()), prop.data(), prop.size());
    for (uint32_t i = 0; i < prop.size(); i++)
        ASSERT_EQ(prop[i], enabled.count(8192 + i) ? 0xA3 : 0xA2) << "INTID " << 8192 + i;
}

TEST(DriverLinuxTrace, SameItsRegisterAccesses)
{
    CPlatform p(qemu(4), 4);
    p.log_mmio = true;
    run_trace_scenario(p);
    std::vector<CPlatform::Access> mine;
    for (const auto &a : p.mmio)
        if (a.pa >= CPlatform::kIts && a.pa < CPlatform::kIts + ITS_FRAMES_SIZE)
            mine.push_back(a);
    std::istringstream in(kTraceItsMmio);
    std::string t;
    size_t i = 0;
    for (; in >> t; i++) {
        ASSERT_LT(i, mine.size()) << "the kit made fewer accesses; next in the trace: " << t;
        const CPlatform::Access &a = mine[i];
        size_t colon = t.find(':');
        bool write = t[0] == 'W', masked = t[colon + 2] == '~';
        uint64_t off = std::stoull(t.substr(1, colon - 1), nullptr, 16);
        unsigned size = unsigned(t[colon + 1] - '0');
        uint64_t value = std::stoull(t.substr(colon + 3), nullptr, 16);
        std::ostringstream got;
        got << (a.write ? 'W' : 'R') << std::hex << a.pa - CPlatform::kIts << ':' << a.size << '=' << a.value;
        ASSERT_EQ(a.write, write) << "access " << i << ": trace " << t << ", kit " << got.str();
        ASSERT_EQ(a.pa - CPlatform::kIts, off) << "access " << i << ": trace " << t << ", kit " << got.str();
        EXPECT_EQ(a.size, size) << "access " << i << ": trace " << t << ", kit " << got.str();
        uint64_t pa = off == kCbaser ? kPaMask : kBaserPaMask;
        if (masked)
            EXPECT_EQ(a.value & ~pa, value & ~pa) << "access " << i << ": trace " << t << ", kit " << got.str();
        else
            EXPECT_EQ(a.value, value) << "access " << i << ": trace " << t << ", kit " << got.str();
    }
    EXPECT_EQ(i, 282u);
    EXPECT_EQ(mine.size(), i) << "the kit made more accesses than the trace";
}

// The redistributor side: PROPBASER, PENDBASER (as in the trace, apart from
// the addresses) and EnableLPIs, in that order, on each CPU.
TEST(DriverLinuxTrace, SameRedistributorProgramming)
{
    CPlatform p(qemu(4), 4);
    p.log_mmio = true;
    ASSERT_EQ(p.bring_up(), DRV_OK);
    for (unsigned c = 0; c < 4; c++) {
        std::vector<std::pair<uint64_t, uint64_t>> w; // (offset, value) of the LPI registers written
        for (const auto &a : p.mmio) {
            uint64_t rd = CPlatform::kGicr + uint64_t(c) * REDIST_FRAMES_SIZE;
            if (a.write && a.pa >= rd && a.pa < rd + 0x10000 && (a.pa - rd == kRdCtlr || a.pa - rd >= kPropbaser))
                w.push_back({a.pa - rd, a.value});
        }
        ASSERT_EQ(w.size(), 3u) << "cpu " << c;
        EXPECT_EQ(w[0].first, kPropbaser);
        EXPECT_EQ(w[0].second & ~kPaMask, 0x78Fu) << "trace: 0x425c078f";
        EXPECT_EQ(w[1].first, kPendbaser);
        EXPECT_EQ(w[1].second & ~kPaMask, 0x780u) << "trace: 0x425d0780 + 64K per CPU";
        EXPECT_EQ(w[2].first, kRdCtlr);
        EXPECT_EQ(w[2].second, 0x3u) << "trace: GICR_CTLR 0x3";
        EXPECT_EQ(w[0].second & kPaMask, drv_property_table(p.driver()));
        EXPECT_EQ(w[1].second & kPaMask, drv_pending_table(p.driver(), c));
    }
}

} // namespace
