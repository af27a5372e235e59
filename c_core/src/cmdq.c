/* SPDX-License-Identifier: Apache-2.0 */
/* The command queue engine: CREADR -> CWRITER with wrap, error policy,
 * stall and CWRITER.Retry. */
#include <string.h>

#include "its_internal.h"

bool its_cmdq_ready(const its_t *its)
{
    return its->enabled && its->queue_bytes != 0 && !its->stalled &&
           its->cwriter < its->queue_bytes && its->creadr != its->cwriter;
}

static its_step fail(its_t *its, its_cmd_report *rep, uint32_t code)
{
    rep->error = code;
    its->err.code = code;
    its->err.opcode = rep->opcode;
    its->err.index = rep->index;
    its->err.count++;
    its->st.command_errors++;
    bool fault = (code & 0xFF) == ITS_REASON_MEMORY_FAULT;
    if (fault || its->cfg.error_policy == ITS_POLICY_STALL) {
        its->stalled = true; /* CREADR stays on the failing command */
        its->st.stalls++;
        return ITS_STEP_STALLED;
    }
    its->creadr = (its->creadr + ITS_CMD_BYTES) % its->queue_bytes;
    return ITS_STEP_SKIPPED;
}

its_step its_cmdq_step(its_t *its, its_cmd_report *report)
{
    its_cmd_report local;
    its_cmd_report *rep = report ? report : &local;
    memset(rep, 0, sizeof *rep);
    if (!its_cmdq_ready(its))
        return ITS_STEP_IDLE;
    rep->index = (uint32_t)(its->creadr / ITS_CMD_BYTES);
    uint8_t buf[ITS_CMD_BYTES];
    if (its_mem_read(its, ITS_MEM_COMMAND, its->queue_base + its->creadr, buf, ITS_CMD_BYTES))
        return fail(its, rep, ITS_ERROR_CODE(0, ITS_REASON_MEMORY_FAULT));
    uint64_t cmd[4];
    for (int i = 0; i < 4; i++)
        cmd[i] = bits_load_le(buf + 8 * i, 8);
    rep->opcode = (uint8_t)FIELD_GET(cmd[0], ITS_CMD_OPCODE);
    uint32_t code = its_execute(its, cmd);
    if (code != 0)
        return fail(its, rep, code);
    its->creadr = (its->creadr + ITS_CMD_BYTES) % its->queue_bytes;
    return ITS_STEP_DONE;
}

unsigned its_cmdq_run(its_t *its, unsigned max)
{
    unsigned n = 0;
    while (n < max) {
        its_step s = its_cmdq_step(its, NULL);
        if (s == ITS_STEP_IDLE)
            break;
        n++;
        if (s == ITS_STEP_STALLED)
            break;
    }
    return n;
}

void its_cmdq_kick(its_t *its)
{
    if (its->cfg.process_on_write)
        its_cmdq_run(its, ~0u);
}
