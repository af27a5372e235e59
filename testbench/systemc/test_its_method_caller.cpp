// SPDX-License-Identifier: Apache-2.0
// An SC_METHOD cannot wait: an accurate-mode ITS reports it cleanly (an
// SC_ERROR naming the module, or an error response when the action does not
// throw) instead of failing inside wait(); the payload, whose DeviceID is
// set with gicv3::device_id_scope, is left without it on unwinding. LT mode
// from an SC_METHOD works.
#include "tlm_bench.h"

using namespace tb;

namespace {

gicv3::its_timing accurate()
{
    gicv3::its_timing t;
    t.accurate = true;
    return t;
}

std::vector<std::string> errors;
bool rethrow = true;

void handler(const sc_core::sc_report &r, const sc_core::sc_actions &actions)
{
    if (r.get_severity() == sc_core::SC_ERROR)
        errors.push_back(std::string(r.get_msg_type()) + "|" + r.get_msg());
    else if (r.get_severity() >= sc_core::SC_WARNING)
        ADD_FAILURE() << r.get_msg_type() << ": " << r.get_msg();
    if (rethrow)
        sc_core::sc_report_handler::default_handler(r, actions & ~(sc_core::SC_DISPLAY | sc_core::SC_LOG));
}

struct outcome {
    bool ran = false, caught = false, extension_left = true;
    std::string type, msg;
    tlm::tlm_response_status status = tlm::TLM_INCOMPLETE_RESPONSE;
};

// Brings the ITS up from a thread, then an SC_METHOD writes one MSI of
// device 1 event 0 with the DeviceID set by a scope.
outcome msi_from_a_method(bench &b)
{
    outcome o;
    sc_core::sc_event go;
    sc_core::sc_spawn_options opts;
    opts.spawn_method();
    opts.dont_initialize();
    opts.set_sensitivity(&go);
    sc_core::sc_spawn(
        [&] {
            o.ran = true;
            tlm::tlm_generic_payload gp;
            uint32_t data = 0;
            gp.set_command(tlm::TLM_WRITE_COMMAND);
            gp.set_address(bench::kIts + TRANSLATER);
            gp.set_data_ptr(reinterpret_cast<unsigned char *>(&data));
            gp.set_data_length(4);
            gp.set_streaming_width(4);
            gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
            sc_time d = SC_ZERO_TIME;
            try {
                gicv3::device_id_scope scope(gp, 1);
                b.cpu.socket->b_transport(gp, d);
            } catch (const sc_core::sc_report &r) {
                o.caught = true;
                o.type = r.get_msg_type();
                o.msg = r.get_msg();
            }
            o.extension_left = gp.get_extension<gicv3::device_id_extension>() != nullptr;
            o.status = gp.get_response_status();
        },
        "method_writer", &opts);
    run([&] {
        b.bring_up();
        b.map_device();
        b.rd.calls.clear();
        b.msis.clear();
        go.notify();
        wait(ns(1000));
    });
    return o;
}

} // namespace

TEST(ItsMethodCaller, AccurateModeFromAMethodIsACleanError)
{
    sc_core::sc_report_handler::set_handler(handler);
    bench b("b", bench::qemu(), accurate());
    const outcome o = msi_from_a_method(b);
    ASSERT_TRUE(o.ran);
    EXPECT_TRUE(o.caught);
    EXPECT_EQ(o.type, b.its.msg_type());
    EXPECT_NE(o.msg.find("SC_THREAD"), std::string::npos) << o.msg;
    EXPECT_NE(o.msg.find("SC_METHOD"), std::string::npos) << o.msg;
    EXPECT_NE(o.msg.find(b.its.name()), std::string::npos) << o.msg;
    EXPECT_FALSE(o.extension_left) << "the scope cleared the DeviceID while unwinding";
    EXPECT_TRUE(b.msis.empty());
    ASSERT_EQ(errors.size(), 1u);
}

// The action does not throw: the write completes with an error response.
TEST(ItsMethodCaller, WithANonThrowingActionThePayloadGetsAnErrorResponse)
{
    sc_core::sc_report_handler::set_handler(handler);
    rethrow = false;
    bench b("b", bench::qemu(), accurate());
    const outcome o = msi_from_a_method(b);
    ASSERT_TRUE(o.ran);
    EXPECT_FALSE(o.caught);
    EXPECT_EQ(o.status, tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_FALSE(o.extension_left);
    EXPECT_TRUE(b.msis.empty());
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find(b.its.msg_type()), std::string::npos);
}

TEST(ItsMethodCaller, LtModeFromAMethodDelivers)
{
    bench b("b", bench::qemu());
    const outcome o = msi_from_a_method(b);
    ASSERT_TRUE(o.ran);
    EXPECT_FALSE(o.caught);
    EXPECT_EQ(o.status, tlm::TLM_OK_RESPONSE);
    EXPECT_FALSE(o.extension_left);
    ASSERT_EQ(b.msis.size(), 1u);
    EXPECT_EQ(b.msis[0].result, ITS_MSI_DELIVERED);
    ASSERT_FALSE(b.rd.calls.empty());
    EXPECT_EQ(b.rd.calls.back().kind, "set_pending");
}
