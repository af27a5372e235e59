// SPDX-License-Identifier: Apache-2.0
// A device's MSI-X table: per vector the message address (low and high
// words), the message data and the vector control word, 16 bytes in the BAR.
// Held in 8 bytes a vector: the data, the Mask bit and which address the
// entry has (none, the table's common one, or one of its own, kept aside).
// Every entry of a device normally targets GITS_TRANSLATER, so a million
// vectors cost 8 MB, not 16. Vector control bits 31:1 are reserved (PCIe
// RsvdP): they read as zero.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace gicv3 {
class ckpt_writer;
class ckpt_reader;
} // namespace gicv3

namespace gicv3_vp {

class msix_table {
public:
    static constexpr uint64_t kEntryBytes = 16; // addr lo, addr hi, data, control
    static constexpr uint32_t kMaskBit = 1u;    // vector control: Mask

    explicit msix_table(uint32_t vectors) : entries_(vectors) { reset(); }
    void reset(); // every entry zero and masked, as on PCIe
    uint32_t vectors() const { return uint32_t(entries_.size()); }
    uint64_t bytes() const { return entries_.size() * kEntryBytes; }

    // The BAR's 32-bit word at byte offset 4 x index (index < vectors x 4).
    uint32_t read_word(uint64_t index) const;
    void write_word(uint64_t index, uint32_t value);

    uint64_t address(uint32_t v) const;
    uint32_t data(uint32_t v) const { return entries_[v].data; }
    bool masked(uint32_t v) const { return entries_[v].flags & kMaskBit; }

    // Checkpoint: every entry; restore() takes a table of as many vectors.
    void save(gicv3::ckpt_writer &w) const;
    void restore(gicv3::ckpt_reader &r);

private:
    enum : uint8_t { kNoAddress = 0, kCommon = 2, kOwn = 4, kAddressBits = 6 };
    struct entry {
        uint32_t data = 0;
        uint8_t flags = 0; // kMaskBit | the address's kind
    };
    void set_address(uint32_t v, uint64_t a);
    std::vector<entry> entries_;
    uint64_t common_ = 0;                      // the first non-zero address written
    std::unordered_map<uint32_t, uint64_t> own_; // entries whose address is another
};

} // namespace gicv3_vp
