// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/summary.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace gicv3_vp {

summary summary::of(std::vector<double> v)
{
    summary s;
    if (v.empty())
        return s;
    std::sort(v.begin(), v.end());
    double sum = 0;
    for (double x : v)
        sum += x;
    auto rank = [&](double p) { // nearest rank
        size_t r = (size_t)std::max(1.0, std::ceil(p * double(v.size())));
        return v[std::min(r, v.size()) - 1];
    };
    s.mean = sum / double(v.size());
    s.p50 = rank(0.50);
    s.p99 = rank(0.99);
    s.max = v.back();
    return s;
}

nlohmann::json summary::to_json() const { return {{"mean", mean}, {"p50", p50}, {"p99", p99}, {"max", max}}; }

nlohmann::json histogram_json(const std::vector<double> &samples)
{
    double top = 0;
    for (double x : samples)
        top = std::max(top, x);
    std::vector<double> edges{0};
    for (double decade = 1; edges.back() <= top; decade *= 10)
        for (double m : {1.0, 2.0, 5.0})
            if (edges.back() <= top)
                edges.push_back(m * decade);
    std::vector<uint64_t> count(edges.size(), 0);
    for (double x : samples)
        count[size_t(std::upper_bound(edges.begin(), edges.end(), x) - edges.begin()) - 1]++;
    while (edges.size() > 1 && count.back() == 0) { // no empty bucket past the largest sample
        edges.pop_back();
        count.pop_back();
    }
    return {{"bucket_ns", edges}, {"count", count}};
}

} // namespace gicv3_vp
