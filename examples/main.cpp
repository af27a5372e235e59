// SPDX-License-Identifier: Apache-2.0
// A third-party SoC: its own RAM, bus, CPUs and MSI devices, with the GICv3
// ITS and GIC from the gicv3_its package as its interrupt controller. The
// CPUs bring the ITS up, two devices send MSIs, and the run checks that each
// LPI reached the CPU its mapping names, and that the unmapped one was dropped.
//
//   soc-example               the controller linked in
//   soc-example-plugin LIB    the controller loaded from LIB (its_plugin.so) with dlopen
#include <cstdio>
#include <map>
#include <memory>
#include <systemc>
#include <vector>

#ifdef SOC_PLUGIN
#include <dlfcn.h>
#endif

#include "bus.h"
#include "cpu.h"
#include "msi_device.h"
#include "ram.h"

namespace {

constexpr unsigned cpus = 2;
#ifdef SOC_PLUGIN
constexpr const char *program = "soc-example-plugin";
#else
constexpr const char *program = "soc-example";
#endif

soc::its_subsystem *make_controller(int argc, char **argv)
{
#ifdef SOC_PLUGIN
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s PLUGIN.so\n", argv[0]);
        return nullptr;
    }
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        std::fprintf(stderr, "dlopen: %s\n", dlerror());
        return nullptr;
    }
    auto create = reinterpret_cast<soc_create_its_subsystem_fn>(dlsym(lib, "soc_create_its_subsystem"));
    if (!create) {
        std::fprintf(stderr, "dlsym: %s\n", dlerror());
        return nullptr;
    }
    std::printf("controller: loaded from %s\n", argv[1]);
    return create("irqc", cpus);
#else
    (void)argc;
    (void)argv;
    return soc_create_its_subsystem("irqc", cpus);
#endif
}

} // namespace

int sc_main(int argc, char **argv)
{
    soc::memory_map mm;
    soc::its_subsystem *irqc = make_controller(argc, argv);
    if (!irqc)
        return 2;

    // Device 0x10: events 0, 1 and 3 mapped (2 is not), to alternate CPUs;
    // device 0x21: events 0 and 1, both to CPU 1.
    std::vector<std::pair<uint32_t, unsigned>> devices = {{0x10, 2}, {0x21, 1}}; // (DeviceID, EventID bits)
    std::vector<soc::mapping> maps = {
        {0x10, 0, 8192, 0}, {0x10, 1, 8193, 1}, {0x10, 3, 8195, 1}, {0x21, 0, 8300, 1}, {0x21, 1, 8301, 1}};

    soc::ram ram("ram", 4 << 20, sc_core::sc_time(20, sc_core::SC_NS));
    soc::bus bus("bus", sc_core::sc_time(5, sc_core::SC_NS));
    bus.map(irqc->its_regs(), mm.its, 0x20000);
    bus.map(irqc->gicr(), mm.gicr, cpus * 0x20000ull);
    bus.map(ram.in, mm.ram, 4 << 20);
    irqc->its_mem().bind(bus.in);
    irqc->gic_mem().bind(bus.in);

    sc_core::sc_event ready;
    std::vector<std::unique_ptr<sc_core::sc_signal<bool>>> irq;
    std::vector<std::unique_ptr<soc::cpu>> cpu;
    for (unsigned n = 0; n < cpus; n++) {
        irq.push_back(std::make_unique<sc_core::sc_signal<bool>>(("irq" + std::to_string(n)).c_str()));
        cpu.push_back(std::make_unique<soc::cpu>(("cpu" + std::to_string(n)).c_str(), n, cpus, *irqc, mm, devices,
                                                 maps, ready));
        cpu[n]->bus.bind(bus.in);
        irqc->irq(n).bind(*irq[n]);
        cpu[n]->irq.bind(*irq[n]);
    }
    sc_core::sc_time gap(2, sc_core::SC_US);
    uint64_t doorbell = mm.its + GITS_TRANSLATER;
    soc::msi_device nic("nic", 0x10, doorbell, {0, 1, 2, 3, 0, 1, 2, 3}, gap, ready);
    soc::msi_device disk("disk", 0x21, doorbell, {0, 1, 1, 0}, gap, ready);
    nic.out.bind(bus.in);
    disk.out.bind(bus.in);

    sc_core::sc_start(200, sc_core::SC_US);

    // What each CPU should have taken: every mapped MSI, once each.
    std::vector<std::map<uint32_t, unsigned>> want(cpus);
    for (auto [dev, events] : std::vector<std::pair<uint32_t, std::vector<uint32_t>>>{
             {0x10, {0, 1, 2, 3, 0, 1, 2, 3}}, {0x21, {0, 1, 1, 0}}})
        for (uint32_t e : events)
            for (const soc::mapping &m : maps)
                if (m.device_id == dev && m.event_id == e)
                    want[m.icid % cpus][m.intid]++;
    unsigned delivered = 0, wrong = 0;
    for (unsigned n = 0; n < cpus; n++) {
        for (auto [intid, times] : cpu[n]->taken) {
            std::printf("cpu%u: LPI %u taken %u time(s)\n", n, intid, times);
            delivered += times;
        }
        if (cpu[n]->taken != want[n])
            wrong++;
    }
    bool ok = cpu[0]->boot_ok && wrong == 0 && nic.errors == 0 && disk.errors == 0 &&
              irqc->msis_delivered() == delivered && irqc->msis_dropped_unmapped_event() == 2;
    std::printf("%s: %u MSIs taken by the expected CPUs, %llu dropped as unmapped (2 expected), "
                "%u CPUs wrong, at %s: %s\n",
                program, delivered, static_cast<unsigned long long>(irqc->msis_dropped_unmapped_event()), wrong,
                sc_core::sc_time_stamp().to_string().c_str(), ok ? "PASS" : "FAIL");
    delete irqc;
    return ok ? 0 : 1;
}
