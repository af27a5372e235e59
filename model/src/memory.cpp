// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/memory.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include "gicv3/sim_time.h"

namespace gicv3_vp {

memory::memory(sc_core::sc_module_name name, uint64_t size, uint64_t base, unsigned page_bits)
    : sc_module(name), in("in"), size_(size), base_(base), page_bits_(page_bits)
{
    if (size == 0 || size - 1 > UINT64_MAX - base)
        throw std::invalid_argument(std::string(this->name()) + ": window wraps or is empty");
    if (page_bits < 12 || page_bits > 30)
        throw std::invalid_argument(std::string(this->name()) + ": page_bits outside 12..30");
    in.register_b_transport(this, &memory::b_transport);
    in.register_get_direct_mem_ptr(this, &memory::get_direct_mem_ptr);
    in.register_transport_dbg(this, &memory::transport_dbg);
}

void memory::reset()
{
    pages_.clear();
    port_free_ = sc_core::SC_ZERO_TIME;
    if (in.size()) // bound: revoke every DMI pointer granted
        in->invalidate_direct_mem_ptr(0, ~sc_dt::uint64(0));
}

bool memory::offset_of(uint64_t addr, uint64_t len, uint64_t &offset) const
{
    if (addr < base_)
        return false;
    offset = addr - base_;
    return offset < size_ && len <= size_ - offset;
}

unsigned char *memory::page(uint64_t offset)
{
    auto &p = pages_[offset >> page_bits_];
    if (!p)
        p.reset(new unsigned char[page_size()]()); // zeroed
    return p.get();
}

const unsigned char *memory::find_page(uint64_t offset) const
{
    auto it = pages_.find(offset >> page_bits_);
    return it == pages_.end() ? nullptr : it->second.get();
}

// Page by page: a page never written is not allocated by a read.
void memory::copy_in(uint64_t offset, const unsigned char *src, size_t len)
{
    while (len) {
        uint64_t in_page = offset & (page_size() - 1);
        size_t n = static_cast<size_t>(std::min<uint64_t>(len, page_size() - in_page));
        std::memcpy(page(offset) + in_page, src, n);
        offset += n, src += n, len -= n;
    }
}

void memory::copy_out(uint64_t offset, unsigned char *dst, size_t len) const
{
    while (len) {
        uint64_t in_page = offset & (page_size() - 1);
        size_t n = static_cast<size_t>(std::min<uint64_t>(len, page_size() - in_page));
        const unsigned char *p = find_page(offset);
        if (p)
            std::memcpy(dst, p + in_page, n);
        else
            std::memset(dst, 0, n);
        offset += n, dst += n, len -= n;
    }
}

void memory::b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay)
{
    const unsigned len = gp.get_data_length();
    const unsigned width = gp.get_streaming_width() ? gp.get_streaming_width() : len;
    const unsigned span = std::min(len, width);
    uint64_t off;
    if (!offset_of(gp.get_address(), span, off)) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    if (gp.is_read()) {
        reads_++;
        occupy_port(len, delay);
        delay += read_latency;
    } else if (gp.is_write()) {
        writes_++;
        occupy_port(len, delay);
        delay += write_latency;
    }
    unsigned char *data = gp.get_data_ptr();
    const unsigned char *be = gp.get_byte_enable_ptr();
    const unsigned be_len = gp.get_byte_enable_length();
    if (!be && width >= len) {
        if (gp.is_read())
            copy_out(off, data, len);
        else if (gp.is_write())
            copy_in(off, data, len);
    } else {
        // Byte enables (pattern repeated) and streaming (address wraps every
        // `width` bytes): byte by byte, rare enough not to matter.
        for (unsigned i = 0; i < len; i++) {
            if (be && be_len && be[i % be_len] != TLM_BYTE_ENABLED)
                continue;
            uint64_t o = off + i % width;
            if (gp.is_read())
                copy_out(o, data + i, 1);
            else if (gp.is_write())
                copy_in(o, data + i, 1);
        }
    }
    // DMI offered for pages that hold data: a pointer to an untouched page
    // would have to allocate it, and simulated RAM nobody wrote costs no host
    // memory (get_direct_mem_ptr still serves an explicit request).
    gp.set_dmi_allowed(dmi_granted() && find_page(off));
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

// The transfer starts when the port is free (at the initiator's time or
// later) and holds it for its bytes; the access's latency is pipelined
// behind it. Requests are served in the order they reach the port.
void memory::occupy_port(unsigned bytes, sc_core::sc_time &delay)
{
    if (bytes_per_ns <= 0)
        return;
    const sc_core::sc_time at = gicv3::sim_now() + delay;
    const sc_core::sc_time start = std::max(at, port_free_);
    const sc_core::sc_time transfer(double(bytes) / bytes_per_ns, sc_core::SC_NS);
    port_free_ = start + transfer;
    port_wait_ += start - at;
    port_busy_ += transfer;
    delay += (start - at) + transfer;
}

// DMI is granted page by page: a page's storage never moves once allocated,
// so a pointer handed out stays valid for the life of the memory.
bool memory::get_direct_mem_ptr(tlm::tlm_generic_payload &gp, tlm::tlm_dmi &dmi)
{
    uint64_t off;
    if (!dmi_granted() || !offset_of(gp.get_address(), 1, off))
        return false;
    const uint64_t first = off & ~(page_size() - 1);
    const uint64_t last = std::min(first + (page_size() - 1), size_ - 1);
    dmi.set_dmi_ptr(page(off));
    dmi.set_start_address(base_ + first);
    dmi.set_end_address(base_ + last);
    dmi.allow_read_write();
    dmi.set_read_latency(read_latency);
    dmi.set_write_latency(write_latency);
    return true;
}

unsigned memory::transport_dbg(tlm::tlm_generic_payload &gp)
{
    uint64_t off;
    if (!offset_of(gp.get_address(), 1, off))
        return 0;
    const unsigned len =
        static_cast<unsigned>(std::min<uint64_t>(gp.get_data_length(), size_ - off));
    if (gp.is_read())
        copy_out(off, gp.get_data_ptr(), len);
    else if (gp.is_write())
        copy_in(off, gp.get_data_ptr(), len);
    else
        return 0;
    return len;
}

void memory::load(uint64_t addr, const void *data, size_t len)
{
    uint64_t off;
    if (!offset_of(addr, len, off))
        throw std::out_of_range(std::string(name()) + ": load outside the memory");
    copy_in(off, static_cast<const unsigned char *>(data), len);
}

void memory::peek(uint64_t addr, void *data, size_t len) const
{
    uint64_t off;
    if (!offset_of(addr, len, off))
        throw std::out_of_range(std::string(name()) + ": peek outside the memory");
    copy_out(off, static_cast<unsigned char *>(data), len);
}

void memory::write64(uint64_t addr, uint64_t value)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = static_cast<unsigned char>(value >> (8 * i));
    load(addr, b, 8);
}

uint64_t memory::read64(uint64_t addr) const
{
    unsigned char b[8];
    peek(addr, b, 8);
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | b[i];
    return v;
}

} // namespace gicv3_vp
