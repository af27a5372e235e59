// SPDX-License-Identifier: Apache-2.0
// This platform's interconnect: any number of initiators, an address map of
// targets, a fixed hop latency. A payload goes through as it is (its
// extensions too, the DeviceID among them), with the address made local to
// the target and restored on the way back.
#pragma once

#include <cstdint>
#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <vector>

namespace soc {

class bus : public sc_core::sc_module {
public:
    tlm_utils::multi_passthrough_target_socket<bus, 64> in;     // initiators bind here
    tlm_utils::multi_passthrough_initiator_socket<bus, 64> out; // targets, in map() order

    bus(sc_core::sc_module_name name, sc_core::sc_time hop) : sc_module(name), in("in"), out("out"), hop_(hop)
    {
        in.register_b_transport(this, &bus::b_transport);
        in.register_transport_dbg(this, &bus::transport_dbg);
    }

    // The next out binding serves [base, base + size).
    void map(tlm::tlm_target_socket<64> &target, uint64_t base, uint64_t size)
    {
        out.bind(target);
        ranges_.push_back({base, size});
    }

private:
    struct range {
        uint64_t base, size;
    };
    int decode(uint64_t a) const
    {
        for (size_t i = 0; i < ranges_.size(); i++)
            if (a >= ranges_[i].base && a - ranges_[i].base < ranges_[i].size)
                return static_cast<int>(i);
        return -1;
    }
    void b_transport(int, tlm::tlm_generic_payload &gp, sc_core::sc_time &delay)
    {
        uint64_t a = gp.get_address();
        int t = decode(a);
        if (t < 0) {
            gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        delay += hop_;
        gp.set_address(a - ranges_[t].base);
        out[t]->b_transport(gp, delay);
        gp.set_address(a);
    }
    unsigned transport_dbg(int, tlm::tlm_generic_payload &gp)
    {
        uint64_t a = gp.get_address();
        int t = decode(a);
        if (t < 0)
            return 0;
        gp.set_address(a - ranges_[t].base);
        unsigned n = out[t]->transport_dbg(gp);
        gp.set_address(a);
        return n;
    }

    sc_core::sc_time hop_;
    std::vector<range> ranges_;
};

} // namespace soc
