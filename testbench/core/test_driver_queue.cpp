// SPDX-License-Identifier: Apache-2.0
// The driver kit's command queue and failure reporting on the C platform:
// thousands of commands wrapping the 64 KB queue, the full check, and every
// failure reported with its status rather than a hang (no ITS, an ITS that
// makes no progress, a stalled queue, no memory, bad arguments).
#include "driver_test.h"

#include <set>
#include <tuple>

using namespace drvtest;

namespace {

// ---- Wrapping ---------------------------------------------------------------

class DriverQueueWrap : public ::testing::TestWithParam<std::tuple<Preset, bool>> {};

TEST_P(DriverQueueWrap, ThousandsOfCommandsWrapSeveralTimes)
{
    auto [preset, deferred] = GetParam();
    its_config cfg = preset.make(4);
    cfg.process_on_write = !deferred;
    CPlatform p(cfg, 4);
    p.run_queue_on_poll = deferred;
    ASSERT_EQ(p.bring_up(), DRV_OK);
    its_driver *d = p.driver();
    const drv_env *e = p.env();
    ASSERT_EQ(drv_device_add(d, e, 0x77, 4), DRV_OK);
    for (uint32_t v = 0; v < 4; v++)
        ASSERT_EQ(drv_vector_activate(d, e, 0x77, v, v, nullptr), DRV_OK);

    const unsigned rounds = 1500; // 4 commands each: 6000 commands, three wraps
    uint64_t start = drv_commands_sent(d);
    for (unsigned r = 0; r < rounds; r++) {
        uint32_t v = r % 4;
        ASSERT_EQ(drv_vector_mask(d, e, 0x77, v, true), DRV_OK) << r;
        ASSERT_EQ(drv_vector_set_affinity(d, e, 0x77, v, (r / 4 + v) % 4), DRV_OK) << r;
        ASSERT_EQ(drv_vector_mask(d, e, 0x77, v, false), DRV_OK) << r;
    }
    uint64_t sent = drv_commands_sent(d) - start;
    EXPECT_GT(drv_commands_sent(d), 3ull * kSlots) << "the queue wrapped at least three times";
    expect_queue_drained(p);
    its_stats s = stats(p);
    EXPECT_EQ(s.command_errors, 0u);
    EXPECT_EQ(s.commands[ITS_CMD_INV], 4 + 2ull * rounds);
    EXPECT_EQ(s.commands[ITS_CMD_MOVI] * 2 + 4ull * rounds, sent) << "every command ran exactly once";

    // The last commands, read back from the wrapped queue memory.
    std::vector<Cmd> q = queue_cmds(p, drv_commands_sent(d) - 2, 2);
    EXPECT_EQ(op_names(q), "INV SYNC");
    EXPECT_EQ(q[0].dw[1], (rounds - 1) % 4);
    // Every vector still goes where the driver says.
    for (uint32_t v = 0; v < 4; v++) {
        ASSERT_EQ(p.msi(0x77, v), ITS_MSI_DELIVERED);
        auto got = p.take_all();
        ASSERT_EQ(got.size(), 1u);
        EXPECT_EQ(got[0].first, drv_vector_cpu(d, 0x77, v));
        EXPECT_EQ(got[0].second, drv_vector_intid(d, 0x77, v));
    }
}

INSTANTIATE_TEST_SUITE_P(Presets, DriverQueueWrap,
                         ::testing::Combine(::testing::Values(kQemu, kGic600), ::testing::Bool()),
                         [](const auto &i) {
                             return std::string(std::get<0>(i.param).name) +
                                    (std::get<1>(i.param) ? "_deferred" : "_immediate");
                         });

// An ITS that runs one command per register read: completion takes several
// polls, progress accumulates across them and across the wraps.
TEST(DriverQueue, SlowItsProgressAccumulatesAcrossPollsAndWraps)
{
    its_config cfg = gic600(4);
    cfg.process_on_write = false;
    CPlatform p(cfg, 4);
    p.run_queue_on_poll = true;
    p.run_queue_max = 1;
    drv_options o;
    drv_options_default(&o);
    o.poll_limit = 4; // MAPTI + SYNC needs two polls at most: no timeout
    ASSERT_EQ(p.bring_up(&o), DRV_OK);
    ASSERT_EQ(drv_device_add(p.driver(), p.env(), 0x1234, 2), DRV_OK);
    ASSERT_EQ(drv_vector_activate(p.driver(), p.env(), 0x1234, 1, 2, nullptr), DRV_OK);
    uint64_t relaxes = p.relaxes();
    for (unsigned i = 0; i < 2500; i++)
        ASSERT_EQ(drv_vector_mask(p.driver(), p.env(), 0x1234, 1, i % 2 == 0), DRV_OK) << i;
    EXPECT_EQ(p.relaxes() - relaxes, 2500u) << "one relax() per INV + SYNC: the SYNC runs on the second poll";
    EXPECT_GT(drv_commands_sent(p.driver()), 2ull * kSlots);
    expect_queue_drained(p);
    EXPECT_EQ(stats(p).command_errors, 0u);
    ASSERT_EQ(p.msi(0x1234, 1), ITS_MSI_DELIVERED);
    EXPECT_EQ(p.take_all().size(), 1u);
}

// Raw commands through drv_send_command wrap too, in the same slot order.
TEST(DriverQueue, RawCommandsWrapInOrder)
{
    CPlatform p(qemu(2), 2);
    ASSERT_EQ(p.bring_up(), DRV_OK);
    uint64_t start = drv_commands_sent(p.driver());
    for (uint32_t i = 0; i < 5000; i++) {
        uint64_t c[4] = {ITS_CMD_SYNC, 0, uint64_t(i % 2) << 16, 0};
        ASSERT_EQ(drv_send_command(p.driver(), p.env(), c), DRV_OK);
    }
    EXPECT_EQ(drv_commands_sent(p.driver()), start + 5000);
    expect_queue_drained(p);
    for (uint64_t n = start + 5000 - kSlots + 1; n < start + 5000; n += 97) {
        Cmd c = queue_slot(p, unsigned(n % kSlots));
        EXPECT_EQ(c.op(), ITS_CMD_SYNC);
        EXPECT_EQ(c.dw[2], ((n - start) % 2) << 16) << n;
    }
}

// The queue is full at 2047 commands: (widx + 1) mod 2048 == CREADR / 32.
TEST(DriverQueue, FullAtOneSlotShortOfTheQueue)
{
    its_config cfg = qemu(1);
    cfg.process_on_write = false;
    CPlatform p(cfg, 1);
    p.run_queue_on_poll = true;
    drv_options o;
    drv_options_default(&o);
    o.poll_limit = 3;
    ASSERT_EQ(p.bring_up(&o), DRV_OK);
    p.run_queue_on_poll = false; // from now on nobody runs the queue
    uint64_t sent = drv_commands_sent(p.driver());
    uint64_t creadr = its_reg(p, kCreadr);
    unsigned fit = 0;
    drv_status s = DRV_OK;
    for (; fit < kSlots + 5; fit++) {
        uint64_t c[4] = {ITS_CMD_SYNC, 0, 0, 0};
        if ((s = drv_send_command(p.driver(), p.env(), c)) != DRV_E_QUEUE_TIMEOUT)
            break;
    }
    EXPECT_EQ(s, DRV_E_QUEUE_FULL);
    EXPECT_EQ(fit, kSlots - 1) << "one slot always stays empty";
    EXPECT_EQ(its_reg(p, kCreadr), creadr) << "nothing ran";
    EXPECT_EQ(drv_commands_sent(p.driver()), sent + kSlots - 1);
    EXPECT_EQ(its_reg(p, kCwriter), (creadr + 32 * (kSlots - 1)) % (32 * kSlots));

    // Someone runs the queue again: the next command goes through.
    p.run_queue_on_poll = true;
    uint64_t c[4] = {ITS_CMD_SYNC, 0, 0, 0};
    EXPECT_EQ(drv_send_command(p.driver(), p.env(), c), DRV_OK);
    expect_queue_drained(p);
}

// ---- Failures are reported ---------------------------------------------------

TEST(DriverErrors, NoItsAtItsBase)
{
    for (uint64_t where : {CPlatform::kGicd, CPlatform::kRam}) {
        CPlatform p(qemu(1), 1);
        drv_layout l = *p.layout();
        l.its_base = where; // PIDR2 reads 0 there
        EXPECT_EQ(drv_probe(&p.driver(), p.env(), &l, nullptr), DRV_E_NO_ITS);
    }
    its_config cfg = qemu(1);
    cfg.pidr[2] = 0x2B; // ArchRev 2: a GICv2m-era part, not an ITS
    CPlatform p(cfg, 1);
    EXPECT_EQ(p.bring_up(), DRV_E_NO_ITS);
    EXPECT_EQ(its_reg(p, kCtlr, 4) & 1, 0u) << "left alone";
}

// An ITS disabled behind the driver's back makes no progress.
TEST(DriverErrors, ItsDisabledAfterProbeTimesOut)
{
    CPlatform p(gic600(2), 2);
    drv_options o;
    drv_options_default(&o);
    o.poll_limit = 50;
    ASSERT_EQ(drv_probe(&p.driver(), p.env(), p.layout(), &o), DRV_OK);
    ASSERT_EQ(its_write(p.its(), kCtlr, 4, 0), ITS_ACCESS_OK);
    uint64_t relaxes = p.relaxes();
    EXPECT_EQ(drv_cpu_init(p.driver(), p.env(), 0), DRV_E_QUEUE_TIMEOUT);
    EXPECT_EQ(p.relaxes() - relaxes, o.poll_limit) << "poll_limit relax() steps, then the timeout";
}

// Deferred processing with nobody running the queue.
TEST(DriverErrors, DeferredQueueNobodyRunsTimesOut)
{
    its_config cfg = qemu(4);
    cfg.process_on_write = false;
    CPlatform p(cfg, 4);
    drv_options o;
    drv_options_default(&o);
    o.poll_limit = 1000;
    ASSERT_EQ(drv_probe(&p.driver(), p.env(), p.layout(), &o), DRV_OK);
    uint64_t relaxes = p.relaxes();
    EXPECT_EQ(drv_cpu_init(p.driver(), p.env(), 0), DRV_E_QUEUE_TIMEOUT);
    EXPECT_EQ(p.relaxes() - relaxes, 1000u);
    EXPECT_EQ(its_reg(p, kCreadr), 0u);
    EXPECT_EQ(its_reg(p, kCwriter), 64u) << "MAPC + SYNC published";
    // Running the queue now lets the next CPU come up.
    p.run_queue_on_poll = true;
    EXPECT_EQ(drv_cpu_init(p.driver(), p.env(), 1), DRV_OK);
    expect_queue_drained(p);
}

// GIC-600 stalls on a command error; Linux never retries, so the stall
// looks like a timeout, and so does everything queued behind it.
TEST(DriverErrors, StalledQueueTimesOut)
{
    CPlatform p(gic600(2), 2);
    drv_options o;
    drv_options_default(&o);
    o.poll_limit = 20;
    ASSERT_EQ(p.bring_up(&o), DRV_OK);
    uint64_t bad[4] = {(0x999ull << 32) | ITS_CMD_MAPTI, 8192ull << 32, 0, 0}; // unmapped device
    uint64_t relaxes = p.relaxes();
    EXPECT_EQ(drv_send_command(p.driver(), p.env(), bad), DRV_E_QUEUE_TIMEOUT);
    EXPECT_EQ(p.relaxes() - relaxes, 20u);
    EXPECT_EQ(its_reg(p, kCreadr) & 1, 1u) << "CREADR.Stalled";
    EXPECT_EQ(stats(p).command_errors, 1u);
    EXPECT_EQ(drv_device_add(p.driver(), p.env(), 1, 1), DRV_E_QUEUE_TIMEOUT);
    // Under the ignore policy the same command is skipped and the queue goes on.
    its_config cfg = gic600(2);
    cfg.error_policy = ITS_POLICY_IGNORE;
    CPlatform q(cfg, 2);
    ASSERT_EQ(q.bring_up(&o), DRV_OK);
    EXPECT_EQ(drv_send_command(q.driver(), q.env(), bad), DRV_OK);
    EXPECT_EQ(drv_device_add(q.driver(), q.env(), 1, 1), DRV_OK);
}

TEST(DriverErrors, OutOfMemory)
{
    // Not enough for the tables: each stage of the probe, and the LPI tables.
    uint64_t needed = 0;
    {
        CPlatform p(gic600(4), 4);
        ASSERT_EQ(p.bring_up(), DRV_OK);
        needed = p.allocated();
    }
    for (uint64_t have : {uint64_t(0), uint64_t(0x10000), uint64_t(0x30000), needed - 0x10000}) {
        CPlatform p(gic600(4), 4);
        p.ram_end = CPlatform::kRam + have;
        EXPECT_EQ(p.bring_up(), DRV_E_NO_MEMORY) << std::hex << have;
    }
    // Enough for the bring-up, not for a new level-2 page or an ITT.
    CPlatform p(gic600(4), 4);
    ASSERT_EQ(p.bring_up(), DRV_OK);
    p.ram_end = CPlatform::kRam + p.allocated() + 0x1000;
    EXPECT_EQ(drv_device_add(p.driver(), p.env(), 0x80000, 1), DRV_E_NO_MEMORY) << "level-2 page";
    p.ram_end = CPlatform::kRamEnd;
    ASSERT_EQ(drv_device_add(p.driver(), p.env(), 0x80000, 1), DRV_OK);
    p.ram_end = CPlatform::kRam + p.allocated();
    EXPECT_EQ(drv_device_add(p.driver(), p.env(), 0x80001, 2), DRV_E_NO_MEMORY) << "ITT";
    EXPECT_EQ(drv_commands_sent(p.driver()), 4u * 4 + 1) << "nothing sent for the failures";
}

TEST(DriverErrors, BadArguments)
{
    CPlatform p(qemu(4), 4);
    drv_options o;
    drv_options_default(&o);
    ASSERT_EQ(drv_probe(&p.driver(), p.env(), p.layout(), &o), DRV_OK);
    its_driver *d = p.driver();
    const drv_env *e = p.env();
    EXPECT_EQ(drv_cpu_init(d, e, 4), DRV_E_ARGUMENT) << "no such CPU";
    for (unsigned c = 0; c < 3; c++)
        ASSERT_EQ(drv_cpu_init(d, e, c), DRV_OK);
    uint64_t sent = drv_commands_sent(d);

    EXPECT_EQ(drv_device_add(d, e, 1, 0), DRV_E_ARGUMENT) << "no vectors";
    EXPECT_EQ(drv_device_add(d, e, 1, 65537), DRV_E_ARGUMENT) << "beyond 16 EventID bits";
    EXPECT_EQ(drv_device_add(d, e, 0x10000, 1), DRV_E_ARGUMENT) << "beyond 16 DeviceID bits";
    EXPECT_EQ(drv_device_add(d, e, 0xFFFFFFFF, 1), DRV_E_ARGUMENT);
    EXPECT_EQ(drv_device_add(d, e, 1, 0xFFFFFFFF), DRV_E_ARGUMENT);
    ASSERT_EQ(drv_device_add(d, e, 1, 2), DRV_OK);
    EXPECT_EQ(drv_device_add(d, e, 1, 2), DRV_E_ARGUMENT) << "already added";
    EXPECT_EQ(drv_vector_activate(d, e, 2, 0, 0, nullptr), DRV_E_ARGUMENT) << "no such device";
    EXPECT_EQ(drv_vector_activate(d, e, 1, 2, 0, nullptr), DRV_E_ARGUMENT) << "no such event";
    EXPECT_EQ(drv_vector_activate(d, e, 1, 0, 4, nullptr), DRV_E_ARGUMENT) << "no such CPU";
    EXPECT_EQ(drv_vector_activate(d, e, 1, 0, 3, nullptr), DRV_E_ARGUMENT) << "CPU not brought up";
    EXPECT_EQ(drv_vector_mask(d, e, 1, 0, true), DRV_E_ARGUMENT) << "not active";
    EXPECT_EQ(drv_vector_raise(d, e, 1, 0, true), DRV_E_ARGUMENT);
    EXPECT_EQ(drv_vector_set_affinity(d, e, 1, 0, 1), DRV_E_ARGUMENT);
    EXPECT_EQ(drv_vector_deactivate(d, e, 1, 0), DRV_E_ARGUMENT);
    ASSERT_EQ(drv_vector_activate(d, e, 1, 0, 2, nullptr), DRV_OK);
    EXPECT_EQ(drv_vector_activate(d, e, 1, 0, 1, nullptr), DRV_E_ARGUMENT) << "already active";
    EXPECT_EQ(drv_vector_set_affinity(d, e, 1, 0, 3), DRV_E_ARGUMENT) << "CPU not brought up";
    EXPECT_EQ(drv_vector_set_affinity(d, e, 1, 0, 9), DRV_E_ARGUMENT);
    EXPECT_EQ(drv_device_remove(d, e, 2), DRV_E_ARGUMENT);
    EXPECT_EQ(drv_commands_sent(d), sent + 1 + 4) << "only the good MAPD and activation were sent";
    EXPECT_EQ(stats(p).command_errors, 0u);
    EXPECT_EQ(drv_vector_intid(d, 7, 0), 0u);
    EXPECT_EQ(drv_cpu_target(d, 99), 0u);
    EXPECT_EQ(drv_pending_table(d, 99), 0u);
}

// An ITS whose cacheability is RAZ while shareability sticks: the BASER value
// does not stick, and Linux gives up on the ITS ("doesn't stick").
TEST(DriverErrors, BaserValueDoesNotStick)
{
    its_config cfg = qemu(1);
    cfg.cacheability = false;
    CPlatform p(cfg, 1);
    EXPECT_EQ(p.bring_up(), DRV_E_BASER);
    EXPECT_EQ(its_reg(p, kCtlr, 4) & 1, 0u) << "not enabled";
}

// No LPIs in the distributor: no ITS bring-up.
TEST(DriverErrors, DistributorWithoutLpis)
{
    CPlatform p(qemu(1), 1);
    p.gicd_typer &= ~(1u << 17);
    p.log_mmio = true;
    EXPECT_EQ(p.bring_up(), DRV_E_NO_LPIS);
    ASSERT_EQ(p.mmio.size(), 1u) << "GICD_TYPER, and the ITS is never touched";
    EXPECT_EQ(p.mmio[0].pa, CPlatform::kGicd + 4);
}

TEST(DriverErrors, StatusNamesAreDistinct)
{
    std::set<std::string> names;
    for (int s = DRV_OK; s <= DRV_E_ARGUMENT; s++) {
        const char *n = drv_status_name(drv_status(s));
        ASSERT_NE(n, nullptr);
        EXPECT_STRNE(n, "invalid status") << s;
        names.insert(n);
    }
    EXPECT_EQ(names.size(), size_t(DRV_E_ARGUMENT) + 1);
    EXPECT_STREQ(drv_status_name(drv_status(DRV_E_ARGUMENT + 1)), "invalid status");
    EXPECT_STREQ(drv_status_name(DRV_E_QUEUE_TIMEOUT), "ITS queue timeout");
    EXPECT_STREQ(drv_status_name(DRV_E_QUEUE_FULL), "ITS queue not draining");
}

} // namespace
