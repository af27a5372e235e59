/* SPDX-License-Identifier: Apache-2.0 */
/* Command encoding and the command queue: publish, then wait for CREADR. */
#include "driver_internal.h"

static void clear(uint64_t c[4]) { c[0] = c[1] = c[2] = c[3] = 0; }

void drv_cmd_mapd(uint64_t c[4], uint32_t device_id, unsigned size, uint64_t itt, bool valid)
{
    clear(c);
    c[0] = 0x08 | ((uint64_t)device_id << 32);
    c[1] = size & 0x1F;
    c[2] = (itt & 0x000FFFFFFFFFFF00ull) | ((uint64_t)valid << 63);
}

void drv_cmd_mapc(uint64_t c[4], uint32_t icid, uint64_t target, bool valid)
{
    clear(c);
    c[0] = 0x09;
    c[2] = icid | (target & 0x000FFFFFFFFF0000ull) | ((uint64_t)valid << 63);
}

void drv_cmd_mapti(uint64_t c[4], uint32_t device_id, uint32_t event, uint32_t intid, uint32_t icid)
{
    clear(c);
    c[0] = 0x0A | ((uint64_t)device_id << 32);
    c[1] = event | ((uint64_t)intid << 32);
    c[2] = icid;
}

void drv_cmd_event(uint64_t c[4], uint8_t opcode, uint32_t device_id, uint32_t event)
{
    clear(c);
    c[0] = opcode | ((uint64_t)device_id << 32);
    c[1] = event;
}

void drv_cmd_movi(uint64_t c[4], uint32_t device_id, uint32_t event, uint32_t icid)
{
    drv_cmd_event(c, 0x01, device_id, event);
    c[2] = icid;
}

void drv_cmd_invall(uint64_t c[4], uint32_t icid)
{
    clear(c);
    c[0] = 0x0D;
    c[2] = icid;
}

static void sync_cmd(uint64_t c[4], uint64_t target)
{
    clear(c);
    c[0] = 0x05;
    c[2] = target & 0x000FFFFFFFFF0000ull;
}

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
    return (uint32_t)env->read(env->ctx, drv->layout.its_base + GITS_CREADR, 4) & (QUEUE_BYTES - CMD_BYTES);
}

static uint32_t ahead(uint32_t from, uint32_t to) { return (to - from) & (QUEUE_BYTES - 1); }

static void write_slot(its_driver *drv, const drv_env *env, const uint64_t c[4])
{
    for (int i = 0; i < 4; i++)
        env->write(env->ctx, drv->cmdq + drv->cwriter + 8u * i, 8, c[i]);
    if (drv->cmdq_flush) /* a non-shareable queue: the ITS reads memory */
        drv_clean(env, drv->cmdq + drv->cwriter, CMD_BYTES);
    drv->cwriter = (drv->cwriter + CMD_BYTES) % QUEUE_BYTES;
    drv->commands++;
}

/* Wait for a free slot, as its_allocate_entry does: the queue is full when
 * the slot after the write index is the one CREADR names. */
static bool slot_free(const its_driver *drv, const drv_env *env)
{
    for (uint32_t polls = 0;; polls++) {
        if ((drv->cwriter + CMD_BYTES) % QUEUE_BYTES != creadr(drv, env))
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
        sync_cmd(c, sync_target);
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
