// SPDX-License-Identifier: Apache-2.0
// Internal to the trace loader: reading QEMU log lines (plain or gzip) and
// matching one message against its QEMU format string.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace gicv3_vp::replay::detail {

// Throws trace_error("file:line: what").
[[noreturn]] void fail(const std::string &file, size_t line, const std::string &what);

// Reads a file line by line, plain or gzip (gzip when it starts with the
// gzip magic bytes; several members follow one another as gzip's own reader
// takes them). A damaged or truncated gzip stream, bytes after the last
// member that are not another member, and a NUL byte in a line are
// trace_errors naming the line being read when they were found.
class line_reader {
public:
    explicit line_reader(std::string path);
    ~line_reader();
    line_reader(const line_reader &) = delete;
    line_reader &operator=(const line_reader &) = delete;

    // The next line without its end of line; false at the end of the file.
    bool next(std::string &text);
    size_t line() const { return line_; } // 1-based number of the line last read
    const std::string &path() const { return path_; }

private:
    bool fill(); // more decompressed bytes into out_; false at the end of the data
    bool read_raw();
    std::string path_;
    std::FILE *f_ = nullptr;
    void *z_ = nullptr; // z_stream, kept opaque so zlib.h stays out of this header
    bool gzip_ = false, raw_eof_ = false, member_done_ = false;
    std::vector<unsigned char> in_, out_;
    size_t in_pos_ = 0, in_len_ = 0, out_pos_ = 0, out_len_ = 0;
    uint64_t raw_offset_ = 0; // bytes of the file consumed before in_
    size_t line_ = 0;
};

// "<thread>@<seconds>.<microseconds>:<event> <message>", split in place.
struct log_line {
    uint64_t thread = 0;
    uint64_t usec = 0; // host time, microseconds
    std::string_view event;
    std::string_view message;
};

// Splits a line; false when the prefix is not QEMU's log back end's.
bool split_line(std::string_view text, log_line &out);

// Host seconds written "<s>.<fraction>" as microseconds; false when malformed.
bool parse_seconds(std::string_view text, uint64_t &usec);

// Matches a message against a QEMU format: %x/%lx (hex digits), %u (decimal),
// %d (signed decimal, stored two's complement); everything else is literal
// text. The numbers go to `out` in order. On failure `why` says what did not
// match: the literal text (an unknown layout) or a number that does not parse.
bool scan(std::string_view fmt, std::string_view message, std::vector<uint64_t> &out, std::string &why);

// Parses a whole number: "0x..." hex, else decimal (or hex when `hex`).
bool parse_u64(std::string_view text, uint64_t &v, bool hex = false);

} // namespace gicv3_vp::replay::detail
