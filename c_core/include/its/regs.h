/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GICv3 register offsets and fields a driver needs to bring up an ITS and
 * LPIs: the GITS control and translation frames, the LPI registers of a
 * redistributor's RD_base frame (with the SGI_base offsets), and the
 * GICD_TYPER bits that say whether LPIs exist.
 *
 * Names follow the Arm GIC architecture (IHI 0069): GITS_, GICR_ and GICD_
 * for registers, <REGISTER>_<FIELD> for fields. Every field F has three
 * macros and no others:
 *
 *   F_SHIFT  its lowest bit
 *   F_WIDTH  its width in bits
 *   F_MASK   the field in place (uint64_t)
 *
 * F itself is never a macro, so ITS_FIELD_GET(v, GITS_TYPER_DEVBITS) pastes
 * the suffixes; its_field_get()/its_field_set() take the shift and width.
 * Offsets are bytes from the frame base (ITS_base, RD_base, GICD_base).
 *
 * Header only: C11 and C++ (static inline, nothing to link).
 */
#ifndef ITS_REGS_H
#define ITS_REGS_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Field helpers ------------------------------------------------------- */

static inline uint64_t its_field_mask(unsigned shift, unsigned width)
{
    return (width >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << width) - 1)) << shift;
}

static inline uint64_t its_field_get(uint64_t reg, unsigned shift, unsigned width)
{
    return (reg & its_field_mask(shift, width)) >> shift;
}

/* reg with the field replaced by value (bits of value beyond the width are dropped). */
static inline uint64_t its_field_set(uint64_t reg, unsigned shift, unsigned width, uint64_t value)
{
    uint64_t m = its_field_mask(shift, width);
    return (reg & ~m) | ((value << shift) & m);
}

#define ITS_FIELD_GET(reg, F) its_field_get((reg), F##_SHIFT, F##_WIDTH)
#define ITS_FIELD_SET(reg, F, value) its_field_set((reg), F##_SHIFT, F##_WIDTH, (value))
#define ITS_FIELD_PREP(F, value) its_field_set(0, F##_SHIFT, F##_WIDTH, (value))

/* =========================================================================
 * ITS (offsets from ITS_base; the translation frame is at +0x10000)
 * ========================================================================= */

#define GITS_CTLR 0x0000u   /* 32 */
#define GITS_IIDR 0x0004u   /* 32, RO */
#define GITS_TYPER 0x0008u  /* 64, RO */
#define GITS_CBASER 0x0080u /* 64 */
#define GITS_CWRITER 0x0088u /* 64 */
#define GITS_CREADR 0x0090u /* 64, RO */
#define GITS_BASER(n) (0x0100u + 8u * (unsigned)(n)) /* n = 0..7, 64 */
#define GITS_BASER_COUNT 8u
#define GITS_PIDR4 0xFFD0u  /* PIDR4..7 at 0xFFD0..0xFFDC */
#define GITS_PIDR0 0xFFE0u  /* PIDR0..3 at 0xFFE0..0xFFEC */
#define GITS_PIDR2 0xFFE8u
#define GITS_CIDR0 0xFFF0u  /* CIDR0..3 at 0xFFF0..0xFFFC */
#define GITS_TRANSLATER 0x10040u /* 32 (16-bit writes too), WO: the MSI doorbell */

/* GITS_CTLR */
#define GITS_CTLR_ENABLED_SHIFT 0
#define GITS_CTLR_ENABLED_WIDTH 1
#define GITS_CTLR_ENABLED_MASK (0x1ull << GITS_CTLR_ENABLED_SHIFT)
#define GITS_CTLR_IMDE_SHIFT 1 /* GICv4; RES0 in GICv3 */
#define GITS_CTLR_IMDE_WIDTH 1
#define GITS_CTLR_IMDE_MASK (0x1ull << GITS_CTLR_IMDE_SHIFT)
#define GITS_CTLR_ITS_NUMBER_SHIFT 4 /* GICv4; RES0 in GICv3 */
#define GITS_CTLR_ITS_NUMBER_WIDTH 4
#define GITS_CTLR_ITS_NUMBER_MASK (0xFull << GITS_CTLR_ITS_NUMBER_SHIFT)
#define GITS_CTLR_QUIESCENT_SHIFT 31 /* RO */
#define GITS_CTLR_QUIESCENT_WIDTH 1
#define GITS_CTLR_QUIESCENT_MASK (0x1ull << GITS_CTLR_QUIESCENT_SHIFT)

/* GITS_IIDR */
#define GITS_IIDR_IMPLEMENTER_SHIFT 0 /* JEP106; Arm = 0x43B */
#define GITS_IIDR_IMPLEMENTER_WIDTH 12
#define GITS_IIDR_IMPLEMENTER_MASK (0xFFFull << GITS_IIDR_IMPLEMENTER_SHIFT)
#define GITS_IIDR_REVISION_SHIFT 12
#define GITS_IIDR_REVISION_WIDTH 4
#define GITS_IIDR_REVISION_MASK (0xFull << GITS_IIDR_REVISION_SHIFT)
#define GITS_IIDR_VARIANT_SHIFT 16
#define GITS_IIDR_VARIANT_WIDTH 4
#define GITS_IIDR_VARIANT_MASK (0xFull << GITS_IIDR_VARIANT_SHIFT)
#define GITS_IIDR_PRODUCTID_SHIFT 24
#define GITS_IIDR_PRODUCTID_WIDTH 8
#define GITS_IIDR_PRODUCTID_MASK (0xFFull << GITS_IIDR_PRODUCTID_SHIFT)

/* GITS_TYPER. The *_BITS and ITT_ENTRY_SIZE fields hold the value - 1. */
#define GITS_TYPER_PHYSICAL_SHIFT 0
#define GITS_TYPER_PHYSICAL_WIDTH 1
#define GITS_TYPER_PHYSICAL_MASK (0x1ull << GITS_TYPER_PHYSICAL_SHIFT)
#define GITS_TYPER_VIRTUAL_SHIFT 1
#define GITS_TYPER_VIRTUAL_WIDTH 1
#define GITS_TYPER_VIRTUAL_MASK (0x1ull << GITS_TYPER_VIRTUAL_SHIFT)
#define GITS_TYPER_CCT_SHIFT 2
#define GITS_TYPER_CCT_WIDTH 1
#define GITS_TYPER_CCT_MASK (0x1ull << GITS_TYPER_CCT_SHIFT)
#define GITS_TYPER_ITT_ENTRY_SIZE_SHIFT 4 /* bytes per ITE - 1 */
#define GITS_TYPER_ITT_ENTRY_SIZE_WIDTH 4
#define GITS_TYPER_ITT_ENTRY_SIZE_MASK (0xFull << GITS_TYPER_ITT_ENTRY_SIZE_SHIFT)
#define GITS_TYPER_ID_BITS_SHIFT 8 /* EventID bits - 1 */
#define GITS_TYPER_ID_BITS_WIDTH 5
#define GITS_TYPER_ID_BITS_MASK (0x1Full << GITS_TYPER_ID_BITS_SHIFT)
#define GITS_TYPER_DEVBITS_SHIFT 13 /* DeviceID bits - 1 */
#define GITS_TYPER_DEVBITS_WIDTH 5
#define GITS_TYPER_DEVBITS_MASK (0x1Full << GITS_TYPER_DEVBITS_SHIFT)
#define GITS_TYPER_SEIS_SHIFT 18
#define GITS_TYPER_SEIS_WIDTH 1
#define GITS_TYPER_SEIS_MASK (0x1ull << GITS_TYPER_SEIS_SHIFT)
#define GITS_TYPER_PTA_SHIFT 19 /* 1: targets are RD_base addresses; 0: Processor_Numbers */
#define GITS_TYPER_PTA_WIDTH 1
#define GITS_TYPER_PTA_MASK (0x1ull << GITS_TYPER_PTA_SHIFT)
#define GITS_TYPER_HCC_SHIFT 24 /* collections held in the ITS */
#define GITS_TYPER_HCC_WIDTH 8
#define GITS_TYPER_HCC_MASK (0xFFull << GITS_TYPER_HCC_SHIFT)
#define GITS_TYPER_CIDBITS_SHIFT 32 /* ICID bits - 1, when CIL = 1 */
#define GITS_TYPER_CIDBITS_WIDTH 4
#define GITS_TYPER_CIDBITS_MASK (0xFull << GITS_TYPER_CIDBITS_SHIFT)
#define GITS_TYPER_CIL_SHIFT 36 /* 0: ICIDs are 16 bits */
#define GITS_TYPER_CIL_WIDTH 1
#define GITS_TYPER_CIL_MASK (0x1ull << GITS_TYPER_CIL_SHIFT)
#define GITS_TYPER_VMOVP_SHIFT 37
#define GITS_TYPER_VMOVP_WIDTH 1
#define GITS_TYPER_VMOVP_MASK (0x1ull << GITS_TYPER_VMOVP_SHIFT)

/* GITS_CBASER */
#define GITS_CBASER_SIZE_SHIFT 0 /* 4 KB pages - 1 */
#define GITS_CBASER_SIZE_WIDTH 8
#define GITS_CBASER_SIZE_MASK (0xFFull << GITS_CBASER_SIZE_SHIFT)
#define GITS_CBASER_SHAREABILITY_SHIFT 10
#define GITS_CBASER_SHAREABILITY_WIDTH 2
#define GITS_CBASER_SHAREABILITY_MASK (0x3ull << GITS_CBASER_SHAREABILITY_SHIFT)
#define GITS_CBASER_PA_SHIFT 12 /* Physical_Address: PA[51:12] in place */
#define GITS_CBASER_PA_WIDTH 40
#define GITS_CBASER_PA_MASK (0xFFFFFFFFFFull << GITS_CBASER_PA_SHIFT)
#define GITS_CBASER_OUTERCACHE_SHIFT 53
#define GITS_CBASER_OUTERCACHE_WIDTH 3
#define GITS_CBASER_OUTERCACHE_MASK (0x7ull << GITS_CBASER_OUTERCACHE_SHIFT)
#define GITS_CBASER_INNERCACHE_SHIFT 59
#define GITS_CBASER_INNERCACHE_WIDTH 3
#define GITS_CBASER_INNERCACHE_MASK (0x7ull << GITS_CBASER_INNERCACHE_SHIFT)
#define GITS_CBASER_VALID_SHIFT 63
#define GITS_CBASER_VALID_WIDTH 1
#define GITS_CBASER_VALID_MASK (0x1ull << GITS_CBASER_VALID_SHIFT)

/* GITS_CWRITER / GITS_CREADR: Offset is the byte offset (32-byte slots) in place. */
#define GITS_CWRITER_RETRY_SHIFT 0 /* write 1: resume a stalled queue */
#define GITS_CWRITER_RETRY_WIDTH 1
#define GITS_CWRITER_RETRY_MASK (0x1ull << GITS_CWRITER_RETRY_SHIFT)
#define GITS_CWRITER_OFFSET_SHIFT 5
#define GITS_CWRITER_OFFSET_WIDTH 15
#define GITS_CWRITER_OFFSET_MASK (0x7FFFull << GITS_CWRITER_OFFSET_SHIFT)
#define GITS_CREADR_STALLED_SHIFT 0
#define GITS_CREADR_STALLED_WIDTH 1
#define GITS_CREADR_STALLED_MASK (0x1ull << GITS_CREADR_STALLED_SHIFT)
#define GITS_CREADR_OFFSET_SHIFT 5
#define GITS_CREADR_OFFSET_WIDTH 15
#define GITS_CREADR_OFFSET_MASK (0x7FFFull << GITS_CREADR_OFFSET_SHIFT)

/* GITS_BASER<n> */
#define GITS_BASER_SIZE_SHIFT 0 /* pages - 1 (two-level: level-1 pages - 1) */
#define GITS_BASER_SIZE_WIDTH 8
#define GITS_BASER_SIZE_MASK (0xFFull << GITS_BASER_SIZE_SHIFT)
#define GITS_BASER_PAGE_SIZE_SHIFT 8
#define GITS_BASER_PAGE_SIZE_WIDTH 2
#define GITS_BASER_PAGE_SIZE_MASK (0x3ull << GITS_BASER_PAGE_SIZE_SHIFT)
#define GITS_BASER_SHAREABILITY_SHIFT 10
#define GITS_BASER_SHAREABILITY_WIDTH 2
#define GITS_BASER_SHAREABILITY_MASK (0x3ull << GITS_BASER_SHAREABILITY_SHIFT)
/* Physical_Address: PA[47:12] in place; with 64 KB pages bits [15:12] hold
 * PA[51:48] (its_baser_pa_field() encodes both). */
#define GITS_BASER_PA_SHIFT 12
#define GITS_BASER_PA_WIDTH 36
#define GITS_BASER_PA_MASK (0xFFFFFFFFFull << GITS_BASER_PA_SHIFT)
#define GITS_BASER_ENTRY_SIZE_SHIFT 48 /* bytes per entry - 1, RO */
#define GITS_BASER_ENTRY_SIZE_WIDTH 5
#define GITS_BASER_ENTRY_SIZE_MASK (0x1Full << GITS_BASER_ENTRY_SIZE_SHIFT)
#define GITS_BASER_OUTERCACHE_SHIFT 53
#define GITS_BASER_OUTERCACHE_WIDTH 3
#define GITS_BASER_OUTERCACHE_MASK (0x7ull << GITS_BASER_OUTERCACHE_SHIFT)
#define GITS_BASER_TYPE_SHIFT 56 /* RO: GITS_BASER_TYPE_* */
#define GITS_BASER_TYPE_WIDTH 3
#define GITS_BASER_TYPE_MASK (0x7ull << GITS_BASER_TYPE_SHIFT)
#define GITS_BASER_INNERCACHE_SHIFT 59
#define GITS_BASER_INNERCACHE_WIDTH 3
#define GITS_BASER_INNERCACHE_MASK (0x7ull << GITS_BASER_INNERCACHE_SHIFT)
#define GITS_BASER_INDIRECT_SHIFT 62 /* two-level table */
#define GITS_BASER_INDIRECT_WIDTH 1
#define GITS_BASER_INDIRECT_MASK (0x1ull << GITS_BASER_INDIRECT_SHIFT)
#define GITS_BASER_VALID_SHIFT 63
#define GITS_BASER_VALID_WIDTH 1
#define GITS_BASER_VALID_MASK (0x1ull << GITS_BASER_VALID_SHIFT)

/* GITS_BASER.Type */
#define GITS_BASER_TYPE_NONE 0u
#define GITS_BASER_TYPE_DEVICE 1u
#define GITS_BASER_TYPE_VPE 2u
#define GITS_BASER_TYPE_COLLECTION 4u

/* GITS_BASER.Page_Size */
#define GITS_BASER_PAGE_SIZE_4K 0u
#define GITS_BASER_PAGE_SIZE_16K 1u
#define GITS_BASER_PAGE_SIZE_64K 2u

/* Level-1 descriptor of a two-level (Indirect) table: Valid, and the PA of
 * one level-2 page in the low bits. */
#define GITS_LVL1_VALID_SHIFT 63
#define GITS_LVL1_VALID_WIDTH 1
#define GITS_LVL1_VALID_MASK (0x1ull << GITS_LVL1_VALID_SHIFT)
#define GITS_LVL1_ENTRY_BYTES 8u

/* GITS_PIDR2 */
#define GITS_PIDR2_ARCHREV_SHIFT 4 /* 3: GICv3, 4: GICv4 */
#define GITS_PIDR2_ARCHREV_WIDTH 4
#define GITS_PIDR2_ARCHREV_MASK (0xFull << GITS_PIDR2_ARCHREV_SHIFT)

/* Shareability (CBASER, BASER, PROPBASER, PENDBASER [11:10]) */
#define GIC_SHAREABILITY_NON 0u
#define GIC_SHAREABILITY_INNER 1u
#define GIC_SHAREABILITY_OUTER 2u

/* InnerCache / OuterCache encodings (0 in OuterCache: same as inner) */
#define GIC_CACHE_DEVICE_NGNRNE 0u /* InnerCache only */
#define GIC_CACHE_NC 1u
#define GIC_CACHE_RAWT 2u
#define GIC_CACHE_RAWB 3u
#define GIC_CACHE_WAWT 4u
#define GIC_CACHE_WAWB 5u
#define GIC_CACHE_RAWAWT 6u
#define GIC_CACHE_RAWAWB 7u

/* Table and queue geometry */
#define GITS_CBASER_PAGE_BYTES 4096u /* CBASER.Size counts 4 KB pages */
#define GITS_ITT_ALIGN 256u          /* MAPD's ITT_addr is PA >> 8 */

/* Bytes of a Page_Size code (0 4 KB, 1 16 KB, 2 64 KB). */
static inline uint32_t its_baser_page_bytes(unsigned page_size_code)
{
    return 4096u << (2 * page_size_code);
}

/* A table's PA in GITS_BASER.Physical_Address form: PA[47:12] in place, and
 * with 64 KB pages PA[51:48] in bits [15:12]. pa aligned to the page size. */
static inline uint64_t its_baser_pa_field(uint64_t pa, unsigned page_size_code)
{
    if (page_size_code == GITS_BASER_PAGE_SIZE_64K)
        return (pa & 0x0000FFFFFFFF0000ull) | (((pa >> 48) & 0xFu) << 12);
    return pa & GITS_BASER_PA_MASK;
}

/* The table PA a GITS_BASER value names (the inverse of its_baser_pa_field). */
static inline uint64_t its_baser_pa(uint64_t baser)
{
    uint64_t f = baser & GITS_BASER_PA_MASK;
    if (ITS_FIELD_GET(baser, GITS_BASER_PAGE_SIZE) == GITS_BASER_PAGE_SIZE_64K)
        return (f & 0x0000FFFFFFFF0000ull) | (((f >> 12) & 0xFu) << 48);
    return f;
}

/*
 * A GITS_BASER value that makes a table valid: the register's read-only
 * Type and Entry_Size as read (baser_read), the page size, pages (1..256)
 * and whether it is two-level. Shareability and cacheability 0.
 */
static inline uint64_t its_baser_make(uint64_t baser_read, uint64_t pa, unsigned page_size_code,
                                      unsigned pages, bool indirect)
{
    uint64_t v = baser_read & (GITS_BASER_TYPE_MASK | GITS_BASER_ENTRY_SIZE_MASK);
    v |= GITS_BASER_VALID_MASK | its_baser_pa_field(pa, page_size_code);
    v = ITS_FIELD_SET(v, GITS_BASER_INDIRECT, indirect ? 1u : 0u);
    v = ITS_FIELD_SET(v, GITS_BASER_PAGE_SIZE, page_size_code);
    return ITS_FIELD_SET(v, GITS_BASER_SIZE, pages - 1u);
}

/* A valid GITS_CBASER: a queue of pages (1..256) 4 KB pages at pa (4 KB aligned). */
static inline uint64_t its_cbaser_make(uint64_t pa, unsigned pages)
{
    return GITS_CBASER_VALID_MASK | (pa & GITS_CBASER_PA_MASK) |
           ITS_FIELD_PREP(GITS_CBASER_SIZE, pages - 1u);
}

/* =========================================================================
 * Redistributor (offsets from RD_base; SGI_base is RD_base + 0x10000)
 * ========================================================================= */

#define GICR_CTLR 0x0000u      /* 32 */
#define GICR_IIDR 0x0004u      /* 32, RO */
#define GICR_TYPER 0x0008u     /* 64, RO */
#define GICR_STATUSR 0x0010u   /* 32 */
#define GICR_WAKER 0x0014u     /* 32 */
#define GICR_SETLPIR 0x0040u   /* 64, WO */
#define GICR_CLRLPIR 0x0048u   /* 64, WO */
#define GICR_PROPBASER 0x0070u /* 64 */
#define GICR_PENDBASER 0x0078u /* 64 */
#define GICR_INVLPIR 0x00A0u   /* 64, WO */
#define GICR_INVALLR 0x00B0u   /* 64, WO */
#define GICR_SYNCR 0x00C0u     /* 32, RO */
#define GICR_PIDR4 0xFFD0u
#define GICR_PIDR0 0xFFE0u
#define GICR_PIDR2 0xFFE8u
#define GICR_CIDR0 0xFFF0u

#define GICR_RD_FRAME_BYTES 0x10000u
#define GICR_SGI_BASE 0x10000u     /* SGI_base, from RD_base */
#define GICR_FRAMES_GICV3 0x20000u /* stride of GICv3 redistributors (VLPIS = 0) */
#define GICR_FRAMES_GICV4 0x40000u /* ... and of GICv4 ones (VLPIS = 1) */

/* SGI_base registers, as offsets from RD_base */
#define GICR_IGROUPR0 (GICR_SGI_BASE + 0x0080u)
#define GICR_ISENABLER0 (GICR_SGI_BASE + 0x0100u)
#define GICR_ICENABLER0 (GICR_SGI_BASE + 0x0180u)
#define GICR_ISPENDR0 (GICR_SGI_BASE + 0x0200u)
#define GICR_ICPENDR0 (GICR_SGI_BASE + 0x0280u)
#define GICR_ISACTIVER0 (GICR_SGI_BASE + 0x0300u)
#define GICR_ICACTIVER0 (GICR_SGI_BASE + 0x0380u)
#define GICR_IPRIORITYR(n) (GICR_SGI_BASE + 0x0400u + 4u * (unsigned)(n)) /* n = 0..7 */
#define GICR_ICFGR0 (GICR_SGI_BASE + 0x0C00u)
#define GICR_ICFGR1 (GICR_SGI_BASE + 0x0C04u)
#define GICR_IGRPMODR0 (GICR_SGI_BASE + 0x0D00u)
#define GICR_NSACR (GICR_SGI_BASE + 0x0E00u)

/* GICR_CTLR */
#define GICR_CTLR_ENABLE_LPIS_SHIFT 0
#define GICR_CTLR_ENABLE_LPIS_WIDTH 1
#define GICR_CTLR_ENABLE_LPIS_MASK (0x1ull << GICR_CTLR_ENABLE_LPIS_SHIFT)
#define GICR_CTLR_CES_SHIFT 1 /* EnableLPIs can be cleared */
#define GICR_CTLR_CES_WIDTH 1
#define GICR_CTLR_CES_MASK (0x1ull << GICR_CTLR_CES_SHIFT)
#define GICR_CTLR_IR_SHIFT 2 /* GICv4.1: INVLPIR/INVALLR/SYNCR implemented */
#define GICR_CTLR_IR_WIDTH 1
#define GICR_CTLR_IR_MASK (0x1ull << GICR_CTLR_IR_SHIFT)
#define GICR_CTLR_RWP_SHIFT 3 /* register write pending */
#define GICR_CTLR_RWP_WIDTH 1
#define GICR_CTLR_RWP_MASK (0x1ull << GICR_CTLR_RWP_SHIFT)
#define GICR_CTLR_UWP_SHIFT 31
#define GICR_CTLR_UWP_WIDTH 1
#define GICR_CTLR_UWP_MASK (0x1ull << GICR_CTLR_UWP_SHIFT)

/* GICR_TYPER */
#define GICR_TYPER_PLPIS_SHIFT 0
#define GICR_TYPER_PLPIS_WIDTH 1
#define GICR_TYPER_PLPIS_MASK (0x1ull << GICR_TYPER_PLPIS_SHIFT)
#define GICR_TYPER_VLPIS_SHIFT 1
#define GICR_TYPER_VLPIS_WIDTH 1
#define GICR_TYPER_VLPIS_MASK (0x1ull << GICR_TYPER_VLPIS_SHIFT)
#define GICR_TYPER_DIRECT_LPI_SHIFT 3
#define GICR_TYPER_DIRECT_LPI_WIDTH 1
#define GICR_TYPER_DIRECT_LPI_MASK (0x1ull << GICR_TYPER_DIRECT_LPI_SHIFT)
#define GICR_TYPER_LAST_SHIFT 4
#define GICR_TYPER_LAST_WIDTH 1
#define GICR_TYPER_LAST_MASK (0x1ull << GICR_TYPER_LAST_SHIFT)
#define GICR_TYPER_PROCESSOR_NUMBER_SHIFT 8 /* the ITS target when GITS_TYPER.PTA = 0 */
#define GICR_TYPER_PROCESSOR_NUMBER_WIDTH 16
#define GICR_TYPER_PROCESSOR_NUMBER_MASK (0xFFFFull << GICR_TYPER_PROCESSOR_NUMBER_SHIFT)
#define GICR_TYPER_COMMON_LPI_AFF_SHIFT 24
#define GICR_TYPER_COMMON_LPI_AFF_WIDTH 2
#define GICR_TYPER_COMMON_LPI_AFF_MASK (0x3ull << GICR_TYPER_COMMON_LPI_AFF_SHIFT)
#define GICR_TYPER_AFFINITY_SHIFT 32 /* Aff3.Aff2.Aff1.Aff0 */
#define GICR_TYPER_AFFINITY_WIDTH 32
#define GICR_TYPER_AFFINITY_MASK (0xFFFFFFFFull << GICR_TYPER_AFFINITY_SHIFT)

/* GICR_WAKER */
#define GICR_WAKER_PROCESSOR_SLEEP_SHIFT 1
#define GICR_WAKER_PROCESSOR_SLEEP_WIDTH 1
#define GICR_WAKER_PROCESSOR_SLEEP_MASK (0x1ull << GICR_WAKER_PROCESSOR_SLEEP_SHIFT)
#define GICR_WAKER_CHILDREN_ASLEEP_SHIFT 2
#define GICR_WAKER_CHILDREN_ASLEEP_WIDTH 1
#define GICR_WAKER_CHILDREN_ASLEEP_MASK (0x1ull << GICR_WAKER_CHILDREN_ASLEEP_SHIFT)

/* GICR_PROPBASER and GICR_PENDBASER (the attribute fields are shared) */
#define GICR_PROPBASER_IDBITS_SHIFT 0 /* LPI INTID bits - 1 */
#define GICR_PROPBASER_IDBITS_WIDTH 5
#define GICR_PROPBASER_IDBITS_MASK (0x1Full << GICR_PROPBASER_IDBITS_SHIFT)
#define GICR_BASER_INNERCACHE_SHIFT 7
#define GICR_BASER_INNERCACHE_WIDTH 3
#define GICR_BASER_INNERCACHE_MASK (0x7ull << GICR_BASER_INNERCACHE_SHIFT)
#define GICR_BASER_SHAREABILITY_SHIFT 10
#define GICR_BASER_SHAREABILITY_WIDTH 2
#define GICR_BASER_SHAREABILITY_MASK (0x3ull << GICR_BASER_SHAREABILITY_SHIFT)
#define GICR_BASER_OUTERCACHE_SHIFT 56
#define GICR_BASER_OUTERCACHE_WIDTH 3
#define GICR_BASER_OUTERCACHE_MASK (0x7ull << GICR_BASER_OUTERCACHE_SHIFT)
#define GICR_PROPBASER_PA_SHIFT 12 /* PA[51:12] in place */
#define GICR_PROPBASER_PA_WIDTH 40
#define GICR_PROPBASER_PA_MASK (0xFFFFFFFFFFull << GICR_PROPBASER_PA_SHIFT)
#define GICR_PENDBASER_PA_SHIFT 16 /* PA[51:16] in place (64 KB aligned) */
#define GICR_PENDBASER_PA_WIDTH 36
#define GICR_PENDBASER_PA_MASK (0xFFFFFFFFFull << GICR_PENDBASER_PA_SHIFT)
#define GICR_PENDBASER_PTZ_SHIFT 62 /* WO: the pending table is all zero */
#define GICR_PENDBASER_PTZ_WIDTH 1
#define GICR_PENDBASER_PTZ_MASK (0x1ull << GICR_PENDBASER_PTZ_SHIFT)

/* GICR_SETLPIR, GICR_CLRLPIR, GICR_INVLPIR: the INTID; INVLPIR and INVALLR
 * (GICv4.1) also name a vPE. */
#define GICR_LPIR_INTID_SHIFT 0
#define GICR_LPIR_INTID_WIDTH 32
#define GICR_LPIR_INTID_MASK (0xFFFFFFFFull << GICR_LPIR_INTID_SHIFT)
#define GICR_INVLPIR_VPEID_SHIFT 32
#define GICR_INVLPIR_VPEID_WIDTH 16
#define GICR_INVLPIR_VPEID_MASK (0xFFFFull << GICR_INVLPIR_VPEID_SHIFT)
#define GICR_INVLPIR_V_SHIFT 63
#define GICR_INVLPIR_V_WIDTH 1
#define GICR_INVLPIR_V_MASK (0x1ull << GICR_INVLPIR_V_SHIFT)

/* GICR_SYNCR */
#define GICR_SYNCR_BUSY_SHIFT 0
#define GICR_SYNCR_BUSY_WIDTH 1
#define GICR_SYNCR_BUSY_MASK (0x1ull << GICR_SYNCR_BUSY_SHIFT)

/* GICR_PIDR2 */
#define GICR_PIDR2_ARCHREV_SHIFT 4
#define GICR_PIDR2_ARCHREV_WIDTH 4
#define GICR_PIDR2_ARCHREV_MASK (0xFull << GICR_PIDR2_ARCHREV_SHIFT)

/* LPIs and their configuration (property) table: one byte per LPI, byte
 * n for INTID 8192 + n; the pending table has one bit per INTID from 0. */
#define GIC_LPI_FIRST_INTID 8192u
#define GIC_LPI_MIN_ID_BITS 14u /* PROPBASER.IDbits + 1 below this: no LPIs */
#define GIC_SPURIOUS_INTID 1023u
#define GIC_PENDING_TABLE_ALIGN 0x10000u
#define GIC_LPI_PROP_ENABLE_SHIFT 0
#define GIC_LPI_PROP_ENABLE_WIDTH 1
#define GIC_LPI_PROP_ENABLE_MASK (0x1ull << GIC_LPI_PROP_ENABLE_SHIFT)
#define GIC_LPI_PROP_GROUP1_SHIFT 1 /* RES1 */
#define GIC_LPI_PROP_GROUP1_WIDTH 1
#define GIC_LPI_PROP_GROUP1_MASK (0x1ull << GIC_LPI_PROP_GROUP1_SHIFT)
#define GIC_LPI_PROP_PRIORITY_SHIFT 2 /* priority[7:2] */
#define GIC_LPI_PROP_PRIORITY_WIDTH 6
#define GIC_LPI_PROP_PRIORITY_MASK (0x3Full << GIC_LPI_PROP_PRIORITY_SHIFT)

/* A configuration byte: priority (its low two bits ignored), Group 1 RES1, enable. */
static inline uint8_t its_lpi_prop_byte(uint8_t priority, bool enable)
{
    return (uint8_t)((priority & GIC_LPI_PROP_PRIORITY_MASK) | GIC_LPI_PROP_GROUP1_MASK |
                     (enable ? GIC_LPI_PROP_ENABLE_MASK : 0u));
}

/* GICR_PROPBASER for a property table at pa (4 KB aligned) covering id_bits
 * INTID bits (14..). Shareability and cacheability 0. */
static inline uint64_t its_propbaser_make(uint64_t pa, unsigned id_bits)
{
    return (pa & GICR_PROPBASER_PA_MASK) | ITS_FIELD_PREP(GICR_PROPBASER_IDBITS, id_bits - 1u);
}

/* GICR_PENDBASER for a pending table at pa (64 KB aligned); ptz: the table is zero. */
static inline uint64_t its_pendbaser_make(uint64_t pa, bool ptz)
{
    return (pa & GICR_PENDBASER_PA_MASK) | (ptz ? GICR_PENDBASER_PTZ_MASK : 0u);
}

/* =========================================================================
 * Distributor (offsets from GICD_base): what a driver checks before LPIs
 * ========================================================================= */

#define GICD_CTLR 0x0000u
#define GICD_TYPER 0x0004u
#define GICD_IIDR 0x0008u
#define GICD_PIDR2 0xFFE8u

#define GICD_TYPER_ITLINESNUMBER_SHIFT 0 /* SPI INTIDs: 32 * (n + 1) */
#define GICD_TYPER_ITLINESNUMBER_WIDTH 5
#define GICD_TYPER_ITLINESNUMBER_MASK (0x1Full << GICD_TYPER_ITLINESNUMBER_SHIFT)
#define GICD_TYPER_CPUNUMBER_SHIFT 5
#define GICD_TYPER_CPUNUMBER_WIDTH 3
#define GICD_TYPER_CPUNUMBER_MASK (0x7ull << GICD_TYPER_CPUNUMBER_SHIFT)
#define GICD_TYPER_NUM_LPIS_SHIFT 11 /* 0: the LPI range is IDbits' */
#define GICD_TYPER_NUM_LPIS_WIDTH 5
#define GICD_TYPER_NUM_LPIS_MASK (0x1Full << GICD_TYPER_NUM_LPIS_SHIFT)
#define GICD_TYPER_LPIS_SHIFT 17 /* LPIs supported */
#define GICD_TYPER_LPIS_WIDTH 1
#define GICD_TYPER_LPIS_MASK (0x1ull << GICD_TYPER_LPIS_SHIFT)
#define GICD_TYPER_IDBITS_SHIFT 19 /* INTID bits - 1 */
#define GICD_TYPER_IDBITS_WIDTH 5
#define GICD_TYPER_IDBITS_MASK (0x1Full << GICD_TYPER_IDBITS_SHIFT)

#ifdef __cplusplus
}
#endif

#endif
