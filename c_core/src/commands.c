/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The twelve physical commands. Each handler decodes its fields, runs the
 * architected checks in a fixed order (command fields first, then what the
 * tables say) and returns 0 or an E_ITS code (docs/errors.md).
 */
#include "its_internal.h"

#define ERR(cc, reason) ITS_ERROR_CODE((cc), (reason))

static uint32_t fetch_error(uint8_t cc, its_fetch f, uint8_t oor_reason)
{
    if (f == FETCH_OK)
        return 0;
    return ERR(cc, f == FETCH_FAULT ? ITS_REASON_MEMORY_FAULT : oor_reason);
}

/* A lookup outcome as the E_ITS reason a command reports. */
static uint32_t lookup_error(uint8_t cc, its_msi_result r)
{
    switch (r) {
    case ITS_MSI_DELIVERED: return 0;
    case ITS_MSI_DROP_DEVICE_OOR: return ERR(cc, ITS_REASON_DEVICE_OOR);
    case ITS_MSI_DROP_UNMAPPED_DEVICE: return ERR(cc, ITS_REASON_UNMAPPED_DEVICE);
    case ITS_MSI_DROP_EVENT_OOR: return ERR(cc, ITS_REASON_ID_OOR);
    case ITS_MSI_DROP_UNMAPPED_EVENT: return ERR(cc, ITS_REASON_UNMAPPED_INTERRUPT);
    case ITS_MSI_DROP_UNMAPPED_COLLECTION: return ERR(cc, ITS_REASON_UNMAPPED_COLLECTION);
    default: return ERR(cc, ITS_REASON_MEMORY_FAULT);
    }
}

/* A command naming an ICID no collection slot holds reports COLLECTION_OOR:
 * beyond the ID space or the table, or, in a two-level table, behind a
 * level-1 descriptor that is not valid (that part of the table does not
 * exist, as for MAPC). */
static uint32_t collection_range(its_t *its, uint32_t icid, uint8_t cc)
{
    if (!its_icid_in_range(its, icid))
        return ERR(cc, ITS_REASON_COLLECTION_OOR);
    if (icid < its->cfg.hcc)
        return 0;
    uint64_t pa;
    return fetch_error(cc, its_table_entry_addr(its, &its->collections, icid - its->cfg.hcc, &pa),
                       ITS_REASON_COLLECTION_OOR);
}

static uint32_t device_id_of(const uint64_t cmd[4]) { return (uint32_t)FIELD_GET(cmd[0], ITS_CMD_DEVICEID); }
static uint32_t event_id_of(const uint64_t cmd[4]) { return (uint32_t)FIELD_GET(cmd[1], ITS_CMD_EVENTID); }
static uint32_t icid_of(const uint64_t cmd[4]) { return (uint32_t)FIELD_GET(cmd[2], ITS_CMD_ICID); }

static uint32_t do_mapd(its_t *its, const uint64_t cmd[4], uint8_t cc)
{
    uint32_t device_id = device_id_of(cmd);
    uint32_t size = (uint32_t)FIELD_GET(cmd[1], ITS_CMD_SIZE);
    uint64_t itt = FIELD_GET(cmd[2], ITS_CMD_ITT_ADDR) << 8;
    bool valid = FIELD_GET(cmd[2], ITS_CMD_VALID);
    if (device_id >= its->device_limit)
        return ERR(cc, ITS_REASON_DEVICE_OOR);
    if (valid && size >= its->cfg.eventid_bits)
        return ERR(cc, ITS_REASON_ITTSIZE_OOR);
    uint64_t dte = valid ? dte_make(its, size, itt) : 0;
    return fetch_error(cc, its_dte_put(its, device_id, dte), ITS_REASON_DEVICE_OOR);
}

static uint32_t do_mapc(its_t *its, const uint64_t cmd[4], uint8_t cc)
{
    uint32_t icid = icid_of(cmd);
    bool valid = FIELD_GET(cmd[2], ITS_CMD_VALID);
    uint32_t target = 0;
    if (!its_icid_in_range(its, icid))
        return ERR(cc, ITS_REASON_COLLECTION_OOR);
    if (valid && !its_resolve_rdbase(its, FIELD_GET(cmd[2], ITS_CMD_RDBASE), &target))
        return ERR(cc, ITS_REASON_PROCNUM_OOR);
    uint64_t cte = valid ? cte_make(target) : 0;
    return fetch_error(cc, its_cte_put(its, icid, cte), ITS_REASON_COLLECTION_OOR);
}

/* MAPTI, and MAPI (pINTID = EventID). */
static uint32_t map_event(its_t *its, const uint64_t cmd[4], uint8_t cc, uint32_t intid)
{
    uint32_t device_id = device_id_of(cmd), event_id = event_id_of(cmd), icid = icid_of(cmd);
    uint64_t dte;
    if (device_id >= its->device_limit)
        return ERR(cc, ITS_REASON_DEVICE_OOR);
    uint32_t e = collection_range(its, icid, cc);
    if (e)
        return e;
    if (!its_lpi_valid(its, intid))
        return ERR(cc, ITS_REASON_PHYSICALID_OOR);
    its_fetch f = its_dte_get(its, device_id, &dte);
    if (f != FETCH_OK)
        return fetch_error(cc, f, ITS_REASON_DEVICE_OOR);
    if (dte == 0)
        return ERR(cc, ITS_REASON_UNMAPPED_DEVICE);
    if (event_id >= (2ull << dte_size(dte)))
        return ERR(cc, ITS_REASON_ID_OOR);
    f = its_ite_put(its, device_id, event_id, dte, ite_make(intid, icid));
    return fetch_error(cc, f, ITS_REASON_ID_OOR);
}

static uint32_t do_mapti(its_t *its, const uint64_t cmd[4], uint8_t cc)
{
    return map_event(its, cmd, cc, (uint32_t)FIELD_GET(cmd[1], ITS_CMD_PINTID));
}

static uint32_t do_mapi(its_t *its, const uint64_t cmd[4], uint8_t cc)
{
    return map_event(its, cmd, cc, event_id_of(cmd));
}

/* The mapped event a command names, and its target redistributor. */
typedef struct event_ref {
    uint32_t device_id, event_id, intid, icid, target;
    uint64_t dte, ite;
} event_ref;

static uint32_t resolve_event(its_t *its, const uint64_t cmd[4], uint8_t cc, event_ref *ev)
{
    ev->device_id = device_id_of(cmd);
    ev->event_id = event_id_of(cmd);
    uint32_t e = lookup_error(cc, its_find_event(its, ev->device_id, ev->event_id, &ev->dte, &ev->ite));
    if (e)
        return e;
    ev->intid = ite_intid(ev->ite);
    ev->icid = ite_icid(ev->ite);
    if (!its_lpi_valid(its, ev->intid)) /* a corrupted ITT: as MAPTI would have refused it */
        return ERR(cc, ITS_REASON_PHYSICALID_OOR);
    return lookup_error(cc, its_find_target(its, ev->icid, &ev->target));
}

static uint32_t do_int(its_t *its, const uint64_t cmd[4], uint8_t cc)
{
    event_ref ev;
    uint32_t e = resolve_event(its, cmd, cc, &ev);
    if (!e)
        its->ops.set_pending(its->ops.ctx, ev.target, ev.intid);
    return e;
}

static uint32_t do_clear(its_t *its, const uint64_t cmd[4], uint8_t cc)
{
    event_ref ev;
    uint32_t e = resolve_event(its, cmd, cc, &ev);
    if (!e)
        its->ops.clear_pending(its->ops.ctx, ev.target, ev.intid);
    return e;
}

static uint32_t do_inv(its_t *its, const uint64_t cmd[4], uint8_t cc)
{
    event_ref ev;
    uint32_t e = resolve_event(its, cmd, cc, &ev);
    if (!e)
        its->ops.inv(its->ops.ctx, ev.target, ev.intid);
    return e;
}

static uint32_t do_discard(its_t *its, const uint64_t cmd[4], uint8_t cc)
{
    event_ref ev;
    ev.device_id = device_id_of(cmd);
    ev.event_id = event_id_of(cmd);
    uint32_t e = lookup_error(cc, its_find_event(its, ev.device_id, ev.event_id, &ev.dte, &ev.ite));
    if (e)
        return e;
    ev.intid = ite_intid(ev.ite);
    /* The pending state goes only where the collection still leads. */
    its_msi_result r = its_find_target(its, ite_icid(ev.ite), &ev.target);
    if (r == ITS_MSI_DROP_MEMORY_FAULT)
        return ERR(cc, ITS_REASON_MEMORY_FAULT);
    /* Table first: a faulting write stalls before any effect, so Retry is exact. */
    e = fetch_error(cc, its_ite_put(its, ev.device_id, ev.event_id, ev.dte, 0), ITS_REASON_ID_OOR);
    if (!e && r == ITS_MSI_DELIVERED && its_lpi_valid(its, ev.intid)) /* a corrupted ITE: no LPI to clear */
        its->ops.clear_pending(its->ops.ctx, ev.target, ev.intid);
    return e;
}

static uint32_t do_movi(its_t *its, const uint64_t cmd[4], uint8_t cc)
{
    uint32_t new_icid = icid_of(cmd), new_target;
    event_ref ev;
    if (device_id_of(cmd) >= its->device_limit)
        return ERR(cc, ITS_REASON_DEVICE_OOR);
    uint32_t e = collection_range(its, new_icid, cc);
    if (e)
        return e;
    e = resolve_event(its, cmd, cc, &ev);
    if (e)
        return e;
    e = lookup_error(cc, its_find_target(its, new_icid, &new_target));
    if (e)
        return e;
    its_fetch f = its_ite_put(its, ev.device_id, ev.event_id, ev.dte, ite_make(ev.intid, new_icid));
    e = fetch_error(cc, f, ITS_REASON_ID_OOR);
    if (!e && new_target != ev.target)
        its->ops.move_pending(its->ops.ctx, ev.target, new_target, ev.intid);
    return e;
}

static uint32_t do_invall(its_t *its, const uint64_t cmd[4], uint8_t cc)
{
    uint32_t icid = icid_of(cmd), target;
    uint32_t e = collection_range(its, icid, cc);
    if (e)
        return e;
    e = lookup_error(cc, its_find_target(its, icid, &target));
    if (!e)
        its->ops.invall(its->ops.ctx, target);
    return e;
}

static uint32_t do_sync(its_t *its, const uint64_t cmd[4], uint8_t cc)
{
    (void)cc;
    uint32_t target;
    /* No error is architected for SYNC: a bad RDbase is UNPREDICTABLE. */
    if (!its_resolve_rdbase(its, FIELD_GET(cmd[2], ITS_CMD_RDBASE), &target)) {
        its->st.diag[ITS_DIAG_SYNC_BAD_TARGET]++;
        return 0;
    }
    its->ops.sync(its->ops.ctx, target);
    return 0;
}

static uint32_t do_movall(its_t *its, const uint64_t cmd[4], uint8_t cc)
{
    uint32_t from, to;
    if (!its_resolve_rdbase(its, FIELD_GET(cmd[2], ITS_CMD_RDBASE), &from) ||
        !its_resolve_rdbase(its, FIELD_GET(cmd[3], ITS_CMD_RDBASE), &to))
        return ERR(cc, ITS_REASON_MOVALL_PROCNUM_OOR);
    if (from != to)
        its->ops.movall(its->ops.ctx, from, to);
    return 0;
}

typedef uint32_t (*command_fn)(its_t *its, const uint64_t cmd[4], uint8_t cc);

/* Handler and the command field of its E_ITS codes (CLEAR reports 0x05). */
static const struct {
    command_fn fn;
    uint8_t cc;
} commands[16] = {
    [ITS_CMD_MOVI] = {do_movi, 0x01},   [ITS_CMD_INT] = {do_int, 0x03},
    [ITS_CMD_CLEAR] = {do_clear, 0x05}, [ITS_CMD_SYNC] = {do_sync, 0x05},
    [ITS_CMD_MAPD] = {do_mapd, 0x08},   [ITS_CMD_MAPC] = {do_mapc, 0x09},
    [ITS_CMD_MAPTI] = {do_mapti, 0x0A}, [ITS_CMD_MAPI] = {do_mapi, 0x0B},
    [ITS_CMD_INV] = {do_inv, 0x0C},     [ITS_CMD_INVALL] = {do_invall, 0x0D},
    [ITS_CMD_MOVALL] = {do_movall, 0x0E}, [ITS_CMD_DISCARD] = {do_discard, 0x0F},
};

uint32_t its_execute(its_t *its, const uint64_t cmd[4])
{
    uint8_t op = (uint8_t)FIELD_GET(cmd[0], ITS_CMD_OPCODE);
    if (op >= 16 || !commands[op].fn) {
        its->st.commands_unknown++;
        return ERR(op, ITS_REASON_UNSUPPORTED_CMD);
    }
    its->st.commands[op]++;
    return commands[op].fn(its, cmd, commands[op].cc);
}
