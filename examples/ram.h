// SPDX-License-Identifier: Apache-2.0
// This platform's memory: a zero-filled RAM with a fixed access latency.
#pragma once

#include <cstring>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>
#include <vector>

namespace soc {

class ram : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<ram, 64> in;

    ram(sc_core::sc_module_name name, size_t bytes, sc_core::sc_time latency)
        : sc_module(name), in("in"), data_(bytes, 0), latency_(latency)
    {
        in.register_b_transport(this, &ram::b_transport);
        in.register_transport_dbg(this, &ram::transport_dbg);
    }

private:
    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay)
    {
        if (transport_dbg(gp) == gp.get_data_length())
            delay += latency_;
    }
    unsigned transport_dbg(tlm::tlm_generic_payload &gp)
    {
        uint64_t a = gp.get_address();
        unsigned n = gp.get_data_length();
        if (a + n > data_.size() || gp.get_byte_enable_ptr()) {
            gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return 0;
        }
        if (gp.is_write())
            std::memcpy(&data_[a], gp.get_data_ptr(), n);
        else if (gp.is_read())
            std::memcpy(gp.get_data_ptr(), &data_[a], n);
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
        return n;
    }

    std::vector<unsigned char> data_;
    sc_core::sc_time latency_;
};

} // namespace soc
