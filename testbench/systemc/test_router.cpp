// SPDX-License-Identifier: Apache-2.0
// gicv3_vp::router: address map, latency, translation, extensions, DMI, debug.
#include <tlm_utils/simple_target_socket.h>

#include "tlm_bench.h"

using namespace tb;

namespace {

// Remembers the last transaction it saw, answers OK.
struct probe : sc_core::sc_module {
    tlm_utils::simple_target_socket<probe, 64> in;
    uint64_t address = ~0ull;
    std::optional<uint32_t> device_id;
    unsigned seen = 0;

    explicit probe(sc_core::sc_module_name n) : sc_module(n), in("in")
    {
        in.register_b_transport(this, &probe::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload &gp, sc_time &)
    {
        seen++;
        address = gp.get_address();
        auto *ext = gp.get_extension<gicv3::device_id_extension>();
        device_id = ext ? std::optional<uint32_t>(ext->device_id) : std::nullopt;
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

struct top : sc_core::sc_module {
    initiator cpu, dma;
    gicv3_vp::router bus;
    probe dev;
    gicv3_vp::memory ram;
    explicit top(sc_core::sc_module_name n = "top") : sc_module(n), cpu("cpu"), dma("dma"), bus("bus"), dev("dev"), ram("ram", 0x100000)
    {
        bus.map(0x1000, 0x1000, dev.in, ns(3));
        bus.map(0x80000000, 0x100000, ram.in, ns(10));
        cpu.socket.bind(bus.in);
        dma.socket.bind(bus.in);
        cpu.wait_delay = dma.wait_delay = false;
    }
};

} // namespace

TEST(Router, DecodesAndMakesTheAddressRelative)
{
    top t;
    run([&] {
        unsigned char b[4] = {};
        EXPECT_EQ(t.cpu.access(tlm::TLM_WRITE_COMMAND, 0x1234, b, 4).status, tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(t.dev.address, 0x234u);
        t.cpu.write(0x80000010, 0xCAFE, 4);
        EXPECT_EQ(t.ram.read64(0x10), 0xCAFEu);
    });
}

TEST(Router, AddsEachWindowsLatency)
{
    top t;
    t.ram.read_latency = ns(20);
    run([&] {
        uint64_t v;
        EXPECT_EQ(t.cpu.read(0x1000, v, 4).delay, ns(3));
        EXPECT_EQ(t.cpu.read(0x80000000, v, 4).delay, ns(10 + 20));
    });
}

TEST(Router, DecodeFailureIsAnAddressError)
{
    top t;
    run([&] {
        uint64_t v;
        auto r = t.cpu.read(0x3000, v, 4);
        EXPECT_EQ(r.status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
        EXPECT_EQ(r.delay, SC_ZERO_TIME);
        EXPECT_EQ(t.cpu.read(0x1FFC, v, 8).status, tlm::TLM_ADDRESS_ERROR_RESPONSE); // runs off the window
        EXPECT_EQ(t.dev.seen, 0u);
        EXPECT_EQ(t.bus.decode(0x3000), nullptr);
        ASSERT_NE(t.bus.decode(0x1FFF), nullptr);
        EXPECT_EQ(t.bus.decode(0x1FFF)->base, 0x1000u);
    });
}

TEST(Router, PassesExtensionsThroughUntouched)
{
    top t;
    run([&] {
        gicv3::device_id_extension ext(0x1234);
        t.dma.write(0x1040, 5, 4, &ext);
        ASSERT_TRUE(t.dev.device_id.has_value());
        EXPECT_EQ(*t.dev.device_id, 0x1234u);
        EXPECT_EQ(ext.device_id, 0x1234u);
        t.cpu.write(0x1040, 5, 4);
        EXPECT_FALSE(t.dev.device_id.has_value());
    });
}

TEST(Router, ServesManyInitiators)
{
    top t;
    run([&] {
        t.cpu.write(0x80000000, 1, 4);
        t.dma.write(0x80000004, 2, 4);
        uint64_t v;
        t.dma.read(0x80000000, v, 8);
        EXPECT_EQ(v, 0x200000001ull);
    });
}

TEST(Router, ForwardsDmiInItsOwnAddresses)
{
    top t;
    t.ram.read_latency = ns(20);
    run([&] {
        tlm::tlm_generic_payload gp;
        gp.set_address(0x80012345);
        tlm::tlm_dmi dmi;
        ASSERT_TRUE(t.cpu.socket->get_direct_mem_ptr(gp, dmi));
        EXPECT_EQ(gp.get_address(), 0x80012345u);
        EXPECT_EQ(dmi.get_start_address(), 0x80010000u);
        EXPECT_EQ(dmi.get_end_address(), 0x8001FFFFu);
        EXPECT_EQ(dmi.get_read_latency(), ns(30));
        dmi.get_dmi_ptr()[0x2345] = 0x77;
        EXPECT_EQ(t.ram.read64(0x12345) & 0xFF, 0x77u);
        gp.set_address(0x5000); // no window: no DMI across the gap
        EXPECT_FALSE(t.cpu.socket->get_direct_mem_ptr(gp, dmi));
        EXPECT_EQ(dmi.get_start_address(), 0x2000u);
        EXPECT_EQ(dmi.get_end_address(), 0x7FFFFFFFu);
    });
}

TEST(Router, ForwardsDebugAccessesWithTranslation)
{
    top t;
    run([&] {
        unsigned char in[4] = {1, 2, 3, 4}, out[8] = {};
        EXPECT_EQ(t.cpu.debug(tlm::TLM_WRITE_COMMAND, 0x800FFFFC, in, 4), 4u);
        EXPECT_EQ(t.ram.read64(0xFFFF8) >> 32, 0x04030201u);
        EXPECT_EQ(t.cpu.debug(tlm::TLM_READ_COMMAND, 0x800FFFFC, out, 8), 4u); // clipped at the window
        EXPECT_EQ(out[3], 4);
        EXPECT_EQ(t.cpu.debug(tlm::TLM_READ_COMMAND, 0x5000, out, 4), 0u);
    });
}

TEST(Router, RefusesOverlappingOrEmptyWindows)
{
    gicv3_vp::router bus("bus");
    bus.map(0x1000, 0x1000, 0u);
    EXPECT_THROW(bus.map(0x1800, 0x1000, 1u), std::invalid_argument);
    EXPECT_THROW(bus.map(0x0, 0x1001, 1u), std::invalid_argument);
    EXPECT_THROW(bus.map(0x4000, 0, 1u), std::invalid_argument);
    EXPECT_THROW(bus.map(UINT64_MAX, 2, 1u), std::invalid_argument);
    bus.map(0x2000, 0x1000, 1u); // adjacent is fine
    EXPECT_EQ(bus.windows().size(), 2u);
}

TEST(Router, TranslatesDmiInvalidationsForEveryInitiator)
{
    top t;
    run([&] {
        t.dev.in->invalidate_direct_mem_ptr(0x100, 0x1FFFF); // beyond the window: clipped
        ASSERT_EQ(t.cpu.invalidated.size(), 1u);
        ASSERT_EQ(t.dma.invalidated.size(), 1u);
        EXPECT_EQ(t.cpu.invalidated[0].first, 0x1100u);
        EXPECT_EQ(t.cpu.invalidated[0].second, 0x1FFFu);
    });
}
