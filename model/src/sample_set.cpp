// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/sample_set.h"

#include <algorithm>
#include <cmath>

#include "gicv3/checkpoint_io.h"

namespace gicv3_vp {

void sample_set::fold() const
{
    if (pending_.empty())
        return;
    std::sort(pending_.begin(), pending_.end());
    std::vector<std::pair<double, uint64_t>> merged;
    merged.reserve(counts_.size() + pending_.size());
    size_t i = 0, p = 0;
    auto put = [&](double v, uint64_t n) {
        if (!merged.empty() && merged.back().first == v)
            merged.back().second += n;
        else
            merged.emplace_back(v, n);
    };
    while (i < counts_.size() || p < pending_.size()) {
        if (p == pending_.size() || (i < counts_.size() && counts_[i].first <= pending_[p])) {
            put(counts_[i].first, counts_[i].second);
            i++;
        } else {
            put(pending_[p++], 1);
        }
    }
    merged.shrink_to_fit();
    counts_.swap(merged);
    folded_ += pending_.size();
    pending_.clear();
    pending_.shrink_to_fit();
}

void sample_set::add(const sample_set &other)
{
    for (const auto &[v, n] : other.counts())
        for (uint64_t k = 0; k < n; k++)
            add(v);
}

summary sample_set::summarize() const
{
    summary s;
    fold();
    if (folded_ == 0)
        return s;
    const uint64_t n = folded_;
    auto rank_of = [n](double p) { // nearest rank, 1-based
        return std::min<uint64_t>(n, uint64_t(std::max(1.0, std::ceil(p * double(n)))));
    };
    const uint64_t r50 = rank_of(0.50), r99 = rank_of(0.99);
    double sum = 0;
    uint64_t seen = 0;
    for (const auto &[v, c] : counts_) {
        for (uint64_t k = 0; k < c; k++)
            sum += v; // one by one, ascending: the same rounding as summing the sorted samples
        if (seen < r50 && seen + c >= r50)
            s.p50 = v;
        if (seen < r99 && seen + c >= r99)
            s.p99 = v;
        seen += c;
    }
    s.mean = sum / double(n);
    s.max = counts_.back().first;
    return s;
}

void sample_set::save(gicv3::ckpt_writer &w) const
{
    w.u64(counts_.size());
    for (const auto &[v, n] : counts_) {
        w.f64(v);
        w.u64(n);
    }
    w.f64s(pending_);
    w.u64(folded_);
}

void sample_set::restore(gicv3::ckpt_reader &r)
{
    counts_.resize(r.count(16));
    uint64_t total = 0;
    for (auto &[v, n] : counts_) {
        v = r.f64();
        n = r.u64();
        total += n;
    }
    pending_ = r.f64s();
    folded_ = r.u64();
    r.expect(total == folded_, "sample counts that do not add up");
}

} // namespace gicv3_vp
