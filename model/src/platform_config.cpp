// SPDX-License-Identifier: Apache-2.0
// The platform's parameters: every field of platform_config with its meaning.
#include <algorithm>
#include <cctype>

#include "gicv3_vp/params.h"
#include "gicv3_vp/platform.h"

namespace gicv3_vp {

namespace {
constexpr uint32_t kMaxVectors = 2048;
static_assert(kMaxVectors * msi_device::kEntryBytes <= address_map::device_stride,
              "the largest MSI-X table fits a device's BAR");
} // namespace

std::vector<device_spec> platform_config::default_devices()
{
    // Like the traced Linux machine: a NIC, a multi-queue disk, an RNG.
    auto device = [](const char *name, uint32_t rid, uint32_t vectors, const char *pattern, double interval_ns,
                     uint64_t count, uint64_t seed) {
        device_spec d;
        d.name = name;
        d.msi.requester_id = rid;
        d.msi.vectors = vectors;
        d.msi.pattern = pattern;
        d.msi.interval_ns = interval_ns;
        d.msi.count = count;
        d.msi.seed = seed;
        return d;
    };
    return {device("net", 0x100, 3, "periodic", 2000, 300, 1), device("blk", 0x200, 5, "poisson", 1500, 500, 2),
            device("rng", 0x300, 1, "periodic", 10000, 50, 3)};
}

// devices.count above the list's size: the new entries copy the last one,
// then each gets a name, a requester ID and a seed of its own (dev<N>; the
// next multiple of 0x100 above every requester ID in use, or the next ID
// when that leaves 16 bits; seed N + 1), so that a larger count runs as it is.
static void grow_devices(std::vector<device_spec> &list, size_t from)
{
    auto taken = [&](const std::string &name, size_t upto) {
        for (size_t i = 0; i < upto; i++)
            if (list[i].name == name)
                return true;
        return false;
    };
    for (size_t i = from; i < list.size(); i++) {
        uint64_t last = 0; // the highest requester ID the entries before use
        for (size_t k = 0; k < i; k++) {
            const device_spec &e = list[k];
            uint64_t top = e.msi.requester_id + uint64_t(e.instances ? e.instances - 1 : 0) * e.requester_id_stride;
            last = std::max(last, top);
        }
        uint64_t id = ((last >> 8) + 1) << 8;
        if (id > 0xFFFF)
            id = last + 1;
        device_spec &d = list[i];
        d.name = "dev" + std::to_string(i);
        while (taken(d.name, i))
            d.name += "_";
        d.msi.requester_id = uint32_t(std::min<uint64_t>(id, UINT32_MAX));
        d.msi.seed = i + 1;
    }
}

void describe(params &p, platform_config &c)
{
    p.group("", "The run: CPUs, time limit, interconnect, the end of the run.");
    p.group("cpu", "The CPUs (stubs running the driver kit): interrupt entry and handler costs, priority mask.");
    p.group("driver", "The driver kit (Linux-like ITS bring-up and interrupt handling) on CPU 0: LPI space, "
                      "errata workarounds.");
    p.group("gic", "The GIC (distributor, redistributors, CPU interfaces): INTID and priority bits, clock, "
                   "per-access costs, the redistributors' LPI configuration cache "
                   "([redistributor.md](redistributor.md)), integration errata ([errata.md](errata.md)).");
    p.group("its", "The ITS: preset (identity and defaults), error policy, caches, clock and per-operation costs, "
                   "the translation pipeline ([timing.md](timing.md)), errata ([errata.md](errata.md)).");
    p.group("memory", "The memory system: latencies, the memory port's bandwidth, RAM above 4 GB.");
    p.group("devices", "The MSI sources: PCIe-endpoint-like devices with an MSI-X table and an arrival process "
                       "(periodic, poisson, bursty or a trace; [platform.md](platform.md#traffic)). Entries added "
                       "by devices.count copy the last one but get a name (dev<N>), a requester ID and a seed of "
                       "their own.");
    p.add("cpus", &c.cpus, "CPUs, each with its redistributor", 1, 512);
    p.add("max_us", &c.max_us, "simulated time limit (us); what is unresolved then is reported", 1, 1e12);
    p.add("quantum_ns", &c.quantum_ns, "temporal-decoupling quantum of the CPUs (ns)", 1, 1e9);
    p.add("driver.lpi_id_bits", &c.driver.lpi_id_bits,
          "the driver kit's cap on LPI INTID bits (Linux: 16; raise it with gic.id_bits for more LPIs)", 14, 24);
    p.add("teardown", &c.teardown, "deactivate every vector (DISCARD) and unmap every device at the end");

    p.add("its.preset", &c.its.preset, "ITS identity and defaults", {"qemu", "gic600"});
    p.add("its.error_policy", &c.its.error_policy, "what a failing command does",
          {"preset", "ignore", "stall"});
    p.add("its.device_cache", &c.its.device_cache,
          "DeviceID -> DTE cache: preset, none, unbounded or <entries>x<ways> (LRU)");
    p.add("its.ite_cache", &c.its.ite_cache, "(DeviceID, EventID) -> ITE cache, same forms");
    p.add("its.collection_cache", &c.its.collection_cache, "ICID -> CTE cache, same forms");
    for (const char *cache : {"its.device_cache", "its.ite_cache", "its.collection_cache"})
        p.accepts(cache, "preset|none|unbounded|<E>x<W>");
    p.add("its.clock_mhz", &c.its.clock_mhz, "ITS clock (MHz)", 1, 100000);
    p.add("its.reg_access_cycles", &c.its.reg_access_cycles, "cycles per GITS register access");
    p.add("its.command_cycles", &c.its.command_cycles, "cycles per command, beyond memory");
    p.add("its.translate_cycles", &c.its.translate_cycles, "cycles per MSI translation, beyond memory");
    p.add("its.mode", &c.its.mode, "timing mode", {"lt", "accurate"});
    p.add("its.input_queue", &c.its.input_queue,
          "MSI input queue entries, or preset (qemu 0: no pipeline, each MSI translated in its write)");
    p.add("its.engines", &c.its.engines, "translation engines working in parallel, or preset");
    p.add("its.outstanding_reads", &c.its.outstanding_reads,
          "table and command reads in flight at once (0: no limit), or preset");
    p.add("its.lpi_credits", &c.its.lpi_credits, "LPIs in flight to the redistributors (0: no limit), or preset");
    p.add("its.lookup_cycles", &c.its.lookup_cycles, "cycles per lookup stage (device, ITE, collection), or preset");
    p.add("its.miss_cycles", &c.its.miss_cycles, "cycles per lookup that misses, beyond its table read, or preset");
    p.add("its.invalidate_cycles", &c.its.invalidate_cycles,
          "cycles per cache entry a command invalidates, or preset");
    p.add("its.command_fetch_bytes", &c.its.command_fetch_bytes,
          "command queue read width in bytes, a power of two (32: one command per read), or preset");
    for (uint8_t op = 0; op < 16; op++) {
        std::string name = its_cmd_name(op);
        if (name == "UNKNOWN")
            continue;
        for (char &ch : name)
            ch = char(std::tolower(static_cast<unsigned char>(ch)));
        p.add("its.op_cycles." + name, &c.its.op_cycles[op],
              "cycles each " + std::string(its_cmd_name(op)) + " command costs beyond its.command_cycles");
    }
    // Checked when the platform is built (its_timing_of): the same bounds.
    p.accepts("its.input_queue", "preset|0..1048576");
    p.accepts("its.engines", "preset|1..1024");
    p.accepts("its.outstanding_reads", "preset|0..1024");
    p.accepts("its.lpi_credits", "preset|0..1024");
    for (const char *cycles : {"its.lookup_cycles", "its.miss_cycles", "its.invalidate_cycles"})
        p.accepts(cycles, "preset|0..1048576");
    p.accepts("its.command_fetch_bytes", "preset|32..4096");
    p.add("its.drop_when_full", &c.its.drop_when_full,
          "a full input queue drops the MSI (counted: input_queue_full) instead of holding the writer");
    p.add("its.pta", &c.its.pta, "GITS_TYPER.PTA: collections target RD_base addresses, not processor numbers");
    p.add("its.errata.qdf2400_e0065", &c.its.errata.qdf2400_e0065,
          "Qualcomm QDF2400 E0065: ITEs are 16 bytes, GITS_TYPER says 8 (GITS_IIDR 0x00001070; docs/errata.md)");
    p.add("its.errata.cavium_22375", &c.its.errata.cavium_22375,
          "Cavium ThunderX 22375: a flat 2^20-entry device table whatever BASER.Size and TYPER.Devbits (24) say "
          "(GITS_IIDR 0xa100034c)");
    p.add("its.errata.synquacer_pre_its", &c.its.errata.synquacer_pre_its,
          "Socionext SynQuacer: MSIs carry no DeviceID; a pre-ITS window at 0x0E000000 gives it "
          "(GITS_IIDR 0x0001143b)");

    p.add("gic.id_bits", &c.gic.id_bits, "INTID bits (GICD_TYPER.IDbits + 1)", 14, 24);
    p.add("gic.pri_bits", &c.gic.pri_bits, "implemented priority bits", 4, 8);
    p.add("gic.direct_lpi", &c.gic.direct_lpi, "GICR_TYPER.DirectLPI (SETLPIR/CLRLPIR/INVLPIR/...)");
    p.add("gic.clock_mhz", &c.gic.clock_mhz, "GIC clock (MHz)", 1, 100000);
    p.add("gic.reg_access_cycles", &c.gic.reg_access_cycles, "cycles per GICD/GICR register access");
    p.add("gic.icc_cycles", &c.gic.icc_cycles, "cycles per CPU-interface register access");
    p.add("gic.lpi_cycles", &c.gic.lpi_cycles, "cycles per LPI message from the ITS, beyond table reads");
    p.add("gic.property_cache", &c.gic.property_cache,
          "each redistributor's LPI configuration cache: preset (qemu unbounded, gic600 256x2), unbounded or "
          "<entries>x<ways> (set from the low INTID bits, LRU)");
    p.accepts("gic.property_cache", "preset|unbounded|<E>x<W>");
    p.add("gic.errata.rk3568_32bit_pa", &c.gic.errata.rk3568_32bit_pa,
          "Rockchip RK3568 / R-Car Gen4 GIC-600: the ITS and redistributors reach 32-bit addresses only "
          "(IIDR 0x0201743b; shows with memory.high_mb)");
    p.add("gic.errata.rk3588_shareability", &c.gic.errata.rk3588_shareability,
          "Rockchip RK3588 GIC-600: shareability sticks but the GIC does not snoop the CPUs' write-back caches "
          "(IIDR 0x0201743b)");
    p.add("gic.errata.gic700_2195890", &c.gic.errata.gic700_2195890,
          "Arm GIC-700 2195890: an LPI arriving with the redistributor's pending slot taken stays in the "
          "pending table until an INV (IIDR 0x0400043b)");

    p.add("memory.read_ns", &c.memory.read_ns, "memory read latency (ns)", 0, 1e6);
    p.add("memory.write_ns", &c.memory.write_ns, "memory write latency (ns)", 0, 1e6);
    p.add("memory.bytes_per_ns", &c.memory.bytes_per_ns,
          "memory port bandwidth (bytes/ns); transfers on the port serialise (0: no limit)", 0, 1e6);
    p.add("memory.high_mb", &c.memory.high_mb,
          "RAM above 4 GB (MB), from which the driver's ordinary allocations come first", 0, 65536);
    p.add("interconnect_ns", &c.interconnect_ns, "interconnect latency per transaction (ns)", 0, 1e6);

    p.add("cpu.handler_ns", &c.cpu.handler_ns, "interrupt handler cost between IAR1 and EOIR1 (ns)", 0, 1e9);
    p.add("cpu.entry_ns", &c.cpu.entry_ns, "interrupt entry: the IRQ line seen to the ICC_IAR1 read (ns)", 0, 1e9);
    p.add("cpu.relax_ns", &c.cpu.relax_ns, "one polling step of the driver (udelay) (ns)", 1, 1e9);
    p.add("cpu.pmr", &c.cpu.pmr, "ICC_PMR_EL1 value the CPUs run with", 0, 255);

    p.add("driver.workarounds", &c.driver.workarounds,
          "the driver kit applies the errata workarounds it matches on GITS_IIDR (false: a driver without them)");
    p.add("driver.retrigger_us", &c.driver.retrigger_us,
          "GIC-700 2195890 workaround: period of the GICR_INVLPIR retrigger (us; Linux: 1 s)", 1, 1000000000000ull);

    p.add_list<device_spec>(
        "devices", &c.devices, "MSI devices (PCIe endpoints with an MSI-X table)",
        [](params &q, const std::string &at, device_spec &d) {
            q.add(at + ".name", &d.name,
                  "device name: 1 to 64 printable ASCII characters, no dots or spaces, unique (a new element: "
                  "dev<N>)");
            q.add(at + ".requester_id", &d.msi.requester_id, "requester ID = DeviceID of its MSIs", 0,
                  0xFFFFFFFF);
            q.add(at + ".vectors", &d.msi.vectors, "MSI-X vectors (one LPI each)", 1, kMaxVectors);
            q.add(at + ".pattern", &d.msi.pattern, "traffic pattern", {"periodic", "poisson", "bursty", "trace"});
            q.add(at + ".interval_ns", &d.msi.interval_ns,
                  "period; poisson: mean interval; bursty: interval inside a burst (ns)", 1, 1e12);
            q.add(at + ".count", &d.msi.count, "MSIs the device sends (trace: its rows instead)");
            q.add(at + ".seed", &d.msi.seed, "random streams of a poisson or bursty device and of its vector choice");
            q.add(at + ".vector_select", &d.msi.vector_select,
                  "which vector each MSI uses: in turn, each equally likely, or vector k with weight "
                  "1/(k+1)^zipf_s (trace: the rows say)",
                  {"round_robin", "uniform", "zipf"});
            q.add(at + ".zipf_s", &d.msi.zipf_s, "zipf: the exponent (larger: fewer vectors take most MSIs)", 0.01,
                  100);
            q.add(at + ".burst_mean", &d.msi.burst_mean, "bursty: mean MSIs per burst (geometric)", 1, 1e12);
            q.add(at + ".gap_ns", &d.msi.gap_ns, "bursty: mean quiet time before each burst (exponential) (ns)", 1,
                  1e12);
            q.add(at + ".trace_file", &d.msi.trace_file,
                  "trace: CSV time_ns,device_id,event_id; the rows whose device_id is requester_id");
            q.add(at + ".instances", &d.instances,
                  "devices this entry stands for: <name>0.. (requester_id + k * stride, seed + k) when > 1", 1,
                  uint32_t(address_map::max_devices));
            q.add(at + ".requester_id_stride", &d.requester_id_stride,
                  "requester ID step between the instances of the entry", 1, 0xFFFFFFFF);
        },
        4096, grow_devices);
}

} // namespace gicv3_vp
