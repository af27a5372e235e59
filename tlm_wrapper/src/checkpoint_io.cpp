// SPDX-License-Identifier: Apache-2.0
#include "gicv3/checkpoint_io.h"

#include <array>
#include <cstring>

namespace gicv3 {

namespace {

constexpr std::array<uint32_t, 256> crc_table()
{
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        t[i] = c;
    }
    return t;
}

constexpr std::array<uint32_t, 256> kCrcTable = crc_table();

} // namespace

uint32_t checkpoint_crc32(const void *data, size_t n, uint32_t crc)
{
    const std::array<uint32_t, 256> &table = kCrcTable;
    const auto *p = static_cast<const uint8_t *>(data);
    crc = ~crc;
    for (size_t i = 0; i < n; i++)
        crc = table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

void ckpt_writer::u32(uint32_t v)
{
    for (int i = 0; i < 4; i++)
        bytes_.push_back(uint8_t(v >> (8 * i)));
}

void ckpt_writer::u64(uint64_t v)
{
    for (int i = 0; i < 8; i++)
        bytes_.push_back(uint8_t(v >> (8 * i)));
}

void ckpt_writer::f64(double v)
{
    uint64_t bits;
    static_assert(sizeof bits == sizeof v, "IEEE-754 binary64");
    std::memcpy(&bits, &v, sizeof bits);
    u64(bits);
}

void ckpt_writer::raw(const void *data, size_t n)
{
    const auto *p = static_cast<const uint8_t *>(data);
    bytes_.insert(bytes_.end(), p, p + n);
}

void ckpt_writer::blob(const void *data, size_t n)
{
    if (n > UINT32_MAX)
        throw checkpoint_error("a state blob of " + std::to_string(n) + " bytes does not fit the format");
    u32(uint32_t(n));
    raw(data, n);
}

void ckpt_writer::times(const std::vector<sc_core::sc_time> &v)
{
    u64(v.size());
    for (const sc_core::sc_time &t : v)
        time(t);
}

void ckpt_writer::f64s(const std::vector<double> &v)
{
    u64(v.size());
    for (double d : v)
        f64(d);
}

void ckpt_writer::u64s(const std::vector<uint64_t> &v)
{
    u64(v.size());
    for (uint64_t x : v)
        u64(x);
}

void ckpt_reader::fail(const std::string &why) const { throw checkpoint_error(what_ + ": " + why); }

const uint8_t *ckpt_reader::take(size_t n)
{
    if (n > left())
        fail("truncated (" + std::to_string(n) + " bytes wanted at offset " + std::to_string(at_) + ", " +
             std::to_string(left()) + " left)");
    const uint8_t *p = p_ + at_;
    at_ += n;
    return p;
}

uint8_t ckpt_reader::u8() { return *take(1); }

bool ckpt_reader::flag()
{
    const uint8_t v = u8();
    expect(v <= 1, "a flag byte of " + std::to_string(v));
    return v == 1;
}

uint32_t ckpt_reader::u32()
{
    const uint8_t *p = take(4);
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

uint64_t ckpt_reader::u64()
{
    const uint8_t *p = take(8);
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

double ckpt_reader::f64()
{
    const uint64_t bits = u64();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
}

void ckpt_reader::raw(void *out, size_t n)
{
    const uint8_t *p = take(n);
    if (n)
        std::memcpy(out, p, n);
}

std::string ckpt_reader::str()
{
    const uint32_t n = u32();
    const uint8_t *p = take(n);
    return std::string(reinterpret_cast<const char *>(p), n);
}

std::vector<uint8_t> ckpt_reader::blob()
{
    const uint32_t n = u32();
    const uint8_t *p = take(n);
    return std::vector<uint8_t>(p, p + n);
}

uint64_t ckpt_reader::count(size_t item_bytes)
{
    const uint64_t n = u64();
    expect(item_bytes == 0 || n <= left() / item_bytes,
           "a count of " + std::to_string(n) + " items that the " + std::to_string(left()) +
               " bytes left cannot hold");
    return n;
}

std::vector<sc_core::sc_time> ckpt_reader::times()
{
    std::vector<sc_core::sc_time> v(count(8));
    for (sc_core::sc_time &t : v)
        t = time();
    return v;
}

std::vector<double> ckpt_reader::f64s()
{
    std::vector<double> v(count(8));
    for (double &d : v)
        d = f64();
    return v;
}

std::vector<uint64_t> ckpt_reader::u64s()
{
    std::vector<uint64_t> v(count(8));
    for (uint64_t &x : v)
        x = u64();
    return v;
}

void ckpt_reader::end() const
{
    if (left())
        fail(std::to_string(left()) + " bytes after the end of the state");
}

} // namespace gicv3
