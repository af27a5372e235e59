// SPDX-License-Identifier: Apache-2.0
// A multiset of samples kept as sorted (value, count) pairs: the memory of
// the distinct values, not of every sample. Simulated latencies repeat (a
// million MAPTIs of a bring-up take a handful of distinct times), so the
// statistics of long runs no longer grow by 8 bytes a sample; its summary is
// bit-identical to summary::of() of the same samples.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "gicv3_vp/summary.h"

namespace gicv3 {
class ckpt_writer;
class ckpt_reader;
} // namespace gicv3

namespace gicv3_vp {

class sample_set {
public:
    void add(double x)
    {
        pending_.push_back(x);
        if (pending_.size() >= kFoldAt && pending_.size() >= counts_.size())
            fold();
    }
    void add(const sample_set &other); // every sample of other
    uint64_t size() const { return folded_ + pending_.size(); }
    bool empty() const { return size() == 0; }
    // Mean (summed in ascending order, as summary::of does), nearest-rank
    // p50/p99, max.
    summary summarize() const;
    // The distinct values in ascending order with their counts.
    const std::vector<std::pair<double, uint64_t>> &counts() const
    {
        fold();
        return counts_;
    }

    // Checkpoint: the folded counts and the samples waiting, as they are
    // (saving does not fold), so the restored set goes on identically.
    void save(gicv3::ckpt_writer &w) const;
    void restore(gicv3::ckpt_reader &r);

private:
    // Samples wait here until there are as many as distinct values (at least
    // kFoldAt): folding costs O(log) a sample amortised, and memory stays
    // within three words a distinct value.
    static constexpr size_t kFoldAt = 4096;
    void fold() const;
    mutable std::vector<std::pair<double, uint64_t>> counts_;
    mutable std::vector<double> pending_;
    mutable uint64_t folded_ = 0;
};

} // namespace gicv3_vp
