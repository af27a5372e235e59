// SPDX-License-Identifier: Apache-2.0
// Internal to the trace loader: reading QEMU log lines (plain or gzip) and
// matching one message against its QEMU format string.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gicv3_vp::replay::detail {

// Throws trace_error("file:line: what").
[[noreturn]] void fail(const std::string &file, size_t line, const std::string &what);

// Reads a file line by line through zlib, which passes plain files through
// unchanged: one reader serves both. A damaged or truncated gzip stream is a
// trace_error naming the line being read when it was found.
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
    void check_stream();
    std::string path_;
    void *gz_ = nullptr; // gzFile, kept opaque so zlib.h stays out of this header
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
