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

line_reader::line_reader(std::string path) : path_(std::move(path))
{
    errno = 0;
    gzFile f = gzopen(path_.c_str(), "rb");
    if (!f)
        fail(path_, 0, std::string("cannot open: ") + (errno ? std::strerror(errno) : "zlib error"));
    gzbuffer(f, 1 << 18);
    gz_ = f;
}

line_reader::~line_reader()
{
    if (gz_)
        gzclose(static_cast<gzFile>(gz_));
}

void line_reader::check_stream()
{
    int err = Z_OK;
    const char *msg = gzerror(static_cast<gzFile>(gz_), &err);
    if (err == Z_OK || err == Z_STREAM_END)
        return;
    if (err == Z_BUF_ERROR)
        fail(path_, line_, "truncated gzip stream (zlib: " + std::string(msg) + ")");
    fail(path_, line_, "unreadable gzip stream (zlib: " + std::string(msg) + ")");
}

bool line_reader::next(std::string &text)
{
    text.clear();
    ++line_;
    char buf[4096];
    for (;;) {
        // zlib keeps handing out what it decompressed before a stream error,
        // so the lines before a cut are read; the error shows at the end.
        if (!gzgets(static_cast<gzFile>(gz_), buf, sizeof buf)) {
            check_stream();
            break;
        }
        size_t n = std::strlen(buf);
        text.append(buf, n);
        if (n && buf[n - 1] == '\n') {
            text.pop_back();
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
    if (f.size() > 6)
        f = f.substr(0, 6); // sub-microsecond digits: order only needs microseconds
    if (!parse_u64(f, frac) || f.find_first_not_of("0123456789") != std::string_view::npos)
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
