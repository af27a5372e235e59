// SPDX-License-Identifier: Apache-2.0
// Helpers of the checkpoint tests: blobs as byte vectors, the header fields
// read as docs/checkpoint.md lays them out (independently of the core), the
// CRC-32 the format names (to reseal a mutated payload), and a log of
// observations that an instance and its restored twin must agree on.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "its/checkpoint.h"

using Blob = std::vector<uint8_t>;

constexpr size_t kCkptHeader = 24;  // magic, version, CRC-32, payload length
constexpr size_t kCkptMagic = 8;
constexpr size_t kCkptVersionAt = 8, kCkptCrcAt = 12, kCkptLengthAt = 16;

inline Blob save_blob(const its_t *its)
{
    Blob b(its_save_size(its));
    size_t written = 0;
    EXPECT_EQ(its_save(its, b.data(), b.size(), &written), ITS_CKPT_OK);
    EXPECT_EQ(written, b.size());
    return b;
}

inline Blob save_blob(const redist_t *rd)
{
    Blob b(redist_save_size(rd));
    size_t written = 0;
    EXPECT_EQ(redist_save(rd, b.data(), b.size(), &written), ITS_CKPT_OK);
    EXPECT_EQ(written, b.size());
    return b;
}

inline its_ckpt_status restore_blob(its_t *its, const Blob &b) { return its_restore(its, b.data(), b.size()); }
inline its_ckpt_status restore_blob(redist_t *rd, const Blob &b) { return redist_restore(rd, b.data(), b.size()); }

inline uint64_t le_at(const Blob &b, size_t off, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= uint64_t(b.at(off + i)) << (8 * i);
    return v;
}

inline void put_le(Blob &b, size_t off, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        b.at(off + i) = uint8_t(v >> (8 * i));
}

// CRC-32 (IEEE 802.3: reflected polynomial 0xEDB88320, initial value and
// final xor 0xFFFFFFFF), with the usual byte table, built once.
inline uint32_t crc32_ref(const uint8_t *p, size_t n)
{
    static const std::vector<uint32_t> table = [] {
        std::vector<uint32_t> t(256);
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++)
                c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++)
        c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return ~c;
}

// A payload changed on purpose gets the checksum it would have been saved with.
inline void reseal(Blob &b) { put_le(b, kCkptCrcAt, crc32_ref(b.data() + kCkptHeader, b.size() - kCkptHeader), 4); }

// Observations in order, each with what it was, so that a difference
// between two logs is reported by name.
class Log {
public:
    void add(const char *what, uint64_t v)
    {
        what_.push_back(what);
        v_.push_back(v);
    }
    // A struct of uint64_t counters (its_stats, redist_stats), field by field.
    template <class S> void add_counters(const char *what, const S &s)
    {
        static_assert(sizeof(S) % sizeof(uint64_t) == 0, "counters only");
        uint64_t v[sizeof(S) / sizeof(uint64_t)];
        std::memcpy(v, &s, sizeof v);
        for (uint64_t x : v)
            add(what, x);
    }
    size_t size() const { return v_.size(); }

    friend testing::AssertionResult same_log(const Log &a, const Log &b)
    {
        for (size_t i = 0; i < a.v_.size() && i < b.v_.size(); i++)
            if (a.v_[i] != b.v_[i] || std::strcmp(a.what_[i], b.what_[i]) != 0)
                return testing::AssertionFailure() << "observation " << i << " differs: " << a.what_[i] << " = "
                                                   << a.v_[i] << " vs " << b.what_[i] << " = " << b.v_[i];
        if (a.v_.size() != b.v_.size())
            return testing::AssertionFailure() << a.v_.size() << " vs " << b.v_.size() << " observations";
        return testing::AssertionSuccess() << a.v_.size() << " observations agree";
    }

private:
    std::vector<const char *> what_;
    std::vector<uint64_t> v_;
};
