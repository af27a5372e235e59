// SPDX-License-Identifier: Apache-2.0
// Summaries of samples for the statistics: mean, nearest-rank p50/p99, max,
// and a histogram on a 1-2-5 grid of bucket edges.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <vector>

namespace gicv3_vp {

struct summary {
    double mean = 0, p50 = 0, p99 = 0, max = 0; // 0 when there are no samples
    static summary of(std::vector<double> samples);
    nlohmann::json to_json() const;
};

// {"bucket_ns": [lower edges], "count": [...]}: bucket i holds samples in
// [edge i, edge i+1); edges 0, 1, 2, 5, 10, 20, 50, ... up to the largest sample.
nlohmann::json histogram_json(const std::vector<double> &samples);

} // namespace gicv3_vp
