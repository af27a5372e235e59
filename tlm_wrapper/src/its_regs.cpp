// SPDX-License-Identifier: Apache-2.0
// gicv3::its target side: the GITS frames over TLM, and MSIs (GITS_TRANSLATER writes).
#include <algorithm>
#include <string>

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

void its_base::b_transport(tlm::tlm_generic_payload &gp, sc_time &delay)
{
    if (!caller_can_wait()) { // accurate mode from an SC_METHOD (reported)
        gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return;
    }
    access(gp, delay);
    if (!gp.is_response_ok())
        SC_REPORT_INFO_VERB(msg_type(),
                            (std::string(gp.is_read() ? "read" : "write") + " of " +
                             std::to_string(gp.get_data_length()) + " bytes at offset 0x" + hex(gp.get_address()) +
                             " refused: " + gp.get_response_string())
                                .c_str(),
                            sc_core::SC_HIGH);
}

void its_base::access(tlm::tlm_generic_payload &gp, sc_time &delay)
{
    const sc_time arrival = gicv3::sim_now() + delay;
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

tlm::tlm_response_status its_base::register_access(tlm::tlm_generic_payload &gp, sc_time &delay)
{
    const uint64_t offset = gp.get_address();
    const unsigned len = gp.get_data_length();
    // LT: what software polls (CREADR, GITS_CTLR.Quiescent) is as of the
    // reader's local time, not of the last time the engine ran.
    if (!timing_.accurate && gp.is_read() && (offset < 0x4 || (offset >= 0x90 && offset < 0x98)))
        catch_up(gicv3::sim_now() + delay);
    op o;
    o.delay = delay;
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
    if (gp.is_write() && a == ITS_ACCESS_OK && wakes_engine(offset)) {
        note_cwriter(gicv3::sim_now() + delay);
        commands_ready_.notify(delay);
    }
    return response_of(a);
}

// A well-formed MSI goes to its_msi() with the EventID decoded as
// its_translater_write() does: in the writer's call when there is no input
// queue, else through the pipeline (its_pipeline.cpp). Malformed ones go to
// the core for the counted diagnostic.
void its_base::translater_write(tlm::tlm_generic_payload &gp, uint64_t value, sc_time &delay,
                           const sc_time &arrival)
{
    const unsigned len = gp.get_data_length();
    const auto *ext = gp.get_extension<device_id_extension>();
    const std::optional<uint32_t> device_id = ext ? std::optional<uint32_t>(ext->device_id)
                                                  : default_device_id;
    const bool well_formed = len == 2 || len == 4;
    its_access a = ITS_ACCESS_OK;
    if (!device_id || !well_formed) { // not translated: the core counts it
        op o;
        o.delay = delay;
        {
            session s(*this, o);
            a = device_id ? its_translater_write(core_, *device_id, len, value, nullptr)
                          : its_write(core_, ITS_TRANSLATER_OFFSET, len, value); // no_device_id
        }
        delay = o.delay;
    }
    gp.set_response_status(response_of(a)); // a posted write: drops are not bus errors
    if (a != ITS_ACCESS_OK)
        return;
    msi_record rec{};
    rec.seq = next_seq_++;
    rec.payload = &gp;
    rec.device_id = device_id.value_or(0);
    rec.event_id = static_cast<uint32_t>(value & (len == 2 ? 0xFFFFu : 0xFFFFFFFFu));
    rec.time = arrival;
    rec.times.arrival = arrival;
    if (on_accept)
        on_accept(gp, rec.seq);
    if (!device_id) {
        rec.result = ITS_MSI_DROP_NO_DEVICE_ID;
        rec.times.accepted = rec.times.start = rec.times.translated = rec.times.handoff = rec.times.pending =
            gicv3::sim_now() + delay;
        rec.latency = rec.times.pending - arrival;
        report_drop(rec);
        if (on_msi)
            on_msi(rec);
        return;
    }
    if (timing_.input_queue)
        enqueue(gp, rec, delay);
    else
        translate_now(rec, delay);
}

// Debug reads go through its_peek() (no side effect, no counter), one 32-bit
// word at a time so that any range a debugger asks for works. Debug writes
// are refused: a register write always has side effects.
unsigned its_base::transport_dbg(tlm::tlm_generic_payload &gp)
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
