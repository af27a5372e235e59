// SPDX-License-Identifier: Apache-2.0
// The replay engine: runs the events of one or more reference traces (see
// trace.h), in order, on a platform built like the traced machine, and
// checks that the model does what the reference did. docs/replay.md
// describes what is replayed, what is checked and how to read the report.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "its/its.h"
#include "gicv3_vp/platform.h"
#include "gicv3_vp/replay/trace.h"

namespace gicv3_vp::replay {

struct options {
    // Timing and caches of the replay platform: its.mode, its.clock_mhz,
    // its.*_cycles, its.*_cache, gic.*_cycles, gic.clock_mhz, memory.*,
    // interconnect_ns, quantum_ns. The machine itself (CPUs, the QEMU virt
    // ITS and redistributor identity, the address map) comes from the trace.
    platform_config platform;
};

// One failed check, at the trace line that shows it.
struct failure {
    origin at;
    std::string what;
};

struct report {
    unsigned cpus = 0;
    uint64_t events = 0;          // trace events replayed
    uint64_t msis = 0;            // MSIs replayed
    uint64_t matched = 0;         // MSIs the model translated as the reference did
    uint64_t mismatched = 0;      // failed checks of every kind (= failures.size())
    uint64_t delivered = 0;       // LPIs the model's CPUs acknowledged (MSI- or INT-driven)
    uint64_t merged = 0;          // MSIs that merged into an LPI still pending
    uint64_t msis_delivered = 0;  // MSIs whose LPI a CPU acknowledged (merged ones included)
    std::map<std::string, uint64_t> msi_drops; // the others, by where they ended (gicv3_vp::msi_ledger's reasons)
    uint64_t register_reads = 0;        // ITS and GICR reads compared with the reference's (failures in K)
    uint64_t register_reads_exempt = 0; // ... not compared (docs/replay.md: what and why)
    uint64_t refused_writes = 0;        // ITS and GICR writes the reference refused, checked to change nothing
    std::vector<failure> failures;
    std::vector<std::string> notes; // worth knowing, not checks (e.g. a command the model rejected)
    std::string error;  // non-empty: the replay stopped here ("file:line: ..."); the counts are partial
    double simulated_ns = 0;
    its_stats its{};    // the model ITS's counters at the end

    // K = 0, no error, and every MSI ended acknowledged (alone or merged).
    bool passed() const { return error.empty() && mismatched == 0 && msis_delivered == msis; }
};

// Build the platform, replay the traces one after the other (each later one
// continues the state the earlier left), check. SystemC elaborates once per
// process: call it once.
report replay(const std::vector<trace> &traces, const options &opt = {});

// "replay: <N> msis, <M> matched, <K> mismatched, <D> delivered, <G> merged"
std::string summary_line(const report &r);
// The first `shown` failures (file:line: what), then the notes, the MSIs never
// acknowledged, the register checks, then the summary line.
std::string format(const report &r, size_t shown = 10);
nlohmann::json to_json(const report &r);

} // namespace gicv3_vp::replay
