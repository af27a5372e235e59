// SPDX-License-Identifier: Apache-2.0
// Reading QEMU log lines and matching messages against QEMU format strings.
#include "trace_lines.h"

#include <zlib.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "gicv3_vp/replay/trace.h"

namespace gicv3_vp::replay::detail {

void fail(const std::string &file, size_t line, const std::string &what)
{
    throw trace_error(file + ":" + std::to_string(line) + ": " + what);
}

namespace {
constexpr size_t kChunk = 1 << 18;
constexpr size_t kMaxLine = 1 << 20;
} // namespace

line_reader::line_reader(std::string path) : path_(std::move(path)), in_(kChunk), out_(kChunk)
{
    errno = 0;
    f_ = std::fopen(path_.c_str(), "rb");
    if (!f_)
        fail(path_, 0, std::string("cannot open: ") + (errno ? std::strerror(errno) : "unknown error"));
    read_raw();
    gzip_ = in_len_ >= 2 && in_[0] == 0x1f && in_[1] == 0x8b;
    if (gzip_) {
        auto *z = new z_stream{};
        if (inflateInit2(z, 15 + 16) != Z_OK) { // gzip wrapper only
            delete z;
            fail(path_, 0, "zlib cannot start");
        }
        z_ = z;
    }
}

line_reader::~line_reader()
{
    if (z_) {
        inflateEnd(static_cast<z_stream *>(z_));
        delete static_cast<z_stream *>(z_);
    }
    if (f_)
        std::fclose(f_);
}

// Moves what is left of in_ to its front and reads more of the file after it.
bool line_reader::read_raw()
{
    if (in_pos_ > 0) {
        std::memmove(in_.data(), in_.data() + in_pos_, in_len_ - in_pos_);
        raw_offset_ += in_pos_;
        in_len_ -= in_pos_;
        in_pos_ = 0;
    }
    if (raw_eof_ || in_len_ == in_.size())
        return in_len_ > 0;
    size_t n = std::fread(in_.data() + in_len_, 1, in_.size() - in_len_, f_);
    if (n == 0) {
        if (std::ferror(f_))
            fail(path_, line_, std::string("read error: ") + std::strerror(errno));
        raw_eof_ = true;
    }
    in_len_ += n;
    return in_len_ > 0;
}

bool line_reader::fill()
{
    out_pos_ = out_len_ = 0;
    if (!gzip_) {
        if (in_pos_ == in_len_ && !read_raw())
            return false;
        size_t n = in_len_ - in_pos_;
        std::memcpy(out_.data(), in_.data() + in_pos_, n);
        in_pos_ = in_len_;
        out_len_ = n;
        return true;
    }
    z_stream *z = static_cast<z_stream *>(z_);
    while (out_len_ == 0) {
        if (in_pos_ == in_len_)
            read_raw();
        if (member_done_) {
            // After a member: the end of the file, another member, or bytes gzip would refuse.
            if (in_pos_ == in_len_)
                return false;
            if (in_len_ - in_pos_ < 2 && !raw_eof_) {
                read_raw();
                continue;
            }
            if (in_len_ - in_pos_ < 2 || in_[in_pos_] != 0x1f || in_[in_pos_ + 1] != 0x8b)
                fail(path_, line_,
                     "data after the end of the gzip stream (byte " + std::to_string(raw_offset_ + in_pos_) +
                         " of the file) that is not another gzip member");
            inflateReset(z);
            member_done_ = false;
        }
        z->next_in = in_.data() + in_pos_;
        z->avail_in = unsigned(in_len_ - in_pos_);
        z->next_out = out_.data();
        z->avail_out = unsigned(out_.size());
        int rc = inflate(z, Z_NO_FLUSH);
        in_pos_ = in_len_ - z->avail_in;
        out_len_ = out_.size() - z->avail_out;
        if (rc == Z_STREAM_END) {
            member_done_ = true;
        } else if (rc == Z_BUF_ERROR || (rc == Z_OK && out_len_ == 0 && z->avail_in == 0)) {
            if (raw_eof_ && in_pos_ == in_len_ && out_len_ == 0)
                fail(path_, line_, "truncated gzip stream (the file ends inside it)");
        } else if (rc != Z_OK) {
            fail(path_, line_,
                 std::string("unreadable gzip stream (zlib: ") + (z->msg ? z->msg : "error " + std::to_string(rc)) +
                     ")");
        }
    }
    return true;
}

bool line_reader::next(std::string &text)
{
    text.clear();
    ++line_;
    for (;;) {
        if (out_pos_ == out_len_ && !fill())
            break;
        const unsigned char *from = out_.data() + out_pos_;
        size_t n = out_len_ - out_pos_;
        const void *nl = std::memchr(from, '\n', n);
        size_t take = nl ? size_t(static_cast<const unsigned char *>(nl) - from) : n;
        if (const void *nul = std::memchr(from, '\0', take))
            fail(path_, line_,
                 "a NUL byte at column " +
                     std::to_string(text.size() + size_t(static_cast<const unsigned char *>(nul) - from) + 1) +
                     " (QEMU's log has none: a damaged file)");
        text.append(reinterpret_cast<const char *>(from), take);
        out_pos_ += take;
        if (text.size() > kMaxLine) // QEMU's lines are a few hundred bytes: not a log
            fail(path_, line_, "a line longer than " + std::to_string(kMaxLine) + " bytes");
        if (nl) {
            out_pos_++;
            if (!text.empty() && text.back() == '\r')
                text.pop_back();
            return true;
        }
    }
    if (text.empty()) {
        --line_;
        return false;
    }
    return true; // a last line without an end of line
}

bool parse_u64(std::string_view s, uint64_t &v, bool hex)
{
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s.remove_prefix(2);
        hex = true;
    }
    if (s.empty())
        return false;
    v = 0;
    const unsigned base = hex ? 16 : 10;
    for (char c : s) {
        unsigned d;
        if (c >= '0' && c <= '9')
            d = unsigned(c - '0');
        else if (hex && c >= 'a' && c <= 'f')
            d = unsigned(c - 'a' + 10);
        else if (hex && c >= 'A' && c <= 'F')
            d = unsigned(c - 'A' + 10);
        else
            return false;
        if (v > (UINT64_MAX - d) / base)
            return false; // does not fit in 64 bits
        v = v * base + d;
    }
    return true;
}

bool parse_seconds(std::string_view s, uint64_t &usec)
{
    size_t dot = s.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == s.size())
        return false;
    uint64_t sec = 0, frac = 0;
    std::string_view f = s.substr(dot + 1);
    if (s.substr(0, dot).find_first_not_of("0123456789") != std::string_view::npos || !parse_u64(s.substr(0, dot), sec))
        return false;
    if (f.find_first_not_of("0123456789") != std::string_view::npos)
        return false; // every digit checked, those dropped below too
    if (f.size() > 6)
        f = f.substr(0, 6); // sub-microsecond digits: order only needs microseconds
    if (!parse_u64(f, frac))
        return false;
    for (size_t i = f.size(); i < 6; i++)
        frac *= 10;
    if (sec > UINT64_MAX / 1000000 - 1)
        return false;
    usec = sec * 1000000 + frac;
    return true;
}

bool split_line(std::string_view text, log_line &out)
{
    size_t at = text.find('@');
    if (at == std::string_view::npos || at == 0)
        return false;
    std::string_view tid = text.substr(0, at);
    if (tid.find_first_not_of("0123456789") != std::string_view::npos || !parse_u64(tid, out.thread))
        return false;
    size_t colon = text.find(':', at + 1);
    if (colon == std::string_view::npos || !parse_seconds(text.substr(at + 1, colon - at - 1), out.usec))
        return false;
    std::string_view rest = text.substr(colon + 1);
    size_t sp = rest.find(' ');
    out.event = rest.substr(0, sp);
    out.message = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
    if (out.event.empty())
        return false;
    for (char c : out.event)
        if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return false;
    return true;
}

bool scan(std::string_view fmt, std::string_view msg, std::vector<uint64_t> &out, std::string &why)
{
    out.clear();
    size_t m = 0;
    for (size_t f = 0; f < fmt.size();) {
        if (fmt[f] != '%') {
            if (m >= msg.size() || msg[m] != fmt[f]) {
                why = "the message does not have the expected layout: '" + std::string(fmt.substr(f)) +
                      "' expected at column " + std::to_string(m + 1);
                return false;
            }
            ++f, ++m;
            continue;
        }
        // A conversion: %x, %lx, %u, %d (QEMU's trace formats use no others here).
        size_t c = f + 1;
        while (c < fmt.size() && fmt[c] == 'l')
            ++c;
        const bool wide = c > f + 1; // %lx: 64 bits; %x, %u, %d: 32
        const char conv = c < fmt.size() ? fmt[c] : '\0';
        f = c + 1;
        const bool hex = conv == 'x';
        bool neg = conv == 'd' && m < msg.size() && msg[m] == '-';
        size_t start = m + (neg ? 1 : 0), end = start;
        while (end < msg.size() && (hex ? std::isxdigit((unsigned char)msg[end]) != 0
                                        : (msg[end] >= '0' && msg[end] <= '9')))
            ++end;
        uint64_t v = 0;
        if (end == start || !parse_u64(msg.substr(start, end - start), v, hex)) {
            size_t stop = msg.find(' ', m);
            why = "number does not parse: '" + std::string(msg.substr(m, stop == std::string_view::npos ? stop : stop - m)) +
                  "' at column " + std::to_string(m + 1);
            return false;
        }
        // A number wider than its conversion cannot have come from QEMU.
        if (!wide && (conv == 'd' ? v > (neg ? 0x80000000ull : 0x7fffffffull) : v > 0xffffffffull)) {
            why = "number does not parse: '" + std::string(msg.substr(m, end - m)) + "' is out of range at column " +
                  std::to_string(m + 1);
            return false;
        }
        out.push_back(neg ? uint64_t(0) - v : v);
        m = end;
    }
    if (m != msg.size()) {
        why = "unexpected text after the message: '" + std::string(msg.substr(m)) + "'";
        return false;
    }
    return true;
}

} // namespace gicv3_vp::replay::detail
