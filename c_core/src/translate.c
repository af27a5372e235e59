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

its_msi_result its_find_target(its_t *its, uint32_t icid, uint32_t *target)
{
    uint64_t cte;
    if (!its_icid_in_range(its, icid))
        return ITS_MSI_DROP_UNMAPPED_COLLECTION;
    its_fetch f = its_cte_get(its, icid, &cte);
    if (f != FETCH_OK)
        return fetch_failed(f, ITS_MSI_DROP_UNMAPPED_COLLECTION);
    if (cte == 0 || cte_target(its, cte) >= its->cfg.num_targets)
        return ITS_MSI_DROP_UNMAPPED_COLLECTION;
    *target = cte_target(its, cte);
    return ITS_MSI_DELIVERED;
}

/* The hot path: an ITE cache hit goes straight to the collection. */
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
    if (!cache_lookup(&its->icache, ite_key(device_id, event_id), &ite)) {
        its_msi_result r = find_device(its, device_id, event_id, &dte);
        if (r != ITS_MSI_DELIVERED)
            return r;
        its_fetch f = its_ite_fetch(its, device_id, event_id, dte, &ite);
        if (f != FETCH_OK)
            return fetch_failed(f, ITS_MSI_DROP_UNMAPPED_EVENT);
        if (ite == 0)
            return ITS_MSI_DROP_UNMAPPED_EVENT;
    }
    out->icid = ite_icid(its, ite);
    out->intid = ite_intid(its, ite);
    its_msi_result r = its_find_target(its, out->icid, &out->target);
    if (r != ITS_MSI_DELIVERED)
        return r;
    if (its->ops.set_pending)
        its->ops.set_pending(its->ops.ctx, out->target, out->intid);
    return ITS_MSI_DELIVERED;
}

its_msi_result its_translate(its_t *its, uint32_t device_id, uint32_t event_id,
                             its_translation *out)
{
    its_translation local;
    its_msi_result r = translate(its, device_id, event_id, out ? out : &local);
    its->st.msi[r]++;
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
    its_msi_result r = its_translate(its, device_id, event_id, NULL);
    if (result)
        *result = r;
    return ITS_ACCESS_OK;
}
