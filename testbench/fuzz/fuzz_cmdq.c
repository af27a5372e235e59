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
 *   op % 10 == 1  a well-formed command (fz_its_well_formed), published
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
 * Byte 1 is fz_its_bring_up's shape: the tables and queue start programmed,
 * the ITS enabled.
 * Invariants: fz_its.h, after every step; at the end a drain and the
 * counters.
 */
#include <stddef.h>
#include <stdint.h>

#include "fz_its.h"
#include "its/commands.h"
#include "its/regs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_mem *mem = fz_mem_for_input();
    fz_input in = {data, size};
    fz_its f;
    if (!fz_its_create(&f, mem, fz_u8(&in)))
        return 0;
    fz_its_bring_up(&f, fz_u8(&in));
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
            fz_its_well_formed(&f, &in);
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
