// SPDX-License-Identifier: Apache-2.0
// The replay platform, built like the traced QEMU virt machine: router, RAM,
// the ITS with the QEMU virt preset, the GIC; and the replay's entry point.
#include <algorithm>
#include <memory>

#include "engine.h"
#include "gicv3_vp/params.h"
#include "gicv3_vp/replay/replayer.h"

namespace gicv3_vp::replay {

using sc_core::sc_time;

engine::engine(sc_core::sc_module_name name, const std::vector<replay::trace> &traces, unsigned cpus, const options &opt,
               report &out)
    : sc_module(name), port("port"), traces_(traces), cpus_(cpus), r_(out), check_(out), ledger_(cpus),
      active_(cpus)
{
    build(opt.platform);
    port.bind(m_->bus->in);
    SC_HAS_PROCESS(engine);
    SC_THREAD(run);
}

// The QEMU virt machine of the trace: its map (gicv3_vp::address_map), its ITS and
// redistributor identity (the QEMU presets), 16 INTID bits, 5 priority bits.
void engine::build(const platform_config &pc)
{
    its_config c;
    its_config_preset_qemu_virt(&c, cpus_);
    c.rd_base = address_map::gicr;
    c.rd_stride = REDIST_FRAMES_SIZE;
    platform_config machine_cfg = pc; // the timing is the user's; the machine is QEMU's
    machine_cfg.cpus = cpus_;
    machine_cfg.gic.id_bits = c.lpi_id_bits;
    machine_cfg.gic.pri_bits = 5;
    machine_cfg.gic.direct_lpi = false;
    m_ = std::make_unique<machine>(machine_cfg, c, kRamEnd - address_map::ram);
    ram_ = m_->ram.get();
    its_ = m_->its.get();
    gic_ = m_->gic.get();

    its_->on_accept = [this](const tlm::tlm_generic_payload &gp, uint64_t seq) { ledger_.accept(gp, seq); };
    its_->on_msi = [this](const gicv3::msi_record &m) {
        ledger_.translated(m);
        last_msi_ = m;
        last_msi_->payload = nullptr; // valid during the call only
    };
    its_->on_command = [this](const gicv3::command_record &c) {
        ran_.push_back({c, std::move(sets_)});
        sets_.clear();
        command_event_.notify(sc_core::SC_ZERO_TIME);
    };
    gic_->on_lpi = [this](const gicv3::lpi_event &e) {
        if (e.kind == gicv3::lpi_event::set && in_commands_)
            sets_.push_back(e);
        if (!draining_) // what the end-of-trace drain takes is a failure, not a delivery
            ledger_.lpi(e);
    };
}

void engine::finish()
{
    for (int t = 0; t < 2; t++)
        if (level2_provided_[t])
            r_.notes.push_back(std::to_string(level2_provided_[t]) + (t ? " ICID(s)" : " DeviceID(s)") +
                               ": level-2 page provided by the replay before the " + (t ? "MAPC" : "MAPD") +
                               " (the driver's level-1 descriptor store is not in a trace)");
    ledger_.finish();
    r_.msis_delivered = ledger_.delivered();
    r_.merged = ledger_.merged();
    r_.msi_drops = ledger_.drops();
    r_.its = its_->stats();
    r_.simulated_ns = sc_core::sc_time_stamp().to_seconds() * 1e9;
}

report replay(const std::vector<trace> &traces, const options &opt)
{
    report r;
    for (const trace &t : traces)
        r.cpus = std::max(r.cpus, t.cpus);
    for (const trace &t : traces)
        r.notes.insert(r.notes.end(), t.notes.begin(), t.notes.end());
    if (r.cpus == 0) { // e.g. ITS register accesses only: no CPU or redistributor named anywhere
        r.cpus = kDefaultCpus;
        r.notes.push_back("no CPU or redistributor in the trace: the replay's machine is QEMU virt with " +
                          std::to_string(kDefaultCpus) +
                          " CPUs, as the kvm-unit-tests captures ran (QEMU's ITS registers do not depend on the "
                          "CPU count)");
    }
    if (r.cpus > kMaxCpus) {
        std::string at = "replay";
        for (const trace &t : traces) // the first line naming a CPU beyond them
            for (const event &e : t.events)
                if (at == "replay" && e.cpu >= kMaxCpus && e.kind != op::its_write && e.kind != op::its_read &&
                    e.kind != op::msi && e.kind != op::command && e.kind != op::dist_write && e.kind != op::dist_read)
                    at = where(e.at);
        r.error = at + ": " + std::to_string(r.cpus) + " CPUs seen: the replay needs 1 to " +
                  std::to_string(kMaxCpus) + " (the first redistributor region of QEMU virt)";
        return r;
    }
    std::unique_ptr<engine> e;
    try {
        e = std::make_unique<engine>("replay", traces, r.cpus, opt, r);
    } catch (const config_error &bad) { // a platform parameter the machine refuses
        r.error = bad.what();
        return r;
    }
    sc_core::sc_start();
    e->finish();
    // Failures in trace order: the files as given, then line by line.
    std::map<std::string, size_t> order;
    for (const trace &t : traces)
        if (!t.events.empty())
            order.emplace(t.events[0].at.file, order.size());
    std::stable_sort(r.failures.begin(), r.failures.end(), [&](const failure &a, const failure &b) {
        size_t fa = order.count(a.at.file) ? order[a.at.file] : 0, fb = order.count(b.at.file) ? order[b.at.file] : 0;
        return fa != fb ? fa < fb : a.at.line < b.at.line;
    });
    return r;
}

} // namespace gicv3_vp::replay
