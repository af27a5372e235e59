// SPDX-License-Identifier: Apache-2.0
// Follows every MSI from its injection to its end: acknowledged by a CPU
// (delivered, perhaps merged into an LPI that was already pending) or
// dropped with a reason. Injected = delivered + dropped + outstanding, always.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <systemc>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gicv3/its.h"
#include "gicv3/gic.h"

namespace gicv3 {
class ckpt_writer;
class ckpt_reader;
} // namespace gicv3

namespace gicv3_vp {

class event_trace;

class msi_ledger {
public:
    explicit msi_ledger(unsigned cpus) : active_(cpus), per_cpu_(cpus, 0), acks_(cpus, 0) {}

    uint64_t inject(uint32_t device_id, uint32_t event, sc_core::sc_time when); // returns the MSI's id
    void refuse(const std::string &reason);                                      // could not even be sent
    void accept(const tlm::tlm_generic_payload &gp, uint64_t seq); // the ITS took it (its msi_tag names it)
    void translated(const gicv3::msi_record &r);  // the ITS is done with it
    void lpi(const gicv3::lpi_event &e);                 // from the GIC: acks, clears, moves
    void finish();                                // the rest is dropped as pending_at_end

    uint64_t injected() const { return injected_; }
    uint64_t delivered() const { return delivered_; }
    uint64_t merged() const { return merged_; }
    uint64_t dropped() const;
    uint64_t outstanding() const { return injected_ - delivered_ - dropped(); }
    const std::map<std::string, uint64_t> &drops() const { return drops_; }
    const std::vector<uint64_t> &per_cpu() const { return per_cpu_; }
    const std::vector<uint64_t> &acks() const { return acks_; } // every LPI taken, MSI or INT
    // Latency from MSI write to IAR1 read, ns: mean, p50, p99, max (0 when none).
    std::vector<double> latency() const;
    const std::vector<double> &latencies_ns() const { return latencies_ns_; }
    const std::vector<double> &eoi_latencies_ns() const { return eoi_ns_; }
    // Per delivered MSI, the parts of its latency (ns): input queue, translate,
    // redistributor, cpu; they add up to its latency.
    static constexpr const char *kStages[4] = {"input_queue", "translate", "redistributor", "cpu"};
    const std::vector<double> &stage_ns(int i) const { return stages_ns_[i]; }

    const sc_core::sc_event &progress() const { return progress_; } // an MSI resolved

    // Tell t (not owned; null: none) every MSI's injection, translation and end.
    void observe(event_trace *t) { trace_ = t; }

    nlohmann::json to_json() const;

    // ---- Checkpoint (docs/checkpoint.md) ----
    // No MSI open: every one delivered and EOId, or dropped. What is left
    // is counters and samples.
    bool idle() const;
    void save(gicv3::ckpt_writer &w) const;
    void restore(gicv3::ckpt_reader &r); // on a ledger of as many CPUs, idle

private:
    struct entry {
        sc_core::sc_time injected;
        bool open;      // neither delivered nor dropped yet
        bool until_eoi; // delivered: its EOI is still to come
        sc_core::sc_time start, translated, pending; // from the ITS's msi_times
    };
    // (CPU, INTID) as one number: the hash key of the LPIs MSIs wait behind.
    static uint64_t key(unsigned cpu, uint32_t intid) { return uint64_t(cpu) << 32 | intid; }
    // The MSIs behind one LPI, by key(). Nodes are recycled (extracted into
    // spare_, taken back for the next LPI) so an MSI allocates nothing once
    // the run is warm; an acknowledged LPI's node waits in active_ for its EOI.
    using waiting_map = std::unordered_map<uint64_t, std::vector<uint64_t>>;
    using node = waiting_map::node_type;
    std::vector<uint64_t> &waiting_for(uint64_t k);
    void recycle(node n);
    entry &msi(uint64_t id) { return msis_[id - first_id_]; }
    void drop(uint64_t id, const std::string &reason);
    void eoi(const gicv3::lpi_event &e);
    void resolve(uint64_t id)
    {
        msi(id).open = false;
        retire();
        if (sc_core::sc_is_running())
            progress_.notify(sc_core::SC_ZERO_TIME);
    }
    void retire(); // forget the oldest MSIs once they are over
    // The MSIs not over yet, oldest first: id first_id_ is msis_.front().
    std::deque<entry> msis_;
    uint64_t first_id_ = 1;
    waiting_map waiting_;
    std::vector<node> spare_;
    std::vector<std::vector<node>> active_; // per CPU: acked, not EOId
    // The ITS's write numbers from first_seq_ on -> MSI id (0: not ours or done).
    std::deque<uint64_t> by_seq_;
    uint64_t first_seq_ = 0;
    std::map<std::string, uint64_t> drops_;
    std::vector<uint64_t> per_cpu_, acks_;
    std::vector<double> latencies_ns_, eoi_ns_, stages_ns_[4];
    uint64_t injected_ = 0, delivered_ = 0, merged_ = 0;
    sc_core::sc_event progress_;
    event_trace *trace_ = nullptr;
};

} // namespace gicv3_vp
