// SPDX-License-Identifier: Apache-2.0
//
// its_lookup: a small, synthesizable (DeviceID, EventID) -> (INTID, collection,
// target) translation table fed by the ITS command stream.
//
// It keeps what the GICv3 ITS tables hold, in flops instead of memory:
//   - a device table, one entry per DeviceID < 2**DEV_BITS: Valid and the
//     ITT Size (the device takes EventIDs < 2**(Size + 1));
//   - a collection table, one entry per ICID < 2**ICID_BITS: Valid, target;
//   - ITE_SLOTS interrupt translation entries, fully associative on
//     (DeviceID, EventID): INTID and ICID.
//
// Commands (the ITS's 32-byte format, doublewords 0..2; doubleword 3 carries
// nothing the block uses): MAPD, MAPC, MAPTI, MAPI, MOVI and DISCARD change
// the tables after the same checks the architecture names (a command that
// fails one changes nothing and reports cmd_err); other opcodes report
// cmd_known = 0 and change nothing. MAPD only maps or unmaps the device: its
// ITEs stay, like an ITT left in memory, and come back when the device is
// mapped again (the block assumes each device keeps one ITT address).
//
// MSIs: (DeviceID, EventID) in, one cycle later the outcome: rsp_hit and
// the translation, or the reason of the drop, coded as the C core's
// its_msi_result (DELIVERED 0, DEVICE_OOR 3, UNMAPPED_DEVICE 4,
// EVENT_OOR 5, UNMAPPED_EVENT 6, UNMAPPED_COLLECTION 7).
//
// One operation per clock. When a command and an MSI come in the same cycle
// the MSI sees the tables as they were before the command. A MAPTI or MAPI
// that needs a new ITE while every slot is taken changes nothing and sets
// the sticky overflow output (a test must size ITE_SLOTS for its stream).
//
// BROKEN = 1 builds a deliberately wrong block: MOVI succeeds but leaves the
// ITE's collection unchanged. It exists to show the scoreboard can fail.
module its_lookup #(
    parameter int DEV_BITS    = 4,   // DeviceID width (GITS_TYPER.Devbits + 1), 1..16
    parameter int EV_BITS     = 14,  // EventID width (GITS_TYPER.ID_bits + 1), 1..31
    parameter int ICID_BITS   = 3,   // collection ID width, 1..16
    parameter int NUM_TARGETS = 4,   // redistributors, 1..65536
    parameter int LPI_BITS    = 14,  // INTID width of the LPI space, 14..24
    parameter int ITE_SLOTS   = 64,  // interrupt translation entries held
    parameter int BROKEN      = 0
) (
    input  logic        clk,
    input  logic        rst_n,          // synchronous, active low: every table empty

    input  logic        cmd_valid,
    /* verilator lint_off UNUSEDSIGNAL */ // fields of commands the block does not decode
    input  logic [63:0] cmd_dw0,
    input  logic [63:0] cmd_dw1,
    input  logic [63:0] cmd_dw2,
    /* verilator lint_on UNUSEDSIGNAL */
    output logic        cmd_done,       // a command was taken last cycle
    output logic        cmd_known,      // ... with an opcode the block decodes
    output logic        cmd_err,        // ... and it failed a check: nothing changed

    input  logic        msi_valid,
    input  logic [31:0] msi_device_id,
    input  logic [31:0] msi_event_id,
    output logic        rsp_valid,      // the outcome of last cycle's MSI
    output logic        rsp_hit,
    output logic [3:0]  rsp_result,
    output logic [31:0] rsp_intid,      // valid with rsp_hit
    output logic [15:0] rsp_icid,
    output logic [15:0] rsp_target,

    output logic        overflow
);
    localparam int DEVICES = 1 << DEV_BITS;
    localparam int ICIDS = 1 << ICID_BITS;
    localparam int TGT_BITS = NUM_TARGETS > 1 ? $clog2(NUM_TARGETS) : 1;
    localparam int SLOT_BITS = ITE_SLOTS > 1 ? $clog2(ITE_SLOTS) : 1;
    localparam logic [31:0] LPI_FIRST = 32'd8192;

    localparam logic [7:0] OP_MOVI = 8'h01, OP_MAPD = 8'h08, OP_MAPC = 8'h09,
                           OP_MAPTI = 8'h0A, OP_MAPI = 8'h0B, OP_DISCARD = 8'h0F;

    localparam logic [3:0] R_DELIVERED = 4'd0, R_DEVICE_OOR = 4'd3, R_UNMAPPED_DEVICE = 4'd4,
                           R_EVENT_OOR = 4'd5, R_UNMAPPED_EVENT = 4'd6,
                           R_UNMAPPED_COLLECTION = 4'd7;

    // ---- State ---------------------------------------------------------------
    logic                 dte_valid [DEVICES];
    logic [4:0]           dte_size  [DEVICES];
    logic                 cte_valid [ICIDS];
    logic [TGT_BITS-1:0]  cte_target[ICIDS];
    logic                 ite_valid [ITE_SLOTS];
    logic [DEV_BITS-1:0]  ite_dev   [ITE_SLOTS];
    logic [EV_BITS-1:0]   ite_ev    [ITE_SLOTS];
    logic [LPI_BITS-1:0]  ite_intid [ITE_SLOTS];
    logic [ICID_BITS-1:0] ite_icid  [ITE_SLOTS];

    // ---- Helpers -------------------------------------------------------------
    function automatic logic fits(input logic [31:0] id, input int bits);
        return (id >> bits) == 32'd0;
    endfunction

    // EventID within the device's ITT: below 2**(size + 1).
    function automatic logic in_itt(input logic [31:0] ev, input logic [4:0] size);
        return ({32'd0, ev} >> ({1'b0, size} + 6'd1)) == 64'd0;
    endfunction

    // The slot holding (dev, ev): {found, index}.
    function automatic logic [SLOT_BITS:0] find(input logic [DEV_BITS-1:0] dev,
                                                input logic [EV_BITS-1:0] ev);
        logic [SLOT_BITS:0] r = '0;
        for (int i = ITE_SLOTS - 1; i >= 0; i--)
            if (ite_valid[i] && ite_dev[i] == dev && ite_ev[i] == ev)
                r = {1'b1, SLOT_BITS'(i)};
        return r;
    endfunction

    // The lowest free slot: {found, index}.
    function automatic logic [SLOT_BITS:0] free_slot();
        logic [SLOT_BITS:0] r = '0;
        for (int i = ITE_SLOTS - 1; i >= 0; i--)
            if (!ite_valid[i])
                r = {1'b1, SLOT_BITS'(i)};
        return r;
    endfunction

    // ---- Command decode ------------------------------------------------------
    logic [7:0]  c_op;
    logic [31:0] c_dev, c_ev, c_pintid, c_intid;
    logic [4:0]  c_size;
    logic        c_v;
    logic [15:0] c_icid;
    logic [35:0] c_rdbase;
    assign c_op     = cmd_dw0[7:0];
    assign c_dev    = cmd_dw0[63:32];
    assign c_ev     = cmd_dw1[31:0];
    assign c_pintid = cmd_dw1[63:32];
    assign c_size   = cmd_dw1[4:0];
    assign c_v      = cmd_dw2[63];
    assign c_icid   = cmd_dw2[15:0];
    assign c_rdbase = cmd_dw2[51:16];
    assign c_intid  = c_op == OP_MAPI ? c_ev : c_pintid;

    logic [DEV_BITS-1:0]  cd;
    logic [EV_BITS-1:0]   ce;
    logic [ICID_BITS-1:0] cc;
    assign cd = c_dev[DEV_BITS-1:0];
    assign ce = c_ev[EV_BITS-1:0];
    assign cc = c_icid[ICID_BITS-1:0];

    logic c_dev_ok, c_icid_ok, c_target_ok, c_intid_ok, c_dev_mapped, c_ev_in_itt;
    assign c_dev_ok     = fits(c_dev, DEV_BITS);
    assign c_icid_ok    = fits({16'd0, c_icid}, ICID_BITS);
    assign c_target_ok  = c_rdbase < 36'(NUM_TARGETS);
    assign c_intid_ok   = c_intid >= LPI_FIRST && fits(c_intid, LPI_BITS);
    assign c_dev_mapped = c_dev_ok && dte_valid[cd];
    assign c_ev_in_itt  = c_dev_mapped && fits(c_ev, EV_BITS) && in_itt(c_ev, dte_size[cd]);

    logic [SLOT_BITS:0] c_find, c_free;
    logic               c_found;
    logic [SLOT_BITS-1:0] c_slot;
    assign c_find  = find(cd, ce);
    assign c_free  = free_slot();
    assign c_found = c_ev_in_itt && c_find[SLOT_BITS];
    assign c_slot  = c_find[SLOT_BITS-1:0];

    // Whether the command fails, and whether the block decodes it at all.
    logic c_fail, c_known;
    always_comb begin
        c_known = 1'b1;
        c_fail  = 1'b0;
        unique case (c_op)
            OP_MAPD:  c_fail = !c_dev_ok || (c_v && c_size >= 5'(EV_BITS));
            OP_MAPC:  c_fail = !c_icid_ok || (c_v && !c_target_ok);
            OP_MAPTI, OP_MAPI:
                      c_fail = !c_dev_ok || !c_icid_ok || !c_intid_ok || !c_dev_mapped
                               || !in_itt(c_ev, dte_size[cd]);
            OP_DISCARD: c_fail = !c_found;
            // The event's present collection and the new one must both be mapped.
            OP_MOVI:  c_fail = !c_dev_ok || !c_icid_ok || !c_found
                               || !cte_valid[ite_icid[c_slot]] || !cte_valid[cc];
            default:  c_known = 1'b0;
        endcase
    end

    // ---- MSI lookup ----------------------------------------------------------
    logic [DEV_BITS-1:0] md;
    logic [EV_BITS-1:0]  me;
    assign md = msi_device_id[DEV_BITS-1:0];
    assign me = msi_event_id[EV_BITS-1:0];

    logic [SLOT_BITS:0]   m_find;
    logic [SLOT_BITS-1:0] m_slot;
    logic [ICID_BITS-1:0] m_icid;
    assign m_find = find(md, me);
    assign m_slot = m_find[SLOT_BITS-1:0];
    assign m_icid = ite_icid[m_slot];

    logic [3:0] m_result;
    always_comb begin
        if (!fits(msi_device_id, DEV_BITS))                    m_result = R_DEVICE_OOR;
        else if (!fits(msi_event_id, EV_BITS))                 m_result = R_EVENT_OOR;
        else if (!dte_valid[md])                               m_result = R_UNMAPPED_DEVICE;
        else if (!in_itt(msi_event_id, dte_size[md]))          m_result = R_EVENT_OOR;
        else if (!m_find[SLOT_BITS])                           m_result = R_UNMAPPED_EVENT;
        else if (!cte_valid[m_icid])                           m_result = R_UNMAPPED_COLLECTION;
        else                                                   m_result = R_DELIVERED;
    end

    // ---- Sequential ----------------------------------------------------------
    always_ff @(posedge clk) begin
        if (!rst_n) begin
            for (int i = 0; i < DEVICES; i++) begin
                dte_valid[i] <= 1'b0;
                dte_size[i]  <= '0;
            end
            for (int i = 0; i < ICIDS; i++) begin
                cte_valid[i]  <= 1'b0;
                cte_target[i] <= '0;
            end
            for (int i = 0; i < ITE_SLOTS; i++) begin
                ite_valid[i] <= 1'b0;
                ite_dev[i]   <= '0;
                ite_ev[i]    <= '0;
                ite_intid[i] <= '0;
                ite_icid[i]  <= '0;
            end
            cmd_done   <= 1'b0;
            cmd_known  <= 1'b0;
            cmd_err    <= 1'b0;
            rsp_valid  <= 1'b0;
            rsp_hit    <= 1'b0;
            rsp_result <= '0;
            rsp_intid  <= '0;
            rsp_icid   <= '0;
            rsp_target <= '0;
            overflow   <= 1'b0;
        end else begin
            // The MSI's outcome, from the tables before this cycle's command.
            rsp_valid <= msi_valid;
            if (msi_valid) begin
                rsp_result <= m_result;
                rsp_hit    <= m_result == R_DELIVERED;
                rsp_intid  <= m_result == R_DELIVERED ? 32'(ite_intid[m_slot]) : 32'd0;
                rsp_icid   <= m_result == R_DELIVERED ? 16'(m_icid) : 16'd0;
                rsp_target <= m_result == R_DELIVERED ? 16'(cte_target[m_icid]) : 16'd0;
            end

            cmd_done  <= cmd_valid;
            cmd_known <= cmd_valid && c_known;
            cmd_err   <= cmd_valid && c_known && c_fail;
            if (cmd_valid && c_known && !c_fail) begin
                unique case (c_op)
                    OP_MAPD: begin
                        dte_valid[cd] <= c_v;
                        dte_size[cd]  <= c_v ? c_size : 5'd0;
                    end
                    OP_MAPC: begin
                        cte_valid[cc]  <= c_v;
                        cte_target[cc] <= c_v ? TGT_BITS'(c_rdbase) : '0;
                    end
                    OP_MAPTI, OP_MAPI: begin
                        if (c_find[SLOT_BITS] || c_free[SLOT_BITS]) begin
                            automatic logic [SLOT_BITS-1:0] s =
                                c_find[SLOT_BITS] ? c_slot : c_free[SLOT_BITS-1:0];
                            ite_valid[s] <= 1'b1;
                            ite_dev[s]   <= cd;
                            ite_ev[s]    <= ce;
                            ite_intid[s] <= c_intid[LPI_BITS-1:0];
                            ite_icid[s]  <= cc;
                        end else begin
                            overflow <= 1'b1;
                        end
                    end
                    OP_DISCARD: ite_valid[c_slot] <= 1'b0;
                    OP_MOVI: if (BROKEN == 0) ite_icid[c_slot] <= cc;
                    default: ;
                endcase
            end
        end
    end
endmodule
