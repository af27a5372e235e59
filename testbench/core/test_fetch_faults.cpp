// SPDX-License-Identifier: Apache-2.0
// A bus fault on each kind of ITS memory access (its_mem_kind): the command
// queue, both levels of two-level device and collection tables, and the ITT.
// An MSI whose walk faults is dropped as memory_fault; a command whose fetch
// or walk faults stalls the queue under both error policies until Retry
// (docs/errors.md). Every fault is counted in mem_faults and under its kind.
// Per-command fault codes: test_command_errors.cpp (CmdFault); the redistributor's
// property and pending tables: test_redist_lpi.cpp (TableFaults...).
#include <iterator>
#include <string>

#include "its_harness.h"

namespace {

constexpr uint32_t kLpi = 8192;

// The QEMU preset without caches, so that every MSI and command walks the
// tables in memory, with both tables two-level.
struct World {
    explicit World(its_error_policy p) : h(config(p))
    {
        dt_l1 = h.setup_table(ITS_TABLE_DEVICE, 2, 1, true);
        dt_l2 = h.add_level2(ITS_TABLE_DEVICE, dt_l1, 2, 1);
        ct_l1 = h.setup_table(ITS_TABLE_COLLECTION, 2, 1, true);
        ct_l2 = h.add_level2(ITS_TABLE_COLLECTION, ct_l1, 2, 0);
        h.setup_queue();
        h.wr(CTLR, GITS_CTLR_ENABLED_MASK, 4);
        h.run(cmd::mapc(0, 2));
        itt = h.map_device(1, 3);
        h.run(cmd::mapti(1, 0, kLpi, 0));
        EXPECT_EQ(h.last_error(), 0u) << "setup";
        EXPECT_EQ(h.msi(1, 0), ITS_MSI_DELIVERED) << "setup";
        h.clear_events();
        its_stats_clear(h.its());
    }
    static its_config config(its_error_policy p)
    {
        its_config c = qemu_config();
        c.error_policy = p;
        c.device_cache.entries = c.ite_cache.entries = c.collection_cache.entries = 0;
        return c;
    }
    // Make every access of this kind fault (the next command slot for COMMAND).
    void fault(its_mem_kind k)
    {
        uint64_t lo = 0, n = 0x10000;
        switch (k) {
        case ITS_MEM_COMMAND: lo = h.queue_base() + h.cwriter(), n = 32; break;
        case ITS_MEM_DEVICE_L1: lo = dt_l1; break;
        case ITS_MEM_DEVICE: lo = dt_l2; break;
        case ITS_MEM_ITT: lo = itt, n = 16 * 12; break;
        case ITS_MEM_COLLECTION_L1: lo = ct_l1; break;
        case ITS_MEM_COLLECTION: lo = ct_l2; break;
        default: FAIL() << "no range for kind " << int(k);
        }
        shim_add_fault(h.mem(), lo, lo + n);
    }

    ItsHarness h;
    uint64_t dt_l1 = 0, dt_l2 = 0, ct_l1 = 0, ct_l2 = 0, itt = 0;
};

// The kinds, each with what an access of that kind is, for the reader.
struct Kind {
    its_mem_kind kind;
    const char *what;
};

const Kind kKinds[] = {
    {ITS_MEM_COMMAND, "the command at CREADR"},
    {ITS_MEM_DEVICE_L1, "the level-1 descriptor of DeviceID 1"},
    {ITS_MEM_DEVICE, "the DTE of DeviceID 1, in its level-2 page"},
    {ITS_MEM_ITT, "the ITE of (1, 0)"},
    {ITS_MEM_COLLECTION_L1, "the level-1 descriptor of ICID 0"},
    {ITS_MEM_COLLECTION, "the CTE of ICID 0, in its level-2 page"},
};

void PrintTo(const Kind &k, std::ostream *os) { *os << its_mem_kind_name(k.kind); }

class FetchFault : public ::testing::TestWithParam<Kind> {};
class FetchFaultMsi : public ::testing::TestWithParam<Kind> {};

TEST(FetchFaultTable, EveryKindHasARow)
{
    for (int k = 0; k < ITS_MEM_KINDS; k++) {
        bool found = false;
        for (const Kind &row : kKinds)
            found |= row.kind == k;
        EXPECT_TRUE(found) << "memory kind " << its_mem_kind_name(its_mem_kind(k)) << " has no fault row";
    }
}

// The MSI is dropped for the fault, nothing is sent, and it is not
// remembered: the same MSI delivers once the memory answers.
TEST_P(FetchFaultMsi, IsDroppedAndCounted)
{
    const Kind &k = GetParam();
    ASSERT_NE(k.kind, ITS_MEM_COMMAND) << "a translation reads no command";
    World w(ITS_POLICY_IGNORE);
    w.fault(k.kind);
    EXPECT_EQ(w.h.msi(1, 0), ITS_MSI_DROP_MEMORY_FAULT) << k.what;
    its_stats s = w.h.stats();
    EXPECT_EQ(s.msi[ITS_MSI_DROP_MEMORY_FAULT], 1u);
    EXPECT_EQ(s.mem_faults, 1u) << "the walk stops at its first fault";
    EXPECT_EQ(s.mem[k.kind].faults, 1u);
    EXPECT_EQ(w.h.events(), 0u);
    shim_clear_faults(w.h.mem());
    its_translation t{};
    EXPECT_EQ(w.h.msi(1, 0, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, kLpi);
    EXPECT_EQ(t.target, 2u);
    EXPECT_EQ(w.h.stats().mem_faults, 1u);
}

// INT (1, 0) reads every kind: both policies stall with the memory-fault
// code, nothing reaches a redistributor, and Retry completes the command.
TEST_P(FetchFault, CommandStallsUnderBothPoliciesAndRetryCompletes)
{
    const Kind &k = GetParam();
    for (its_error_policy p : {ITS_POLICY_IGNORE, ITS_POLICY_STALL}) {
        SCOPED_TRACE(p == ITS_POLICY_IGNORE ? "ignore" : "stall");
        World w(p);
        const uint64_t slot = w.h.cwriter();
        w.fault(k.kind);
        w.h.put(cmd::int_(1, 0));
        EXPECT_TRUE(w.h.stalled()) << k.what;
        EXPECT_EQ(w.h.creadr(), slot);
        its_error_record r;
        its_last_error(w.h.its(), &r);
        const uint32_t cc = k.kind == ITS_MEM_COMMAND ? 0 : 0x03; // a command never read has no CC
        EXPECT_EQ(r.code, ITS_ERROR_CODE(cc, ITS_REASON_MEMORY_FAULT)) << std::hex << r.code;
        EXPECT_EQ(r.index, slot / 32);
        its_stats s = w.h.stats();
        EXPECT_EQ(s.command_errors, 1u);
        EXPECT_EQ(s.stalls, 1u);
        EXPECT_EQ(s.mem_faults, 1u);
        EXPECT_EQ(s.mem[k.kind].faults, 1u);
        EXPECT_EQ(w.h.events(), 0u);

        w.h.wr(CWRITER, w.h.cwriter() | 1); // still faulting: stalls again
        EXPECT_TRUE(w.h.stalled());
        EXPECT_EQ(w.h.stats().stalls, 2u);
        EXPECT_EQ(w.h.stats().mem[k.kind].faults, 2u);

        shim_clear_faults(w.h.mem());
        w.h.wr(CWRITER, w.h.cwriter() | 1);
        EXPECT_FALSE(w.h.stalled());
        EXPECT_EQ(w.h.creadr(), w.h.cwriter());
        ASSERT_EQ(w.h.events(), 1u);
        EXPECT_EQ(w.h.event(0).kind, SHIM_SET_PENDING);
        EXPECT_EQ(w.h.event(0).target, 2u);
        EXPECT_EQ(w.h.event(0).intid, kLpi);
        EXPECT_EQ(w.h.stats().command_errors, 2u);
    }
}

std::string kind_name(const ::testing::TestParamInfo<Kind> &i) { return its_mem_kind_name(i.param.kind); }
INSTANTIATE_TEST_SUITE_P(Kinds, FetchFault, ::testing::ValuesIn(kKinds), kind_name);
// A translation reads no command: every row but the first.
INSTANTIATE_TEST_SUITE_P(Kinds, FetchFaultMsi, ::testing::ValuesIn(std::begin(kKinds) + 1, std::end(kKinds)),
                         kind_name);

} // namespace
