// SPDX-License-Identifier: Apache-2.0
// Every E_ITS error each command can report, under both error policies; a
// memory fault on each command's fetches; and the table of error codes, which
// fails when a reason or an implemented opcode has no row.
#include "command_world.h"

#include <set>
#include <string>
#include <vector>

namespace {

struct ErrorCase {
    const char *name;
    Cmd cmd;
    uint32_t code;
    void (*setup)(ItsHarness &h, const World &w); // extra state on top of base_world, may be null
};

Cmd raw(uint8_t opcode) { return {opcode, 0, 0, 0}; }

// Drops every cached entry (both presets invalidate on disable), so that the
// next command reads the tables.
void flush_caches(ItsHarness &h)
{
    h.wr(CTLR, 0, 4);
    h.wr(CTLR, GITS_CTLR_ENABLED_MASK, 4);
}

// The ITE of (1, 1), 8193, rewritten in memory with INTID 100 (an SPI).
void corrupt_ite_1_1(ItsHarness &h, const World &w)
{
    const its_config *c = its_get_config(h.its());
    ASSERT_GE(c->ite_size, 8u);
    const uint64_t pa = w.itt1 + c->ite_size, field = ((1ull << c->lpi_id_bits) - 1) << 1;
    const uint64_t raw = shim_read64(h.mem(), pa);
    ASSERT_EQ((raw & field) >> 1, kLpi + 1) << "the ITE layout the test assumes (docs/tables.md)";
    shim_write64(h.mem(), pa, (raw & ~field) | (100ull << 1));
    flush_caches(h);
}

const ErrorCase kErrorCases[] = {
    {"MAPD_DeviceBeyondDevbits", cmd::mapd(0x10000, 3, 0x50000000), 0x010801, nullptr},
    {"MAPD_DeviceBit31", cmd::mapd(0x80000003u, 3, 0x50000000), 0x010801, nullptr},
    {"MAPD_DeviceBeyondTable", cmd::mapd(8192, 3, 0x50000000), 0x010801, nullptr},
    {"MAPD_IttSizeAboveIdBits", cmd::mapd(3, 16, 0x50000000), 0x010802, nullptr},
    {"MAPD_IttSize31", cmd::mapd(3, 31, 0x50000000), 0x010802, nullptr},
    {"MAPC_CollectionBeyondTable", cmd::mapc(8192, 0), 0x010903, nullptr},
    {"MAPC_CollectionFFFF", cmd::mapc(0xFFFF, 0), 0x010903, nullptr},
    {"MAPC_NoSuchProcessor", cmd::mapc(6, 4), 0x010902, nullptr},
    {"MAPC_RdbaseBit51", cmd::mapc(6, 1ull << 35 | 2), 0x010902, nullptr},
    {"MAPTI_DeviceOor", cmd::mapti(0x10000, 3, kLpi + 9, 0), 0x010A01, nullptr},
    {"MAPTI_CollectionOor", cmd::mapti(1, 3, kLpi + 9, 8192), 0x010A03, nullptr},
    {"MAPTI_IntidBelow8192", cmd::mapti(1, 3, 8191, 0), 0x010A06, nullptr},
    {"MAPTI_IntidBeyondIdBits", cmd::mapti(1, 3, 1u << 16, 0), 0x010A06, nullptr},
    {"MAPTI_IntidBit31", cmd::mapti(1, 3, 0x80002000u, 0), 0x010A06, nullptr},
    {"MAPTI_UnmappedDevice", cmd::mapti(2, 0, kLpi + 9, 0), 0x010A04, nullptr},
    {"MAPTI_EventBeyondItt", cmd::mapti(1, 16, kLpi + 9, 0), 0x010A05, nullptr},
    {"MAPI_DeviceOor", cmd::mapi(0x10000, 8200, 0), 0x010B01, nullptr},
    {"MAPI_CollectionOor", cmd::mapi(4, 8200, 8192), 0x010B03, nullptr},
    {"MAPI_EventBelow8192", cmd::mapi(4, 3, 0), 0x010B06, nullptr},
    {"MAPI_EventBeyondIdBits", cmd::mapi(4, 1u << 16, 0), 0x010B06, nullptr},
    {"MAPI_UnmappedDevice", cmd::mapi(2, 8200, 0), 0x010B04, nullptr},
    {"MAPI_EventBeyondItt", cmd::mapi(1, 8200, 0), 0x010B05, nullptr},
    {"MOVI_DeviceOor", cmd::movi(0x10000, 0, 1), 0x010101, nullptr},
    {"MOVI_CollectionOor", cmd::movi(1, 0, 8192), 0x010103, nullptr},
    {"MOVI_UnmappedDevice", cmd::movi(2, 0, 1), 0x010104, nullptr},
    {"MOVI_EventOor", cmd::movi(1, 16, 1), 0x010105, nullptr},
    {"MOVI_UnmappedInterrupt", cmd::movi(1, 3, 1), 0x010107, nullptr},
    {"MOVI_NewCollectionUnmapped", cmd::movi(1, 0, 5), 0x010109, nullptr},
    {"MOVI_OldCollectionUnmapped", cmd::movi(1, 2, 0), 0x010109, nullptr},
    {"DISCARD_DeviceOor", cmd::discard(0x10000, 0), 0x010F01, nullptr},
    {"DISCARD_UnmappedDevice", cmd::discard(2, 0), 0x010F04, nullptr},
    {"DISCARD_EventOor", cmd::discard(1, 16), 0x010F05, nullptr},
    {"DISCARD_UnmappedInterrupt", cmd::discard(1, 3), 0x010F07, nullptr},
    {"INV_DeviceOor", cmd::inv(0x10000, 0), 0x010C01, nullptr},
    {"INV_UnmappedDevice", cmd::inv(2, 0), 0x010C04, nullptr},
    {"INV_EventOor", cmd::inv(1, 0xFFFFFFFFu), 0x010C05, nullptr},
    {"INV_UnmappedInterrupt", cmd::inv(1, 3), 0x010C07, nullptr},
    {"INV_UnmappedCollection", cmd::inv(1, 2), 0x010C09, nullptr},
    {"INT_DeviceOor", cmd::int_(0xFFFFFFFFu, 0), 0x010301, nullptr},
    {"INT_UnmappedDevice", cmd::int_(2, 0), 0x010304, nullptr},
    {"INT_EventOor", cmd::int_(1, 16), 0x010305, nullptr},
    {"INT_UnmappedInterrupt", cmd::int_(1, 3), 0x010307, nullptr},
    {"INT_UnmappedCollection", cmd::int_(1, 2), 0x010309, nullptr},
    {"CLEAR_DeviceOor", cmd::clear(0x10000, 0), 0x010501, nullptr},
    {"CLEAR_UnmappedDevice", cmd::clear(2, 0), 0x010504, nullptr},
    {"CLEAR_EventOor", cmd::clear(1, 16), 0x010505, nullptr},
    {"CLEAR_UnmappedInterrupt", cmd::clear(1, 3), 0x010507, nullptr},
    {"CLEAR_UnmappedCollection", cmd::clear(1, 2), 0x010509, nullptr},
    {"INVALL_CollectionOor", cmd::invall(8192), 0x010D03, nullptr},
    {"INVALL_UnmappedCollection", cmd::invall(5), 0x010D09, nullptr},
    {"MOVALL_SourceOor", cmd::movall(4, 0), 0x010E01, nullptr},
    {"MOVALL_TargetOor", cmd::movall(0, 4), 0x010E01, nullptr},
    {"MOVALL_TargetBit51", cmd::movall(0, 1ull << 35 | 1), 0x010E01, nullptr},
    {"Unknown00", raw(0x00), 0x0100FF, nullptr},
    {"Unknown02", raw(0x02), 0x0102FF, nullptr},
    {"Unknown06", raw(0x06), 0x0106FF, nullptr},
    {"Unknown07", raw(0x07), 0x0107FF, nullptr},
    {"Unknown10", raw(0x10), 0x0110FF, nullptr},
    {"UnknownVMAPP", raw(0x29), 0x0129FF, nullptr},
    {"UnknownFF", raw(0xFF), 0x01FFFF, nullptr},
    // Errors that follow from state earlier commands left behind
    {"INT_AfterMapdUnmap", cmd::int_(1, 0), 0x010304,
     [](ItsHarness &h, const World &) { h.run(cmd::mapd(1, 3, 0, false)); }},
    {"INT_AfterMapcUnmap", cmd::int_(1, 0), 0x010309,
     [](ItsHarness &h, const World &) { h.run(cmd::mapc(0, 0, false)); }},
    {"MOVI_AfterMapcUnmap", cmd::movi(1, 1, 0), 0x010109,
     [](ItsHarness &h, const World &) { h.run(cmd::mapc(1, 0, false)); }},
    {"CLEAR_AfterDiscard", cmd::clear(1, 0), 0x010507, [](ItsHarness &h, const World &) { h.run(cmd::discard(1, 0)); }},
    {"DISCARD_AfterDiscard", cmd::discard(1, 0), 0x010F07,
     [](ItsHarness &h, const World &) { h.run(cmd::discard(1, 0)); }},
    {"MAPTI_AfterMapdUnmap", cmd::mapti(1, 3, kLpi + 9, 0), 0x010A04,
     [](ItsHarness &h, const World &) { h.run(cmd::mapd(1, 3, 0, false)); }},
    // An ITE written behind the ITS's back with an INTID MAPTI refuses: the
    // commands that use its INTID fail as MAPTI of it would (docs/errors.md).
    {"MOVI_CorruptedIteIntid", cmd::movi(1, 1, 2), 0x010106, corrupt_ite_1_1},
    {"INT_CorruptedIteIntid", cmd::int_(1, 1), 0x010306, corrupt_ite_1_1},
    {"CLEAR_CorruptedIteIntid", cmd::clear(1, 1), 0x010506, corrupt_ite_1_1},
    {"INV_CorruptedIteIntid", cmd::inv(1, 1), 0x010C06, corrupt_ite_1_1},
};

class CmdError : public ::testing::TestWithParam<ErrorCase> {
protected:
    // base_world plus the case's setup; returns the translations before the error.
    std::string prepare(ItsHarness &h)
    {
        World w = base_world(h);
        if (GetParam().setup)
            GetParam().setup(h, w);
        EXPECT_EQ(h.last_error(), 0u) << "setup failed";
        std::string before = translations(h);
        h.clear_events();
        its_stats_clear(h.its());
        return before;
    }
    void expect_record(ItsHarness &h, uint64_t slot, uint64_t count)
    {
        its_error_record r;
        its_last_error(h.its(), &r);
        EXPECT_EQ(r.code, GetParam().code) << std::hex << "got 0x" << r.code;
        EXPECT_EQ(r.opcode, GetParam().cmd[0] & 0xFF);
        EXPECT_EQ(r.index, slot / 32);
        EXPECT_EQ(r.count, count);
    }
    bool unknown() const { return (GetParam().code & 0xFF) == 0xFF; }
};

TEST_P(CmdError, IgnorePolicySkipsTheCommandAndGoesOn)
{
    ItsHarness h(policy_config(ITS_POLICY_IGNORE));
    std::string before = prepare(h);
    uint64_t slot = h.cwriter();
    h.put(GetParam().cmd);
    EXPECT_FALSE(h.stalled());
    EXPECT_EQ(h.creadr(), (slot + 32) % h.queue_bytes());
    expect_record(h, slot, 1);
    EXPECT_EQ(h.stats().command_errors, 1u);
    EXPECT_EQ(h.stats().commands_unknown, unknown() ? 1u : 0u);
    EXPECT_EQ(h.stats().stalls, 0u);
    h.run(cmd::sync(3)); // the queue goes on
    EXPECT_EQ(sink_log(h), "SYNC 3");
    EXPECT_EQ(translations(h), before) << "the failed command changed the mappings";
}

TEST_P(CmdError, StallPolicyStopsUntilRetry)
{
    ItsHarness h(policy_config(ITS_POLICY_STALL));
    std::string before = prepare(h);
    uint64_t slot = h.cwriter();
    h.put(GetParam().cmd);
    EXPECT_TRUE(h.stalled());
    EXPECT_EQ(h.creadr(), slot);
    expect_record(h, slot, 1);
    EXPECT_EQ(h.stats().command_errors, 1u);
    EXPECT_EQ(h.stats().stalls, 1u);
    EXPECT_FALSE(its_cmdq_ready(h.its()));

    h.put(cmd::sync(3)); // queued behind the stalled command
    EXPECT_EQ(h.creadr(), slot);
    EXPECT_EQ(h.events(), 0u);

    h.wr(CWRITER, h.cwriter() | 1); // Retry: the same command fails again
    EXPECT_TRUE(h.stalled());
    EXPECT_EQ(h.creadr(), slot);
    expect_record(h, slot, 2);
    EXPECT_EQ(h.stats().retries, 1u);
    EXPECT_EQ(h.stats().stalls, 2u);
    EXPECT_EQ(h.events(), 0u);

    write_slot(h, slot, cmd::sync(2)); // software replaces it, then retries
    h.wr(CWRITER, h.cwriter() | 1);
    EXPECT_FALSE(h.stalled());
    EXPECT_EQ(h.creadr(), h.cwriter());
    EXPECT_EQ(h.stats().retries, 2u);
    EXPECT_EQ(h.stats().command_errors, 2u);
    EXPECT_EQ(sink_log(h), "SYNC 2; SYNC 3");
    EXPECT_EQ(translations(h), before) << "the failed command changed the mappings";
}

INSTANTIATE_TEST_SUITE_P(AllCodes, CmdError, ::testing::ValuesIn(kErrorCases),
                         [](const auto &i) { return std::string(i.param.name); });

TEST(CmdErrorPolicy, Gic600PresetStallsOnACommandError)
{
    ItsHarness h(gic600_config());
    h.bring_up();
    h.run(cmd::mapc(0, 0));
    uint64_t slot = h.cwriter();
    h.put(cmd::int_(2, 0));
    EXPECT_TRUE(h.stalled());
    EXPECT_EQ(h.creadr(), slot);
    EXPECT_EQ(h.last_error(), 0x010304u);
}

TEST(CmdErrorPolicy, ErrorRecordKeepsTheLatestErrorAndCountsAll)
{
    ItsHarness h(qemu_config());
    base_world(h);
    h.put(cmd::int_(2, 0));
    h.run(cmd::sync(0));
    uint64_t slot = h.cwriter();
    h.put(cmd::invall(5));
    its_error_record r;
    its_last_error(h.its(), &r);
    EXPECT_EQ(r.code, 0x010D09u);
    EXPECT_EQ(r.opcode, ITS_CMD_INVALL);
    EXPECT_EQ(r.index, slot / 32);
    EXPECT_EQ(r.count, 2u);
    EXPECT_EQ(h.stats().command_errors, 2u);
    h.run(cmd::sync(1)); // a good command leaves the record alone
    its_last_error(h.its(), &r);
    EXPECT_EQ(r.code, 0x010D09u);
    EXPECT_EQ(r.count, 2u);
}

// ---- Memory faults ---------------------------------------------------------

// A command whose table access faults: both policies stall on it (retrying is
// the only way not to lose it), and Retry once the memory answers completes it.
struct FaultCase {
    const char *name;
    Cmd cmd;
    uint32_t code;
    its_mem_kind kind; // the table (or the queue) that faults
};

const FaultCase kFaultCases[] = {
    {"CommandFetch", cmd::sync(1), 0x0100F0, ITS_MEM_COMMAND},
    {"MAPD_DteWrite", cmd::mapd(3, 3, 0x50000000), 0x0108F0, ITS_MEM_DEVICE},
    {"MAPC_CteWrite", cmd::mapc(6, 2), 0x0109F0, ITS_MEM_COLLECTION},
    {"MAPTI_DteRead", cmd::mapti(1, 3, kLpi + 9, 0), 0x010AF0, ITS_MEM_DEVICE},
    {"MAPTI_IteWrite", cmd::mapti(1, 3, kLpi + 9, 0), 0x010AF0, ITS_MEM_ITT},
    {"MAPI_DteRead", cmd::mapi(4, 8200, 0), 0x010BF0, ITS_MEM_DEVICE},
    {"MAPI_IteWrite", cmd::mapi(4, 8200, 0), 0x010BF0, ITS_MEM_ITT},
    {"MOVI_IteRead", cmd::movi(1, 0, 1), 0x0101F0, ITS_MEM_ITT},
    {"MOVI_CteRead", cmd::movi(1, 0, 1), 0x0101F0, ITS_MEM_COLLECTION},
    {"INT_DteRead", cmd::int_(1, 0), 0x0103F0, ITS_MEM_DEVICE},
    {"INT_CteRead", cmd::int_(1, 0), 0x0103F0, ITS_MEM_COLLECTION},
    {"CLEAR_IteRead", cmd::clear(1, 0), 0x0105F0, ITS_MEM_ITT},
    {"INV_CteRead", cmd::inv(1, 1), 0x010CF0, ITS_MEM_COLLECTION},
    {"DISCARD_IteRead", cmd::discard(1, 0), 0x010FF0, ITS_MEM_ITT},
    {"DISCARD_CteRead", cmd::discard(1, 0), 0x010FF0, ITS_MEM_COLLECTION},
    {"INVALL_CteRead", cmd::invall(1), 0x010DF0, ITS_MEM_COLLECTION},
};

uint64_t table_pa(ItsHarness &h, unsigned n)
{
    return h.rd(GITS_BASER(n)) & GITS_BASER_PA_MASK; // 64K pages below 2^48: PA in place
}

void arm_fault(ItsHarness &h, const World &w, its_mem_kind kind)
{
    switch (kind) {
    case ITS_MEM_COMMAND:
        shim_add_fault(h.mem(), h.queue_base() + h.cwriter(), h.queue_base() + h.cwriter() + 32);
        break;
    case ITS_MEM_DEVICE: shim_add_fault(h.mem(), table_pa(h, 0), table_pa(h, 0) + 0x10000); break;
    case ITS_MEM_COLLECTION: shim_add_fault(h.mem(), table_pa(h, 1), table_pa(h, 1) + 0x10000); break;
    case ITS_MEM_ITT:
        shim_add_fault(h.mem(), w.itt1, w.itt1 + 16 * 12);
        shim_add_fault(h.mem(), w.itt4, w.itt4 + 16384 * 12);
        break;
    default: FAIL() << "no range for " << its_mem_kind_name(kind);
    }
}

void PrintTo(const FaultCase &c, std::ostream *os) { *os << c.name; }

class CmdFault : public ::testing::TestWithParam<FaultCase> {};

TEST_P(CmdFault, StallsUnderBothPoliciesUntilRetry)
{
    const FaultCase &c = GetParam();
    for (its_error_policy p : {ITS_POLICY_IGNORE, ITS_POLICY_STALL}) {
        SCOPED_TRACE(p == ITS_POLICY_IGNORE ? "ignore" : "stall");
        ItsHarness h(policy_config(p));
        World w = base_world(h);
        const std::string before = translations(h);
        flush_caches(h); // the command must go to memory
        h.clear_events();
        its_stats_clear(h.its());
        const uint64_t slot = h.cwriter();
        arm_fault(h, w, c.kind);

        h.put(c.cmd);
        EXPECT_TRUE(h.stalled());
        EXPECT_EQ(h.creadr(), slot);
        its_error_record r;
        its_last_error(h.its(), &r);
        EXPECT_EQ(r.code, c.code) << std::hex << "got 0x" << r.code;
        EXPECT_EQ(r.opcode, c.kind == ITS_MEM_COMMAND ? 0u : c.cmd[0] & 0xFF) << "an unread command has none";
        EXPECT_EQ(r.index, slot / 32);
        EXPECT_EQ(r.count, 1u);
        its_stats s = h.stats();
        EXPECT_EQ(s.command_errors, 1u);
        EXPECT_EQ(s.stalls, 1u);
        EXPECT_GE(s.mem_faults, 1u);
        EXPECT_EQ(s.mem[c.kind].faults, s.mem_faults) << "every fault on " << its_mem_kind_name(c.kind);
        h.put(cmd::sync(3)); // waits behind it
        EXPECT_EQ(h.creadr(), slot);
        EXPECT_EQ(h.events(), 0u);

        shim_clear_faults(h.mem());
        EXPECT_EQ(translations(h), before) << "the faulting command changed the mappings";
        h.clear_events();
        h.wr(CWRITER, h.cwriter() | 1);
        EXPECT_FALSE(h.stalled());
        EXPECT_EQ(h.creadr(), h.cwriter());
        s = h.stats();
        EXPECT_EQ(s.retries, 1u);
        EXPECT_EQ(s.command_errors, 1u) << "the retried command succeeds";
        EXPECT_EQ(s.stalls, 1u);
        ASSERT_GE(h.events(), 1u);
        EXPECT_EQ(h.event(h.events() - 1).kind, SHIM_SYNC) << "the queue went on";
    }
}

INSTANTIATE_TEST_SUITE_P(AllCommands, CmdFault, ::testing::ValuesIn(kFaultCases),
                         [](const auto &i) { return std::string(i.param.name); });

// ---- Every code has a row ----------------------------------------------------

// What each command can report, as docs/errors.md's "which command reports
// what" table lists it. CC is the command field of its codes.
struct CommandSpec {
    uint8_t opcode, cc;
    std::vector<uint8_t> reasons;
};

const std::vector<CommandSpec> &command_spec()
{
    static const std::vector<uint8_t> map_event = {ITS_REASON_DEVICE_OOR,    ITS_REASON_COLLECTION_OOR,
                                                   ITS_REASON_PHYSICALID_OOR, ITS_REASON_UNMAPPED_DEVICE,
                                                   ITS_REASON_ID_OOR,         ITS_REASON_MEMORY_FAULT};
    static const std::vector<uint8_t> use_event = {
        ITS_REASON_DEVICE_OOR,         ITS_REASON_UNMAPPED_DEVICE, ITS_REASON_ID_OOR,
        ITS_REASON_UNMAPPED_INTERRUPT, ITS_REASON_PHYSICALID_OOR,  ITS_REASON_UNMAPPED_COLLECTION,
        ITS_REASON_MEMORY_FAULT};
    static const std::vector<uint8_t> movi = [] {
        std::vector<uint8_t> v = use_event;
        v.push_back(ITS_REASON_COLLECTION_OOR); // the new ICID
        return v;
    }();
    static const std::vector<CommandSpec> spec = {
        {ITS_CMD_MAPD, 0x08, {ITS_REASON_DEVICE_OOR, ITS_REASON_ITTSIZE_OOR, ITS_REASON_MEMORY_FAULT}},
        {ITS_CMD_MAPC, 0x09, {ITS_REASON_COLLECTION_OOR, ITS_REASON_PROCNUM_OOR, ITS_REASON_MEMORY_FAULT}},
        {ITS_CMD_MAPTI, 0x0A, map_event},
        {ITS_CMD_MAPI, 0x0B, map_event},
        {ITS_CMD_MOVI, 0x01, movi},
        {ITS_CMD_INT, 0x03, use_event},
        {ITS_CMD_CLEAR, 0x05, use_event},
        {ITS_CMD_INV, 0x0C, use_event},
        {ITS_CMD_DISCARD,
         0x0F,
         {ITS_REASON_DEVICE_OOR, ITS_REASON_UNMAPPED_DEVICE, ITS_REASON_ID_OOR, ITS_REASON_UNMAPPED_INTERRUPT,
          ITS_REASON_MEMORY_FAULT}},
        {ITS_CMD_INVALL, 0x0D, {ITS_REASON_COLLECTION_OOR, ITS_REASON_UNMAPPED_COLLECTION, ITS_REASON_MEMORY_FAULT}},
        {ITS_CMD_MOVALL, 0x0E, {ITS_REASON_MOVALL_PROCNUM_OOR}},
        {ITS_CMD_SYNC, 0x05, {}}, // no error is architected
    };
    return spec;
}

// Codes that belong to no command: the fetch fault, and one per opcode the
// ITS does not implement (each checked by EveryUnimplementedOpcodeIsUnsupported).
constexpr uint32_t kFetchFault = 0x0100F0;
bool unsupported(uint32_t code) { return (code & 0xFF) == ITS_REASON_UNSUPPORTED_CMD; }

TEST(CmdErrorTable, EveryReasonOfTheEnumIsSpecifiedAndEverySpecifiedCodeHasARow)
{
    std::set<uint32_t> spec_codes = {kFetchFault};
    std::set<uint8_t> spec_reasons = {ITS_REASON_UNSUPPORTED_CMD};
    for (const CommandSpec &c : command_spec())
        for (uint8_t r : c.reasons) {
            spec_codes.insert(ITS_ERROR_CODE(c.cc, r));
            spec_reasons.insert(r);
        }
    // A reason added to the enum (ITS_REASON_LIST) must be given to the
    // commands that report it above, and then needs its rows.
#define CHECK_REASON(name, value)                                                                   \
    EXPECT_TRUE(spec_reasons.count(value)) << "ITS_REASON_" #name " is reported by no command of the spec";
    ITS_REASON_LIST(CHECK_REASON)
#undef CHECK_REASON
    // Every implemented command is in the spec, and only those.
    std::set<uint8_t> spec_ops;
    for (const CommandSpec &c : command_spec())
        spec_ops.insert(c.opcode);
    for (unsigned op = 0; op < 256; op++)
        EXPECT_EQ(std::string(its_cmd_name(uint8_t(op))) != "UNKNOWN", spec_ops.count(uint8_t(op)) == 1)
            << "opcode 0x" << std::hex << op;

    std::set<uint32_t> rows;
    for (const ErrorCase &e : kErrorCases)
        rows.insert(e.code);
    for (const FaultCase &f : kFaultCases)
        rows.insert(f.code);
    for (uint32_t code : spec_codes)
        EXPECT_TRUE(rows.count(code)) << std::hex << "code 0x" << code << " has no row";
    for (uint32_t code : rows)
        EXPECT_TRUE(spec_codes.count(code) || unsupported(code)) << std::hex << "row of 0x" << code
                                                                 << ", a code no command reports";
}

// Every opcode without a command fails with 0x01_op_FF, under both policies,
// and counts as unknown.
TEST(CmdErrorTable, EveryUnimplementedOpcodeIsUnsupported)
{
    for (its_error_policy p : {ITS_POLICY_IGNORE, ITS_POLICY_STALL}) {
        SCOPED_TRACE(p == ITS_POLICY_IGNORE ? "ignore" : "stall");
        ItsHarness h(policy_config(p));
        base_world(h);
        unsigned unknown = 0;
        for (unsigned op = 0; op < 256; op++) {
            if (std::string(its_cmd_name(uint8_t(op))) != "UNKNOWN")
                continue;
            unknown++;
            const uint64_t slot = h.cwriter();
            h.put(raw(uint8_t(op)));
            its_error_record r;
            its_last_error(h.its(), &r);
            EXPECT_EQ(r.code, ITS_ERROR_CODE(op, ITS_REASON_UNSUPPORTED_CMD)) << std::hex << op;
            EXPECT_EQ(r.opcode, op);
            EXPECT_EQ(h.stalled(), p == ITS_POLICY_STALL) << std::hex << op;
            if (p == ITS_POLICY_STALL) {
                write_slot(h, slot, cmd::sync(0)); // step over it
                h.wr(CWRITER, h.cwriter() | 1);
                ASSERT_FALSE(h.stalled());
            }
            EXPECT_EQ(h.creadr(), h.cwriter());
        }
        EXPECT_EQ(unknown, 256u - 12u) << "twelve physical commands";
        its_stats s = h.stats();
        EXPECT_EQ(s.commands_unknown, unknown);
        EXPECT_EQ(s.command_errors, unknown);
        EXPECT_EQ(s.stalls, p == ITS_POLICY_STALL ? unknown : 0u);
    }
}

} // namespace
