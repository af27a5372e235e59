/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Target 1: random MMIO sequences on the GITS frames.
 *
 * Input: byte 0 configures the ITS (fz_its_create). Then operations, each an
 * opcode byte op and its operands:
 *   op % 8 == 0  write: offset u32 (mod the two frames + 0x100, so beyond
 *                too), size 1 << (op >> 3 & 3), value u64
 *   op % 8 == 1  read:  offset u32, size as above
 *   op % 8 == 2  write a named register (CTLR, CBASER, CWRITER, CREADR,
 *                BASER0..7, TRANSLATER: index u8), size 4 or 8 by op bit 3,
 *                value u64; op bit 4 moves a CBASER/BASER PA into RAM
 *   op % 8 == 3  run up to (op >> 3) + 1 commands
 *   op % 8 == 4  its_reset
 *   op % 8 == 5  an MSI: DeviceID u16, EventID u16 (doorbell when op bit 3)
 *   others       read every named register
 * Memory holds only what the ITS itself writes. Invariants: fz_its.h, after
 * every access; at the end a drain and the counters.
 */
#include <stddef.h>
#include <stdint.h>

#include "fz_its.h"
#include "its/regs.h"

static const uint64_t named[] = {GITS_CTLR, GITS_CBASER, GITS_CWRITER, GITS_CREADR,
                                 GITS_BASER(0), GITS_BASER(1), GITS_BASER(2), GITS_BASER(3),
                                 GITS_BASER(4), GITS_BASER(5), GITS_BASER(6), GITS_BASER(7),
                                 GITS_TRANSLATER, GITS_TYPER, GITS_IIDR, GITS_PIDR2};
#define NAMED (sizeof named / sizeof named[0])

static uint64_t into_ram(uint64_t off, uint64_t v)
{
    uint64_t pa = FZ_RAM_BASE + ((v >> 12) << 16) % FZ_RAM_BYTES;
    if (off == GITS_CBASER)
        return (v & ~GITS_CBASER_PA_MASK) | (pa & GITS_CBASER_PA_MASK);
    return (v & ~GITS_BASER_PA_MASK) | (pa & GITS_BASER_PA_MASK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_mem *mem = fz_mem_for_input();
    fz_input in = {data, size};
    fz_its f;
    if (!fz_its_create(&f, mem, fz_u8(&in)))
        return 0;
    while (fz_more(&in)) {
        uint8_t op = fz_u8(&in);
        unsigned sz = 1u << ((op >> 3) & 3);
        switch (op % 8) {
        case 0: {
            uint64_t off = fz_u32(&in) % (ITS_FRAMES_SIZE + 0x100);
            fz_its_mmio_write(&f, off, sz, fz_u64(&in));
            break;
        }
        case 1:
            fz_its_mmio_read(&f, fz_u32(&in) % (ITS_FRAMES_SIZE + 0x100), sz);
            break;
        case 2: {
            uint64_t off = named[fz_u8(&in) % NAMED];
            uint64_t v = fz_u64(&in);
            if ((op & 16) && off >= GITS_CBASER && off <= GITS_BASER(7) && off != GITS_CWRITER && off != GITS_CREADR)
                v = into_ram(off, v);
            fz_its_mmio_write(&f, off, (op & 8) ? 8 : 4, v);
            break;
        }
        case 3:
            fz_its_steps(&f, (op >> 3) + 1u);
            break;
        case 4:
            its_reset(f.its);
            fz_its_check_queue(&f);
            break;
        case 5: {
            uint32_t dev = fz_u16(&in), ev = fz_u16(&in);
            fz_its_msi(&f, dev, ev, op & 8);
            break;
        }
        default:
            for (unsigned i = 0; i < NAMED; i++)
                fz_its_mmio_read(&f, named[i], named[i] == GITS_TRANSLATER || named[i] <= GITS_IIDR ? 4 : 8);
        }
    }
    fz_its_check_drain(&f);
    fz_its_check_stats(&f);
    fz_its_destroy(&f);
    return 0;
}
