// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/checkpoint_file.h"

#include <cstring>
#include <fstream>
#include <iterator>

#include "gicv3_vp/params.h"
#include "its/version.h"

namespace gicv3_vp {

using gicv3::checkpoint_error;

namespace {

constexpr char kMagic[8] = {'I', 'T', 'S', 'V', 'P', 'C', 'K', '\n'};

uint64_t ticks_per_second() { return sc_core::sc_time(1, sc_core::SC_SEC).value(); }

} // namespace

std::vector<uint8_t> encode(const checkpoint &c)
{
    gicv3::ckpt_writer w;
    w.raw(kMagic, sizeof kMagic);
    w.u32(checkpoint::kFormatVersion);
    w.u32(ITS_VERSION);
    w.str(ITS_VERSION_STRING);
    w.u64(ticks_per_second());
    w.time(c.time);
    w.str(c.config_json);
    w.u32(uint32_t(c.sections.size()));
    w.u32(gicv3::checkpoint_crc32(w.bytes().data(), w.bytes().size()));
    for (const auto &[name, body] : c.sections) {
        const size_t from = w.bytes().size();
        w.str(name);
        w.u64(body.size());
        // The CRC covers the section's name and length too: no byte of the file is unchecked.
        const uint32_t head = gicv3::checkpoint_crc32(w.bytes().data() + from, w.bytes().size() - from);
        w.u32(gicv3::checkpoint_crc32(body.data(), body.size(), head));
        w.raw(body.data(), body.size());
    }
    return w.take();
}

checkpoint decode(const std::vector<uint8_t> &bytes, const std::string &what)
{
    // Identity and versions first, each with its own message: a file of
    // another kind or version must not be reported as corrupt.
    if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        throw checkpoint_error(what + ": not an its-vp checkpoint (bad magic)");
    gicv3::ckpt_reader r(bytes.data() + sizeof kMagic, bytes.size() - sizeof kMagic, what);
    const uint32_t format = r.u32();
    if (format != checkpoint::kFormatVersion)
        r.fail("checkpoint format version " + std::to_string(format) + ", this its-vp reads version " +
               std::to_string(checkpoint::kFormatVersion));
    const uint32_t model = r.u32();
    const std::string model_name = r.str();
    if (model != ITS_VERSION || model_name != ITS_VERSION_STRING)
        r.fail("written by model version " + shorten(model_name, 40) + " (number " + std::to_string(model) +
               "), this its-vp is " + ITS_VERSION_STRING + " (number " + std::to_string(ITS_VERSION) + ")");
    const uint64_t tps = r.u64();
    if (tps != ticks_per_second())
        r.fail("a time resolution of " + std::to_string(tps) + " ticks per second, this its-vp has " +
               std::to_string(ticks_per_second()));
    checkpoint c;
    c.time = r.time();
    c.config_json = r.str();
    const uint32_t n = r.u32();
    const size_t header = bytes.size() - r.left();
    const uint32_t crc = r.u32();
    if (crc != gicv3::checkpoint_crc32(bytes.data(), header))
        r.fail("the header's CRC does not match (corrupt file)");
    for (uint32_t i = 0; i < n; i++) {
        const size_t from = bytes.size() - r.left();
        std::string name = r.str();
        const uint64_t len = r.u64();
        const uint32_t head = gicv3::checkpoint_crc32(bytes.data() + from, bytes.size() - r.left() - from);
        const uint32_t want = r.u32();
        if (len > r.left())
            r.fail("section '" + shorten(name, 40) + "' is truncated (" + std::to_string(len) +
                   " bytes, " + std::to_string(r.left()) + " left)");
        std::vector<uint8_t> body(static_cast<size_t>(len));
        r.raw(body.data(), body.size());
        if (gicv3::checkpoint_crc32(body.data(), body.size(), head) != want)
            r.fail("section '" + shorten(name, 40) + "': CRC mismatch (corrupt file)");
        c.sections.emplace_back(std::move(name), std::move(body));
    }
    if (r.left())
        r.fail(std::to_string(r.left()) + " bytes after the last section (corrupt file)");
    return c;
}

size_t write_checkpoint(const std::string &path, const checkpoint &c)
{
    const std::vector<uint8_t> bytes = encode(c);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
    if (!(out << std::flush))
        throw checkpoint_error(path + ": cannot write the checkpoint");
    return bytes.size();
}

checkpoint read_checkpoint(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw checkpoint_error(path + ": cannot read the checkpoint");
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
        throw checkpoint_error(path + ": cannot read the checkpoint");
    return decode(bytes, path);
}

} // namespace gicv3_vp
