// SPDX-License-Identifier: Apache-2.0
// The replay engine on traces the model must not match (tampered reference
// answers, acknowledges added or removed) and on traces it cannot replay
// (a register or a command the model lacks): failures and errors name the
// file and line.
#include <gtest/gtest.h>

#include <algorithm>

#include "scenario.h"
#include "gicv3_vp/replay/replayer.h"

namespace {

using rs::kLpi0;
using rs::scenario;
using gicv3_vp::replay::event;
using gicv3_vp::replay::op;
using gicv3_vp::replay::report;

// Four CPUs, one device of four events on CPUs 0..3, two rounds of MSIs.
scenario traffic()
{
    scenario s(4);
    s.bring_up();
    s.mapd(0x8, 2);
    for (uint32_t ev = 0; ev < 4; ev++)
        s.map_event(0x8, ev, kLpi0 + ev, ev);
    for (int round = 0; round < 2; round++) {
        for (uint32_t ev = 0; ev < 4; ev++)
            s.msi(0x8, ev);
        s.ack_all();
    }
    return s;
}

std::vector<event> &events(scenario &s) { return s.current().events; }

event &nth(scenario &s, op kind, size_t n)
{
    for (event &e : events(s))
        if (e.kind == kind && n-- == 0)
            return e;
    throw std::logic_error("no such event");
}

std::string at(const event &e) { return e.at.file + ":" + std::to_string(e.at.line) + ": "; }

// K > 0, the report names the line, and the run does not pass.
void expect_failure_at(const report &r, const std::string &where, const std::string &what)
{
    EXPECT_EQ(r.error, "");
    EXPECT_GT(r.mismatched, 0u);
    EXPECT_FALSE(r.passed());
    std::string text = gicv3_vp::replay::format(r);
    EXPECT_NE(text.find("replay: mismatch: " + where), std::string::npos) << text;
    EXPECT_NE(text.find(what), std::string::npos) << text;
    EXPECT_EQ(text.substr(text.rfind("replay: ", text.size() - 2)), gicv3_vp::replay::summary_line(r) + "\n");
}

TEST(ReplayNegative, UntamperedTrafficPasses)
{
    scenario s = traffic();
    report r = gicv3_vp::replay::replay(s.traces());
    EXPECT_TRUE(r.passed()) << gicv3_vp::replay::format(r);
    EXPECT_EQ(gicv3_vp::replay::summary_line(r), "replay: 8 msis, 8 matched, 0 mismatched, 8 delivered, 0 merged");
}

TEST(ReplayNegative, WrongIntidInTheReferenceReads)
{
    scenario s = traffic();
    event &e = nth(s, op::msi, 5);
    e.ref.intid += 1;
    std::string where = at(e);
    report r = gicv3_vp::replay::replay(s.traces());
    EXPECT_EQ(r.mismatched, 1u);
    EXPECT_EQ(r.matched, 7u);
    expect_failure_at(r, where, "model INTID 8193 on cpu 1, reference INTID 8194 on cpu 1");
}

TEST(ReplayNegative, WrongTargetCpuInTheReferenceReads)
{
    scenario s = traffic();
    event &e = nth(s, op::msi, 2);
    e.ref.rdbase = 0;
    std::string where = at(e);
    report r = gicv3_vp::replay::replay(s.traces());
    EXPECT_EQ(r.mismatched, 1u);
    expect_failure_at(r, where, "reference INTID 8194 on cpu 0");
}

TEST(ReplayNegative, ReferenceDropThatTheModelDelivers)
{
    scenario s = traffic();
    event &e = nth(s, op::msi, 0);
    e.ref = {};
    e.ref.drop = "unmapped_event";
    std::string where = at(e);
    report r = gicv3_vp::replay::replay(s.traces());
    expect_failure_at(r, where, "model INTID 8192 on cpu 0, reference dropped (unmapped_event)");
}

// An IAR1 of an LPI nothing made pending: the reference took it, the model cannot.
TEST(ReplayNegative, ExtraAcknowledge)
{
    scenario s = traffic();
    auto &ev = events(s);
    event ack = nth(s, op::iar1, 1), eoi = nth(s, op::eoir1, 1);
    ack.at.line = eoi.at.line = 100000;
    ev.push_back(ack);
    ev.push_back(eoi);
    report r = gicv3_vp::replay::replay(s.traces());
    EXPECT_EQ(r.mismatched, 1u);
    EXPECT_EQ(r.delivered, 8u);
    expect_failure_at(r, "hand-made.log:100000: ", "the reference acknowledged LPI 8193 here");
}

// One acknowledge removed: the LPI stays pending in the model, which takes
// it at the CPU's next acknowledge or, at the latest, when the trace ends.
TEST(ReplayNegative, MissingAcknowledge)
{
    scenario s = traffic();
    auto &ev = events(s);
    size_t last_iar = 0;
    for (size_t i = 0; i < ev.size(); i++)
        if (ev[i].kind == op::iar1)
            last_iar = i;
    ASSERT_EQ(ev[last_iar + 1].kind, op::eoir1);
    uint32_t lpi = uint32_t(ev[last_iar].data);
    ev.erase(ev.begin() + long(last_iar), ev.begin() + long(last_iar) + 2);
    report r = gicv3_vp::replay::replay(s.traces());
    EXPECT_EQ(r.mismatched, 1u);
    expect_failure_at(r, at(ev.back()), "LPI " + std::to_string(lpi) + " is still deliverable in the model");
}

// The ITS disabled under the reference's feet: the commands it ran never run.
TEST(ReplayNegative, CommandsTheModelDidNotRun)
{
    scenario s(2);
    s.bring_up();
    s.its_write(0x0, 4, 0);
    s.mapd(0x8, 2);
    report r = gicv3_vp::replay::replay(s.traces());
    EXPECT_EQ(at(nth(s, op::command, 6)), "hand-made.log:29: ");
    expect_failure_at(r, "hand-made.log:29: ",
                      "1 command(s) the reference ran on the write at hand-made.log:30 did not run in the model "
                      "(CREADR 0xc0, ITS disabled)");
}

TEST(ReplayNegative, IdentityThatIsNotTheTracedMachine)
{
    scenario s(2);
    s.bring_up();
    event &e = events(s).emplace_back();
    e.kind = op::its_read;
    e.offset = 0x8;
    e.size = 8;
    e.data = 0x1f0001efb3; // GITS_TYPER of another ITS
    e.at = {"hand-made.log", 5000, 0, 0};
    report r = gicv3_vp::replay::replay(s.traces());
    expect_failure_at(r, "hand-made.log:5000: ", "GITS offset 0x8 reads 0x1f0001efb1 in the model, 0x1f0001efb3");
}

// ---- Traces the model cannot replay: an error naming file and line --------

void expect_error(scenario &s, const std::string &where, const std::string &what)
{
    report r = gicv3_vp::replay::replay(s.traces());
    EXPECT_EQ(r.error.rfind(where, 0), 0u) << r.error;
    EXPECT_NE(r.error.find(what), std::string::npos) << r.error;
    EXPECT_FALSE(r.passed());
}

TEST(ReplayNegative, ItsRegisterTheModelLacks)
{
    scenario s(2);
    s.bring_up();
    s.its_write(0xC0, 8, 1);
    expect_error(s, at(events(s).back()), "ITS offset 0xc0 is a register the model lacks (write)");
}

// A read of a reserved offset is an error only when the reference read
// something there: QEMU's reserved offsets read 0 (its *_badread events).
TEST(ReplayNegative, ItsReadOfARegisterTheModelLacks)
{
    scenario s(2);
    s.bring_up();
    auto read = [&](uint64_t off, uint64_t data) {
        event &e = events(s).emplace_back();
        e.kind = op::its_read;
        e.offset = off;
        e.size = 4;
        e.data = data;
        e.at = {"hand-made.log", 4000 + off, 0, 0};
    };
    read(0xC4, 0);    // reserved on both sides: fine
    read(0x40, 0x1);  // GITS_STATUSR, which the model lacks
    expect_error(s, "hand-made.log:4064: ", "ITS offset 0x40 is a register the model lacks (read)");
}

TEST(ReplayNegative, GicrRegisterTheModelLacks)
{
    scenario s(2);
    s.bring_up();
    s.redist_write(1, 0x30, 4, 1);
    expect_error(s, at(events(s).back()), "GICR offset 0x30 is a register the model lacks (write)");
}

TEST(ReplayNegative, AccessOutsideTheMachine)
{
    scenario s(2);
    s.bring_up();
    s.redist_write(1, 0x20000, 4, 1); // beyond the last GICR frame: nothing answers there
    expect_error(s, at(events(s).back()), "the model has nothing there");
}

TEST(ReplayNegative, CommandTheModelLacks)
{
    scenario s(2);
    s.bring_up();
    s.raw_command(0x29, {0x29, 0, 0, 0}); // VMAPP (GICv4)
    expect_error(s, at(nth(s, op::command, 6)), "command opcode 0x29 is one the model lacks");
}

// More CPUs than QEMU virt's first redistributor region holds: the line
// that names the first one beyond it.
TEST(ReplayNegative, MoreCpusThanTheFirstGicrRegion)
{
    scenario s(2);
    s.bring_up();
    event &e = events(s).emplace_back();
    e.kind = op::redist_read;
    e.cpu = 200;
    e.offset = 0x8;
    e.size = 8;
    e.at = {"hand-made.log", 555, 0, 0};
    std::vector<gicv3_vp::replay::trace> &t = s.traces();
    t[0].cpus = 201; // as the loader counts it
    report r = gicv3_vp::replay::replay(t);
    EXPECT_EQ(r.error, "hand-made.log:555: 201 CPUs seen: the replay needs 1 to 123 (the first redistributor region "
                       "of QEMU virt)");
    EXPECT_FALSE(r.passed());
}

TEST(ReplayNegative, CpuBeyondTheMachine)
{
    scenario s(2);
    s.bring_up();
    event &e = events(s).emplace_back();
    e.kind = op::iar1;
    e.cpu = 2;
    e.data = kLpi0;
    e.at = {"hand-made.log", 777, 0, 0};
    expect_error(s, "hand-made.log:777: ", "CPU 2 is beyond the 2 CPUs");
}

} // namespace
