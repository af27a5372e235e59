// SPDX-License-Identifier: Apache-2.0
//
// its-lookup-sc: its_lookup verilated as a SystemC module (--sc), clocked by
// an sc_clock, beside the C core. A driver thread feeds both the same seeded
// command and MSI stream, one operation per clock, and compares their
// answers operation by operation. Exit status 1 on any mismatch.
//
// Usage: its-lookup-sc [--seed N] [--ops N]
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <systemc>

#include "Vits_lookup.h"
#include "its_ref.h"
#include "stream.h"

namespace {

using namespace sc_core;

struct cosim : sc_module {
    SC_HAS_PROCESS(cosim);

    sc_clock clk{"clk", 10, SC_NS};
    sc_signal<bool> rst_n{"rst_n"}, cmd_valid{"cmd_valid"}, msi_valid{"msi_valid"};
    sc_signal<uint64_t> cmd_dw0{"cmd_dw0"}, cmd_dw1{"cmd_dw1"}, cmd_dw2{"cmd_dw2"};
    sc_signal<uint32_t> msi_device_id{"msi_device_id"}, msi_event_id{"msi_event_id"};
    sc_signal<bool> cmd_done{"cmd_done"}, cmd_known{"cmd_known"}, cmd_err{"cmd_err"};
    sc_signal<bool> rsp_valid{"rsp_valid"}, rsp_hit{"rsp_hit"}, overflow{"overflow"};
    sc_signal<uint32_t> rsp_result{"rsp_result"}, rsp_intid{"rsp_intid"};
    sc_signal<uint32_t> rsp_icid{"rsp_icid"}, rsp_target{"rsp_target"};

    Vits_lookup dut{"dut"};

    its_ref *ref;
    uint64_t seed, ops;
    unsigned long long msis = 0, commands = 0, mismatches = 0;
    bool ran = false;

    cosim(sc_module_name name, its_ref *r, uint64_t seed_, uint64_t ops_)
        : sc_module(name), ref(r), seed(seed_), ops(ops_)
    {
        dut.clk(clk);
        dut.rst_n(rst_n);
        dut.cmd_valid(cmd_valid);
        dut.cmd_dw0(cmd_dw0);
        dut.cmd_dw1(cmd_dw1);
        dut.cmd_dw2(cmd_dw2);
        dut.cmd_done(cmd_done);
        dut.cmd_known(cmd_known);
        dut.cmd_err(cmd_err);
        dut.msi_valid(msi_valid);
        dut.msi_device_id(msi_device_id);
        dut.msi_event_id(msi_event_id);
        dut.rsp_valid(rsp_valid);
        dut.rsp_hit(rsp_hit);
        dut.rsp_result(rsp_result);
        dut.rsp_intid(rsp_intid);
        dut.rsp_icid(rsp_icid);
        dut.rsp_target(rsp_target);
        dut.overflow(overflow);
        SC_THREAD(drive);
    }

    void report(const char *what)
    {
        if (++mismatches <= 10)
            std::printf("mismatch at %s: %s\n", sc_time_stamp().to_string().c_str(), what);
    }

    // Inputs change on the falling edge; the block samples them on the
    // rising one and its answer is read on the next falling edge.
    void drive()
    {
        rst_n = false;
        cmd_valid = false;
        msi_valid = false;
        wait(clk.negedge_event());
        wait(clk.negedge_event());
        rst_n = true;

        stream s;
        stream_init(&s, its_ref_params(ref), seed);
        for (uint64_t n = 0; n < ops; n++) {
            stream_op op;
            stream_next(&s, &op);
            its_translation t{};
            its_msi_result expect = ITS_MSI_DELIVERED;
            uint32_t code = 0;
            cmd_valid = op.kind == STREAM_CMD;
            msi_valid = op.kind == STREAM_MSI;
            if (op.kind == STREAM_CMD) {
                cmd_dw0 = op.cmd[0];
                cmd_dw1 = op.cmd[1];
                cmd_dw2 = op.cmd[2];
                code = its_ref_command(ref, op.cmd);
            } else {
                msi_device_id = op.device_id;
                msi_event_id = op.event_id;
                expect = its_ref_msi(ref, op.device_id, op.event_id, &t);
            }
            wait(clk.negedge_event());

            char what[200];
            if (op.kind == STREAM_CMD) {
                commands++;
                if (!cmd_done.read())
                    report("the block did not take a command");
                else if (cmd_known.read() && cmd_err.read() != (code != 0)) {
                    std::snprintf(what, sizeof what, "command 0x%02x: block %s, core error 0x%06x",
                                  (unsigned)(op.cmd[0] & 0xFF), cmd_err.read() ? "failed" : "done",
                                  code);
                    report(what);
                }
            } else {
                msis++;
                bool delivered = expect == ITS_MSI_DELIVERED;
                if (!rsp_valid.read() || rsp_result.read() != (uint32_t)expect ||
                    rsp_hit.read() != delivered ||
                    (delivered && (rsp_intid.read() != t.intid || rsp_icid.read() != t.icid ||
                                   rsp_target.read() != t.target))) {
                    std::snprintf(what, sizeof what,
                                  "MSI device 0x%x event 0x%x: block %u intid %u icid %u target %u, "
                                  "core %s intid %u icid %u target %u",
                                  op.device_id, op.event_id, rsp_result.read(), rsp_intid.read(),
                                  rsp_icid.read(), rsp_target.read(), its_msi_result_name(expect),
                                  t.intid, t.icid, t.target);
                    report(what);
                }
            }
        }
        cmd_valid = false;
        msi_valid = false;
        if (overflow.read())
            report("the block ran out of ITE slots");
        ran = true;
        sc_stop();
    }
};

} // namespace

int sc_main(int argc, char **argv)
{
    unsigned long long seed = 1, ops = 20000;
    for (int i = 1; i < argc; i++) {
        if (!std::strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = std::strtoull(argv[++i], nullptr, 0);
        else if (!std::strcmp(argv[i], "--ops") && i + 1 < argc)
            ops = std::strtoull(argv[++i], nullptr, 0);
        else {
            std::fprintf(stderr, "usage: %s [--seed N] [--ops N]\n", argv[0]);
            return 2;
        }
    }
    lookup_params p{};
    p.dev_bits = LOOKUP_DEV_BITS;
    p.ev_bits = LOOKUP_EV_BITS;
    p.icid_bits = LOOKUP_ICID_BITS;
    p.num_targets = LOOKUP_NUM_TARGETS;
    p.lpi_bits = LOOKUP_LPI_BITS;
    its_ref *ref = its_ref_create(&p);
    if (!ref)
        return 2;

    int status;
    {
        cosim top("top", ref, seed, ops);
        sc_report_handler::set_actions(SC_INFO, SC_DO_NOTHING); // "simulation stopped"
        sc_start();
        std::printf("systemc cosim: %llu msis and %llu commands compared, %llu mismatches "
                    "(seed %llu, %s simulated)\n",
                    top.msis, top.commands, top.mismatches, seed,
                    sc_time_stamp().to_string().c_str());
        its_ref_print_outcomes(ref, stdout);
        status = top.ran && top.mismatches == 0 ? 0 : 1;
    }
    its_ref_destroy(ref);
    return status;
}
