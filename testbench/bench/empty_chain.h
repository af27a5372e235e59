// SPDX-License-Identifier: Apache-2.0
// The SystemC floor of one MSI on the platform: modules that do nothing but
// the TLM hops, waits and process switches an MSI needs there — a device
// thread's write through an interconnect to a target, an IRQ line raised
// through a method, the CPU thread woken by it, its ICC_IAR1 and ICC_EOIR1
// accesses and its wait for the next interrupt.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "gicv3_vp/router.h"

namespace bench {

// The ITS's and the GIC's place: takes the write, raises the line of the
// lane the data names (the platform's ITS finds the CPU by translation).
struct null_target : sc_core::sc_module {
    tlm_utils::simple_target_socket<null_target, 64> in;
    struct lane : sc_core::sc_module {
        sc_core::sc_signal<bool> irq;
        sc_core::sc_event raise;
        uint64_t pending = 0; // written and not yet acknowledged
        explicit lane(sc_core::sc_module_name n) : sc_module(n), irq("irq")
        {
            SC_HAS_PROCESS(lane);
            SC_METHOD(update);
            sensitive << raise;
            dont_initialize();
        }
        void update() { irq.write(pending != 0); }
    };
    std::vector<std::unique_ptr<lane>> lanes;
    uint64_t taken = 0;

    null_target(sc_core::sc_module_name n, unsigned count) : sc_module(n), in("in")
    {
        in.register_b_transport(this, &null_target::b_transport);
        for (unsigned i = 0; i < count; i++)
            lanes.push_back(std::make_unique<lane>(sc_core::sc_gen_unique_name("lane")));
    }
    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay)
    {
        delay += sc_core::sc_time(6, sc_core::SC_NS);
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
        lane &l = *lanes[*reinterpret_cast<const uint32_t *>(gp.get_data_ptr())];
        l.pending++;
        l.raise.notify(delay);
    }
    // The CPU interface: acknowledge lowers the line (through the same
    // method, as the GIC's level changes do), EOI counts.
    void ack(unsigned i)
    {
        lanes[i]->pending--;
        lanes[i]->raise.notify(sc_core::SC_ZERO_TIME);
    }
    void eoi() { taken++; }
};

struct null_device : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<null_device, 64> out;
    uint64_t count;
    uint32_t lane;
    sc_core::sc_time interval;
    null_device(sc_core::sc_module_name n, uint64_t msis, uint32_t l, sc_core::sc_time every)
        : sc_module(n), out("out"), count(msis), lane(l), interval(every)
    {
        SC_HAS_PROCESS(null_device);
        SC_THREAD(run);
    }
    void run()
    {
        uint32_t data = lane;
        for (uint64_t i = 0; i < count; i++) {
            wait(interval);
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
    unsigned lane;
    null_cpu(sc_core::sc_module_name n, null_target &g, unsigned l) : sc_module(n), gic(g), lane(l)
    {
        SC_HAS_PROCESS(null_cpu);
        SC_THREAD(run);
    }
    void run()
    {
        sc_core::sc_signal<bool> &irq = gic.lanes[lane]->irq;
        for (;;) {
            if (!irq.read())
                wait(irq.value_changed_event());
            if (!irq.read() || gic.lanes[lane]->pending == 0)
                continue;
            sc_core::sc_time local(2, sc_core::SC_NS);
            gic.ack(lane);
            local += sc_core::sc_time(200, sc_core::SC_NS);
            gic.eoi();
            wait(local);
        }
    }
};

// Chains side by side: devices writers, each every interval_ns (device k
// raising the line of CPU k % cpus), and cpus CPUs, one interconnect and one target. One device and
// one CPU: the platform's MSI path; a device per CPU: the floor of its CPU
// scaling; many devices on a few CPUs: the floor of its event scaling, whose
// mapped events come in devices.
struct empty_chain : sc_core::sc_module {
    gicv3_vp::router bus{"bus"};
    null_target target;
    std::vector<std::unique_ptr<null_device>> devices;
    std::vector<std::unique_ptr<null_cpu>> cpus;
    empty_chain(sc_core::sc_module_name n, uint64_t msis_per_device, unsigned device_count = 1, unsigned cpu_count = 1,
                double interval_ns = 1000)
        : sc_module(n), target("target", cpu_count)
    {
        bus.map(0, 0x1000, target.in, sc_core::sc_time(10, sc_core::SC_NS));
        for (unsigned i = 0; i < cpu_count; i++)
            cpus.push_back(std::make_unique<null_cpu>(sc_core::sc_gen_unique_name("cpu"), target, i));
        for (unsigned k = 0; k < device_count; k++) {
            devices.push_back(std::make_unique<null_device>(sc_core::sc_gen_unique_name("device"), msis_per_device,
                                                            k % cpu_count,
                                                            sc_core::sc_time(interval_ns, sc_core::SC_NS)));
            devices.back()->out.bind(bus.in);
        }
    }
};

} // namespace bench
