// SPDX-License-Identifier: Apache-2.0
// Private parts of gicv3::its shared by its sources.
#pragma once

#include <cstdio>
#include <string>

#include "gicv3/its.h"
#include "gicv3/sim_time.h"

namespace gicv3 {

// Hexadecimal digits of v, for reports.
inline std::string hex(uint64_t v)
{
    char b[20];
    std::snprintf(b, sizeof b, "%llX", static_cast<unsigned long long>(v));
    return b;
}

// The operation running inside the core (an MSI, a register access or one
// command): downstream calls see and extend its delay.
struct its_base::op {
    // LT: the initiator's offset plus everything spent so far.
    // Accurate: what the last downstream call annotated, not yet waited.
    sc_core::sc_time delay;
    std::optional<lpi_delivery> delivery; // what set_pending returned
    // A pipeline engine: nothing waits inside the core (so engines overlap)
    // and the LPI is recorded for the hand-off instead of sent.
    bool annotate_only = false;
    bool has_lpi = false;
    uint32_t target = 0, intid = 0;
    sc_core::sc_time handoff, pending; // direct path: around the set_pending call
    const msi_record *msi = nullptr;     // the MSI being translated (for its_observer), if any
};

// Exclusive use of the core by the calling process, for one operation.
class its_base::session {
public:
    session(its_base &m, op &o) : m_(m)
    {
        m_.enter_core();
        m_.op_ = &o;
    }
    ~session()
    {
        m_.op_ = nullptr;
        m_.leave_core();
    }
    session(const session &) = delete;
    session &operator=(const session &) = delete;

private:
    its_base &m_;
};

// The core's its_host_ops, bound to one module.
struct its_base::host {
    static its_host_ops ops(its_base *m);
};

// One MSI waiting in the input queue.
struct its_base::queued_msi {
    msi_record rec;
};

// Lookups and misses of one core call, from the cache counters around it.
struct lookup_counts {
    uint64_t lookups = 0, misses = 0, invalidations = 0;
    static lookup_counts of(const its_t *core)
    {
        its_cache_stats t;
        its_cache_totals(core, &t);
        return {t.hits + t.misses, t.misses, t.invalidations};
    }
    lookup_counts operator-(const lookup_counts &o) const
    {
        return {lookups - o.lookups, misses - o.misses, invalidations - o.invalidations};
    }
};

} // namespace gicv3
