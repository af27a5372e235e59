// SPDX-License-Identifier: Apache-2.0
// The byte format of checkpoint state (docs/checkpoint.md): little-endian
// fixed-width fields, doubles as their IEEE-754 bits, simulated times as
// their tick counts, strings and blobs with a 32-bit length in front. Reads
// are bounds-checked: a short or malformed state throws checkpoint_error,
// never reads past its end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <systemc>
#include <vector>

namespace gicv3 {

// A checkpoint that cannot be written or used: the message says why.
struct checkpoint_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// CRC-32 (IEEE 802.3, reflected, as zlib's crc32) of n bytes, continuing crc.
uint32_t checkpoint_crc32(const void *data, size_t n, uint32_t crc = 0);

class ckpt_writer {
public:
    void u8(uint8_t v) { bytes_.push_back(v); }
    void flag(bool v) { u8(v ? 1 : 0); }
    void u32(uint32_t v);
    void u64(uint64_t v);
    void i64(int64_t v) { u64(uint64_t(v)); }
    void f64(double v);
    void time(const sc_core::sc_time &t) { u64(t.value()); }
    void str(const std::string &s) { blob(s.data(), s.size()); }
    void blob(const void *data, size_t n);          // u32 length, then the bytes
    void raw(const void *data, size_t n);           // the bytes alone
    void blob(const std::vector<uint8_t> &b) { blob(b.data(), b.size()); }
    void times(const std::vector<sc_core::sc_time> &v);
    void f64s(const std::vector<double> &v);
    void u64s(const std::vector<uint64_t> &v);

    const std::vector<uint8_t> &bytes() const { return bytes_; }
    std::vector<uint8_t> take() { return std::move(bytes_); }

private:
    std::vector<uint8_t> bytes_;
};

class ckpt_reader {
public:
    // what: names the state in errors ("section 'its'").
    ckpt_reader(const uint8_t *data, size_t n, std::string what) : p_(data), n_(n), what_(std::move(what)) {}
    explicit ckpt_reader(const std::vector<uint8_t> &b, std::string what)
        : ckpt_reader(b.data(), b.size(), std::move(what)) {}

    uint8_t u8();
    bool flag();
    uint32_t u32();
    uint64_t u64();
    int64_t i64() { return int64_t(u64()); }
    double f64();
    sc_core::sc_time time() { return sc_core::sc_time::from_value(u64()); }
    std::string str();
    std::vector<uint8_t> blob();
    void raw(void *out, size_t n);
    std::vector<sc_core::sc_time> times();
    std::vector<double> f64s();
    std::vector<uint64_t> u64s();
    // A count of items of at least item_bytes each that must fit what is left.
    uint64_t count(size_t item_bytes);

    size_t left() const { return n_ - at_; }
    // Throws unless every byte was read (trailing bytes are corruption).
    void end() const;
    // Throws checkpoint_error "<what>: <why>".
    [[noreturn]] void fail(const std::string &why) const;
    // fail() unless cond, for values that contradict the configuration.
    void expect(bool cond, const std::string &why) const
    {
        if (!cond)
            fail(why);
    }

private:
    const uint8_t *take(size_t n);
    const uint8_t *p_;
    size_t n_, at_ = 0;
    std::string what_;
};

} // namespace gicv3
