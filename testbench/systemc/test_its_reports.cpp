// SPDX-License-Identifier: Apache-2.0
// Reports: each ITS reports with the message type "gicv3::its/" + name(),
// so that actions can be set per instance; nothing prints by default.
#include "tlm_bench.h"

using namespace tb;

namespace {

struct seen {
    std::string type, msg;
};
std::vector<seen> reports;

void record(const sc_core::sc_report &r, const sc_core::sc_actions &actions)
{
    if (r.get_severity() >= sc_core::SC_WARNING)
        ADD_FAILURE() << r.get_msg_type() << ": " << r.get_msg();
    else if (actions & sc_core::SC_DISPLAY)
        reports.push_back({r.get_msg_type(), r.get_msg()});
}

// A bad register access, a command that fails, an MSI without a DeviceID
// (dropped) and one whose ITT read faults, on one ITS.
void misbehave(bench &b)
{
    b.bring_up();
    b.map_device();
    uint64_t v = 0;
    EXPECT_EQ(b.cpu.read(bench::kIts + CTLR, v, 3).status, tlm::TLM_BURST_ERROR_RESPONSE);
    b.put(cmd::mapti(99, 0, 8300, 0)); // device 99 is not mapped
    b.put(cmd::mapd(2, 3, 0x1000));    // ITT where nothing answers
    b.publish();
    wait(ns(2000));
    b.msi(0, std::nullopt);
    b.msi(0, 2);
    wait(ns(1000));
}

bool any(const std::string &type, const std::string &text)
{
    for (const seen &s : reports)
        if (s.type == type && s.msg.find(text) != std::string::npos)
            return true;
    return false;
}

} // namespace

TEST(ItsReports, MessageTypeNamesTheInstance)
{
    bench b("b", bench::qemu());
    EXPECT_EQ(std::string(b.its.msg_type()), std::string("gicv3::its/") + b.its.name());
}

TEST(ItsReports, NothingIsShownAtTheDefaultVerbosity)
{
    sc_core::sc_report_handler::set_handler(record);
    bench b("b", bench::qemu());
    run([&] { misbehave(b); });
    EXPECT_EQ(b.its.stats().msi[ITS_MSI_DROP_NO_DEVICE_ID], 1u);
    EXPECT_TRUE(reports.empty()) << reports.front().type << ": " << reports.front().msg;
}

// Two ITSs misbehave alike; only the one whose message type has actions set
// is shown.
TEST(ItsReports, ActionsPerInstance)
{
    sc_core::sc_report_handler::set_handler(record);
    bench a("a", bench::qemu()), b("b", bench::qemu());
    sc_core::sc_report_handler::set_verbosity_level(sc_core::SC_DEBUG);
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    sc_core::sc_report_handler::set_actions(a.its.msg_type(), sc_core::SC_INFO, sc_core::SC_DISPLAY);
    run([&] {
        misbehave(a);
        misbehave(b);
    });
    sc_core::sc_report_handler::set_verbosity_level(sc_core::SC_MEDIUM);
    ASSERT_FALSE(reports.empty());
    for (const seen &s : reports)
        EXPECT_EQ(s.type, a.its.msg_type()) << s.msg;
    const std::string t = a.its.msg_type();
    EXPECT_TRUE(any(t, "refused")) << "bad register access";
    EXPECT_TRUE(any(t, "failed: E_ITS 0x")) << "command error";
    EXPECT_TRUE(any(t, "faulted")) << "table fetch fault";
    EXPECT_TRUE(any(t, "dropped: no_device_id")) << "MSI drop";
}
