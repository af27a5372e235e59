// SPDX-License-Identifier: Apache-2.0
//
// its-lookup-sc: its_lookup verilated as a SystemC module (--sc), clocked by
// an sc_clock, beside two references: the C core called directly (its_ref),
// and the SystemC/TLM-2.0 ITS, gicv3::its, with its command queue and tables
// in a gicv3_vp::memory, driven over its register socket. A driver thread
// feeds all three the same seeded command and MSI stream, one operation per
// clock, and compares their answers operation by operation. Exit status 1
// on any mismatch.
//
// Usage: its-lookup-sc [--seed N] [--ops N]
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <optional>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "Vits_lookup.h"
#include "gicv3/device_id_extension.h"
#include "gicv3/its.h"
#include "gicv3_vp/memory.h"
#include "its_ref.h"
#include "stream.h"

namespace {

using namespace sc_core;

// Redistributors that take every LPI: the translation is what is compared.
struct lpi_sink : sc_module, gicv3::lpi_target_if {
    explicit lpi_sink(sc_module_name n) : sc_module(n) {}
    gicv3::lpi_delivery set_pending(uint32_t, uint32_t, sc_time &) override
    {
        return gicv3::lpi_delivery::pending;
    }
    void clear_pending(uint32_t, uint32_t, sc_time &) override {}
    void move_pending(uint32_t, uint32_t, uint32_t, sc_time &) override {}
    void inv(uint32_t, uint32_t, sc_time &) override {}
    void invall(uint32_t, sc_time &) override {}
    void sync(uint32_t, sc_time &) override {}
    void movall(uint32_t, uint32_t, sc_time &) override {}
};

// gicv3::its as a reference: the same configuration and bring-up as its_ref,
// over TLM. Loosely timed with a 1 ps ITS clock, so that every operation's
// annotated time stays far inside one cycle of the block's clock.
struct tlm_reference : sc_module {
    tlm_utils::simple_initiator_socket<tlm_reference, 64> cpu{"cpu"};
    gicv3_vp::memory ram;
    gicv3::its its;
    lpi_sink rd{"rd"};
    std::optional<gicv3::command_record> last_command;
    std::optional<gicv3::msi_record> last_msi;
    uint32_t cwriter = 0;
    bool ok = true; // the bring-up and every command queue drain worked

    static gicv3::its_timing fast()
    {
        gicv3::its_timing t;
        t.clock_period = sc_time(1, SC_PS);
        return t;
    }
    static its_config config(const lookup_params &p)
    {
        its_config cfg;
        its_ref_config(&p, &cfg);
        return cfg;
    }

    tlm_reference(sc_module_name n, const lookup_params &p)
        : sc_module(n), ram("ram", its_ref_ram_bytes(&p), ITS_REF_RAM_BASE), its("its", config(p), fast())
    {
        cpu.bind(its.regs);
        its.mem.bind(ram.in);
        its.redistributors.bind(rd);
        its.on_command = [this](const gicv3::command_record &c) { last_command = c; };
        its.on_msi = [this](const gicv3::msi_record &m) { last_msi = m; };
    }

    // Register access at local time `local` (annotated, never waited).
    uint64_t access(tlm::tlm_command c, uint64_t offset, uint64_t v, unsigned len, sc_time &local,
                    std::optional<uint32_t> device_id = std::nullopt)
    {
        unsigned char b[8];
        for (unsigned i = 0; i < 8; i++)
            b[i] = static_cast<unsigned char>(v >> (8 * i));
        tlm::tlm_generic_payload gp;
        gp.set_command(c);
        gp.set_address(offset);
        gp.set_data_ptr(b);
        gp.set_data_length(len);
        gp.set_streaming_width(len);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        std::optional<gicv3::device_id_scope> sideband; // the MSI's DeviceID, for this call
        if (device_id)
            sideband.emplace(gp, *device_id);
        cpu->b_transport(gp, local);
        ok = ok && gp.is_response_ok();
        v = 0;
        for (int i = 7; i >= 0; i--)
            v = (v << 8) | b[i];
        return v;
    }
    uint64_t read(uint64_t offset, unsigned len, sc_time &local)
    {
        return access(tlm::TLM_READ_COMMAND, offset, 0, len, local);
    }
    void write(uint64_t offset, uint64_t v, unsigned len, sc_time &local)
    {
        access(tlm::TLM_WRITE_COMMAND, offset, v, len, local);
    }

    void bring_up()
    {
        sc_time local = SC_ZERO_TIME;
        write(0x100, its_ref_baser(0, read(0x100, 8, local)), 8, local);
        write(0x108, its_ref_baser(1, read(0x108, 8, local)), 8, local);
        write(0x80, its_ref_cbaser(), 8, local);
        write(0x88, 0, 8, local);
        write(0x0, 1, 4, local);
        ok = ok && (read(0x0, 4, local) & 1);
    }

    // 0 or the E_ITS code of the command.
    uint32_t command(const uint64_t cmd[4])
    {
        for (unsigned i = 0; i < 4; i++)
            ram.write64(ITS_REF_RAM_BASE + cwriter + 8 * i, cmd[i]);
        cwriter = (cwriter + 32) % ITS_REF_QUEUE_BYTES;
        last_command.reset();
        sc_time local = SC_ZERO_TIME;
        write(0x88, cwriter, 8, local);
        // Poll GITS_CREADR: each read, later in local time, runs what the
        // engine has started by then (LT catch-up; nothing is waited).
        bool drained = false;
        for (int i = 0; i < 64 && !drained; i++)
            drained = read(0x90, 8, local) == cwriter;
        ok = ok && drained && last_command;
        return last_command ? last_command->report.error : 0;
    }

    its_msi_result msi(uint32_t device_id, uint32_t event_id, its_translation &t)
    {
        last_msi.reset();
        sc_time local = SC_ZERO_TIME;
        access(tlm::TLM_WRITE_COMMAND, ITS_TRANSLATER_OFFSET, event_id, 4, local, device_id);
        if (!last_msi) {
            ok = false;
            return ITS_MSI_RESULTS;
        }
        t = last_msi->translation;
        return last_msi->result;
    }
};

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
    tlm_reference tlm;

    its_ref *ref;
    uint64_t seed, ops;
    unsigned long long msis = 0, commands = 0, mismatches = 0;
    bool ran = false;

    cosim(sc_module_name name, its_ref *r, uint64_t seed_, uint64_t ops_)
        : sc_module(name), tlm("tlm", *its_ref_params(r)), ref(r), seed(seed_), ops(ops_)
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
        tlm.bring_up();
        if (!tlm.ok)
            report("gicv3::its did not come up");

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
                uint32_t tlm_code = tlm.command(op.cmd);
                if (tlm_code != code) {
                    char what[120];
                    std::snprintf(what, sizeof what, "command 0x%02x: gicv3::its error 0x%06x, core 0x%06x",
                                  (unsigned)(op.cmd[0] & 0xFF), tlm_code, code);
                    report(what);
                }
            } else {
                msi_device_id = op.device_id;
                msi_event_id = op.event_id;
                expect = its_ref_msi(ref, op.device_id, op.event_id, &t);
                its_translation tt{};
                its_msi_result tlm_result = tlm.msi(op.device_id, op.event_id, tt);
                if (tlm_result != expect ||
                    (expect == ITS_MSI_DELIVERED &&
                     (tt.intid != t.intid || tt.icid != t.icid || tt.target != t.target))) {
                    char what[160];
                    std::snprintf(what, sizeof what,
                                  "MSI device 0x%x event 0x%x: gicv3::its %d intid %u, core %d intid %u",
                                  op.device_id, op.event_id, (int)tlm_result, tt.intid, (int)expect,
                                  t.intid);
                    report(what);
                }
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
        if (!tlm.ok)
            report("gicv3::its refused an access or left a command queued");
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
                    "(block, C core and gicv3::its; seed %llu, %s simulated)\n",
                    top.msis, top.commands, top.mismatches, seed,
                    sc_time_stamp().to_string().c_str());
        its_ref_print_outcomes(ref, stdout);
        status = top.ran && top.mismatches == 0 ? 0 : 1;
    }
    its_ref_destroy(ref);
    return status;
}
