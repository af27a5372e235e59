// gicv3::its target side: the GITS frames over TLM, and MSIs (GITS_TRANSLATER writes).
#include <algorithm>

#include "gicv3/device_id_extension.h"
#include "its_internal.h"

namespace gicv3 {

using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

namespace {

tlm::tlm_response_status response_of(its_access a)
{
    switch (a) {
    case ITS_ACCESS_OK: return tlm::TLM_OK_RESPONSE;
    case ITS_ACCESS_BAD_ADDRESS: return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    case ITS_ACCESS_BAD_SIZE: return tlm::TLM_BURST_ERROR_RESPONSE;
    }
    return tlm::TLM_GENERIC_ERROR_RESPONSE;
}

// Register data is a little-endian byte image of at most 8 bytes.
uint64_t load_le(const unsigned char *p, unsigned len)
{
    uint64_t v = 0;
    for (unsigned i = std::min(len, 8u); i-- > 0;)
        v = (v << 8) | p[i];
    return v;
}

void store_le(unsigned char *p, unsigned len, uint64_t v)
{
    for (unsigned i = 0; i < len; i++, v >>= 8)
        p[i] = i < 8 ? static_cast<unsigned char>(v) : 0;
}

// Writes that can let the command queue run.
bool wakes_engine(uint64_t offset)
{
    return offset < 0x4 /* GITS_CTLR */ || (offset >= 0x88 && offset < 0x90) /* GITS_CWRITER */;
}

} // namespace

void its::b_transport(tlm::tlm_generic_payload &gp, sc_time &delay)
{
    const sc_time arrival = sc_core::sc_time_stamp() + delay;
    settle(delay); // accurate: the access happens at its time, not before
    spend(delay, cycles(timing_.reg_access_cycles));
    const unsigned len = gp.get_data_length();
    if (gp.get_byte_enable_ptr()) {
        gp.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    if (gp.get_streaming_width() < len) {
        gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    if (gp.is_write() && gp.get_address() == ITS_TRANSLATER_OFFSET) {
        translater_write(gp, load_le(gp.get_data_ptr(), len), delay, arrival);
        return;
    }
    if (gp.get_command() == tlm::TLM_IGNORE_COMMAND) {
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
        return;
    }
    gp.set_response_status(register_access(gp, delay));
}

tlm::tlm_response_status its::register_access(tlm::tlm_generic_payload &gp, sc_time &delay)
{
    const uint64_t offset = gp.get_address();
    const unsigned len = gp.get_data_length();
    op o{delay, {}};
    its_access a;
    {
        session s(*this, o);
        if (gp.is_read()) {
            uint64_t v = 0;
            a = its_read(core_, offset, len, &v);
            if (a == ITS_ACCESS_OK)
                store_le(gp.get_data_ptr(), len, v);
        } else {
            a = its_write(core_, offset, len, load_le(gp.get_data_ptr(), len));
        }
    }
    delay = o.delay;
    // The engine looks at the queue when the write takes effect (LT: at the
    // initiator's local time).
    if (gp.is_write() && a == ITS_ACCESS_OK && wakes_engine(offset))
        commands_ready_.notify(delay);
    return response_of(a);
}

// The core's its_translater_write() reports no translation, so a well-formed
// write goes to its_msi() with the EventID decoded as its_translater_write()
// does; malformed ones still go there for the counted diagnostic.
void its::translater_write(tlm::tlm_generic_payload &gp, uint64_t value, sc_time &delay,
                           const sc_time &arrival)
{
    const unsigned len = gp.get_data_length();
    const auto *ext = gp.get_extension<device_id_extension>();
    const std::optional<uint32_t> device_id = ext ? std::optional<uint32_t>(ext->device_id)
                                                  : default_device_id;
    const bool well_formed = len == 2 || len == 4;
    msi_record rec{};
    rec.payload = &gp;
    rec.device_id = device_id.value_or(0);
    rec.event_id = static_cast<uint32_t>(value & (len == 2 ? 0xFFFFu : 0xFFFFFFFFu));
    rec.time = arrival;
    if (device_id && well_formed)
        spend(delay, cycles(timing_.translate_cycles));
    op o{delay, {}};
    its_access a = ITS_ACCESS_OK;
    {
        session s(*this, o);
        if (!device_id) {
            a = its_write(core_, ITS_TRANSLATER_OFFSET, len, value); // counted as no_device_id
            rec.result = ITS_MSI_DROP_NO_DEVICE_ID;
        } else if (well_formed) {
            rec.result = its_msi(core_, *device_id, rec.event_id, &rec.translation);
        } else {
            a = its_translater_write(core_, *device_id, len, value, nullptr);
        }
    }
    delay = o.delay;
    gp.set_response_status(response_of(a));
    if (a != ITS_ACCESS_OK)
        return;
    rec.delivery = o.delivery;
    rec.latency = sc_core::sc_time_stamp() + delay - arrival;
    if (on_msi)
        on_msi(rec);
}

// Debug reads go through its_peek() (no side effect, no counter), one 32-bit
// word at a time so that any range a debugger asks for works. Debug writes
// are refused: a register write always has side effects.
unsigned its::transport_dbg(tlm::tlm_generic_payload &gp)
{
    if (!gp.is_read())
        return 0;
    const uint64_t addr = gp.get_address();
    const unsigned len = gp.get_data_length();
    unsigned char *data = gp.get_data_ptr();
    uint64_t word_addr = ~0ull, word = 0;
    for (unsigned i = 0; i < len; i++) {
        const uint64_t a = addr + i;
        if ((a & ~3ull) != word_addr) {
            word_addr = a & ~3ull;
            if (its_peek(core_, word_addr, 4, &word) != ITS_ACCESS_OK)
                return i;
        }
        data[i] = static_cast<unsigned char>(word >> (8 * (a & 3)));
    }
    return len;
}

} // namespace gicv3
