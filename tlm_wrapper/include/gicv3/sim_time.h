// SPDX-License-Identifier: Apache-2.0
// The kernel's current time and process, read inline. sc_time_stamp() and
// sc_get_current_process_handle() give the same through a call into the
// library (the handle also moves a reference count), and the MSI and
// register paths ask for them dozens of times per MSI.
#pragma once

#include <systemc>

namespace gicv3 {

inline const sc_core::sc_time &sim_now()
{
    const sc_core::sc_simcontext *c = sc_core::sc_curr_simcontext; // set once anything is elaborated
    return c ? c->time_stamp() : sc_core::sc_time_stamp();
}

// The running process (null outside any), as an identity to compare.
inline const sc_core::sc_process_b *current_process() { return sc_core::sc_get_current_process_b(); }

} // namespace gicv3
