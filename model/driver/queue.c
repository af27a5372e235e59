/* SPDX-License-Identifier: Apache-2.0 */
/* The command queue: publish, then wait for CREADR. */
#include "driver_internal.h"

drv_status drv_poll(const its_driver *drv, const drv_env *env, uint64_t pa, uint64_t mask, uint64_t want)
{
    for (uint32_t i = 0; i < drv->opt.poll_limit; i++) {
        if ((env->read(env->ctx, pa, 4) & mask) == want)
            return DRV_OK;
        env->relax(env->ctx);
    }
    return (env->read(env->ctx, pa, 4) & mask) == want ? DRV_OK : DRV_E_QUEUE_TIMEOUT;
}

static uint32_t creadr(const its_driver *drv, const drv_env *env)
{
    return (uint32_t)env->read(env->ctx, drv->layout.its_base + GITS_CREADR, 4) & (QUEUE_BYTES - ITS_CMD_BYTES);
}

static uint32_t ahead(uint32_t from, uint32_t to) { return (to - from) & (QUEUE_BYTES - 1); }

static void write_slot(its_driver *drv, const drv_env *env, const uint64_t c[4])
{
    for (int i = 0; i < 4; i++)
        env->write(env->ctx, drv->cmdq + drv->cwriter + 8u * i, 8, c[i]);
    if (drv->cmdq_flush) /* a non-shareable queue: the ITS reads memory */
        drv_clean(env, drv->cmdq + drv->cwriter, ITS_CMD_BYTES);
    drv->cwriter = (drv->cwriter + ITS_CMD_BYTES) % QUEUE_BYTES;
    drv->commands++;
}

/* Wait for a free slot, as its_allocate_entry does: the queue is full when
 * the slot after the write index is the one CREADR names. */
static bool slot_free(const its_driver *drv, const drv_env *env)
{
    for (uint32_t polls = 0;; polls++) {
        if ((drv->cwriter + ITS_CMD_BYTES) % QUEUE_BYTES != creadr(drv, env))
            return true;
        if (polls == drv->opt.poll_limit)
            return false;
        env->relax(env->ctx);
    }
}

/* Queue cmd (and a SYNC to sync_target unless NO_SYNC), each slot taken as
 * Linux takes it; read CREADR, publish both with one 32-bit CWRITER write,
 * then poll CREADR until the ITS has consumed them. Progress is accumulated
 * across polls, so other CPUs' commands and wraps are fine; poll_limit
 * relax() steps without completion are a timeout. */
drv_status drv_send(its_driver *drv, const drv_env *env, const uint64_t cmd[4], uint64_t sync_target)
{
    env->lock(env->ctx);
    if (!slot_free(drv, env)) { /* Linux drops the command */
        env->unlock(env->ctx);
        return DRV_E_QUEUE_FULL;
    }
    write_slot(drv, env, cmd);
    drv_status s = DRV_OK;
    if (sync_target != NO_SYNC) {
        uint64_t c[4];
        its_cmd_sync(c, sync_target >> 16);
        if (slot_free(drv, env))
            write_slot(drv, env, c);
        else
            s = DRV_E_QUEUE_FULL; /* Linux posts the command without its SYNC */
    }
    uint32_t from = creadr(drv, env), to = drv->cwriter;
    env->write(env->ctx, drv->layout.its_base + GITS_CWRITER, 4, to);
    env->unlock(env->ctx);
    if (s != DRV_OK)
        return s;

    uint32_t need = ahead(from, to), done = 0, prev = from;
    for (uint32_t polls = 0;; polls++) {
        uint32_t rd = creadr(drv, env);
        done += ahead(prev, rd);
        prev = rd;
        if (done >= need)
            return DRV_OK;
        if (polls == drv->opt.poll_limit)
            return DRV_E_QUEUE_TIMEOUT;
        env->relax(env->ctx);
    }
}
