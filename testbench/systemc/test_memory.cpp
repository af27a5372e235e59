// SPDX-License-Identifier: Apache-2.0
// gicv3_vp::memory: sparse pages, latency, DMI, debug access, window, byte enables.
#include "tlm_bench.h"

using namespace tb;

namespace {

struct top : sc_core::sc_module {
    initiator cpu;
    gicv3_vp::memory mem;
    explicit top(uint64_t size = UINT64_MAX, uint64_t base = 0, sc_core::sc_module_name n = "top")
        : sc_module(n), cpu("cpu"), mem("mem", size, base)
    {
        cpu.socket.bind(mem.in);
    }
};

} // namespace

TEST(Memory, UntouchedMemoryReadsZeroWithoutAllocating)
{
    top t;
    run([&] {
        uint64_t v = 1;
        EXPECT_EQ(t.cpu.read(0xFFFF000000001230ull, v, 8).status, tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(v, 0u);
        EXPECT_EQ(t.mem.pages(), 0u);
    });
}

TEST(Memory, WritesAllocatePagesSparselyAcrossThe64BitSpace)
{
    top t;
    run([&] {
        t.cpu.write(0x0, 0x1122334455667788ull, 8);
        t.cpu.write(0xFFFF000000001230ull, 0xAABBCCDDull, 4);
        t.cpu.write(0x8000000000000000ull - 4, 0x0102030405060708ull, 8); // straddles two pages
        EXPECT_EQ(t.mem.pages(), 4u);
        uint64_t v;
        t.cpu.read(0xFFFF000000001230ull, v, 8);
        EXPECT_EQ(v, 0xAABBCCDDull);
        EXPECT_EQ(t.mem.read64(0x8000000000000000ull - 4), 0x0102030405060708ull);
        EXPECT_EQ(t.mem.read64(0), 0x1122334455667788ull);
    });
}

TEST(Memory, LatencyIsAnnotatedPerAccess)
{
    top t;
    t.mem.read_latency = ns(20);
    t.mem.write_latency = ns(7);
    t.cpu.wait_delay = false;
    run([&] {
        uint64_t v;
        EXPECT_EQ(t.cpu.read(0x100, v, 8).delay, ns(20));
        EXPECT_EQ(t.cpu.write(0x100, 1, 4).delay, ns(7));
        EXPECT_EQ(t.mem.reads(), 1u);
        EXPECT_EQ(t.mem.writes(), 1u);
        EXPECT_EQ(sc_core::sc_time_stamp(), SC_ZERO_TIME); // annotated, never waited
    });
}

TEST(Memory, GrantsDmiPageByPage)
{
    top t;
    t.mem.read_latency = ns(3);
    run([&] {
        tlm::tlm_generic_payload gp;
        gp.set_address(0x12345);
        tlm::tlm_dmi dmi;
        ASSERT_TRUE(t.cpu.socket->get_direct_mem_ptr(gp, dmi));
        EXPECT_EQ(dmi.get_start_address(), 0x10000u);
        EXPECT_EQ(dmi.get_end_address(), 0x1FFFFu);
        EXPECT_TRUE(dmi.is_read_write_allowed());
        EXPECT_EQ(dmi.get_read_latency(), ns(3));
        dmi.get_dmi_ptr()[0x2345] = 0x5A; // a CPU writing through DMI
        unsigned char b = 0;
        t.mem.peek(0x12345, &b, 1);
        EXPECT_EQ(b, 0x5A);
        uint64_t v;
        EXPECT_EQ(t.cpu.read(0x12345, v, 1).status, tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(v, 0x5Au);
        t.mem.dmi_enabled = false;
        EXPECT_FALSE(t.cpu.socket->get_direct_mem_ptr(gp, dmi));
    });
}

TEST(Memory, DebugAccessTakesNoTimeAndCountsNothing)
{
    top t;
    t.mem.read_latency = t.mem.write_latency = ns(50);
    run([&] {
        unsigned char in[3] = {1, 2, 3}, out[3] = {};
        EXPECT_EQ(t.cpu.debug(tlm::TLM_WRITE_COMMAND, 0x20000ull - 1, in, 3), 3u);
        EXPECT_EQ(t.cpu.debug(tlm::TLM_READ_COMMAND, 0x20000ull - 1, out, 3), 3u);
        EXPECT_EQ(out[2], 3);
        EXPECT_EQ(t.mem.reads() + t.mem.writes(), 0u);
        EXPECT_EQ(sc_core::sc_time_stamp(), SC_ZERO_TIME);
    });
}

TEST(Memory, AccessOutsideTheWindowIsAnAddressError)
{
    top t(0x1000, 0x80000000);
    run([&] {
        uint64_t v;
        EXPECT_EQ(t.cpu.read(0x80000000, v, 8).status, tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(t.cpu.read(0x7FFFFFFC, v, 8).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_EQ(t.cpu.read(0x80000FFC, v, 8).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_EQ(t.cpu.write(0x80001000, 0, 4).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_THROW(t.mem.write64(0x80000FFC, 0), std::out_of_range);
        tlm::tlm_generic_payload gp;
        gp.set_address(0x80000FFF);
        tlm::tlm_dmi dmi;
        ASSERT_TRUE(t.cpu.socket->get_direct_mem_ptr(gp, dmi));
        EXPECT_EQ(dmi.get_start_address(), 0x80000000u); // page clipped to the window
        EXPECT_EQ(dmi.get_end_address(), 0x80000FFFu);
    });
}

TEST(Memory, HonoursByteEnablesAndStreamingWidth)
{
    top t;
    run([&] {
        t.mem.write64(0x40, 0x1111111111111111ull);
        unsigned char data[8] = {0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7};
        unsigned char be[2] = {0xFF, 0x00}; // every other byte
        EXPECT_EQ(t.cpu.access(tlm::TLM_WRITE_COMMAND, 0x40, data, 8, nullptr, be, 2).status,
                  tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(t.mem.read64(0x40), 0x11A611A411A211A0ull);
        // Streaming width 2: the bytes go to the same two addresses in turn.
        EXPECT_EQ(t.cpu.access(tlm::TLM_WRITE_COMMAND, 0x80, data, 8, nullptr, nullptr, 0, 2).status,
                  tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(t.mem.read64(0x80), 0xA7A6ull);
    });
}

// A port of 1 byte/ns: two 16-byte reads issued at the same time serialise
// (the second waits for the first's transfer); the latency is pipelined.
TEST(Memory, PortBandwidthSerialisesTransfers)
{
    top t;
    t.mem.read_latency = ns(50);
    t.mem.bytes_per_ns = 1;
    t.cpu.wait_delay = false;
    run([&] {
        unsigned char buf[16];
        const auto a = t.cpu.access(tlm::TLM_READ_COMMAND, 0x1000, buf, 16);
        const auto b = t.cpu.access(tlm::TLM_READ_COMMAND, 0x2000, buf, 16);
        EXPECT_EQ(a.delay, ns(16 + 50));
        EXPECT_EQ(b.delay, ns(32 + 50));
        EXPECT_EQ(t.mem.port_wait(), ns(16));
        EXPECT_EQ(t.mem.port_busy(), ns(32));
        wait(ns(100)); // the port is free again
        const auto c = t.cpu.access(tlm::TLM_READ_COMMAND, 0x3000, buf, 16);
        EXPECT_EQ(c.delay, ns(16 + 50));
    });
}

// DMI is offered for pages that hold data: taking it for an untouched page
// would allocate the page, and RAM nobody wrote costs no host memory.
TEST(Memory, OffersDmiOnlyForPagesThatHoldData)
{
    top t;
    run([&] {
        uint64_t v = 1;
        const auto r = t.cpu.read(0x12345, v, 4);
        EXPECT_EQ(r.status, tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(v, 0u);
        EXPECT_FALSE(r.dmi_allowed);
        EXPECT_EQ(t.mem.pages(), 0u);
        EXPECT_TRUE(t.cpu.write(0x12000, 7, 4).dmi_allowed);
        EXPECT_TRUE(t.cpu.read(0x12345, v, 4).dmi_allowed);
        EXPECT_EQ(t.mem.pages(), 1u);
    });
}

// An access through a DMI pointer cannot take its turn at the port: with a
// bandwidth limit the memory offers no DMI, in the response or on request.
TEST(Memory, PortBandwidthTurnsDmiOff)
{
    top t;
    t.mem.bytes_per_ns = 1;
    run([&] {
        tlm::tlm_generic_payload gp;
        gp.set_address(0x12345);
        tlm::tlm_dmi dmi;
        EXPECT_FALSE(t.cpu.socket->get_direct_mem_ptr(gp, dmi));
        uint64_t v = 0;
        const auto r = t.cpu.read(0x12345, v, 4);
        EXPECT_EQ(r.status, tlm::TLM_OK_RESPONSE);
        EXPECT_FALSE(r.dmi_allowed);
        t.mem.bytes_per_ns = 0;
        EXPECT_TRUE(t.cpu.socket->get_direct_mem_ptr(gp, dmi));
        EXPECT_TRUE(t.cpu.read(0x12345, v, 4).dmi_allowed);
    });
}
