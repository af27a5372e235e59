// SPDX-License-Identifier: Apache-2.0
// Synthetic captures in the shapes of the kvm-unit-tests ITS group, for the
// replay's tests and its-replay-synth: what each test does to the ITS, with
// the reference's answers from the scenario's oracle (or, for register
// accesses, the values QEMU 7.2's ITS shows in the shared captures).
#pragma once

#include "qemu_trace_writer.h"
#include "scenario.h"

namespace rs {

// micro-bench "lpi": 2 CPUs; DeviceID 1 EventID 20 -> LPI 8199 in collection
// 1 (CPU 1); then `ints` INT commands, each taken by CPU 1, through a queue
// of queue_pages 4 KB pages (the test's is 64 KB: 2,048 slots) that wraps.
inline scenario micro_bench_lpi(unsigned ints, unsigned queue_pages = 16)
{
    scenario s(2);
    s.bring_up(queue_pages);
    s.mapd(1, 5);
    s.map_event(1, 20, 8199, 1);
    for (unsigned n = 0; n < ints; n++) {
        s.int_(1, 20);
        s.ack(1);
    }
    return s;
}

// its-pending-migration: on the source, 256 events of DeviceID 2 mapped to
// LPIs 8192.. alternately in collections 3 and 2 while CPUs 3 and 2 have
// LPIs off, each LPI's pending bit stored by the CPU, both INVALLs, then
// LPIs on with PTZ = 0 (the tables are scanned); the destination takes the
// 128 LPIs of each CPU.
inline scenario pending_migration()
{
    scenario s(4);
    s.bring_up();
    s.mapd(2, 8);
    s.enable_lpis(3, false);
    s.enable_lpis(2, false);
    for (uint32_t i = 0; i < 256; i++) {
        const unsigned cpu = i % 2 ? 3 : 2;
        s.map_event(2, i, kLpi0 + i, cpu);
        s.store_pending(cpu, kLpi0 + i);
    }
    s.invall(3);
    s.invall(2);
    s.enable_lpis(3, true);
    s.enable_lpis(2, true);
    s.next_trace("dst");
    s.ack_all();
    return s;
}

// its-migrate-unmapped-collection: the source maps an event into collection
// 7, which no MAPC has mapped; the destination maps it to CPU 3, INVALLs it
// and raises the LPI with an INT.
inline scenario unmapped_collection_migration()
{
    scenario s(4);
    s.bring_up();
    s.mapd(2, 8);
    s.map_event(2, 0, kLpi0, 7);
    s.next_trace("dst");
    s.mapc(7, 3);
    s.invall(7);
    s.int_(2, 0);
    s.ack(3);
    return s;
}

// its-introspection: ITS register accesses only, with QEMU's answers: the
// identity, BASER probing, writes to read-only registers (which QEMU logs as
// gicv3_its_badwrite) and reads back, a reserved offset. No CPU is named.
inline qemu_trace::writer introspection()
{
    const uint64_t typer = 0x1f0001efb1, baser[8] = {0x107000000000200, 0x407000000000200};
    qemu_trace::writer w(4242);
    w.its_read(0x0, 0x80000000).its_read(0x8, typer, 8);
    for (unsigned n = 0; n < 8; n++)
        w.its_read(0x100 + 8 * n, baser[n], 8);
    w.its_read(0x4, 0x43b).its_badwrite(0x4, ~0x43bu).its_read(0x4, 0x43b);
    w.its_read(0x8, typer & 0xffffffff).its_badwrite(0x8, ~uint32_t(typer)).its_read(0x8, typer & 0xffffffff);
    w.its_read(0xc, typer >> 32).its_read(0xffe8, 0x3b);
    w.its_read(0x80, 0, 8).its_read(0x88, 0, 8).its_read(0x90, 0, 8);
    w.its_badread(0xc0).its_badwrite(0xc0, 1);
    return w;
}

} // namespace rs
