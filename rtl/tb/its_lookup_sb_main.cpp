// SPDX-License-Identifier: Apache-2.0
//
// its-lookup-sb: drives its_lookup_sb (its_lookup + the DPI-C scoreboard)
// with a seeded random command and MSI stream, one operation per clock, and
// prints the scoreboard's summary. Exit status 1 on any mismatch.
//
// Usage: its-lookup-sb [--seed N] [--ops N]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "Vits_lookup_sb.h"
#include "its_ref_dpi.h"
#include "stream.h"
#include "verilated.h"

namespace {

void tick(Vits_lookup_sb &top)
{
    top.clk = 0;
    top.eval();
    top.clk = 1;
    top.eval();
}

void idle(Vits_lookup_sb &top)
{
    top.cmd_valid = 0;
    top.msi_valid = 0;
}

} // namespace

int main(int argc, char **argv)
{
    unsigned long long seed = 1, ops = 20000;
    for (int i = 1; i < argc; i++) {
        if (!std::strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = std::strtoull(argv[++i], nullptr, 0);
        else if (!std::strcmp(argv[i], "--ops") && i + 1 < argc)
            ops = std::strtoull(argv[++i], nullptr, 0);
        else if (argv[i][0] != '+') { // +args are Verilator's
            std::fprintf(stderr, "usage: %s [--seed N] [--ops N]\n", argv[0]);
            return 2;
        }
    }

    auto ctx = std::make_unique<VerilatedContext>();
    ctx->commandArgs(argc, argv);
    auto top = std::make_unique<Vits_lookup_sb>(ctx.get());

    // Reset; the first eval runs the initial block that opens the reference.
    top->rst_n = 0;
    idle(*top);
    tick(*top);
    tick(*top);
    top->rst_n = 1;
    its_ref *ref = its_ref_dpi_instance();
    if (!ref) {
        std::fprintf(stderr, "scoreboard: the reference was not opened\n");
        return 2;
    }

    stream s;
    stream_init(&s, its_ref_params(ref), seed);
    for (unsigned long long n = 0; n < ops; n++) {
        stream_op op;
        stream_next(&s, &op);
        idle(*top);
        if (op.kind == STREAM_CMD) {
            top->cmd_valid = 1;
            top->cmd_dw0 = op.cmd[0];
            top->cmd_dw1 = op.cmd[1];
            top->cmd_dw2 = op.cmd[2];
            top->cmd_dw3 = op.cmd[3];
        } else {
            top->msi_valid = 1;
            top->msi_device_id = op.device_id;
            top->msi_event_id = op.event_id;
        }
        tick(*top);
    }
    idle(*top);
    tick(*top); // the last answer
    tick(*top); // ... compared
    top->final();

    unsigned long long mismatches =
        static_cast<unsigned long long>(top->msi_mismatches) + top->cmd_mismatches;
    std::printf("scoreboard: %u msis checked, %llu mismatches (%u commands checked, %u command "
                "mismatches; seed %llu)\n",
                top->msis_checked, mismatches, top->cmds_checked, top->cmd_mismatches, seed);
    its_ref_print_outcomes(ref, stdout);
    if (top->overflow)
        std::printf("scoreboard: the block ran out of ITE slots: the stream does not fit it\n");
    its_ref_dpi_close();
    return mismatches || top->overflow ? 1 : 0;
}
