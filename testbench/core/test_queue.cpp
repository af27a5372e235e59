// SPDX-License-Identifier: Apache-2.0
// The command queue engine: CREADR chasing CWRITER with wrap-around, the
// conditions under which the queue runs, deferred (stepped) processing,
// memory faults, stall and Retry, and the queue's counters.
#include "its_harness.h"

#include <string>

namespace {

constexpr uint32_t kLpi = 8192;

its_config make_config(its_error_policy p, bool on_write = true)
{
    its_config c = qemu_config();
    c.error_policy = p;
    c.process_on_write = on_write;
    return c;
}

// Write a command into the queue at base + offset without publishing it.
void place(ItsHarness &h, uint64_t base, uint64_t offset, const Cmd &c)
{
    for (int i = 0; i < 4; i++)
        shim_write64(h.mem(), base + offset + 8 * i, c[i]);
}

std::string sync_log(const ItsHarness &h)
{
    std::string s;
    for (size_t i = 0; i < h.events(); i++) {
        shim_event e = h.event(i);
        s += (s.empty() ? "" : " ") + std::string(e.kind == SHIM_SYNC ? "S" : "?") +
             std::to_string(e.target);
    }
    return s;
}

bool quiescent(ItsHarness &h) { return (h.rd(CTLR, 4) >> 31) & 1; }

its_error_record last_record(ItsHarness &h)
{
    its_error_record r;
    its_last_error(h.its(), &r);
    return r;
}

// ---- CREADR, CWRITER and wrap-around ------------------------------------

TEST(QueueWrap, OnePageQueueWrapsManyTimes)
{
    ItsHarness h(qemu_config());
    h.setup_table(ITS_TABLE_DEVICE);
    h.setup_table(ITS_TABLE_COLLECTION);
    h.setup_queue(1); // 4 KB: 128 slots
    h.wr(CTLR, 1, 4);
    ASSERT_EQ(h.queue_bytes(), 4096u);
    // 128 events with distinct INTIDs over 4 collections (the harness wraps too)
    for (uint32_t i = 0; i < 4; i++)
        h.run(cmd::mapc(i, i));
    h.map_device(1, 6);
    for (uint32_t e = 0; e < 128; e++)
        h.run(cmd::mapti(1, e, kLpi + e, e % 4));
    ASSERT_EQ(h.last_error(), 0u);
    h.clear_events();

    const uint64_t q = h.queue_base();
    uint64_t off = h.cwriter();
    // One command per CWRITER write, alternating 64-bit and 32-bit (low half) writes.
    const unsigned n = 3 * 128 + 10;
    for (unsigned i = 0; i < n; i++) {
        place(h, q, off, cmd::int_(1, i % 128));
        off = (off + 32) % 4096;
        if (i % 2)
            h.wr(CWRITER, off, 8);
        else
            h.wr(CWRITER, off, 4);
        ASSERT_EQ(h.creadr(), off) << "command " << i;
        ASSERT_EQ(h.events(), i + 1u);
        EXPECT_EQ(h.event(i).intid, kLpi + i % 128);
        EXPECT_EQ(h.event(i).target, (i % 128) % 4);
    }

    // Batches of 100 published by one write each; most of them cross the end.
    h.clear_events();
    unsigned wrapped = 0, seq = 0;
    for (unsigned b = 0; b < 5; b++) {
        uint64_t start = off;
        for (unsigned k = 0; k < 100; k++, seq++) {
            place(h, q, off, cmd::int_(1, seq % 128));
            off = (off + 32) % 4096;
        }
        wrapped += off < start;
        h.wr(CWRITER, off, b % 2 ? 8 : 4);
        ASSERT_EQ(h.creadr(), off);
        ASSERT_EQ(h.events(), seq);
    }
    EXPECT_GE(wrapped, 3u);
    for (unsigned i = 0; i < seq; i++)
        ASSERT_EQ(h.event(i).intid, kLpi + i % 128) << "event " << i;
    EXPECT_EQ(h.stats().commands[ITS_CMD_INT], n + seq);
}

TEST(QueueRegs, CwriterBeyondTheQueueStopsProcessing)
{
    ItsHarness h(qemu_config());
    h.setup_table(ITS_TABLE_DEVICE);
    h.setup_table(ITS_TABLE_COLLECTION);
    h.setup_queue(1);
    h.wr(CTLR, 1, 4);
    const uint64_t q = h.queue_base();
    h.run(cmd::sync(0));
    for (unsigned i = 1; i < 128; i++)
        place(h, q, 32 * i, cmd::sync(i % 4));
    uint64_t diag0 = h.stats().diag[ITS_DIAG_CWRITER_OUT_OF_RANGE];

    h.wr(CWRITER, 4096); // slot 128 of a 128-slot queue
    EXPECT_EQ(h.stats().diag[ITS_DIAG_CWRITER_OUT_OF_RANGE], diag0 + 1);
    EXPECT_EQ(h.creadr(), 32u);
    EXPECT_EQ(h.events(), 1u);
    EXPECT_FALSE(its_cmdq_ready(h.its()));
    EXPECT_EQ(its_cmdq_step(h.its(), nullptr), ITS_STEP_IDLE);

    h.wr(CWRITER, 0xFFFE0); // the largest Offset
    EXPECT_EQ(h.stats().diag[ITS_DIAG_CWRITER_OUT_OF_RANGE], diag0 + 2);
    EXPECT_EQ(h.creadr(), 32u);
    EXPECT_EQ(h.events(), 1u);

    h.wr(CWRITER, 96); // valid again: processing resumes from CREADR
    EXPECT_EQ(h.creadr(), 96u);
    EXPECT_EQ(sync_log(h), "S0 S1 S2");
    EXPECT_EQ(h.stats().diag[ITS_DIAG_CWRITER_OUT_OF_RANGE], diag0 + 2);
}

TEST(QueueRegs, CwriterKeepsOnlyItsOffsetAndRetryReadsZero)
{
    ItsHarness h(qemu_config());
    h.bring_up(); // 64 KB queue: Offset [19:5] covers all of it
    const uint64_t q = h.queue_base();
    for (unsigned i = 0; i < 3; i++)
        place(h, q, 32 * i, cmd::sync(i));
    // RES0 bits [63:20] and [4:1] set: bit 20 would put the offset out of range.
    h.wr(CWRITER, 0xFFFFFFFFFFF00000ull | 0x1E | 96);
    EXPECT_EQ(h.rd(CWRITER), 96u);
    EXPECT_EQ(h.creadr(), 96u);
    EXPECT_EQ(sync_log(h), "S0 S1 S2");
    EXPECT_EQ(h.stats().diag[ITS_DIAG_CWRITER_OUT_OF_RANGE], 0u);
}

TEST(QueueRegs, RetryWhenNotStalledHasNoEffect)
{
    for (its_error_policy p : {ITS_POLICY_IGNORE, ITS_POLICY_STALL}) {
        SCOPED_TRACE(p == ITS_POLICY_IGNORE ? "ignore" : "stall");
        ItsHarness h(make_config(p));
        h.bring_up();
        h.run(cmd::mapc(0, 2));
        h.map_device(1, 1);
        h.run(cmd::mapti(1, 0, kLpi, 0));
        h.run(cmd::int_(1, 0));
        ASSERT_EQ(h.events(), 1u);
        uint64_t creadr = h.creadr();
        h.wr(CWRITER, h.cwriter() | 1);
        EXPECT_EQ(h.events(), 1u) << "the last command ran again";
        EXPECT_EQ(h.creadr(), creadr);
        EXPECT_FALSE(h.stalled());
        EXPECT_EQ(h.stats().retries, 0u);
        EXPECT_EQ(h.rd(CWRITER), h.cwriter()) << "Retry must read as 0";
    }
}

// ---- When the queue runs ---------------------------------------------------

TEST(QueueEnable, CommandsWaitWhileDisabledAndRunOnEnable)
{
    ItsHarness h(qemu_config());
    h.setup_table(ITS_TABLE_DEVICE);
    h.setup_table(ITS_TABLE_COLLECTION);
    h.setup_queue();
    h.put(cmd::sync(1));
    h.put(cmd::sync(2));
    EXPECT_EQ(h.creadr(), 0u);
    EXPECT_EQ(h.events(), 0u);
    EXPECT_FALSE(its_cmdq_ready(h.its()));
    EXPECT_EQ(its_cmdq_step(h.its(), nullptr), ITS_STEP_IDLE);
    EXPECT_EQ(its_cmdq_run(h.its(), 10), 0u);
    EXPECT_EQ(h.creadr(), 0u);

    h.wr(CTLR, 1, 4);
    EXPECT_EQ(h.creadr(), 64u);
    EXPECT_EQ(sync_log(h), "S1 S2");

    h.wr(CTLR, 0, 4);
    h.put(cmd::sync(3));
    EXPECT_EQ(h.creadr(), 64u);
    EXPECT_EQ(h.events(), 2u);
    h.wr(CTLR, 1, 4);
    EXPECT_EQ(h.creadr(), 96u);
    EXPECT_EQ(sync_log(h), "S1 S2 S3");
}

TEST(QueueEnable, NothingRunsWithoutCbaserValid)
{
    ItsHarness h(qemu_config());
    h.setup_table(ITS_TABLE_DEVICE);
    h.setup_table(ITS_TABLE_COLLECTION);
    const uint64_t q = h.alloc(0x10000);
    h.wr(CBASER, q | 15); // 16 pages, Valid = 0
    h.wr(CTLR, 1, 4);
    place(h, q, 0, cmd::sync(1));
    place(h, q, 32, cmd::sync(2));
    h.wr(CWRITER, 64);
    EXPECT_EQ(h.creadr(), 0u);
    EXPECT_EQ(h.events(), 0u);
    EXPECT_FALSE(its_cmdq_ready(h.its()));
    EXPECT_EQ(its_cmdq_step(h.its(), nullptr), ITS_STEP_IDLE);

    h.wr(CTLR, 0, 4);
    h.wr(CBASER, (1ull << 63) | q | 15);
    EXPECT_EQ(h.events(), 0u);
    h.wr(CTLR, 1, 4);
    EXPECT_EQ(h.creadr(), 64u);
    EXPECT_EQ(sync_log(h), "S1 S2");
}

// ---- Deferred mode ------------------------------------------------------

TEST(QueueDeferred, StepReportsEachCommandUnderIgnore)
{
    ItsHarness h(make_config(ITS_POLICY_IGNORE, false));
    h.bring_up();
    its_cmd_report r{};
    EXPECT_FALSE(its_cmdq_ready(h.its()));
    EXPECT_EQ(its_cmdq_step(h.its(), &r), ITS_STEP_IDLE);

    h.put(cmd::mapc(0, 1));
    h.put(cmd::int_(2, 0)); // device 2 is not mapped
    h.put(cmd::sync(1));
    EXPECT_EQ(h.creadr(), 0u) << "a CWRITER write ran commands in deferred mode";
    EXPECT_TRUE(its_cmdq_ready(h.its()));
    EXPECT_EQ(h.events(), 0u);

    EXPECT_EQ(its_cmdq_step(h.its(), &r), ITS_STEP_DONE);
    EXPECT_EQ(r.opcode, ITS_CMD_MAPC);
    EXPECT_EQ(r.index, 0u);
    EXPECT_EQ(r.error, 0u);
    EXPECT_EQ(h.creadr(), 32u);

    EXPECT_EQ(its_cmdq_step(h.its(), &r), ITS_STEP_SKIPPED);
    EXPECT_EQ(r.opcode, ITS_CMD_INT);
    EXPECT_EQ(r.index, 1u);
    EXPECT_EQ(r.error, 0x010304u);
    EXPECT_EQ(h.creadr(), 64u);
    EXPECT_FALSE(h.stalled());

    EXPECT_EQ(its_cmdq_step(h.its(), &r), ITS_STEP_DONE);
    EXPECT_EQ(r.opcode, ITS_CMD_SYNC);
    EXPECT_EQ(r.index, 2u);
    EXPECT_EQ(sync_log(h), "S1");

    EXPECT_EQ(its_cmdq_step(h.its(), &r), ITS_STEP_IDLE);
    EXPECT_FALSE(its_cmdq_ready(h.its()));
    EXPECT_EQ(h.creadr(), 96u);
}

TEST(QueueDeferred, StepStallsUnderStallAndRetryOnlyRearms)
{
    ItsHarness h(make_config(ITS_POLICY_STALL, false));
    h.bring_up();
    h.put(cmd::int_(2, 0));
    h.put(cmd::sync(1));
    its_cmd_report r{};
    EXPECT_EQ(its_cmdq_step(h.its(), &r), ITS_STEP_STALLED);
    EXPECT_EQ(r.opcode, ITS_CMD_INT);
    EXPECT_EQ(r.index, 0u);
    EXPECT_EQ(r.error, 0x010304u);
    EXPECT_TRUE(h.stalled());
    EXPECT_EQ(h.creadr(), 0u);
    EXPECT_FALSE(its_cmdq_ready(h.its()));
    EXPECT_EQ(its_cmdq_step(h.its(), &r), ITS_STEP_IDLE);

    h.wr(CWRITER, h.cwriter() | 1); // clears the stall; nothing runs yet
    EXPECT_FALSE(h.stalled());
    EXPECT_TRUE(its_cmdq_ready(h.its()));
    EXPECT_EQ(h.stats().retries, 1u);
    EXPECT_EQ(h.creadr(), 0u);
    EXPECT_EQ(its_cmdq_step(h.its(), &r), ITS_STEP_STALLED); // the same command again
    EXPECT_EQ(r.index, 0u);
    EXPECT_EQ(last_record(h).count, 2u);

    place(h, h.queue_base(), 0, cmd::sync(2));
    h.wr(CWRITER, h.cwriter() | 1);
    EXPECT_EQ(its_cmdq_run(h.its(), 10), 2u);
    EXPECT_EQ(sync_log(h), "S2 S1");
    EXPECT_EQ(h.creadr(), 64u);
}

TEST(QueueDeferred, RunHonoursMaxAndStopsAtAStall)
{
    ItsHarness h(make_config(ITS_POLICY_STALL, false));
    h.bring_up();
    for (unsigned i = 0; i < 5; i++)
        h.put(cmd::sync(i % 4));
    EXPECT_EQ(its_cmdq_run(h.its(), 0), 0u);
    EXPECT_EQ(h.creadr(), 0u);
    EXPECT_EQ(its_cmdq_run(h.its(), 2), 2u);
    EXPECT_EQ(h.creadr(), 64u);
    EXPECT_EQ(sync_log(h), "S0 S1");
    EXPECT_EQ(its_cmdq_run(h.its(), 10), 3u);
    EXPECT_EQ(h.creadr(), 160u);
    EXPECT_EQ(its_cmdq_run(h.its(), 10), 0u);

    h.put(cmd::sync(1));
    h.put(cmd::invall(7)); // collection 7 unmapped
    h.put(cmd::sync(2));
    EXPECT_EQ(its_cmdq_run(h.its(), 10), 2u); // one done, one stalled on
    EXPECT_TRUE(h.stalled());
    EXPECT_EQ(h.creadr(), 192u);
    EXPECT_EQ(its_cmdq_run(h.its(), 10), 0u);
}

TEST(QueueDeferred, QuiescentIsClearWhileCommandsWait)
{
    ItsHarness h(make_config(ITS_POLICY_IGNORE, false));
    EXPECT_EQ(h.rd(CTLR, 4), 0x80000000u); // reset: disabled, quiescent
    h.bring_up();
    EXPECT_TRUE(quiescent(h));
    h.put(cmd::sync(0));
    h.put(cmd::sync(1));
    EXPECT_FALSE(quiescent(h));
    EXPECT_EQ(its_cmdq_run(h.its(), 1), 1u);
    EXPECT_FALSE(quiescent(h));
    EXPECT_EQ(its_cmdq_run(h.its(), 1), 1u);
    EXPECT_TRUE(quiescent(h));

    h.put(cmd::sync(2));
    EXPECT_FALSE(quiescent(h));
    h.wr(CTLR, 0, 4); // disabled: nothing in flight
    EXPECT_TRUE(quiescent(h));
    h.wr(CTLR, 1, 4);
    EXPECT_FALSE(quiescent(h));
    EXPECT_EQ(its_cmdq_run(h.its(), 10), 1u);
    EXPECT_TRUE(quiescent(h));
    EXPECT_EQ(sync_log(h), "S0 S1 S2");
}

// ---- Memory faults ------------------------------------------------------

TEST(QueueFault, CommandFetchFaultStallsEvenUnderIgnore)
{
    ItsHarness h(make_config(ITS_POLICY_IGNORE));
    h.bring_up();
    h.run(cmd::sync(0));
    const uint64_t slot = h.cwriter();
    shim_add_fault(h.mem(), h.queue_base() + slot, h.queue_base() + slot + 32);
    h.put(cmd::sync(1));
    h.put(cmd::sync(2));
    EXPECT_TRUE(h.stalled());
    EXPECT_EQ(h.creadr(), slot);
    its_error_record r = last_record(h);
    EXPECT_EQ(r.code, 0x0100F0u) << std::hex << r.code; // CC = 0: the command was never read
    EXPECT_EQ(r.index, slot / 32);
    EXPECT_EQ(h.stats().stalls, 1u);
    EXPECT_GE(h.stats().mem_faults, 1u);
    EXPECT_EQ(sync_log(h), "S0");

    h.wr(CWRITER, h.cwriter() | 1); // still faulting: stalls again
    EXPECT_TRUE(h.stalled());
    EXPECT_EQ(h.stats().stalls, 2u);

    shim_clear_faults(h.mem());
    h.wr(CWRITER, h.cwriter() | 1);
    EXPECT_FALSE(h.stalled());
    EXPECT_EQ(h.creadr(), h.cwriter());
    EXPECT_EQ(sync_log(h), "S0 S1 S2");
    EXPECT_EQ(h.stats().retries, 2u);
}

TEST(QueueFault, DeferredStepReportsAFetchFaultAsStalled)
{
    ItsHarness h(make_config(ITS_POLICY_IGNORE, false));
    h.bring_up();
    shim_add_fault(h.mem(), h.queue_base(), h.queue_base() + 32);
    h.put(cmd::sync(1));
    its_cmd_report r{};
    EXPECT_EQ(its_cmdq_step(h.its(), &r), ITS_STEP_STALLED);
    EXPECT_EQ(r.index, 0u);
    EXPECT_EQ(r.error, 0x0100F0u);
    EXPECT_EQ(h.events(), 0u);
}

// A table fault in the middle of a command: a fresh world, the state the
// command needs, the fault armed, the command to issue.
struct FaultWorld {
    uint64_t dt = 0, l2 = 0, ct = 0, itt = 0;
};

void fault_dt(ItsHarness &h, const FaultWorld &w) { shim_add_fault(h.mem(), w.dt, w.dt + 0x10000); }
void fault_ct(ItsHarness &h, const FaultWorld &w) { shim_add_fault(h.mem(), w.ct, w.ct + 0x10000); }
void fault_itt(ItsHarness &h, const FaultWorld &w) { shim_add_fault(h.mem(), w.itt, w.itt + 0x100); }

struct FaultCase {
    const char *name;
    bool indirect; // two-level device table, level 2 page for device 3
    Cmd (*arm)(ItsHarness &h, const FaultWorld &w);
    uint32_t code;
    const char *after; // sink record once the retried command and a SYNC 3 ran
    its_msi_result msi_3_0; // translation of (3, 0) at the end
};

const FaultCase kFaultCases[] = {
    {"MapdDteWrite", false,
     [](ItsHarness &h, const FaultWorld &w) { fault_dt(h, w); return cmd::mapd(3, 3, w.itt); },
     0x0108F0, "SYNC 3", ITS_MSI_DROP_UNMAPPED_EVENT},
    {"MapdLevel1DescriptorRead", true,
     [](ItsHarness &h, const FaultWorld &w) { fault_dt(h, w); return cmd::mapd(3, 3, w.itt); },
     0x0108F0, "SYNC 3", ITS_MSI_DROP_UNMAPPED_EVENT},
    {"MapdLevel2DteWrite", true,
     [](ItsHarness &h, const FaultWorld &w) {
         shim_add_fault(h.mem(), w.l2, w.l2 + 0x10000);
         return cmd::mapd(3, 3, w.itt);
     },
     0x0108F0, "SYNC 3", ITS_MSI_DROP_UNMAPPED_EVENT},
    {"MaptiDteRead", false,
     [](ItsHarness &h, const FaultWorld &w) {
         h.run(cmd::mapd(3, 3, w.itt));
         fault_dt(h, w);
         return cmd::mapti(3, 0, kLpi + 5, 1);
     },
     0x010AF0, "SYNC 3", ITS_MSI_DELIVERED},
    {"MaptiIteWrite", false,
     [](ItsHarness &h, const FaultWorld &w) {
         h.run(cmd::mapd(3, 3, w.itt));
         fault_itt(h, w);
         return cmd::mapti(3, 0, kLpi + 5, 1);
     },
     0x010AF0, "SYNC 3", ITS_MSI_DELIVERED},
    {"MapcCteWrite", false,
     [](ItsHarness &h, const FaultWorld &w) {
         fault_ct(h, w);
         return cmd::mapc(2, 2);
     },
     0x0109F0, "SYNC 3", ITS_MSI_DROP_UNMAPPED_DEVICE},
    {"IntIteRead", false,
     [](ItsHarness &h, const FaultWorld &w) {
         h.run(cmd::mapd(3, 3, w.itt));
         h.run(cmd::mapti(3, 0, kLpi + 5, 1));
         fault_itt(h, w);
         return cmd::int_(3, 0);
     },
     0x0103F0, "SET 1 8197; SYNC 3", ITS_MSI_DELIVERED},
    {"IntCteRead", false,
     [](ItsHarness &h, const FaultWorld &w) {
         h.run(cmd::mapd(3, 3, w.itt));
         h.run(cmd::mapti(3, 0, kLpi + 5, 1));
         fault_ct(h, w);
         return cmd::int_(3, 0);
     },
     0x0103F0, "SET 1 8197; SYNC 3", ITS_MSI_DELIVERED},
    {"DiscardIteRead", false,
     [](ItsHarness &h, const FaultWorld &w) {
         h.run(cmd::mapd(3, 3, w.itt));
         h.run(cmd::mapti(3, 0, kLpi + 5, 1));
         fault_itt(h, w);
         return cmd::discard(3, 0);
     },
     0x010FF0, "CLEAR 1 8197; SYNC 3", ITS_MSI_DROP_UNMAPPED_EVENT},
    {"InvallCteRead", false,
     [](ItsHarness &h, const FaultWorld &w) {
         fault_ct(h, w);
         return cmd::invall(1);
     },
     0x010DF0, "INVALL 1; SYNC 3", ITS_MSI_DROP_UNMAPPED_DEVICE},
};

std::string sink_text(const ItsHarness &h)
{
    std::string s;
    for (size_t i = 0; i < h.events(); i++) {
        shim_event e = h.event(i);
        const char *k = e.kind == SHIM_SET_PENDING     ? "SET"
                        : e.kind == SHIM_CLEAR_PENDING ? "CLEAR"
                        : e.kind == SHIM_INVALL        ? "INVALL"
                        : e.kind == SHIM_SYNC          ? "SYNC"
                                                       : "OTHER";
        s += (s.empty() ? "" : "; ") + std::string(k) + " " + std::to_string(e.target);
        if (e.kind == SHIM_SET_PENDING || e.kind == SHIM_CLEAR_PENDING)
            s += " " + std::to_string(e.intid);
    }
    return s;
}

class QueueTableFault : public ::testing::TestWithParam<FaultCase> {};

TEST_P(QueueTableFault, StallsUnderBothPoliciesAndRetryCompletes)
{
    const FaultCase &c = GetParam();
    for (its_error_policy p : {ITS_POLICY_IGNORE, ITS_POLICY_STALL}) {
        SCOPED_TRACE(p == ITS_POLICY_IGNORE ? "ignore" : "stall");
        ItsHarness h(make_config(p));
        FaultWorld w;
        w.dt = h.setup_table(ITS_TABLE_DEVICE, 2, 1, c.indirect);
        if (c.indirect)
            w.l2 = h.add_level2(ITS_TABLE_DEVICE, w.dt, 2, 3);
        w.ct = h.setup_table(ITS_TABLE_COLLECTION);
        w.itt = h.alloc(0x100, 256);
        h.setup_queue();
        h.wr(CTLR, 1, 4);
        h.run(cmd::mapc(0, 0));
        h.run(cmd::mapc(1, 1));
        Cmd bad = c.arm(h, w);
        ASSERT_EQ(h.last_error(), 0u) << "setup failed";
        h.clear_events();
        const uint64_t slot = h.cwriter();

        h.put(bad);
        EXPECT_TRUE(h.stalled());
        EXPECT_EQ(h.creadr(), slot);
        its_error_record r = last_record(h);
        EXPECT_EQ(r.code, c.code) << std::hex << "got 0x" << r.code;
        EXPECT_EQ(r.opcode, bad[0] & 0xFF);
        EXPECT_EQ(r.index, slot / 32);
        EXPECT_EQ(h.stats().stalls, 1u);
        h.put(cmd::sync(3));
        EXPECT_EQ(h.events(), 0u);
        EXPECT_EQ(h.creadr(), slot);

        shim_clear_faults(h.mem());
        h.wr(CWRITER, h.cwriter() | 1);
        EXPECT_FALSE(h.stalled());
        EXPECT_EQ(h.creadr(), h.cwriter());
        EXPECT_EQ(h.stats().retries, 1u);
        EXPECT_EQ(sink_text(h), c.after);
        EXPECT_EQ(h.msi(3, 0), c.msi_3_0);
    }
}

INSTANTIATE_TEST_SUITE_P(Tables, QueueTableFault, ::testing::ValuesIn(kFaultCases),
                         [](const auto &i) { return std::string(i.param.name); });

// ---- CBASER and the stall ---------------------------------------------------

TEST(QueueCbaser, WritingCbaserClearsTheStallAndRewindsCreadr)
{
    ItsHarness h(make_config(ITS_POLICY_STALL));
    h.bring_up();
    h.run(cmd::sync(0));
    h.put(cmd::invall(7)); // unmapped collection: stalls on slot 1
    ASSERT_TRUE(h.stalled());
    ASSERT_EQ(h.creadr(), 32u);
    const uint64_t cbaser = h.rd(CBASER);

    h.wr(CBASER, cbaser); // ignored while enabled
    EXPECT_EQ(h.stats().diag[ITS_DIAG_CBASER_WHILE_ENABLED], 1u);
    EXPECT_TRUE(h.stalled());
    EXPECT_EQ(h.creadr(), 32u);

    h.wr(CTLR, 0, 4);
    h.wr(CBASER, cbaser);
    EXPECT_FALSE(h.stalled());
    EXPECT_EQ(h.rd(CREADR), 0u);
    EXPECT_EQ(h.rd(CBASER), cbaser);

    // CWRITER still says 64: enabling runs the queue again from slot 0.
    h.wr(CTLR, 1, 4);
    EXPECT_EQ(sync_log(h), "S0 S0");
    EXPECT_TRUE(h.stalled());
    EXPECT_EQ(h.creadr(), 32u);
    EXPECT_EQ(last_record(h).count, 2u);
}

// ---- Counters -------------------------------------------------------------

TEST(QueueStats, CommandsAreCountedByOpcode)
{
    ItsHarness h(qemu_config());
    h.bring_up();
    for (uint32_t i = 0; i < 4; i++)
        h.run(cmd::mapc(i, i));
    const uint64_t itt = h.alloc(12u << 14, 256);
    its_stats_clear(h.its());

    const Cmd all[] = {cmd::mapd(2, 13, itt), cmd::mapc(4, 2),   cmd::mapti(2, 1, 9000, 4),
                       cmd::mapi(2, 8200, 0), cmd::int_(2, 1),    cmd::clear(2, 1),
                       cmd::inv(2, 1),        cmd::movi(2, 1, 0), cmd::discard(2, 1),
                       cmd::invall(4),        cmd::sync(0),       cmd::movall(0, 1)};
    for (const Cmd &c : all)
        h.run(c);
    EXPECT_EQ(h.last_error(), 0u);
    its_stats st = h.stats();
    for (unsigned op = 0; op < 16; op++) {
        bool known = std::string(its_cmd_name(uint8_t(op))) != "UNKNOWN";
        EXPECT_EQ(st.commands[op], known ? 1u : 0u) << its_cmd_name(uint8_t(op)) << " " << op;
    }
    EXPECT_EQ(st.commands_unknown, 0u);
    EXPECT_EQ(st.command_errors, 0u);

    h.put({0x02, 0, 0, 0});
    h.put({0x30, 0, 0, 0});
    h.run(cmd::sync(1));
    st = h.stats();
    EXPECT_EQ(st.commands_unknown, 2u);
    EXPECT_EQ(st.commands[0x02], 0u);
    EXPECT_EQ(st.commands[ITS_CMD_SYNC], 2u);
    EXPECT_EQ(st.command_errors, 2u);
    EXPECT_EQ(st.stalls, 0u);
    EXPECT_EQ(st.retries, 0u);
}

TEST(QueueStats, StallsAndRetriesAreCounted)
{
    ItsHarness h(make_config(ITS_POLICY_STALL));
    h.bring_up();
    const uint64_t slot = h.cwriter();
    h.put(cmd::invall(7));
    EXPECT_EQ(h.stats().stalls, 1u);
    h.wr(CWRITER, h.cwriter()); // no Retry: stays stalled, nothing counted
    EXPECT_TRUE(h.stalled());
    EXPECT_EQ(h.stats().stalls, 1u);
    EXPECT_EQ(h.stats().retries, 0u);
    h.wr(CWRITER, h.cwriter() | 1);
    EXPECT_EQ(h.stats().stalls, 2u);
    EXPECT_EQ(h.stats().retries, 1u);
    place(h, h.queue_base(), slot, cmd::sync(0));
    h.wr(CWRITER, h.cwriter() | 1);
    EXPECT_FALSE(h.stalled());
    EXPECT_EQ(h.stats().stalls, 2u);
    EXPECT_EQ(h.stats().retries, 2u);
    h.wr(CWRITER, h.cwriter() | 1); // not stalled: not a retry
    EXPECT_EQ(h.stats().retries, 2u);
    EXPECT_EQ(h.stats().command_errors, 2u);
    EXPECT_EQ(h.stats().commands[ITS_CMD_SYNC], 1u);
}

} // namespace
