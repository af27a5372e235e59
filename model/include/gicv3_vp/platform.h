// SPDX-License-Identifier: Apache-2.0
// The bundled virtual platform: CPUs running the driver kit, a GICv3 with
// its ITS, memory, an interconnect and PCIe-endpoint-like MSI sources, built
// from a platform_config (every field a documented parameter).
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <systemc>
#include <vector>

#include "gicv3/its.h"
#include "its_driver.h"
#include "gicv3_vp/cpu_stub.h"
#include "gicv3/gic.h"
#include "gicv3_vp/memory.h"
#include "gicv3_vp/msi_device.h"
#include "gicv3_vp/msi_ledger.h"
#include "gicv3_vp/router.h"
#include "gicv3_vp/sample_set.h"

namespace gicv3 {
class ckpt_reader;
} // namespace gicv3

namespace gicv3_vp {

class params;
struct machine;
class event_trace;

// One entry of the device list. An entry with instances = N > 1 stands for
// N devices <name>0..<name>N-1, device k with requester ID requester_id +
// k * requester_id_stride and seed seed + k, all else equal (expand_devices;
// platform::config() lists them one by one).
struct device_spec {
    std::string name;
    msi_device_config msi;
    uint32_t instances = 1;
    uint32_t requester_id_stride = 1;
};

struct platform_config {
    uint32_t cpus = 4;
    double max_us = 100000;    // simulated time limit
    double quantum_ns = 1000;  // temporal decoupling quantum of the CPUs
    bool teardown = true;      // DISCARD every vector and MAPD V=0 every device at the end

    struct {
        std::string preset = "qemu";      // qemu | gic600
        std::string error_policy = "preset";
        std::string device_cache = "preset", ite_cache = "preset", collection_cache = "preset";
        double clock_mhz = 1000;
        uint32_t reg_access_cycles = 2, command_cycles = 8, translate_cycles = 4;
        std::string mode = "lt";          // lt | accurate
        // The translation pipeline (docs/timing.md); "preset" takes the
        // preset's value (its_timing_preset()).
        std::string input_queue = "preset", engines = "preset", outstanding_reads = "preset",
                    lpi_credits = "preset", lookup_cycles = "preset", miss_cycles = "preset",
                    invalidate_cycles = "preset", command_fetch_bytes = "preset";
        bool drop_when_full = false;
        // Per command type, cycles beyond command_cycles (by opcode; "preset": 0).
        uint32_t op_cycles[16] = {};
        bool pta = false;                 // GITS_TYPER.PTA: targets are RD_base addresses
        // Errata of real ITSs (docs/errata.md): identity and behaviour of the part.
        struct {
            bool qdf2400_e0065 = false;     // 16-byte ITEs, GITS_TYPER says 8
            bool cavium_22375 = false;      // a fixed 8 MB device table, TYPER says 24 DevBits
            bool synquacer_pre_its = false; // no DeviceID sideband; a pre-ITS window instead
        } errata;
    } its;
    struct {
        uint32_t id_bits = 16, pri_bits = 5;
        bool direct_lpi = false;
        double clock_mhz = 1000;
        uint32_t reg_access_cycles = 2, icc_cycles = 2, lpi_cycles = 2;
        std::string property_cache = "preset"; // preset, unbounded or "<entries>x<ways>"
        // Errata of real GIC integrations (docs/errata.md).
        struct {
            bool rk3568_32bit_pa = false;     // the ITS and redistributors reach 32-bit addresses only
            bool rk3588_shareability = false; // shareability sticks, the GIC does not snoop CPU caches
            bool gic700_2195890 = false;      // LPIs left in the pending table
        } errata;
    } gic;
    struct {
        double read_ns = 50, write_ns = 50;
        double bytes_per_ns = 0; // port bandwidth; 0: no limit
        uint32_t high_mb = 0;    // RAM above 4 GB, where ordinary allocations go first
    } memory;
    double interconnect_ns = 10;
    struct {
        double handler_ns = 200, relax_ns = 1000;
        double entry_ns = 0; // interrupt entry: the line seen high to the ICC_IAR1 read
        uint32_t pmr = 0xF0;
    } cpu;
    struct {
        bool workarounds = true;   // the driver kit applies the errata workarounds it matches
        uint64_t retrigger_us = 1000000; // GIC-700 2195890: the workaround's period (Linux: 1 s)
        uint32_t lpi_id_bits = 16;       // cap on LPI INTID bits (Linux: 16)
    } driver;
    std::vector<device_spec> devices = default_devices();

    static std::vector<device_spec> default_devices();
};

// Register every field of cfg in p, with its meaning.
void describe(params &p, platform_config &cfg);

// The platform's address map (QEMU virt-like).
struct address_map {
    static constexpr uint64_t gicd = 0x08000000, its = 0x08080000, gicr = 0x080A0000;
    static constexpr uint64_t ram = 0x40000000, ram_size = 0x40000000;
    // One BAR per device, from `devices` up to RAM: 32 KB holds the largest
    // MSI-X table (2048 vectors of 16 bytes), so any mix of devices fits.
    static constexpr uint64_t devices = 0x10000000, device_stride = 0x8000;
    static constexpr uint64_t max_devices = (ram - devices) / device_stride; // 24,576
    static constexpr uint64_t high_ram = 0x100000000ull; // memory.high_mb of RAM from 4 GB
    // its.errata.synquacer_pre_its: 4-byte slots, DeviceID n at pre_its + 4n
    // (SynQuacer's window size; the address is this map's).
    static constexpr uint64_t pre_its = 0x0E000000, pre_its_size = 0x200000;
    static constexpr uint64_t device_bar(uint64_t i) { return devices + i * device_stride; }
};

class platform : public sc_core::sc_module {
public:
    platform(sc_core::sc_module_name name, const platform_config &config);
    ~platform() override;

    // Run to completion (every MSI resolved, teardown done) or to max_us.
    void run();

    // ---- Checkpoint (docs/checkpoint.md, "Platform checkpoint") ----
    // run(), calling save() once at the first quiescent() instant at or
    // after `at` and before max_us (between sc_start calls: save() may read
    // every module); the run then goes on as without it. false: no such
    // instant came before the run ended, save() was not called.
    bool run(const sc_core::sc_time &at, const std::function<void()> &save);
    // The state is all data: the default software in its traffic phase
    // (CPU 0 asleep in its traffic loop, the others asleep after their
    // bring-up), no MSI open, no interrupt to take, the ITS, the GIC and
    // every device idle.
    bool quiescent() const;
    // Every module's state, as named sections, at a quiescent() instant.
    std::vector<std::pair<std::string, std::vector<uint8_t>>> checkpoint_sections() const;
    // Before run(), on a platform built from the checkpoint's configuration:
    // every module takes its section back and the simulation then continues
    // from time `at` (no bring-up). Throws gicv3::checkpoint_error for
    // sections that do not match this platform.
    void restore(const std::vector<std::pair<std::string, std::vector<uint8_t>>> &sections,
                 const sc_core::sc_time &at);
    // A digest of the simulated memory's content (memory::digest of RAM,
    // then of the RAM above 4 GB): for comparing final memories.
    uint64_t memory_digest() const;

    // The software every CPU runs; by default the driver kit's bring-up,
    // device set-up, traffic and teardown (default_software). Set before
    // run() to swap in other driver code; it may call the helpers below.
    std::function<void(platform &, cpu_stub &)> program;
    // Called by default_software when the devices start their traffic (bring-up
    // done): where a measurement of the traffic alone begins.
    std::function<void()> on_traffic;
    void default_software(cpu_stub &cpu);
    // The driver kit's global and per-CPU bring-up, on every CPU: returns
    // when this CPU's redistributor and collection are up (false: failed).
    bool bring_up(cpu_stub &cpu);
    // Wait, taking interrupts, until every CPU has called it (a barrier).
    void rendezvous(cpu_stub &cpu);
    its_driver *driver() { return driver_; }
    void fail(const std::string &what); // record a software failure and stop
    void finish();                      // the software is done: stop the simulation

    const platform_config &config() const { return cfg_; }
    const msi_ledger &ledger() const { return ledger_; }
    gicv3::its &its_module();
    gicv3::gic &gic_module();
    cpu_stub &cpu(unsigned i) { return *cpus_[i]; }
    msi_device &device(unsigned i) { return *devices_[i]; }
    memory &ram();
    const std::string &failure() const { return failure_; } // empty when the software succeeded
    bool completed() const { return completed_; }           // finished before max_us
    // After run(): MSIs sent but neither delivered nor dropped with a reason
    // of their own (the time limit left them pending_at_end or
    // in_flight_at_end), and MSIs the devices had still to send.
    uint64_t unresolved() const;
    uint64_t not_sent() const;

    // Off by default; call before run() (docs/studies.md). events: collect
    // the Chrome trace-event JSON (write_event_trace() after the run); vcd
    // (may be null): drive waveforms into it (the CPUs' interrupt lines,
    // the ITS's queues, its table reads in flight, its.trace()).
    void trace(bool events, sc_core::sc_trace_file *vcd);
    void write_event_trace(std::ostream &out) const;

    std::string summary(double host_seconds) const;
    nlohmann::json stats_json(double host_seconds) const;

private:
    bool bring_up_devices(cpu_stub &cpu);
    bool traffic_over() const;
    // A timer raising periodic_due_ every drv_periodic_us, first at
    // first_due (zero: one period from now).
    void run_periodic_work(const sc_core::sc_time &first_due = sc_core::SC_ZERO_TIME);
    void traffic_and_teardown(cpu_stub &cpu); // CPU 0 from the traffic's start on
    void resumed_software(cpu_stub &cpu);     // restore(): on from the checkpoint
    std::vector<uint8_t> save_platform() const;
    void restore_platform(gicv3::ckpt_reader &r, const sc_core::sc_time &at);

    platform_config cfg_;
    std::unique_ptr<machine> m_;
    cpu_shared shared_;
    std::vector<std::unique_ptr<cpu_stub>> cpus_;
    std::vector<std::unique_ptr<msi_device>> devices_;
    msi_ledger ledger_;
    sample_set command_ns_[16]; // CWRITER write -> CREADR passes it, by opcode
    std::unique_ptr<event_trace> trace_;  // trace(): null unless asked for

    its_driver *driver_ = nullptr;
    bool probed_ = false, completed_ = false, periodic_due_ = false;
    bool in_traffic_ = false; // CPU 0 in its traffic loop
    bool resuming_ = false;   // restore() was called: the CPUs continue
    bool periodic_ = false;   // the periodic timer runs
    sc_core::sc_time periodic_next_; // and is due next then
    unsigned online_ = 0, arrived_ = 0, generation_ = 0;
    sc_core::sc_event phase_, wake_;
    std::string failure_;
};

} // namespace gicv3_vp
