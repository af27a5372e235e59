// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/cpu_cache.h"

#include <cstring>

namespace gicv3_vp {

bool cpu_cache::covers(uint64_t pa, unsigned size) const
{
    if (!enabled || size == 0 || size > kLine || (pa % kLine) + size > kLine)
        return false;
    for (const auto &[lo, hi] : normal_)
        if (pa >= lo && pa + size <= hi)
            return true;
    return false;
}

bool cpu_cache::read(uint64_t pa, unsigned size, void *out) const
{
    auto it = lines_.find(pa - pa % kLine);
    if (it == lines_.end())
        return false;
    std::memcpy(out, it->second.data() + pa % kLine, size);
    return true;
}

void cpu_cache::write(uint64_t pa, unsigned size, const void *in, const std::function<void(uint64_t, line &)> &fill)
{
    const uint64_t at = pa - pa % kLine;
    auto it = lines_.find(at);
    if (it == lines_.end()) {
        line l{};
        fill(at, l);
        it = lines_.emplace(at, l).first;
    }
    std::memcpy(it->second.data() + pa % kLine, in, size);
}

void cpu_cache::clean(uint64_t pa, uint64_t bytes, const std::function<void(uint64_t, const line &)> &writeback)
{
    if (bytes == 0)
        return;
    auto it = lines_.lower_bound(pa - pa % kLine);
    while (it != lines_.end() && it->first < pa + bytes) {
        writeback(it->first, it->second);
        cleaned_++;
        it = lines_.erase(it);
    }
}

} // namespace gicv3_vp
