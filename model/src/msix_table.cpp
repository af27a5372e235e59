// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/msix_table.h"

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

} // namespace gicv3_vp
