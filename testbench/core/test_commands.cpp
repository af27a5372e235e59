// SPDX-License-Identifier: Apache-2.0
// The twelve physical commands: field decoding at the architected bit
// positions, and their effects on the redistributors and on later
// translations. Their errors: test_command_errors.cpp.
#include "command_world.h"

#include <string>

namespace {


// A command, and the bits of each doubleword that lie outside its fields.
struct DecodeCase {
    const char *name;
    Cmd cmd;
    Cmd res0;
};

constexpr uint64_t kAll = ~0ull;
constexpr uint64_t kDw0DevRes0 = 0xFFFFFF00ull;  // [31:8] between opcode and DeviceID
constexpr uint64_t kDw0Res0 = ~0xFFull;          // no DeviceID: [63:8]
constexpr uint64_t kHiWord = 0xFFFFFFFF00000000ull;
constexpr uint64_t kIcidOnly = ~0xFFFFull;       // DW2 holding just ICID [15:0]
constexpr uint64_t kRdbaseRes0 = 0xFFF000000000FFFFull; // around RDbase [51:16]

const DecodeCase kDecodeCases[] = {
    {"MAPD", cmd::mapd(3, 4, 0xABCDEF0123400ull), {kDw0DevRes0, ~0x1Full, 0x7FF00000000000FFull, kAll}},
    {"MAPD_V0", cmd::mapd(1, 0, 0, false), {kDw0DevRes0, ~0x1Full, 0x7FF00000000000FFull, kAll}},
    {"MAPC", cmd::mapc(5, 2), {kDw0Res0, kAll, 0x7FF0000000000000ull, kAll}},
    {"MAPC_V0", cmd::mapc(1, 0, false), {kDw0Res0, kAll, 0x7FF0000000000000ull, kAll}},
    {"MAPTI", cmd::mapti(1, 3, kLpi + 77, 2), {kDw0DevRes0, 0, kIcidOnly, kAll}},
    {"MAPI", cmd::mapi(4, 8200, 3), {kDw0DevRes0, kHiWord, kIcidOnly, kAll}},
    {"MOVI", cmd::movi(1, 0, 2), {kDw0DevRes0, kHiWord, kIcidOnly, kAll}},
    {"DISCARD", cmd::discard(1, 1), {kDw0DevRes0, kHiWord, kAll, kAll}},
    {"INV", cmd::inv(1, 1), {kDw0DevRes0, kHiWord, kAll, kAll}},
    {"INT", cmd::int_(1, 0), {kDw0DevRes0, kHiWord, kAll, kAll}},
    {"CLEAR", cmd::clear(1, 1), {kDw0DevRes0, kHiWord, kAll, kAll}},
    {"INVALL", cmd::invall(3), {kDw0Res0, kAll, kIcidOnly, kAll}},
    {"SYNC", cmd::sync(2), {kDw0Res0, kAll, kRdbaseRes0, kAll}},
    {"MOVALL", cmd::movall(1, 3), {kDw0Res0, kAll, kRdbaseRes0, kRdbaseRes0}},
};

class CmdDecode : public ::testing::TestWithParam<DecodeCase> {};

TEST_P(CmdDecode, BitsOutsideTheFieldsAreIgnored)
{
    const DecodeCase &c = GetParam();
    ItsHarness base(qemu_config()), clean(qemu_config()), noisy(qemu_config());
    base_world(base);
    base_world(clean);
    base_world(noisy);
    Cmd n = c.cmd;
    for (int i = 0; i < 4; i++)
        n[i] |= c.res0[i];
    clean.run(c.cmd);
    noisy.run(n);
    EXPECT_EQ(clean.last_error(), 0u);
    EXPECT_EQ(noisy.last_error(), 0u);
    std::string clean_log = sink_log(clean);
    EXPECT_EQ(sink_log(noisy), clean_log);
    std::string clean_map = translations(clean);
    EXPECT_EQ(translations(noisy), clean_map);
    EXPECT_TRUE(!clean_log.empty() || clean_map != translations(base))
        << "the command had no visible effect, so the comparison proves nothing";
}

INSTANTIATE_TEST_SUITE_P(AllCommands, CmdDecode, ::testing::ValuesIn(kDecodeCases),
                         [](const auto &i) { return std::string(i.param.name); });

TEST(CmdFields, MapdTakesIttAddressFromBits51To8AndSizeFrom4To0)
{
    ItsHarness h(qemu_config()); // 52-bit PA
    base_world(h);
    const uint64_t itt = 0xABCDEF0123400ull;
    h.run(cmd::mapd(3, 4, itt)); // 32 events
    h.run(cmd::mapti(3, 5, kLpi + 50, 2));
    h.run(cmd::mapti(3, 31, kLpi + 51, 2));
    EXPECT_EQ(h.last_error(), 0u);
    EXPECT_NE(shim_read64(h.mem(), itt + 5 * 12), 0u) << "ITE not written at the decoded ITT";
    EXPECT_EQ(shim_read64(h.mem(), (itt & 0xFFFFFFFFull) + 5 * 12), 0u);
    its_translation t{};
    ASSERT_EQ(h.msi(3, 5, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, kLpi + 50);
    EXPECT_EQ(t.target, 2u);
    EXPECT_EQ(h.msi(3, 31), ITS_MSI_DELIVERED);
    EXPECT_EQ(h.msi(3, 32), ITS_MSI_DROP_EVENT_OOR);
    h.put(cmd::mapti(3, 32, kLpi + 52, 2));
    EXPECT_EQ(h.last_error(), 0x010A05u);
}

TEST(CmdFields, DeviceIdIsAll32BitsOfDw0High)
{
    its_config c = qemu_config();
    c.devid_bits = 32;
    ItsHarness h(c);
    // Two-level device table covering all 2^32 DeviceIDs.
    uint64_t l1 = h.setup_table(ITS_TABLE_DEVICE, 2, 64, true);
    h.add_level2(ITS_TABLE_DEVICE, l1, 2, 0xFFFFFFFFu);
    h.add_level2(ITS_TABLE_DEVICE, l1, 2, 0x7FFFFFFFu);
    h.setup_table(ITS_TABLE_COLLECTION);
    h.setup_queue();
    h.wr(CTLR, 1, 4);
    h.run(cmd::mapc(0, 0));
    h.run(cmd::mapc(1, 1));
    h.map_device(0xFFFFFFFFu, 1);
    h.map_device(0x7FFFFFFFu, 1);
    h.run(cmd::mapti(0xFFFFFFFFu, 0, kLpi + 1, 1));
    h.run(cmd::mapti(0x7FFFFFFFu, 0, kLpi + 2, 0));
    ASSERT_EQ(h.last_error(), 0u);
    its_translation t{};
    ASSERT_EQ(h.msi(0xFFFFFFFFu, 0, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, kLpi + 1);
    EXPECT_EQ(t.target, 1u);
    ASSERT_EQ(h.msi(0x7FFFFFFFu, 0, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, kLpi + 2);
    EXPECT_EQ(t.target, 0u);
    h.clear_events();
    h.run(cmd::int_(0xFFFFFFFFu, 0));
    h.run(cmd::clear(0x7FFFFFFFu, 0));
    EXPECT_EQ(sink_log(h), "SET 1 8193; CLEAR 0 8194");
}

TEST(CmdFields, EventIdIsAll32BitsOfDw1Low)
{
    its_config c = qemu_config();
    c.eventid_bits = 32;
    ItsHarness h(c);
    h.bring_up();
    h.run(cmd::mapc(1, 1));
    h.run(cmd::mapc(2, 2));
    h.map_device(5, 31); // 2^32 events
    h.run(cmd::mapti(5, 0xFFFFFFFFu, kLpi + 7, 1));
    h.run(cmd::mapti(5, 0x7FFFFFFFu, kLpi + 8, 2));
    ASSERT_EQ(h.last_error(), 0u);
    its_translation t{};
    ASSERT_EQ(h.msi(5, 0xFFFFFFFFu, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, kLpi + 7);
    ASSERT_EQ(h.msi(5, 0x7FFFFFFFu, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, kLpi + 8);
    EXPECT_EQ(h.msi(5, 0xFFFFu), ITS_MSI_DROP_UNMAPPED_EVENT);
    h.clear_events();
    h.run(cmd::int_(5, 0xFFFFFFFFu));
    h.run(cmd::inv(5, 0x7FFFFFFFu));
    h.run(cmd::movi(5, 0xFFFFFFFFu, 2));
    EXPECT_EQ(sink_log(h), "SET 1 8199; INV 2 8200; MOVE 1->2 8199");
}

TEST(CmdFields, RdbaseIsBits51To16AsAnAddressWithPta)
{
    its_config c = qemu_config();
    c.pta = true;
    c.rd_base = 0x8000000000000ull; // PA bit 51: lost if the field were cut short
    c.rd_stride = 0x20000;
    ItsHarness h(c);
    auto rdbase = [&](uint64_t n) { return (c.rd_base + n * c.rd_stride) >> 16; };
    h.bring_up();
    h.run(cmd::mapc(1, rdbase(2)));
    h.map_device(1, 3);
    h.run(cmd::mapti(1, 0, kLpi, 1));
    h.run(cmd::int_(1, 0));
    h.run(cmd::sync(rdbase(3)));
    h.run(cmd::movall(rdbase(3), rdbase(1)));
    h.run(cmd::invall(1));
    EXPECT_EQ(h.last_error(), 0u);
    EXPECT_EQ(sink_log(h), "SET 2 8192; SYNC 3; MOVALL 3->1; INVALL 2");

    h.put(cmd::mapc(2, rdbase(2) & 0xFFFFFFFFull)); // bit 51 dropped: no such RD
    EXPECT_EQ(h.last_error(), 0x010902u);
    h.put(cmd::mapc(2, rdbase(2) + 1)); // between two RD_base frames
    EXPECT_EQ(h.last_error(), 0x010902u);
    h.put(cmd::movall(rdbase(4), rdbase(0))); // one past the last RD
    EXPECT_EQ(h.last_error(), 0x010E01u);
    h.run(cmd::sync(rdbase(1) + 1));
    EXPECT_EQ(h.stats().diag[ITS_DIAG_SYNC_BAD_TARGET], 1u);
}

// ---- Effects -------------------------------------------------------------

TEST(CmdEffects, EachCommandReachesItsTargetInQueueOrder)
{
    ItsHarness h(qemu_config());
    base_world(h);
    h.run(cmd::int_(1, 0));
    h.run(cmd::int_(1, 1));
    h.run(cmd::inv(1, 1));
    h.run(cmd::clear(1, 0));
    h.run(cmd::invall(2));
    h.run(cmd::sync(3));
    h.run(cmd::movall(0, 1));
    EXPECT_EQ(h.last_error(), 0u);
    EXPECT_EQ(sink_log(h), "SET 0 8192; SET 1 8193; INV 1 8193; CLEAR 0 8192; INVALL 2; SYNC 3; MOVALL 0->1");
}

TEST(CmdEffects, ABatchPublishedAtOnceRunsInQueueOrder)
{
    ItsHarness h(qemu_config());
    base_world(h);
    h.wr(CTLR, 0, 4); // hold the queue while the batch is written
    h.put(cmd::movi(1, 0, 3));
    h.put(cmd::int_(1, 0));
    h.put(cmd::sync(3));
    h.put(cmd::discard(1, 0));
    h.put(cmd::inv(1, 1));
    EXPECT_EQ(h.events(), 0u);
    h.wr(CTLR, 1, 4);
    EXPECT_EQ(h.creadr(), h.cwriter());
    EXPECT_EQ(sink_log(h), "MOVE 0->3 8192; SET 3 8192; SYNC 3; CLEAR 3 8192; INV 1 8193");
}

TEST(CmdEffects, MoviAcrossRedistributorsMovesPendingAndRetargets)
{
    ItsHarness h(qemu_config());
    base_world(h);
    h.run(cmd::movi(1, 0, 2));
    EXPECT_EQ(sink_log(h), "MOVE 0->2 8192");
    its_translation t{};
    ASSERT_EQ(h.msi(1, 0, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, kLpi);
    EXPECT_EQ(t.target, 2u);
    EXPECT_EQ(t.icid, 2u);
    h.clear_events();
    h.run(cmd::int_(1, 0));
    h.run(cmd::inv(1, 0));
    EXPECT_EQ(sink_log(h), "SET 2 8192; INV 2 8192");
}

TEST(CmdEffects, MoviWithinOneRedistributorMovesNoPendingState)
{
    ItsHarness h(qemu_config());
    base_world(h);
    h.run(cmd::mapc(6, 0)); // collections 0 and 6 share redistributor 0
    h.run(cmd::movi(1, 0, 6));
    EXPECT_EQ(h.last_error(), 0u);
    EXPECT_EQ(h.events(), 0u);
    its_translation t{};
    ASSERT_EQ(h.msi(1, 0, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.icid, 6u);
    EXPECT_EQ(t.target, 0u);
}

TEST(CmdEffects, DiscardClearsPendingAtTheTargetAndUnmapsTheEvent)
{
    ItsHarness h(qemu_config());
    World w = base_world(h);
    ASSERT_NE(shim_read64(h.mem(), w.itt1 + 1 * 12), 0u);
    h.run(cmd::discard(1, 1));
    EXPECT_EQ(sink_log(h), "CLEAR 1 8193");
    EXPECT_EQ(shim_read64(h.mem(), w.itt1 + 1 * 12), 0u);
    EXPECT_EQ(h.msi(1, 1), ITS_MSI_DROP_UNMAPPED_EVENT);
    EXPECT_EQ(h.msi(1, 0), ITS_MSI_DELIVERED); // its neighbour stays
    h.put(cmd::int_(1, 1));
    EXPECT_EQ(h.last_error(), 0x010307u);
    h.run(cmd::mapti(1, 1, kLpi + 300, 3)); // the event can be mapped again
    its_translation t{};
    ASSERT_EQ(h.msi(1, 1, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, kLpi + 300);
    EXPECT_EQ(t.target, 3u);
}

TEST(CmdEffects, MapdWithVClearUnmapsTheDevice)
{
    ItsHarness h(qemu_config());
    base_world(h);
    ASSERT_EQ(h.msi(1, 0), ITS_MSI_DELIVERED); // now cached
    h.run(cmd::mapd(1, 31, 0xFFFFFFFFFF00ull, false)); // Size and ITT unused when V = 0
    EXPECT_EQ(h.last_error(), 0u);
    EXPECT_EQ(h.msi(1, 0), ITS_MSI_DROP_UNMAPPED_DEVICE);
    EXPECT_EQ(h.msi(1, 1), ITS_MSI_DROP_UNMAPPED_DEVICE);
    EXPECT_EQ(h.msi(4, 0), ITS_MSI_DROP_UNMAPPED_EVENT); // other devices stay
    h.map_device(1, 3); // a fresh, empty ITT: nothing of the old one survives
    EXPECT_EQ(h.msi(1, 0), ITS_MSI_DROP_UNMAPPED_EVENT);
}

TEST(CmdEffects, MapcWithVClearUnmapsTheCollection)
{
    ItsHarness h(qemu_config());
    base_world(h);
    ASSERT_EQ(h.msi(1, 0), ITS_MSI_DELIVERED);
    h.run(cmd::mapc(0, 4, false)); // RDbase is not used (nor checked) when V = 0
    EXPECT_EQ(h.last_error(), 0u);
    EXPECT_EQ(h.msi(1, 0), ITS_MSI_DROP_UNMAPPED_COLLECTION);
    EXPECT_EQ(h.msi(1, 1), ITS_MSI_DELIVERED);
    h.clear_events();
    h.run(cmd::mapc(0, 3)); // mapped again, elsewhere
    h.run(cmd::int_(1, 0));
    h.run(cmd::invall(0));
    EXPECT_EQ(sink_log(h), "SET 3 8192; INVALL 3");
}

TEST(CmdEffects, TheCollectionIsLookedUpAtTranslationTime)
{
    ItsHarness h(qemu_config());
    base_world(h); // event 1/2 was mapped into unmapped collection 5 without error
    EXPECT_EQ(h.msi(1, 2), ITS_MSI_DROP_UNMAPPED_COLLECTION);
    h.run(cmd::mapc(5, 2));
    its_translation t{};
    ASSERT_EQ(h.msi(1, 2, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, kLpi + 2);
    EXPECT_EQ(t.target, 2u);
}

TEST(CmdEffects, MapiUsesTheEventIdAsTheIntid)
{
    ItsHarness h(qemu_config());
    base_world(h);
    h.run(cmd::mapi(4, 8200, 2));
    h.run(cmd::mapi(4, 16383, 1));
    EXPECT_EQ(h.last_error(), 0u);
    its_translation t{};
    ASSERT_EQ(h.msi(4, 8200, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, 8200u);
    EXPECT_EQ(t.target, 2u);
    ASSERT_EQ(h.msi(4, 16383, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, 16383u);
    EXPECT_EQ(t.target, 1u);
}

TEST(CmdEffects, MaptiAcceptsTheWholeLpiRange)
{
    ItsHarness h(qemu_config()); // 16 INTID bits: LPIs 8192 .. 65535
    base_world(h);
    h.run(cmd::mapti(4, 0, 8192, 3));
    h.run(cmd::mapti(4, 1, 65535, 3));
    EXPECT_EQ(h.last_error(), 0u);
    its_translation t{};
    ASSERT_EQ(h.msi(4, 0, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, 8192u);
    ASSERT_EQ(h.msi(4, 1, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, 65535u);
}

TEST(CmdEffects, MovallBetweenEqualTargetsIsANoOp)
{
    ItsHarness h(qemu_config());
    base_world(h);
    h.run(cmd::movall(2, 2));
    EXPECT_EQ(h.last_error(), 0u);
    EXPECT_EQ(h.events(), 0u);
    h.run(cmd::movall(2, 0));
    EXPECT_EQ(sink_log(h), "MOVALL 2->0");
}

TEST(CmdEffects, SyncToNoRedistributorIsIgnoredAndCounted)
{
    for (its_error_policy p : {ITS_POLICY_IGNORE, ITS_POLICY_STALL}) {
        SCOPED_TRACE(p == ITS_POLICY_IGNORE ? "ignore" : "stall");
        ItsHarness h(policy_config(p));
        base_world(h);
        h.run(cmd::sync(4));
        h.run(cmd::sync(1ull << 35 | 1)); // RDbase bit 51 set: not redistributor 1
        EXPECT_FALSE(h.stalled());
        h.run(cmd::sync(1));
        EXPECT_EQ(sink_log(h), "SYNC 1");
        EXPECT_EQ(h.last_error(), 0u);
        EXPECT_EQ(h.stats().command_errors, 0u);
        EXPECT_EQ(h.stats().diag[ITS_DIAG_SYNC_BAD_TARGET], 2u);
    }
}

// ---- Errors --------------------------------------------------------------

} // namespace
