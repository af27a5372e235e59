/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Target 2: random command-queue contents, random CWRITER and Retry moves,
 * BASER and CBASER programming.
 *
 * Input: byte 0 configures the ITS (fz_its_create); byte 1 chooses flat or
 * two-level tables (bit 0 device, bit 1 collection). Then operations, an
 * opcode byte op and its operands:
 *   op % 10 == 0  (op >> 4) + 1 commands of 32 raw bytes at CWRITER (a MAPD's
 *                 ITT kept in the ITT zone), published when op bit 3
 *   op % 10 == 1  a well-formed command: opcode index u8 (the twelve),
 *                 DeviceID u8, EventID u8, ICID u8, INTID u16, target u8,
 *                 size u8; published
 *   op % 10 == 2  publish CWRITER
 *   op % 10 == 3  CWRITER = u32 raw (anywhere, maybe beyond the queue), Retry
 *                 when op bit 3
 *   op % 10 == 4  CWRITER.Retry
 *   op % 10 == 5  run up to (op >> 4) + 1 commands
 *   op % 10 == 6  GITS_CTLR.Enabled = op bit 3
 *   op % 10 == 7  program the queue (shape u8, place u32)
 *   op % 10 == 8  program the device (op bit 3 = 0) or collection table
 *                 (shape u8, place u32)
 *   op % 10 == 9  a level-2 page into slot u16 of the device / collection
 *                 table (op bit 3)
 * Every table and the queue start programmed and the ITS enabled.
 * Invariants: fz_its.h, after every step; at the end a drain and the
 * counters.
 */
#include <stddef.h>
#include <stdint.h>

#include "fz_its.h"
#include "its/commands.h"
#include "its/regs.h"

static const uint8_t opcodes[] = {ITS_CMD_MAPD, ITS_CMD_MAPC, ITS_CMD_MAPTI, ITS_CMD_MAPI,
                                  ITS_CMD_MOVI, ITS_CMD_DISCARD, ITS_CMD_INV, ITS_CMD_INT,
                                  ITS_CMD_CLEAR, ITS_CMD_INVALL, ITS_CMD_SYNC, ITS_CMD_MOVALL};

static void well_formed(fz_its *f, fz_input *in)
{
    uint8_t op = opcodes[fz_u8(in) % sizeof opcodes];
    uint32_t dev = fz_u8(in), ev = fz_u8(in), icid = fz_u8(in) % 8;
    uint32_t intid = 8192u + fz_u16(in) % 1024u;
    uint32_t target = fz_u8(in) % 8, size = fz_u8(in) % 12;
    uint64_t rd = f->cfg.pta ? f->cfg.rd_base + target * f->cfg.rd_stride : target;
    uint64_t c[4];
    switch (op) {
    case ITS_CMD_MAPD: its_cmd_mapd(c, dev, size, 0, !(size & 8)); break;
    case ITS_CMD_MAPC: its_cmd_mapc(c, icid, rd, !(ev & 0x80)); break;
    case ITS_CMD_MAPTI: its_cmd_mapti(c, dev, ev, intid, icid); break;
    case ITS_CMD_MAPI: its_cmd_mapi(c, dev, ev, icid); break;
    case ITS_CMD_MOVI: its_cmd_movi(c, dev, ev, icid); break;
    case ITS_CMD_DISCARD: its_cmd_discard(c, dev, ev); break;
    case ITS_CMD_INV: its_cmd_inv(c, dev, ev); break;
    case ITS_CMD_INT: its_cmd_int(c, dev, ev); break;
    case ITS_CMD_CLEAR: its_cmd_clear(c, dev, ev); break;
    case ITS_CMD_INVALL: its_cmd_invall(c, icid); break;
    case ITS_CMD_SYNC: its_cmd_sync(c, rd); break;
    default: its_cmd_movall(c, rd, f->cfg.pta ? f->cfg.rd_base + (size % 8) * f->cfg.rd_stride : size % 8); break;
    }
    /* MAPD's ITT: fz_its_put places it from these bits. */
    if (op == ITS_CMD_MAPD)
        c[2] |= ((uint64_t)fz_u16(in) << 16) & ITS_CMD_ITT_ADDR_MASK;
    fz_its_put(f, c, true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fz_mem *mem;
    if (!mem)
        mem = fz_mem_create();
    fz_mem_reset(mem);
    fz_input in = {data, size};
    fz_its f;
    if (!fz_its_create(&f, mem, fz_u8(&in)))
        return 0;
    uint8_t shape = fz_u8(&in);
    f.dev_indirect = (shape & 1) && fz_its_can_indirect(&f, ITS_TABLE_DEVICE);
    f.coll_indirect = (shape & 2) && fz_its_can_indirect(&f, ITS_TABLE_COLLECTION);
    fz_input none = {NULL, 0};
    fz_its_program_table(&f, ITS_TABLE_DEVICE, &none);
    fz_its_program_table(&f, ITS_TABLE_COLLECTION, &none);
    for (uint32_t s = 0; s < 4; s++) {
        fz_its_install_l2(&f, ITS_TABLE_DEVICE, s);
        fz_its_install_l2(&f, ITS_TABLE_COLLECTION, s);
    }
    fz_its_program_queue(&f, &none);
    fz_its_enable(&f, true);
    while (fz_more(&in)) {
        uint8_t op = fz_u8(&in);
        switch (op % 10) {
        case 0:
            for (unsigned i = 0; i <= (op >> 4u); i++) {
                uint64_t c[4] = {fz_u64(&in), fz_u64(&in), fz_u64(&in), fz_u64(&in)};
                fz_its_put(&f, c, false);
            }
            if (op & 8)
                fz_its_publish(&f);
            break;
        case 1:
            well_formed(&f, &in);
            break;
        case 2:
            fz_its_publish(&f);
            break;
        case 3: {
            uint64_t v = fz_u32(&in) & ~(uint64_t)GITS_CWRITER_RETRY_MASK;
            fz_its_mmio_write(&f, GITS_CWRITER, 8, v | ((op & 8) ? GITS_CWRITER_RETRY_MASK : 0));
            if (f.queue_bytes && (v & GITS_CWRITER_OFFSET_MASK) < f.queue_bytes)
                f.cwriter = v & GITS_CWRITER_OFFSET_MASK;
            break;
        }
        case 4:
            fz_its_mmio_write(&f, GITS_CWRITER, 8, f.cwriter | GITS_CWRITER_RETRY_MASK);
            break;
        case 5:
            fz_its_steps(&f, (op >> 4) + 1u);
            break;
        case 6:
            fz_its_enable(&f, op & 8);
            break;
        case 7:
            fz_its_program_queue(&f, &in);
            break;
        case 8:
            fz_its_program_table(&f, (op & 8) ? ITS_TABLE_COLLECTION : ITS_TABLE_DEVICE, &in);
            break;
        default:
            fz_its_install_l2(&f, (op & 8) ? ITS_TABLE_COLLECTION : ITS_TABLE_DEVICE, fz_u16(&in));
        }
    }
    fz_its_check_drain(&f);
    fz_its_check_stats(&f);
    fz_its_destroy(&f);
    return 0;
}
