// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/cpu_cache.h"

#include <cstring>

#include "gicv3/checkpoint_io.h"

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

namespace gicv3_vp {

void cpu_cache::save(gicv3::ckpt_writer &w) const
{
    w.u64(lines_.size());
    for (const auto &[addr, l] : lines_) {
        w.u64(addr);
        w.raw(l.data(), l.size());
    }
    w.u64(cleaned_);
}

void cpu_cache::restore(gicv3::ckpt_reader &r)
{
    lines_.clear();
    const uint64_t n = r.count(8 + kLine);
    for (uint64_t i = 0; i < n; i++) {
        const uint64_t addr = r.u64();
        r.expect(addr % kLine == 0 && covers(addr, 1) && !lines_.count(addr), "a cache line that cannot be held");
        r.raw(lines_[addr].data(), kLine);
    }
    cleaned_ = r.u64();
}

} // namespace gicv3_vp
