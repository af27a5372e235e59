// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/msi_device.h"

#include <optional>

#include "gicv3/checkpoint_io.h"
#include "gicv3/device_id_extension.h"
#include "gicv3/sim_time.h"
#include "gicv3_vp/msi_tag.h"

namespace gicv3_vp {

using sc_core::sc_time;

msi_device::msi_device(sc_core::sc_module_name name, const msi_device_config &config)
    : sc_module(name), bar("bar"), msi("msi"), cfg_(config), table_(config.vectors),
      arrivals_(cfg_)
{
    bar.register_b_transport(this, &msi_device::bar_transport);
    bar.register_transport_dbg(this, &msi_device::bar_debug);
    SC_HAS_PROCESS(msi_device);
    SC_THREAD(generate);
}

void msi_device::start() { start_.notify(sc_core::SC_ZERO_TIME); }

double offered_per_ns(const msi_device_config &c)
{
    if (c.pattern == "trace") {
        if (!c.trace || c.trace->empty() || c.trace->back().time_ns == 0)
            return 0;
        return double(c.trace->size()) / double(c.trace->back().time_ns);
    }
    if (c.count == 0)
        return 0;
    if (c.pattern == "bursty") {
        double burst = c.burst_mean < 1 ? 1 : c.burst_mean;
        return burst / (c.gap_ns + (burst - 1) * c.interval_ns);
    }
    return 1.0 / c.interval_ns;
}

void msi_device::reset()
{
    table_.reset();
    arrivals_ = traffic(cfg_);
    start_.cancel();
    generation_++;
    reset_.notify(sc_core::SC_ZERO_TIME);
    finished_ = false;
    sent_ = 0;
}

unsigned msi_device::bar_debug(tlm::tlm_generic_payload &gp)
{
    uint64_t off = gp.get_address();
    unsigned n = gp.get_data_length();
    if (off + n > bar_size())
        return 0;
    // Through the table's 32-bit words (little-endian, as the BAR is), each
    // written once with the bytes the access covers: any range a debugger
    // asks for, and the CPUs' 4- and 8-byte accesses.
    unsigned char *p = gp.get_data_ptr();
    for (uint64_t w = off / 4; w * 4 < off + n; w++) {
        uint32_t word = table_.read_word(w);
        for (unsigned b = 0; b < 4; b++) {
            const uint64_t at = w * 4 + b;
            if (at < off || at >= off + n)
                continue;
            if (gp.is_read())
                p[at - off] = uint8_t(word >> (8 * b));
            else
                word = (word & ~(0xFFu << (8 * b))) | (uint32_t(p[at - off]) << (8 * b));
        }
        if (!gp.is_read())
            table_.write_word(w, word);
    }
    return n;
}

void msi_device::bar_transport(tlm::tlm_generic_payload &gp, sc_time &delay)
{
    (void)delay;
    unsigned n = gp.get_data_length();
    if (gp.get_byte_enable_ptr() || (n != 4 && n != 8) || gp.get_address() % n) {
        gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    gp.set_response_status(bar_debug(gp) == n ? tlm::TLM_OK_RESPONSE : tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

void msi_device::send(uint32_t vector)
{
    const uint64_t addr = table_.address(vector);
    if (addr == 0 || table_.masked(vector)) {
        if (on_refused)
            on_refused(*this, vector, addr == 0 ? "msix_unprogrammed" : "msix_masked");
        return;
    }
    uint32_t data = table_.data(vector);
    msi_tag tag(on_inject ? on_inject(*this, vector, data) : 0);
    tlm::tlm_generic_payload &gp = gp_; // reused: a payload allocates its extension array
    sc_time delay = sc_core::SC_ZERO_TIME;
    gp.set_command(tlm::TLM_WRITE_COMMAND);
    gp.set_address(addr);
    gp.set_data_ptr(reinterpret_cast<unsigned char *>(&data));
    gp.set_data_length(4);
    gp.set_streaming_width(4);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    {
        std::optional<gicv3::device_id_scope> id; // off the payload again at the block's end
        if (cfg_.sideband)
            id.emplace(gp, cfg_.requester_id);
        gicv3::extension_scope<msi_tag> tagged(gp, tag);
        msi->b_transport(gp, delay); // posted: the device does not wait for it
    }
    sent_++;
}

void msi_device::generate()
{
    if (resumed_ && phase_ == phase::waiting_arrival)
        traffic_from(generation_, next_, next_vector_);
    for (;;) {
        phase_ = phase::waiting_start;
        sc_core::wait(start_);
        traffic_from(generation_, gicv3::sim_now(), std::nullopt);
    }
}

void msi_device::traffic_from(uint64_t gen, sc_time next, std::optional<uint32_t> due)
{
    gicv3_vp::traffic::arrival a;
    if (due)
        a.vector = *due;
    while (gen == generation_ && (due || arrivals_.next(a))) {
        // Arrival times follow the pattern whatever each write costs.
        if (!due)
            next += sc_time(a.delay_ns, sc_core::SC_NS);
        due.reset();
        if (next > gicv3::sim_now()) {
            phase_ = phase::waiting_arrival;
            next_ = next;
            next_vector_ = a.vector;
            sc_core::wait(next - gicv3::sim_now(), reset_);
        }
        if (gen != generation_)
            break; // reset(): the traffic stops
        phase_ = phase::sending;
        send(a.vector);
    }
    phase_ = phase::waiting_start;
    if (gen == generation_) {
        finished_ = true;
        done_.notify(sc_core::SC_ZERO_TIME);
    }
}

void msi_device::save(gicv3::ckpt_writer &w) const
{
    w.u8(uint8_t(phase_));
    w.time(next_);
    w.u32(next_vector_);
    w.u64(generation_);
    w.flag(finished_);
    w.u64(sent_);
    table_.save(w);
    arrivals_.save(w);
}

void msi_device::restore(gicv3::ckpt_reader &r, const sc_time &at)
{
    const uint8_t ph = r.u8();
    r.expect(ph <= uint8_t(phase::waiting_arrival), "a device inside an MSI write at the checkpoint");
    phase_ = phase(ph);
    next_ = r.time();
    r.expect(phase_ != phase::waiting_arrival || next_ > at, "a next arrival not after the checkpoint");
    next_vector_ = r.u32();
    r.expect(next_vector_ < cfg_.vectors, "a next arrival on no such vector");
    generation_ = r.u64();
    finished_ = r.flag();
    sent_ = r.u64();
    table_.restore(r);
    arrivals_.restore(r);
    resumed_ = true;
}

} // namespace gicv3_vp
