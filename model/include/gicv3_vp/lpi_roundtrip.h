// SPDX-License-Identifier: Apache-2.0
// The kvm-unit-tests micro-bench "lpi" workload as platform software: CPU 0
// posts an INT command (written to the queue, CWRITER written, CREADR polled
// until it passes) and waits until CPU 1 has acknowledged and EOId the LPI;
// repeated `rounds` times. Two CPUs, one device, one event, one collection
// per CPU, as the test does.
#pragma once

#include <cstdint>
#include <systemc>

namespace gicv3_vp {

class platform;
struct platform_config;

struct lpi_roundtrip {
    uint64_t rounds = 0;          // asked for
    uint64_t done = 0;            // completed
    sc_core::sc_time start, end;  // CPU 0's time at the first INT and after the last EOI
    double ns_per_round() const { return done ? (end - start).to_seconds() * 1e9 / double(done) : 0; }
};

// A configuration for it: 2 CPUs, no MSI devices.
void lpi_roundtrip_config(platform_config &c);
// Installs the software on p (before p.run()); `out` is filled as it runs.
void install_lpi_roundtrip(platform &p, lpi_roundtrip &out);

} // namespace gicv3_vp
