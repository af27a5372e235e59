// SPDX-License-Identifier: Apache-2.0
// gicv3_vp::memory checkpoint and digest: only the pages ever written.
#include <algorithm>
#include <vector>

#include "gicv3/checkpoint_io.h"
#include "gicv3_vp/memory.h"

namespace gicv3_vp {

namespace {

// The page numbers in ascending order: a file that does not depend on the
// hash table's order.
template <class Map> std::vector<uint64_t> sorted_keys(const Map &pages)
{
    std::vector<uint64_t> keys;
    keys.reserve(pages.size());
    for (const auto &kv : pages)
        keys.push_back(kv.first);
    std::sort(keys.begin(), keys.end());
    return keys;
}

} // namespace

void memory::save(gicv3::ckpt_writer &w) const
{
    w.u64(base_);
    w.u64(size_);
    w.u32(page_bits_);
    const std::vector<uint64_t> keys = sorted_keys(pages_);
    w.u64(keys.size());
    for (uint64_t k : keys) {
        w.u64(k);
        w.raw(pages_.at(k).get(), page_size());
    }
    w.u64(reads_);
    w.u64(writes_);
    w.time(port_free_);
    w.time(port_wait_);
    w.time(port_busy_);
}

void memory::restore(gicv3::ckpt_reader &r)
{
    r.expect(r.u64() == base_ && r.u64() == size_ && r.u32() == page_bits_,
             "a memory of another window or page size");
    const uint64_t last_page = (size_ - 1) >> page_bits_;
    const uint64_t n = r.count(8 + page_size());
    pages_.clear();
    uint64_t prev = 0;
    for (uint64_t i = 0; i < n; i++) {
        const uint64_t k = r.u64();
        r.expect(k <= last_page && (i == 0 || k > prev), "page numbers out of order or beyond the window");
        prev = k;
        auto &p = pages_[k];
        p.reset(new unsigned char[page_size()]);
        r.raw(p.get(), page_size());
    }
    reads_ = r.u64();
    writes_ = r.u64();
    port_free_ = r.time();
    port_wait_ = r.time();
    port_busy_ = r.time();
    r.end();
}

uint64_t memory::digest() const
{
    uint64_t h = 0xCBF29CE484222325ull;
    auto mix = [&h](uint8_t b) {
        h ^= b;
        h *= 0x100000001B3ull;
    };
    for (uint64_t k : sorted_keys(pages_)) {
        const unsigned char *p = pages_.at(k).get();
        if (std::all_of(p, p + page_size(), [](unsigned char b) { return b == 0; }))
            continue; // allocated but zero reads as untouched
        const uint64_t addr = base_ + (k << page_bits_);
        for (int i = 0; i < 8; i++)
            mix(uint8_t(addr >> (8 * i)));
        for (uint64_t i = 0; i < page_size(); i++)
            mix(p[i]);
    }
    return h;
}

} // namespace gicv3_vp
