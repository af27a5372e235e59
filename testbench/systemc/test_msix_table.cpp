// SPDX-License-Identifier: Apache-2.0
// gicv3_vp::msix_table: what software writes into a device's MSI-X table it
// reads back (vector control's reserved bits as zero), whatever mix of
// addresses the entries hold; reset masks every entry.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "gicv3_vp/msix_table.h"

namespace {

using gicv3_vp::msix_table;

TEST(MsixTable, ResetIsZeroAndMasked)
{
    msix_table t(3);
    EXPECT_EQ(t.bytes(), 48u);
    for (uint32_t v = 0; v < 3; v++) {
        EXPECT_EQ(t.address(v), 0u);
        EXPECT_EQ(t.data(v), 0u);
        EXPECT_TRUE(t.masked(v));
        EXPECT_EQ(t.read_word(4 * v + 3), msix_table::kMaskBit);
    }
}

TEST(MsixTable, WordsReadBackAndReservedControlBitsAreZero)
{
    msix_table t(2);
    t.write_word(4, 0x08090040); // vector 1: address low
    t.write_word(5, 0x1);        // address high
    t.write_word(6, 0xdeadbeef); // data
    t.write_word(7, 0xfffffffe); // control: reserved bits set, Mask clear
    EXPECT_EQ(t.address(1), 0x108090040ull);
    EXPECT_EQ(t.read_word(4), 0x08090040u);
    EXPECT_EQ(t.read_word(5), 0x1u);
    EXPECT_EQ(t.read_word(6), 0xdeadbeefu);
    EXPECT_EQ(t.read_word(7), 0u); // RsvdP: reads as zero
    EXPECT_FALSE(t.masked(1));
    EXPECT_TRUE(t.masked(0)); // the other entry untouched
    EXPECT_EQ(t.address(0), 0u);
    t.write_word(7, 1);
    EXPECT_TRUE(t.masked(1));
    t.reset();
    EXPECT_EQ(t.address(1), 0u);
    EXPECT_EQ(t.data(1), 0u);
    EXPECT_TRUE(t.masked(1));
}

// Random programming of many entries with a few addresses, against a plain
// array of words: every word reads back as the array has it.
TEST(MsixTable, AnyMixOfAddressesReadsBackAsWritten)
{
    const uint32_t n = 500;
    msix_table t(n);
    std::vector<uint32_t> ref(4 * n, 0);
    for (uint32_t v = 0; v < n; v++)
        ref[4 * v + 3] = 1;
    const uint32_t addresses[] = {0, 0x08090040, 0x0e000000, 0x12345678};
    std::mt19937 rng(5);
    for (int i = 0; i < 20000; i++) {
        const uint32_t v = rng() % n, w = rng() % 4;
        uint32_t value = w == 0 ? addresses[rng() % 4] : w == 1 ? rng() % 3 : rng();
        t.write_word(4 * v + w, value);
        ref[4 * v + w] = w == 3 ? value & 1 : value;
    }
    for (uint32_t i = 0; i < 4 * n; i++)
        ASSERT_EQ(t.read_word(i), ref[i]) << "word " << i;
    for (uint32_t v = 0; v < n; v++) {
        EXPECT_EQ(t.address(v), ref[4 * v] | (uint64_t(ref[4 * v + 1]) << 32)) << v;
        EXPECT_EQ(t.data(v), ref[4 * v + 2]) << v;
        EXPECT_EQ(t.masked(v), ref[4 * v + 3] == 1) << v;
    }
}

} // namespace
