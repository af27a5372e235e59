// SPDX-License-Identifier: Apache-2.0
// An interconnect: any number of initiators on `in`, any number of targets
// on `out`, and an address map of windows built from C++. A transaction is
// passed to the window's target with the address made relative to the
// window's base and the window's latency added to its delay; extensions
// (e.g. gicv3::device_id_extension) pass through untouched. DMI and debug
// accesses are forwarded with the same translation.
#pragma once

#include <cstdint>
#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <vector>

namespace gicv3_vp {

class router : public sc_core::sc_module {
public:
    tlm_utils::multi_passthrough_target_socket<router, 64> in;
    tlm_utils::multi_passthrough_initiator_socket<router, 64> out;

    using target_socket = tlm_utils::multi_passthrough_initiator_socket<router, 64>::base_target_socket_type;

    struct window {
        uint64_t base;
        uint64_t size;
        unsigned target;          // index on `out`
        sc_core::sc_time latency; // added to every transaction through it
    };

    explicit router(sc_core::sc_module_name name);

    // Bind `target` to `out` (during elaboration) and map [base, base + size)
    // to it. Returns the target's index on `out`.
    unsigned map(uint64_t base, uint64_t size, target_socket &target,
                 const sc_core::sc_time &latency = sc_core::SC_ZERO_TIME);
    // One more window of a target already bound, by index. Targets bound to
    // `out` directly rather than through map() take indices in bind order
    // too; do not mix the two ways.
    void map(uint64_t base, uint64_t size, unsigned target,
             const sc_core::sc_time &latency = sc_core::SC_ZERO_TIME);

    // Power-on state. The router has none beyond its address map and
    // bindings, which are its configuration and are kept: a no-op, there so
    // that a platform can reset every module alike.
    void reset() {}

    // The window holding addr, or nullptr.
    const window *decode(uint64_t addr) const;
    const std::vector<window> &windows() const { return windows_; }

private:
    void b_transport(int id, tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    bool get_direct_mem_ptr(int id, tlm::tlm_generic_payload &gp, tlm::tlm_dmi &dmi);
    unsigned transport_dbg(int id, tlm::tlm_generic_payload &gp);
    void invalidate_direct_mem_ptr(int target, sc_dt::uint64 start, sc_dt::uint64 end);

    std::vector<window> windows_; // sorted by base, never overlapping
    mutable const window *last_ = nullptr; // the window decode() found last: initiators stay in one a while
    unsigned bound_ = 0;          // targets bound through map()
};

} // namespace gicv3_vp
