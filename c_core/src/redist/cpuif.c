/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The CPU interface registers LPIs touch (ICC_IAR1/EOIR1/HPPIR1/PMR/IGRPEN1/
 * RPR, Group 1 Non-secure) and the IRQ level they imply. The binary point
 * is not modelled: every implemented priority bit is group priority, so an
 * LPI preempts exactly when its priority is numerically below the running
 * priority.
 */
#include "redist_internal.h"

static unsigned running_priority(const redist_t *rd)
{
    return rd->nactive ? rd->active_prio[rd->nactive - 1] : LPI_IDLE_PRIORITY;
}

/* The LPI an IAR1 read would take now. */
static bool can_take(const redist_t *rd, uint32_t *intid, unsigned *prio)
{
    return rd->igrpen1 && redist_lpi_best(rd, intid, prio) && *prio < rd->pmr &&
           *prio < running_priority(rd);
}

void redist_update_irq(redist_t *rd)
{
    uint32_t intid;
    unsigned prio;
    bool level = can_take(rd, &intid, &prio);
    if (level != rd->irq_level) {
        rd->irq_level = level;
        if (rd->ops.irq)
            rd->ops.irq(rd->ops.ctx, level);
    }
}

bool redist_irq_pending(const redist_t *rd) { return rd->irq_level; }

uint32_t redist_icc_iar1_read(redist_t *rd)
{
    uint32_t intid;
    unsigned prio;
    if (!can_take(rd, &intid, &prio)) {
        rd->st.spurious++;
        return REDIST_SPURIOUS;
    }
    /* LPIs have no active state: acknowledging clears the pending bit and
     * only the priority stays active until the EOI. Each entry beats the
     * one below it, so 64 priority levels bound the depth. */
    redist_lpi_take(rd, intid);
    rd->active_prio[rd->nactive] = (uint8_t)prio;
    rd->active_intid[rd->nactive] = intid;
    rd->nactive++;
    rd->st.acknowledged++;
    redist_update_irq(rd);
    return intid;
}

void redist_icc_eoir1_write(redist_t *rd, uint32_t intid)
{
    intid &= 0xFFFFFFu; /* INTID[23:0]; the rest is RES0 */
    if (intid >= 1020 && intid <= 1023) {
        rd->st.diag[REDIST_DIAG_EOI_SPECIAL]++;
        return;
    }
    if (rd->nactive == 0) {
        rd->st.diag[REDIST_DIAG_EOI_WITHOUT_ACK]++;
        return;
    }
    /* Out of order (UNPREDICTABLE): drop the running priority anyway, as a
     * CPU interface that tracks active priorities rather than INTIDs does,
     * so software that lost track is not left masked forever. */
    if (intid != rd->active_intid[rd->nactive - 1])
        rd->st.diag[REDIST_DIAG_EOI_MISMATCH]++;
    rd->nactive--;
    rd->st.eoi++;
    redist_update_irq(rd);
}

uint32_t redist_icc_hppir1_read(const redist_t *rd)
{
    uint32_t intid;
    unsigned prio;
    return redist_lpi_best(rd, &intid, &prio) ? intid : REDIST_SPURIOUS;
}

void redist_icc_pmr_write(redist_t *rd, uint8_t pmr)
{
    rd->pmr = pmr & rd->primask; /* unimplemented low bits are RAZ/WI */
    redist_update_irq(rd);
}

uint8_t redist_icc_pmr_read(const redist_t *rd) { return rd->pmr; }

void redist_icc_igrpen1_write(redist_t *rd, bool enable)
{
    rd->igrpen1 = enable;
    redist_update_irq(rd);
}

bool redist_icc_igrpen1_read(const redist_t *rd) { return rd->igrpen1; }

uint8_t redist_icc_rpr_read(const redist_t *rd)
{
    return rd->nactive ? rd->active_prio[rd->nactive - 1] : 0xFF;
}
