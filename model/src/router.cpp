// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/router.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace gicv3_vp {

router::router(sc_core::sc_module_name name) : sc_module(name), in("in"), out("out")
{
    in.register_b_transport(this, &router::b_transport);
    in.register_get_direct_mem_ptr(this, &router::get_direct_mem_ptr);
    in.register_transport_dbg(this, &router::transport_dbg);
    out.register_invalidate_direct_mem_ptr(this, &router::invalidate_direct_mem_ptr);
}

unsigned router::map(uint64_t base, uint64_t size, target_socket &target,
                     const sc_core::sc_time &latency)
{
    const unsigned index = bound_;
    map(base, size, index, latency); // checks the window before binding
    out.bind(target);
    bound_++;
    return index;
}

void router::map(uint64_t base, uint64_t size, unsigned target, const sc_core::sc_time &latency)
{
    std::ostringstream why;
    if (size == 0 || size - 1 > UINT64_MAX - base)
        why << "window at 0x" << std::hex << base << " is empty or wraps";
    for (const window &w : windows_)
        if (base <= w.base + (w.size - 1) && w.base <= base + (size - 1))
            why << "window at 0x" << std::hex << base << " overlaps the one at 0x" << w.base;
    if (!why.str().empty())
        throw std::invalid_argument(std::string(name()) + ": " + why.str());
    window w{base, size, target, latency};
    auto at = std::upper_bound(windows_.begin(), windows_.end(), base,
                               [](uint64_t b, const window &x) { return b < x.base; });
    windows_.insert(at, w);
    last_ = nullptr; // the vector may have moved
}

const router::window *router::decode(uint64_t addr) const
{
    if (last_ && addr - last_->base < last_->size)
        return last_;
    auto it = std::upper_bound(windows_.begin(), windows_.end(), addr,
                               [](uint64_t a, const window &x) { return a < x.base; });
    if (it == windows_.begin())
        return nullptr;
    --it;
    if (addr - it->base >= it->size)
        return nullptr;
    last_ = &*it;
    return last_;
}

void router::b_transport(int, tlm::tlm_generic_payload &gp, sc_core::sc_time &delay)
{
    const uint64_t addr = gp.get_address();
    const unsigned len = gp.get_data_length();
    const unsigned width = gp.get_streaming_width() ? gp.get_streaming_width() : len;
    const uint64_t span = std::min(len, width);
    const window *w = decode(addr);
    if (!w || span > w->size - (addr - w->base)) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    gp.set_address(addr - w->base);
    delay += w->latency;
    out[static_cast<int>(w->target)]->b_transport(gp, delay);
    gp.set_address(addr); // the initiator gets its payload back as it sent it
}

bool router::get_direct_mem_ptr(int, tlm::tlm_generic_payload &gp, tlm::tlm_dmi &dmi)
{
    const uint64_t addr = gp.get_address();
    const window *w = decode(addr);
    if (!w) {
        // No DMI anywhere in the gap around addr.
        uint64_t lo = 0, hi = UINT64_MAX;
        for (const window &x : windows_) {
            if (x.base > addr) {
                hi = std::min(hi, x.base - 1);
            } else {
                lo = std::max(lo, x.base + (x.size - 1) + 1);
            }
        }
        dmi.set_start_address(lo);
        dmi.set_end_address(hi);
        dmi.allow_none();
        return false;
    }
    gp.set_address(addr - w->base);
    bool ok = out[static_cast<int>(w->target)]->get_direct_mem_ptr(gp, dmi);
    gp.set_address(addr);
    // The target answered in its own addresses: back to ours, within the window.
    const uint64_t start = dmi.get_start_address();
    const uint64_t end = std::min<uint64_t>(dmi.get_end_address(), w->size - 1);
    dmi.set_start_address(w->base + start);
    dmi.set_end_address(w->base + end);
    dmi.set_read_latency(dmi.get_read_latency() + w->latency);
    dmi.set_write_latency(dmi.get_write_latency() + w->latency);
    return ok;
}

unsigned router::transport_dbg(int, tlm::tlm_generic_payload &gp)
{
    const uint64_t addr = gp.get_address();
    const window *w = decode(addr);
    if (!w)
        return 0;
    const unsigned len = gp.get_data_length();
    const unsigned fits = static_cast<unsigned>(std::min<uint64_t>(len, w->size - (addr - w->base)));
    gp.set_address(addr - w->base);
    gp.set_data_length(fits);
    unsigned n = out[static_cast<int>(w->target)]->transport_dbg(gp);
    gp.set_address(addr);
    gp.set_data_length(len);
    return n;
}

void router::invalidate_direct_mem_ptr(int target, sc_dt::uint64 start, sc_dt::uint64 end)
{
    for (const window &w : windows_) {
        if (w.target != static_cast<unsigned>(target) || start > w.size - 1)
            continue;
        const uint64_t hi = std::min<uint64_t>(end, w.size - 1);
        for (unsigned i = 0; i < in.size(); i++)
            in[static_cast<int>(i)]->invalidate_direct_mem_ptr(w.base + start, w.base + hi);
    }
}

} // namespace gicv3_vp
