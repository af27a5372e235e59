// SPDX-License-Identifier: Apache-2.0
// The SystemC floor of one MSI on the platform: modules that do nothing but
// the TLM hops, waits and process switches an MSI needs there — a device
// thread's write through an interconnect to a target, an IRQ line raised
// through a method, the CPU thread woken by it, its ICC_IAR1 and ICC_EOIR1
// accesses and its wait for the next interrupt.
#pragma once

#include <cstdint>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "gicv3_vp/router.h"

namespace bench {

// The ITS's and the GIC's place: takes the write, raises the line.
struct null_target : sc_core::sc_module {
    tlm_utils::simple_target_socket<null_target, 64> in;
    sc_core::sc_signal<bool> irq;
    sc_core::sc_event raise;
    uint64_t taken = 0;

    explicit null_target(sc_core::sc_module_name n) : sc_module(n), in("in"), irq("irq")
    {
        in.register_b_transport(this, &null_target::b_transport);
        SC_HAS_PROCESS(null_target);
        SC_METHOD(update);
        sensitive << raise;
        dont_initialize();
    }
    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay)
    {
        delay += sc_core::sc_time(6, sc_core::SC_NS);
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
        level = true;
        raise.notify(delay);
    }
    void update() { irq.write(level); }
    // The CPU interface: acknowledge lowers the line (through the same
    // method, as the GIC's level changes do), EOI counts.
    void ack()
    {
        level = false;
        raise.notify(sc_core::SC_ZERO_TIME);
    }
    bool level = false;
    void eoi() { taken++; }
};

struct null_device : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<null_device, 64> out;
    uint64_t count;
    null_device(sc_core::sc_module_name n, uint64_t msis) : sc_module(n), out("out"), count(msis)
    {
        SC_HAS_PROCESS(null_device);
        SC_THREAD(run);
    }
    void run()
    {
        uint32_t data = 0;
        for (uint64_t i = 0; i < count; i++) {
            wait(sc_core::sc_time(1000, sc_core::SC_NS));
            tlm::tlm_generic_payload gp;
            sc_core::sc_time d = sc_core::SC_ZERO_TIME;
            gp.set_command(tlm::TLM_WRITE_COMMAND);
            gp.set_address(0x40);
            gp.set_data_ptr(reinterpret_cast<unsigned char *>(&data));
            gp.set_data_length(4);
            gp.set_streaming_width(4);
            out->b_transport(gp, d);
        }
    }
};

struct null_cpu : sc_core::sc_module {
    null_target &gic;
    explicit null_cpu(sc_core::sc_module_name n, null_target &g) : sc_module(n), gic(g)
    {
        SC_HAS_PROCESS(null_cpu);
        SC_THREAD(run);
    }
    void run()
    {
        for (;;) {
            if (!gic.irq.read())
                wait(gic.irq.value_changed_event());
            if (!gic.irq.read())
                continue;
            sc_core::sc_time local(2, sc_core::SC_NS);
            gic.ack();
            local += sc_core::sc_time(200, sc_core::SC_NS);
            gic.eoi();
            wait(local);
        }
    }
};

struct empty_chain : sc_core::sc_module {
    gicv3_vp::router bus{"bus"};
    null_target target{"target"};
    null_device device;
    null_cpu cpu{"cpu", target};
    empty_chain(sc_core::sc_module_name n, uint64_t msis) : sc_module(n), device("device", msis)
    {
        bus.map(0, 0x1000, target.in, sc_core::sc_time(10, sc_core::SC_NS));
        device.out.bind(bus.in);
    }
};

} // namespace bench
