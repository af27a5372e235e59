// SPDX-License-Identifier: Apache-2.0
// A pre-ITS window (Socionext SynQuacer, its.errata.synquacer_pre_its): the
// SoC carries no DeviceID with an MSI, so a 32-bit write to slot n of this
// window (offset 4n) is passed to GITS_TRANSLATER with DeviceID n, whoever
// wrote it.
#pragma once

#include <cstdint>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

namespace gicv3 {
class ckpt_writer;
class ckpt_reader;
} // namespace gicv3

namespace gicv3_vp {

class pre_its : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<pre_its, 64> in;    // the window (offsets from its base)
    tlm_utils::simple_initiator_socket<pre_its, 64> out; // to the interconnect

    // translater: the address of GITS_TRANSLATER on `out`.
    pre_its(sc_core::sc_module_name name, uint64_t translater);
    uint64_t forwarded() const { return forwarded_; }
    // Power-on state. The window holds nothing between writes: a no-op that
    // keeps the translater address and the forwarded() count (a statistic).
    void reset() {}
    // Checkpoint: the forwarded() count, its only state.
    void save(gicv3::ckpt_writer &w) const;
    void restore(gicv3::ckpt_reader &r);

private:
    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    uint64_t translater_;
    uint64_t forwarded_ = 0;
};

} // namespace gicv3_vp
