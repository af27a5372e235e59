// SPDX-License-Identifier: Apache-2.0
// Bus errors on the ITS's initiator socket: a memory that answers
// TLM_ADDRESS_ERROR_RESPONSE for a chosen range, under the queue, a level of
// a two-level table or the ITT. Through the wrapper, as in the core: the
// MSI is dropped as memory_fault, a command stalls under both policies (the
// CPU reads CREADR.Stalled over the bus) and Retry completes it. The core's
// own table of the same: testbench/core/test_fetch_faults.cpp.
#include "tlm_bench.h"

#include <cstring>
#include <iterator>
#include <tuple>

#include <tlm_utils/simple_target_socket.h>

using namespace tb;

namespace {

// RAM that refuses accesses touching [fault_lo, fault_hi) (window offsets)
// with TLM_ADDRESS_ERROR_RESPONSE, and counts them.
struct faulting_ram : sc_core::sc_module {
    tlm_utils::simple_target_socket<faulting_ram, 64> in;
    std::vector<unsigned char> bytes;
    uint64_t fault_lo = 0, fault_hi = 0;
    unsigned refused = 0;

    faulting_ram(sc_core::sc_module_name n, size_t size) : sc_module(n), in("in"), bytes(size)
    {
        in.register_b_transport(this, &faulting_ram::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload &gp, sc_time &)
    {
        const uint64_t a = gp.get_address(), len = gp.get_data_length();
        if (a < fault_hi && a + len > fault_lo) {
            refused++;
            gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        if (gp.is_read())
            std::memcpy(gp.get_data_ptr(), &bytes[a], len);
        else
            std::memcpy(&bytes[a], gp.get_data_ptr(), len);
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    void write64(uint64_t off, uint64_t v)
    {
        for (unsigned i = 0; i < 8; i++)
            bytes[off + i] = static_cast<unsigned char>(v >> (8 * i));
    }
};

constexpr uint64_t kWin = 0x60000000; // beyond the bench's RAM
// Window layout: the queue, then one 64K page for each table level, the ITT.
constexpr uint64_t kQueue = 0x00000, kDtL1 = 0x10000, kDtL2 = 0x20000, kCtL1 = 0x30000, kCtL2 = 0x40000,
                   kItt = 0x50000, kWinSize = 0x60000;

struct Row {
    its_mem_kind kind;
    uint64_t lo, hi; // the range that faults, window offsets
};
const Row kRows[] = {
    {ITS_MEM_COMMAND, kQueue, kQueue + 0x10000}, {ITS_MEM_DEVICE_L1, kDtL1, kDtL1 + 0x10000},
    {ITS_MEM_DEVICE, kDtL2, kDtL2 + 0x10000},    {ITS_MEM_ITT, kItt, kItt + 0x100},
    {ITS_MEM_COLLECTION_L1, kCtL1, kCtL1 + 0x10000}, {ITS_MEM_COLLECTION, kCtL2, kCtL2 + 0x10000},
};

void PrintTo(const Row &r, std::ostream *os) { *os << its_mem_kind_name(r.kind); }

its_config uncached(its_error_policy p)
{
    its_config c = bench::qemu();
    c.error_policy = p;
    c.device_cache.entries = c.ite_cache.entries = c.collection_cache.entries = 0;
    return c;
}

// The ITS with everything it reads in the faulting RAM.
struct world {
    bench b;
    faulting_ram mem;
    uint64_t cwriter = 0;

    explicit world(its_error_policy p) : b("b", uncached(p)), mem("fmem", kWinSize)
    {
        b.bus.map(kWin, kWinSize, mem.in);
    }
    void put(const Cmd &c)
    {
        for (int i = 0; i < 4; i++)
            mem.write64(kQueue + cwriter + 8 * i, c[i]);
        cwriter += 32;
        b.write(CWRITER, cwriter);
        wait(ns(1000));
    }
    // Two-level device and collection tables, 64K pages, DeviceID 1 and
    // ICID 0 backed; (1, 0) -> 8192 on collection 0 -> redistributor 2.
    void bring_up()
    {
        const uint64_t two_level = GITS_BASER_VALID_MASK | GITS_BASER_INDIRECT_MASK;
        b.write(BASER0, b.read(BASER0) | two_level | (kWin + kDtL1));
        b.write(BASER1, b.read(BASER1) | two_level | (kWin + kCtL1));
        mem.write64(kDtL1, (kWin + kDtL2) | GITS_LVL1_VALID_MASK);
        mem.write64(kCtL1, (kWin + kCtL2) | GITS_LVL1_VALID_MASK);
        b.write(CBASER, its_cbaser_make(kWin + kQueue, 16));
        b.write(CWRITER, 0);
        b.write(CTLR, GITS_CTLR_ENABLED_MASK, 4);
        put(cmd::mapc(0, 2));
        put(cmd::mapd(1, 3, kWin + kItt));
        put(cmd::mapti(1, 0, 8192, 0));
        EXPECT_EQ(b.read(CREADR), cwriter) << "bring-up";
        EXPECT_EQ(b.its.stats().command_errors, 0u) << "bring-up";
        b.rd.calls.clear();
        b.msis.clear();
        its_stats_clear(b.its.core());
    }
};

class ItsFetchFault : public ::testing::TestWithParam<Row> {};

TEST_P(ItsFetchFault, MsiIsDroppedAndCounted)
{
    const Row &r = GetParam();
    world w(ITS_POLICY_IGNORE);
    run([&] {
        w.bring_up();
        w.mem.fault_lo = r.lo, w.mem.fault_hi = r.hi;
        EXPECT_EQ(w.b.msi(0, 1).status, tlm::TLM_OK_RESPONSE) << "a posted write: a drop is no bus error";
        ASSERT_EQ(w.b.msis.size(), 1u);
        EXPECT_EQ(w.b.msis[0].result, ITS_MSI_DROP_MEMORY_FAULT);
        its_stats s = w.b.its.stats();
        EXPECT_EQ(s.msi[ITS_MSI_DROP_MEMORY_FAULT], 1u);
        EXPECT_EQ(s.mem_faults, 1u);
        EXPECT_EQ(s.mem[r.kind].faults, 1u);
        EXPECT_EQ(w.mem.refused, 1u);
        EXPECT_TRUE(w.b.rd.calls.empty());
        w.mem.fault_hi = 0;
        w.b.msi(0, 1);
        ASSERT_EQ(w.b.msis.size(), 2u);
        EXPECT_EQ(w.b.msis[1].result, ITS_MSI_DELIVERED);
    });
}

// A translation reads no command: every row but the first.
INSTANTIATE_TEST_SUITE_P(Kinds, ItsFetchFault, ::testing::ValuesIn(std::begin(kRows) + 1, std::end(kRows)),
                         [](const auto &i) { return std::string(its_mem_kind_name(i.param.kind)); });

// One elaboration per test: each policy is a test of its own.
class ItsFetchFaultCommand : public ::testing::TestWithParam<std::tuple<Row, its_error_policy>> {};

TEST_P(ItsFetchFaultCommand, StallsUnderBothPoliciesUntilRetry)
{
    const Row &r = std::get<0>(GetParam());
    world w(std::get<1>(GetParam()));
    run([&] {
        w.bring_up();
        const uint64_t slot = w.cwriter;
        w.mem.fault_lo = r.lo, w.mem.fault_hi = r.hi;
        w.put(cmd::int_(1, 0));
        EXPECT_EQ(w.b.read(CREADR), slot | GITS_CREADR_STALLED_MASK);
        its_error_record e;
        its_last_error(w.b.its.core(), &e);
        EXPECT_EQ(e.code, ITS_ERROR_CODE(r.kind == ITS_MEM_COMMAND ? 0 : 0x03, ITS_REASON_MEMORY_FAULT))
            << std::hex << e.code;
        its_stats s = w.b.its.stats();
        EXPECT_EQ(s.command_errors, 1u);
        EXPECT_EQ(s.stalls, 1u);
        EXPECT_EQ(s.mem_faults, 1u);
        EXPECT_EQ(s.mem[r.kind].faults, 1u);
        EXPECT_EQ(w.mem.refused, 1u);
        EXPECT_TRUE(w.b.rd.calls.empty());
        w.mem.fault_hi = 0;
        w.b.write(CWRITER, w.cwriter | 1); // Retry
        wait(ns(1000));
        EXPECT_EQ(w.b.read(CREADR), w.cwriter);
        EXPECT_EQ(w.b.its.stats().retries, 1u);
        ASSERT_EQ(w.b.rd.calls.size(), 1u);
        EXPECT_EQ(w.b.rd.calls[0].kind, "set_pending");
        EXPECT_EQ(w.b.rd.calls[0].a, 2u);
        EXPECT_EQ(w.b.rd.calls[0].intid, 8192u);
    });
}

INSTANTIATE_TEST_SUITE_P(Kinds, ItsFetchFaultCommand,
                         ::testing::Combine(::testing::ValuesIn(kRows),
                                            ::testing::Values(ITS_POLICY_IGNORE, ITS_POLICY_STALL)),
                         [](const auto &i) {
                             return std::string(its_mem_kind_name(std::get<0>(i.param).kind)) +
                                    (std::get<1>(i.param) == ITS_POLICY_STALL ? "_stall" : "_ignore");
                         });

TEST(ItsFetchFaultTable, EveryKindHasARow)
{
    for (int k = 0; k < ITS_MEM_KINDS; k++) {
        bool found = false;
        for (const Row &row : kRows)
            found |= row.kind == k;
        EXPECT_TRUE(found) << its_mem_kind_name(its_mem_kind(k));
    }
}

} // namespace
