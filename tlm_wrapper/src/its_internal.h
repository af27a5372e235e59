// Private parts of gicv3::its shared by its sources.
#pragma once

#include "gicv3/its.h"

namespace gicv3 {

// The operation running inside the core (an MSI, a register access or one
// command): downstream calls see and extend its delay.
struct its::op {
    // LT: the initiator's offset plus everything spent so far.
    // Accurate: what the last downstream call annotated, not yet waited.
    sc_core::sc_time delay;
    std::optional<lpi_delivery> delivery; // what set_pending returned
};

// Exclusive use of the core by the calling process, for one operation.
class its::session {
public:
    session(its &m, op &o) : m_(m)
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
    its &m_;
};

// The core's its_host_ops, bound to one module.
struct its::host {
    static its_host_ops ops(its *m);
};

} // namespace gicv3
