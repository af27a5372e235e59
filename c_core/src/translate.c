/* SPDX-License-Identifier: Apache-2.0 */
/* Translation: (DeviceID, EventID) -> (INTID, target), for MSIs and commands. */
#include "its_internal.h"

static its_msi_result fetch_failed(its_fetch f, its_msi_result oor)
{
    return f == FETCH_FAULT ? ITS_MSI_DROP_MEMORY_FAULT : oor;
}

/* The device's DTE, checked against the EventID. */
static its_msi_result find_device(its_t *its, uint32_t device_id, uint32_t event_id, uint64_t *dte)
{
    if (device_id >= its->device_limit)
        return ITS_MSI_DROP_DEVICE_OOR;
    its_fetch f = its_dte_get(its, device_id, dte);
    if (f != FETCH_OK)
        return fetch_failed(f, ITS_MSI_DROP_DEVICE_OOR);
    if (*dte == 0)
        return ITS_MSI_DROP_UNMAPPED_DEVICE;
    if (event_id >= (2ull << dte_size(*dte)) || event_id >= its->event_limit)
        return ITS_MSI_DROP_EVENT_OOR;
    return ITS_MSI_DELIVERED;
}

its_msi_result its_find_event(its_t *its, uint32_t device_id, uint32_t event_id, uint64_t *dte,
                              uint64_t *ite)
{
    its_msi_result r = find_device(its, device_id, event_id, dte);
    if (r != ITS_MSI_DELIVERED)
        return r;
    its_fetch f = its_ite_get(its, device_id, event_id, *dte, ite);
    if (f != FETCH_OK)
        return fetch_failed(f, ITS_MSI_DROP_UNMAPPED_EVENT);
    return *ite ? ITS_MSI_DELIVERED : ITS_MSI_DROP_UNMAPPED_EVENT;
}

/*
 * Memo: with an unbounded ITE cache, a cached ITE also remembers the target
 * its collection resolved to (ITE_MEMO_* bits). While no collection mapping
 * changes, the collection lookup it stands for would hit (collections held
 * in the ITS, or an unbounded collection cache), so a hot MSI is one probe;
 * the counters move exactly as the full lookup would.
 */
static bool memo_allowed(const its_t *its, uint32_t icid)
{
    return its->icache.unbounded && (icid < its->cfg.hcc || its->ccache.unbounded);
}

static void memo_store(its_t *its, uint32_t device_id, uint32_t event_id,
                       const its_translation *t)
{
    its_cache_slot *s = its_cache_probe(&its->icache, ite_key(device_id, event_id));
    if (s)
        s->val = FIELD_SET(s->val | ITE_MEMO_VALID | (t->icid < its->cfg.hcc ? ITE_MEMO_IN_ITS : 0),
                           ITE_MEMO_TARGET, t->target);
}

/* The full path: ITE cache, else device table and ITT; then the collection.
 * Out of line so that the hot path below stays a leaf-like probe. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static its_msi_result translate(its_t *its, uint32_t device_id, uint32_t event_id,
                                its_translation *out)
{
    uint64_t ite, dte;
    if (!its->enabled)
        return ITS_MSI_DROP_DISABLED;
    if (device_id >= its->device_limit)
        return ITS_MSI_DROP_DEVICE_OOR;
    if (event_id >= its->event_limit)
        return ITS_MSI_DROP_EVENT_OOR;
    if (!its_cache_lookup(&its->icache, ite_key(device_id, event_id), &ite)) {
        its_msi_result r = find_device(its, device_id, event_id, &dte);
        if (r != ITS_MSI_DELIVERED)
            return r;
        its_fetch f = its_ite_fetch(its, device_id, event_id, dte, &ite);
        if (f != FETCH_OK)
            return fetch_failed(f, ITS_MSI_DROP_UNMAPPED_EVENT);
        if (ite == 0)
            return ITS_MSI_DROP_UNMAPPED_EVENT;
    }
    out->icid = ite_icid(ite);
    out->intid = ite_intid(ite);
    /* MAPTI refuses such an INTID, so only a table written behind the ITS's
     * back holds one: the architecture leaves it UNPREDICTABLE, the model
     * drops the MSI rather than send the redistributor a non-LPI. */
    if (!its_lpi_valid(its, out->intid))
        return ITS_MSI_DROP_INVALID_INTID;
    its_msi_result r = its_find_target(its, out->icid, &out->target);
    if (r != ITS_MSI_DELIVERED)
        return r;
    if (memo_allowed(its, out->icid))
        memo_store(its, device_id, event_id, out);
    return ITS_MSI_DELIVERED;
}

/* The memo path needs no limit checks: only translatable keys are cached. */
static inline its_msi_result lookup(its_t *its, uint32_t device_id, uint32_t event_id,
                                    its_translation *out)
{
    if (its->hot_path) {
        const its_cache_slot *s = its_cache_probe(&its->icache, ite_key(device_id, event_id));
        if (s && (s->val & ITE_MEMO_VALID)) {
            uint64_t v = s->val;
            its->hot_hits++;
            if (v & ITE_MEMO_IN_ITS)
                its->hot_hits_in_its++;
            out->intid = ite_intid(v);
            out->icid = ite_icid(v);
            out->target = (uint32_t)FIELD_GET(v, ITE_MEMO_TARGET);
            return ITS_MSI_DELIVERED;
        }
    }
    return translate(its, device_id, event_id, out);
}

its_msi_result its_translate(its_t *its, uint32_t device_id, uint32_t event_id,
                             its_translation *out)
{
    if (!out) {
        its_translation local;
        return lookup(its, device_id, event_id, &local);
    }
    return lookup(its, device_id, event_id, out);
}

its_msi_result its_msi(its_t *its, uint32_t device_id, uint32_t event_id, its_translation *out)
{
    its_translation local;
    if (!out)
        out = &local;
    its_msi_result r = lookup(its, device_id, event_id, out);
    its->st.msi[r]++;
    if (r == ITS_MSI_DELIVERED)
        its->ops.set_pending(its->ops.ctx, out->target, out->intid);
    return r;
}

its_access its_translater_write(its_t *its, uint32_t device_id, unsigned size, uint64_t value,
                                its_msi_result *result)
{
    if (size != 2 && size != 4) {
        its->st.diag[ITS_DIAG_BAD_ACCESS_SIZE]++;
        return ITS_ACCESS_BAD_SIZE;
    }
    uint32_t event_id = (uint32_t)(value & (size == 2 ? 0xFFFFu : 0xFFFFFFFFu));
    its_msi_result r = its_msi(its, device_id, event_id, NULL);
    if (result)
        *result = r;
    return ITS_ACCESS_OK;
}
