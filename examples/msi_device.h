// SPDX-License-Identifier: Apache-2.0
// This platform's MSI master: once started, it writes each EventID of its
// list to GITS_TRANSLATER, a gap apart, with its requester ID as the
// DeviceID sideband (gicv3::device_id_extension, set for the call's scope).
#pragma once

#include <cstdint>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <vector>

#include "gicv3/device_id_extension.h"

namespace soc {

class msi_device : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<msi_device, 64> out;

    msi_device(sc_core::sc_module_name name, uint32_t requester_id, uint64_t doorbell,
               std::vector<uint32_t> events, sc_core::sc_time gap, const sc_core::sc_event &start)
        : sc_module(name), out("out"), rid_(requester_id), doorbell_(doorbell), events_(std::move(events)),
          gap_(gap), start_(start)
    {
        SC_THREAD(run);
    }

    unsigned errors = 0; // writes the bus did not take

private:
    SC_HAS_PROCESS(msi_device);

    void run()
    {
        wait(start_);
        for (uint32_t event : events_) {
            wait(gap_);
            uint32_t data = event; // little-endian, as the bus carries it
            tlm::tlm_generic_payload gp;
            gp.set_command(tlm::TLM_WRITE_COMMAND);
            gp.set_address(doorbell_);
            gp.set_data_ptr(reinterpret_cast<unsigned char *>(&data));
            gp.set_data_length(4);
            gp.set_streaming_width(4);
            gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
            gicv3::device_id_scope sideband(gp, rid_); // cleared when it goes out of scope
            sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
            out->b_transport(gp, delay);
            if (!gp.is_response_ok())
                errors++;
            wait(delay);
        }
    }

    uint32_t rid_;
    uint64_t doorbell_;
    std::vector<uint32_t> events_;
    sc_core::sc_time gap_;
    const sc_core::sc_event &start_;
};

} // namespace soc
