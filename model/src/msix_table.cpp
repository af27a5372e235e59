// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/msix_table.h"

#include <algorithm>
#include <vector>

#include "gicv3/checkpoint_io.h"

namespace gicv3_vp {

void msix_table::reset()
{
    for (entry &e : entries_)
        e = {0, kMaskBit};
    common_ = 0;
    own_.clear();
}

uint64_t msix_table::address(uint32_t v) const
{
    switch (entries_[v].flags & kAddressBits) {
    case kCommon:
        return common_;
    case kOwn:
        return own_.at(v);
    default:
        return 0;
    }
}

void msix_table::set_address(uint32_t v, uint64_t a)
{
    entry &e = entries_[v];
    if ((e.flags & kAddressBits) == kOwn)
        own_.erase(v);
    e.flags &= uint8_t(~kAddressBits);
    if (a == 0)
        return;
    if (common_ == 0)
        common_ = a;
    if (a == common_) {
        e.flags |= kCommon;
    } else {
        e.flags |= kOwn;
        own_[v] = a;
    }
}

uint32_t msix_table::read_word(uint64_t index) const
{
    const uint32_t v = uint32_t(index / 4);
    switch (index % 4) {
    case 0:
        return uint32_t(address(v));
    case 1:
        return uint32_t(address(v) >> 32);
    case 2:
        return entries_[v].data;
    default:
        return entries_[v].flags & kMaskBit;
    }
}

void msix_table::write_word(uint64_t index, uint32_t value)
{
    const uint32_t v = uint32_t(index / 4);
    switch (index % 4) {
    case 0:
        set_address(v, (address(v) & ~0xFFFFFFFFull) | value);
        break;
    case 1:
        set_address(v, (address(v) & 0xFFFFFFFFull) | (uint64_t(value) << 32));
        break;
    case 2:
        entries_[v].data = value;
        break;
    default:
        entries_[v].flags = uint8_t((entries_[v].flags & ~kMaskBit) | (value & kMaskBit));
        break;
    }
}

void msix_table::save(gicv3::ckpt_writer &w) const
{
    w.u32(vectors());
    for (const entry &e : entries_) {
        w.u32(e.data);
        w.u8(e.flags);
    }
    w.u64(common_);
    std::vector<std::pair<uint32_t, uint64_t>> own(own_.begin(), own_.end());
    std::sort(own.begin(), own.end()); // a file independent of the hash order
    w.u64(own.size());
    for (const auto &[v, a] : own) {
        w.u32(v);
        w.u64(a);
    }
}

void msix_table::restore(gicv3::ckpt_reader &r)
{
    r.expect(r.u32() == vectors(), "an MSI-X table of another size");
    uint32_t with_own = 0;
    for (entry &e : entries_) {
        e.data = r.u32();
        e.flags = r.u8();
        const unsigned kind = e.flags & kAddressBits;
        r.expect((e.flags & ~(kMaskBit | kAddressBits)) == 0 && kind != kAddressBits, "a bad MSI-X entry");
        with_own += kind == kOwn;
    }
    common_ = r.u64();
    own_.clear();
    const uint64_t n = r.count(12);
    r.expect(n == with_own, "MSI-X addresses that do not match the entries");
    for (uint64_t i = 0; i < n; i++) {
        const uint32_t v = r.u32();
        const uint64_t a = r.u64();
        r.expect(v < vectors() && (entries_[v].flags & kAddressBits) == kOwn && !own_.count(v) && a != 0,
                 "an MSI-X address of no such entry");
        own_[v] = a;
    }
}

} // namespace gicv3_vp
