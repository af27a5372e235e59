/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Target 3: random MSI streams against random mappings.
 *
 * Input: byte 0 configures the ITS (fz_its_create), byte 1 is the table
 * shape of fz_its_bring_up. Then operations, an opcode byte op and its
 * operands:
 *   op % 4 == 0  a burst of (op >> 3) + 1 MSIs, each DeviceID u8 % 32,
 *                EventID u8 % 64 (bit 7 of the byte: through GITS_TRANSLATER,
 *                a 16-bit write when bit 6 as well)
 *   op % 4 == 1  a mapping command (fz_its_well_formed)
 *   op % 4 == 2  run the queue to its end (deferred configurations)
 *   op % 4 == 3  GITS_CTLR.Enabled = op bit 2 (each MSI then checks the
 *                drop reason)
 * Invariants: per MSI, its outcome is one of the results, the same as the
 * translation alone says, counted once under it, and a delivery makes
 * exactly that LPI pending at exactly that target (fz_its_msi); at the end a
 * drain and the counters.
 */
#include <stddef.h>
#include <stdint.h>

#include "fz_its.h"

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
        switch (op % 4) {
        case 0:
            for (unsigned i = 0; i <= (op >> 3u); i++) {
                uint32_t dev = fz_u8(&in) % 32;
                uint8_t e = fz_u8(&in);
                uint32_t ev = (e % 64) | ((e & 0x40) ? 0x80000000u : 0); /* the top bit: 16-bit doorbell */
                fz_its_msi(&f, dev, (e & 0x80) ? ev : ev & 0xFFFF, e & 0x80);
            }
            break;
        case 1:
            fz_its_well_formed(&f, &in);
            break;
        case 2:
            fz_its_check_drain(&f);
            break;
        default:
            fz_its_enable(&f, op & 4);
        }
    }
    fz_its_check_drain(&f);
    fz_its_check_stats(&f);
    fz_its_destroy(&f);
    return 0;
}
