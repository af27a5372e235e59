// SPDX-License-Identifier: Apache-2.0
// A PCIe-endpoint-like MSI source: an MSI-X table the driver programs over
// MMIO (address = GITS_TRANSLATER, data = EventID), and a traffic generator
// that writes those messages with the device's requester ID as DeviceID.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <vector>

#include "gicv3_vp/msix_table.h"
#include "gicv3_vp/traffic.h"

namespace gicv3 {
class ckpt_writer;
class ckpt_reader;
} // namespace gicv3

namespace gicv3_vp {

struct msi_device_config {
    uint32_t requester_id = 0x100; // DeviceID of its MSIs (PCI BDF)
    uint32_t vectors = 1;          // MSI-X table entries
    std::string pattern = "periodic"; // periodic | poisson | bursty | trace
    double interval_ns = 1000;     // period; poisson: mean interval; bursty: spacing in a burst
    uint64_t count = 100;          // MSIs to send (trace: the rows decide)
    uint64_t seed = 1;             // poisson, bursty, uniform, zipf: random streams (with the requester ID)
    double burst_mean = 8;         // bursty: mean MSIs per burst (geometric, >= 1)
    double gap_ns = 10000;         // bursty: mean quiet time before each burst (exponential)
    // Which vector each MSI uses: round_robin (0, 1, ..., vectors - 1, 0, ...),
    // uniform (each equally likely) or zipf (vector k with weight 1 / (k + 1)^zipf_s).
    std::string vector_select = "round_robin";
    double zipf_s = 1.0;
    std::string trace_file;        // trace: CSV time_ns,device_id,event_id (read by the platform)
    // trace: this device's rows, in time order (the platform fills it from trace_file).
    std::shared_ptr<const std::vector<trace_event>> trace;
    // The write carries the requester ID as DeviceID (gicv3::device_id_extension);
    // false: the SoC has no such sideband (its.errata.synquacer_pre_its).
    bool sideband = true;
};

// The load a device offers, MSIs per simulated ns: 1 / interval_ns (periodic,
// poisson); burst_mean / (gap_ns + (burst_mean - 1) interval_ns) (bursty: a
// mean gap and a mean burst per cycle); a trace's rows over its last row's
// time. 0 when it sends nothing.
double offered_per_ns(const msi_device_config &c);

class msi_device : public sc_core::sc_module {
public:
    static constexpr uint64_t kEntryBytes = msix_table::kEntryBytes; // addr lo, addr hi, data, control

    tlm_utils::simple_target_socket<msi_device, 64> bar;    // the MSI-X table
    tlm_utils::simple_initiator_socket<msi_device, 64> msi; // MSI writes

    // Called for every MSI about to be written: returns the tag it carries.
    std::function<uint64_t(const msi_device &, uint32_t vector, uint32_t event)> on_inject;
    // Called for every message the device cannot send (vector unprogrammed or masked).
    std::function<void(const msi_device &, uint32_t vector, const char *reason)> on_refused;

    msi_device(sc_core::sc_module_name name, const msi_device_config &config);

    void start();                 // begin the traffic (after the driver programmed the table)
    // Power-on state: every MSI-X entry zero and masked, the traffic
    // stopped and its pattern back to its first MSI (same seed: the same
    // arrivals again after the next start()), sent() 0 and done() false.
    // An MSI already inside its write completes. Kept: the configuration,
    // on_inject, on_refused.
    void reset();
    const sc_core::sc_event &done_event() const { return done_; }
    bool done() const { return finished_; }
    uint64_t sent() const { return sent_; }
    uint64_t total() const { return arrivals_.total(); } // MSIs the pattern sends
    const msi_device_config &config() const { return cfg_; }
    uint64_t bar_size() const { return cfg_.vectors * kEntryBytes; }

    // ---- Checkpoint (docs/checkpoint.md) ----
    // Between MSIs: waiting for start() or for its next arrival, not inside
    // a write. The state is then data: the MSI-X table, the traffic's
    // position and random streams, the next arrival (absolute time, vector).
    bool idle() const { return phase_ != phase::sending; }
    void save(gicv3::ckpt_writer &w) const;
    // Before simulation starts, with the checkpoint's time: the device then
    // waits for the saved arrival (later than `at`), or for start() if it
    // was waiting for that, and goes on.
    void restore(gicv3::ckpt_reader &r, const sc_core::sc_time &at);

private:
    tlm::tlm_generic_payload gp_; // the MSI writes, one at a time
    void generate(); // the thread sending the MSIs
    void bar_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    unsigned bar_debug(tlm::tlm_generic_payload &gp);
    void send(uint32_t vector);
    // The traffic from `next` on; due: an arrival already drawn for `next`.
    void traffic_from(uint64_t gen, sc_core::sc_time next, std::optional<uint32_t> due);

    msi_device_config cfg_;
    msix_table table_;
    traffic arrivals_;
    sc_core::sc_event start_, done_, reset_;
    uint64_t generation_ = 0; // reset() count: traffic from before one stops
    bool finished_ = false;
    uint64_t sent_ = 0;
    enum class phase : uint8_t { waiting_start, waiting_arrival, sending } phase_ = phase::waiting_start;
    sc_core::sc_time next_;  // waiting_arrival: when
    uint32_t next_vector_ = 0; // and on which vector
    bool resumed_ = false;     // restore(): generate() continues the saved phase
};

} // namespace gicv3_vp
