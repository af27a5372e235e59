// SPDX-License-Identifier: Apache-2.0
// When an MSI device sends, and on which vector: the arrival process of one
// device's traffic pattern (periodic, poisson, bursty or a replayed trace)
// and its choice of vector (round robin, uniform or zipf), free of SystemC
// so that their statistics can be checked on their own.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

namespace gicv3 {
class ckpt_writer;
class ckpt_reader;
} // namespace gicv3

namespace gicv3_vp {

struct msi_device_config;

// One row of a trace, for one device: at time_ns after the traffic starts,
// an MSI with this EventID (sent on the MSI-X vector of that number).
struct trace_event {
    uint64_t time_ns;
    uint32_t event;
};

class traffic {
public:
    struct arrival {
        double delay_ns; // after the previous MSI (the first: after the start)
        uint32_t vector;
    };

    // Throws config_error for a pattern or vector choice it does not know, a
    // trace pattern without rows (or with a vector choice: its rows name the
    // vectors), or a zipf exponent that is not positive.
    explicit traffic(const msi_device_config &config);

    // The next MSI; false when the pattern has sent all of them.
    bool next(arrival &a);
    uint64_t total() const { return total_; } // MSIs the pattern sends

    // Checkpoint: the position and the random streams (their engines' and
    // distributions' standard text forms); restore() takes a traffic built
    // from the same configuration.
    void save(gicv3::ckpt_writer &w) const;
    void restore(gicv3::ckpt_reader &r);

private:
    enum class kind { periodic, poisson, bursty, trace };
    enum class choice { round_robin, uniform, zipf };
    uint32_t pick(uint64_t i);

    kind kind_;
    uint32_t vectors_;
    double interval_ns_;
    bool single_; // bursty with burst_mean 1: every burst is one MSI
    uint64_t total_, sent_ = 0;
    std::shared_ptr<const std::vector<trace_event>> trace_;
    // The random streams (2.5 KB of state each) exist only where the pattern
    // or the vector choice draws: a million-vector platform of periodic
    // round-robin devices does not carry them.
    std::unique_ptr<std::mt19937_64> rng_;
    std::exponential_distribution<double> interval_, gap_;
    std::geometric_distribution<uint64_t> extra_; // MSIs in a burst beyond its first
    uint64_t left_in_burst_ = 0;
    choice choice_;
    // The vector choice draws from a stream of its own: arrival times do not
    // move with it.
    std::unique_ptr<std::mt19937_64> pick_rng_;
    std::vector<double> zipf_cdf_; // P(vector <= k)
};

} // namespace gicv3_vp
