// SPDX-License-Identifier: Apache-2.0
//
// The scoreboard around its_lookup: every command and MSI that goes into the
// block also goes, through DPI-C, to the C core (its_ref_dpi.cpp), and every
// answer of the block is compared with the core's. Test bench only.
//
// The core gets each operation at the clock edge where the block samples it;
// the block answers one cycle later, and that is when the two are compared.
// Commands: whether the command failed (for the opcodes the block decodes).
// MSIs: the outcome, and when delivered the INTID, ICID and target.
module its_lookup_sb #(
    parameter int DEV_BITS    = 4,
    parameter int EV_BITS     = 14,
    parameter int ICID_BITS   = 3,
    parameter int NUM_TARGETS = 4,
    parameter int LPI_BITS    = 14,
    parameter int ITE_SLOTS   = 64,
    parameter int BROKEN      = 0
) (
    input  logic        clk,
    input  logic        rst_n,
    input  logic        cmd_valid,
    input  logic [63:0] cmd_dw0,
    input  logic [63:0] cmd_dw1,
    input  logic [63:0] cmd_dw2,
    input  logic [63:0] cmd_dw3,
    input  logic        msi_valid,
    input  logic [31:0] msi_device_id,
    input  logic [31:0] msi_event_id,
    output int unsigned msis_checked,
    output int unsigned msi_mismatches,
    output int unsigned cmds_checked,
    output int unsigned cmd_mismatches,
    output logic        overflow
);
    import "DPI-C" function void its_ref_dpi_open(input int dev_bits, input int ev_bits,
                                              input int icid_bits, input int num_targets,
                                              input int lpi_bits);
    // 0, or the E_ITS error code the core reported.
    import "DPI-C" function int its_ref_dpi_command(input longint unsigned dw0,
                                                    input longint unsigned dw1,
                                                    input longint unsigned dw2,
                                                    input longint unsigned dw3);
    // The its_msi_result; intid, icid and target when it is 0 (delivered).
    import "DPI-C" function int its_ref_dpi_msi(input int unsigned device_id,
                                                input int unsigned event_id,
                                                output int unsigned intid,
                                                output int unsigned icid,
                                                output int unsigned target);

    localparam int REPORT_LIMIT = 10; // mismatches printed in full

    initial its_ref_dpi_open(DEV_BITS, EV_BITS, ICID_BITS, NUM_TARGETS, LPI_BITS);

    logic        cmd_done, cmd_known, cmd_err, rsp_valid, rsp_hit;
    logic [3:0]  rsp_result;
    logic [31:0] rsp_intid;
    logic [15:0] rsp_icid, rsp_target;

    its_lookup #(
        .DEV_BITS(DEV_BITS), .EV_BITS(EV_BITS), .ICID_BITS(ICID_BITS),
        .NUM_TARGETS(NUM_TARGETS), .LPI_BITS(LPI_BITS), .ITE_SLOTS(ITE_SLOTS), .BROKEN(BROKEN)
    ) dut (
        .clk, .rst_n, .cmd_valid, .cmd_dw0, .cmd_dw1, .cmd_dw2, .cmd_done, .cmd_known, .cmd_err,
        .msi_valid, .msi_device_id, .msi_event_id, .rsp_valid, .rsp_hit, .rsp_result, .rsp_intid,
        .rsp_icid, .rsp_target, .overflow
    );

    // What the core said about the operation the block is answering now.
    int          exp_result, exp_cmd_code;
    int unsigned exp_intid, exp_icid, exp_target;
    logic [31:0] exp_dev, exp_ev;
    logic [7:0]  exp_op;

    always @(posedge clk) begin
        if (!rst_n) begin
            msis_checked   <= 0;
            msi_mismatches <= 0;
            cmds_checked   <= 0;
            cmd_mismatches <= 0;
        end else begin
            // Compare last cycle's operations first: the expectations below
            // are overwritten by this cycle's.
            if (rsp_valid) begin
                automatic logic bad = 32'(rsp_result) != exp_result || rsp_hit != (exp_result == 0)
                    || (exp_result == 0 && (rsp_intid != exp_intid || 32'(rsp_icid) != exp_icid
                                            || 32'(rsp_target) != exp_target));
                msis_checked <= msis_checked + 1;
                if (bad) begin
                    msi_mismatches <= msi_mismatches + 1;
                    if (msi_mismatches + cmd_mismatches < REPORT_LIMIT)
                        $display("mismatch: MSI device 0x%0h event 0x%0h: rtl result %0d intid %0d icid %0d target %0d, core result %0d intid %0d icid %0d target %0d",
                                 exp_dev, exp_ev, rsp_result, rsp_intid, rsp_icid, rsp_target,
                                 exp_result, exp_intid, exp_icid, exp_target);
                end
            end
            if (cmd_done && cmd_known) begin
                cmds_checked <= cmds_checked + 1;
                if (cmd_err != (exp_cmd_code != 0)) begin
                    cmd_mismatches <= cmd_mismatches + 1;
                    if (msi_mismatches + cmd_mismatches < REPORT_LIMIT)
                        $display("mismatch: command 0x%02h device 0x%0h: rtl %s, core error 0x%06h",
                                 exp_op, exp_dev, cmd_err ? "failed" : "done", exp_cmd_code);
                end
            end

            // This cycle's operations reach the core as they reach the block.
            if (msi_valid) begin
                automatic int unsigned intid, icid, target;
                exp_result <= its_ref_dpi_msi(msi_device_id, msi_event_id, intid, icid, target);
                exp_intid  <= intid;
                exp_icid   <= icid;
                exp_target <= target;
                exp_dev    <= msi_device_id;
                exp_ev     <= msi_event_id;
            end
            if (cmd_valid) begin
                exp_cmd_code <= its_ref_dpi_command(cmd_dw0, cmd_dw1, cmd_dw2, cmd_dw3);
                exp_op       <= cmd_dw0[7:0];
                exp_dev      <= cmd_dw0[63:32];
            end
        end
    end
endmodule
