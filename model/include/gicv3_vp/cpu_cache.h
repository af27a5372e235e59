// SPDX-License-Identifier: Apache-2.0
// The CPUs' write-back data cache as a GIC that does not snoop it sees it
// (gic.errata.rk3588_shareability): the lines the CPUs wrote and have not
// cleaned yet. CPU accesses to normal memory see those bytes; every other
// initiator sees memory. Lines leave only when cleaned (no eviction: the
// worst case, deterministically). Disabled (the default), CPU writes reach
// memory at once, as in a coherent system. No SystemC: the owner moves the
// lines to and from memory.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <utility>
#include <vector>

namespace gicv3 {
class ckpt_writer;
class ckpt_reader;
} // namespace gicv3

namespace gicv3_vp {

class cpu_cache {
public:
    static constexpr uint64_t kLine = 64;
    using line = std::array<uint8_t, kLine>;

    bool enabled = false;
    // Normal (cacheable) memory: [lo, hi). Device registers are never cached.
    void add_normal(uint64_t lo, uint64_t hi) { normal_.push_back({lo, hi}); }
    // The access is the cache's: enabled, normal memory, inside one line.
    bool covers(uint64_t pa, unsigned size) const;
    // A CPU read: true (and out filled) when the cache holds the line.
    bool read(uint64_t pa, unsigned size, void *out) const;
    // A CPU write; a line not held is first read from memory with fill.
    void write(uint64_t pa, unsigned size, const void *in, const std::function<void(uint64_t, line &)> &fill);
    // Clean (and drop) every held line overlapping [pa, pa + bytes): each is
    // written back whole, over whatever memory holds there.
    void clean(uint64_t pa, uint64_t bytes, const std::function<void(uint64_t, const line &)> &writeback);

    // Power-on state: every held line dropped without a write-back (a cache
    // is invalid at power-on). Kept: enabled, the normal ranges and the
    // cleaned_lines() count. Not a module: its owner calls it.
    void reset() { lines_.clear(); }

    size_t dirty_lines() const { return lines_.size(); }
    uint64_t cleaned_lines() const { return cleaned_; }
    // Checkpoint: the held lines and the count (enabled and the ranges are
    // the configuration's).
    void save(gicv3::ckpt_writer &w) const;
    void restore(gicv3::ckpt_reader &r);

private:
    std::vector<std::pair<uint64_t, uint64_t>> normal_;
    std::map<uint64_t, line> lines_; // by line address, in order for range cleans
    uint64_t cleaned_ = 0;
};

} // namespace gicv3_vp
