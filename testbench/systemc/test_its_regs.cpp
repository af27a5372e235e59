// SPDX-License-Identifier: Apache-2.0
// The GITS frames over TLM: values, responses, timing, debug access.
#include "tlm_bench.h"

using namespace tb;

namespace {

uint64_t core_peek(gicv3::its &its, uint64_t off, unsigned size)
{
    uint64_t v = 0;
    EXPECT_EQ(its_peek(its.core(), off, size, &v), ITS_ACCESS_OK);
    return v;
}

} // namespace

TEST(ItsRegs, ReadsMatchTheCoreAndCostRegAccessCycles)
{
    gicv3::its_timing t;
    t.reg_access_cycles = 3;
    t.clock_period = ns(2);
    bench b("b", bench::qemu(), t);
    run([&] {
        uint64_t v = 0;
        auto r = b.cpu.read(bench::kIts + IIDR, v, 4);
        EXPECT_EQ(r.status, tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(v, 0x43Bu); // the QEMU preset's identity
        EXPECT_EQ(r.delay, ns(6)); // 3 cycles of 2 ns
        EXPECT_EQ(b.read(TYPER), core_peek(b.its, TYPER, 8));
        EXPECT_EQ(b.read(TYPER + 4, 4), core_peek(b.its, TYPER, 8) >> 32);
        EXPECT_EQ(sc_core::sc_time_stamp(), ns(18)); // three accesses, waited by the CPU
    });
}

TEST(ItsRegs, WritesTakeEffectInBothWidths)
{
    bench b("b", bench::qemu());
    run([&] {
        b.write(CBASER, (1ull << 63) | 0x40100000ull | 3);
        EXPECT_EQ(b.read(CBASER), (1ull << 63) | 0x40100000ull | 3);
        b.write(CBASER, 0x40200000ull | 1, 4); // low half only
        EXPECT_EQ(b.read(CBASER), (1ull << 63) | 0x40200000ull | 1);
        b.write(TYPER, 0); // read-only: ignored and counted
        EXPECT_EQ(b.its.stats().diag[ITS_DIAG_READONLY_WRITE], 1u);
        EXPECT_EQ(b.read(TYPER), core_peek(b.its, TYPER, 8));
    });
}

TEST(ItsRegs, BadSizeIsABurstError)
{
    bench b("b", bench::qemu());
    run([&] {
        uint64_t v;
        EXPECT_EQ(b.cpu.read(bench::kIts + CTLR, v, 2).status, tlm::TLM_BURST_ERROR_RESPONSE);
        EXPECT_EQ(b.cpu.read(bench::kIts + CTLR, v, 8).status, tlm::TLM_BURST_ERROR_RESPONSE);
        EXPECT_EQ(b.cpu.write(bench::kIts + CBASER + 2, 0, 4).status, tlm::TLM_BURST_ERROR_RESPONSE);
        EXPECT_EQ(b.cpu.write(bench::kIts + TRANSLATER, 0, 8).status, tlm::TLM_BURST_ERROR_RESPONSE);
        EXPECT_EQ(b.its.stats().diag[ITS_DIAG_BAD_ACCESS_SIZE], 4u);
        EXPECT_EQ(b.read(CBASER), 0u);
    });
}

TEST(ItsRegs, BeyondTheFramesIsAnAddressError)
{
    bench b("b", bench::qemu());
    run([&] {
        uint64_t v;
        auto r = b.cpu.read(bench::kIts + ITS_FRAMES_SIZE, v, 4); // in the router window, not the ITS's
        EXPECT_EQ(r.status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_EQ(r.delay, ns(2)); // still an access of the ITS
        EXPECT_EQ(b.its.stats().diag[ITS_DIAG_BAD_ADDRESS], 1u);
        // Outside the router window: the router answers, the ITS never sees it.
        EXPECT_EQ(b.cpu.read(bench::kIts + bench::kItsWindow, v, 4).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_EQ(b.its.stats().diag[ITS_DIAG_BAD_ADDRESS], 1u);
    });
}

TEST(ItsRegs, ByteEnablesAreRefused)
{
    bench b("b", bench::qemu());
    run([&] {
        unsigned char data[4] = {1, 0, 0, 0};
        unsigned char be[4] = {0xFF, 0xFF, 0xFF, 0xFF};
        auto r = b.cpu.access(tlm::TLM_WRITE_COMMAND, bench::kIts + CTLR, data, 4, nullptr, be, 4);
        EXPECT_EQ(r.status, tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        EXPECT_EQ(b.read(CTLR, 4) & 1, 0u); // not enabled
    });
}

TEST(ItsRegs, StreamingWidthBelowLengthIsABurstError)
{
    bench b("b", bench::qemu());
    run([&] {
        unsigned char data[8] = {};
        auto r = b.cpu.access(tlm::TLM_READ_COMMAND, bench::kIts + CBASER, data, 8, nullptr, nullptr, 0, 4);
        EXPECT_EQ(r.status, tlm::TLM_BURST_ERROR_RESPONSE);
    });
}

TEST(ItsRegs, DebugReadsHaveNoSideEffectsAndDebugWritesAreRefused)
{
    bench b("b", bench::qemu());
    run([&] {
        b.write(CBASER, (1ull << 63) | 0x40100000ull | 3);
        b.write(CWRITER, 0x40);
        its_stats before = b.its.stats();
        const sc_time t0 = sc_core::sc_time_stamp();
        EXPECT_EQ(b.peek(CBASER), (1ull << 63) | 0x40100000ull | 3);
        EXPECT_EQ(b.peek(TYPER), core_peek(b.its, TYPER, 8));
        EXPECT_EQ(b.peek(TRANSLATER, 4), 0u); // write-only: reads 0, not counted
        EXPECT_EQ(b.peek(0x40, 4), 0u);       // reserved: not counted
        unsigned char wide[16] = {};          // two registers in one debug read
        ASSERT_EQ(b.cpu.debug(tlm::TLM_READ_COMMAND, bench::kIts + CBASER, wide, 16), 16u);
        EXPECT_EQ(wide[8], 0x40);
        EXPECT_EQ(wide[7], 0x80);
        unsigned char edge[8] = {};           // runs off the frames: partial
        EXPECT_EQ(b.cpu.debug(tlm::TLM_READ_COMMAND, bench::kIts + ITS_FRAMES_SIZE - 4, edge, 8), 4u);
        unsigned char zero[8] = {};
        EXPECT_EQ(b.cpu.debug(tlm::TLM_WRITE_COMMAND, bench::kIts + CBASER, zero, 8), 0u);
        EXPECT_EQ(b.peek(CBASER), (1ull << 63) | 0x40100000ull | 3);
        EXPECT_EQ(sc_core::sc_time_stamp(), t0);
        its_stats after = b.its.stats();
        for (int d = 0; d < ITS_DIAGS; d++)
            EXPECT_EQ(after.diag[d], before.diag[d]) << its_diag_name(static_cast<its_diag>(d));
    });
}

TEST(ItsRegs, BadConfigurationIsRefusedAtConstruction)
{
    its_config cfg = bench::qemu();
    cfg.devid_bits = 0;
    EXPECT_THROW(gicv3::its("bad", cfg), std::invalid_argument);
    gicv3::its_timing t;
    t.clock_period = SC_ZERO_TIME;
    EXPECT_THROW(gicv3::its("slow", bench::qemu(), t), std::invalid_argument);
}
