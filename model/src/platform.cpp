// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/platform.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "gicv3_vp/cache_spec.h"
#include "gicv3_vp/device_groups.h"
#include "gicv3_vp/errata.h"
#include "gicv3_vp/event_trace.h"
#include "gicv3_vp/machine.h"
#include "gicv3_vp/params.h"
#include "gicv3/sim_time.h"
#include "gicv3_vp/summary.h"

namespace gicv3_vp {

using sc_core::sc_time;
using sc_core::SC_NS;

namespace {

// "preset", "none", "unbounded" or "<entries>x<ways>" (LRU).
void apply_cache(const std::string &name, const std::string &spec, its_cache_config &c)
{
    if (spec == "preset")
        return;
    if (spec == "none") {
        c = {0, 1, ITS_REPLACE_LRU};
        return;
    }
    if (spec == "unbounded") {
        c = {ITS_CACHE_UNBOUNDED, 1, ITS_REPLACE_LRU};
        return;
    }
    std::optional<cache_geometry> g = parse_cache_geometry(spec);
    if (!g)
        throw config_error(name + ": " + quoted(spec) +
                           " is not preset, none, unbounded or <entries>x<ways> (decimal) with entries a multiple "
                           "of ways, at most " + std::to_string(kMaxCacheEntries));
    c = {g->entries, g->ways, ITS_REPLACE_LRU};
}

its_config its_configuration(const platform_config &pc)
{
    its_config c;
    if (pc.its.preset == "gic600")
        its_config_preset_gic600(&c, pc.cpus);
    else
        its_config_preset_qemu_virt(&c, pc.cpus);
    c.lpi_id_bits = (uint8_t)pc.gic.id_bits;
    c.rd_base = address_map::gicr;
    c.rd_stride = REDIST_FRAMES_SIZE;
    c.pta = pc.its.pta;
    if (pc.its.error_policy != "preset")
        c.error_policy = pc.its.error_policy == "stall" ? ITS_POLICY_STALL : ITS_POLICY_IGNORE;
    apply_cache("its.device_cache", pc.its.device_cache, c.device_cache);
    apply_cache("its.ite_cache", pc.its.ite_cache, c.ite_cache);
    apply_cache("its.collection_cache", pc.its.collection_cache, c.collection_cache);
    apply_its_errata(pc, c);
    if (const char *why = its_config_check(&c))
        throw config_error(std::string("its: ") + why);
    return c;
}

// The DeviceIDs the ITS has (GITS_TYPER.Devbits + 1): a requester ID beyond
// them fails the driver's MAPD, a whole run later. (The errata that shrink
// the usable space are left to the driver: their tests need such IDs.)
std::string device_id_source(const platform_config &pc)
{
    return ", GITS_TYPER.Devbits + 1 of its.preset " + pc.its.preset;
}

} // namespace

platform::platform(sc_core::sc_module_name name, const platform_config &config)
    : sc_module(name), cfg_(config), ledger_(config.cpus)
{
    its_config ic = its_configuration(cfg_);
    cfg_.devices = expand_devices(config.devices, ic.devid_bits, device_id_source(cfg_));
    m_ = std::make_unique<machine>(cfg_, ic, address_map::ram_size); // one entry per device from here on
    router &bus = *m_->bus;

    shared_.next_free = address_map::ram;
    shared_.ram_end = address_map::ram + address_map::ram_size;
    shared_.cache.add_normal(address_map::ram, address_map::ram + address_map::ram_size);
    if (cfg_.memory.high_mb) { // ordinary allocations above 4 GB, alloc32 below
        shared_.next_low = shared_.next_free;
        shared_.low_end = shared_.ram_end;
        shared_.next_free = address_map::high_ram;
        shared_.ram_end = address_map::high_ram + (uint64_t(cfg_.memory.high_mb) << 20);
        shared_.cache.add_normal(shared_.next_free, shared_.ram_end);
    }
    shared_.cache.enabled = cfg_.gic.errata.rk3588_shareability;
    cpu_config cc;
    cc.handler_cost = ns(cfg_.cpu.handler_ns);
    cc.entry = ns(cfg_.cpu.entry_ns);
    cc.relax = ns(cfg_.cpu.relax_ns);
    cc.pmr = (uint8_t)cfg_.cpu.pmr;
    for (unsigned i = 0; i < cfg_.cpus; i++) {
        std::string n = "cpu" + std::to_string(i);
        cpus_.push_back(std::make_unique<cpu_stub>(n.c_str(), i, *m_->gic, shared_, cc));
        cpus_.back()->irq(*m_->irq[i]);
        cpus_.back()->bus(bus.in);
        cpus_.back()->program = [this](cpu_stub &cpu) {
            if (resuming_)
                resumed_software(cpu);
            else if (program)
                program(*this, cpu);
            else
                default_software(cpu);
        };
    }
    for (size_t i = 0; i < cfg_.devices.size(); i++) {
        const device_spec &d = cfg_.devices[i];
        msi_device_config mc = d.msi;
        mc.sideband = !cfg_.its.errata.synquacer_pre_its;
        devices_.push_back(std::make_unique<msi_device>(d.name.c_str(), mc));
        msi_device &dev = *devices_.back();
        dev.msi(bus.in);
        bus.map(address_map::device_bar(i), address_map::device_stride, dev.bar, m_->hop);
        dev.on_inject = [this](const msi_device &m, uint32_t, uint32_t event) {
            return ledger_.inject(m.config().requester_id, event, gicv3::sim_now());
        };
        dev.on_refused = [this](const msi_device &, uint32_t, const char *reason) { ledger_.refuse(reason); };
    }
    m_->its->on_accept = [this](const tlm::tlm_generic_payload &gp, uint64_t seq) { ledger_.accept(gp, seq); };
    m_->its->on_msi = [this](const gicv3::msi_record &r) { ledger_.translated(r); };
    m_->its->on_command = [this](const gicv3::command_record &c) {
        command_ns_[c.report.opcode & 0xF].add((c.time + c.latency - c.published).to_seconds() * 1e9);
        if (trace_)
            trace_->command(c);
    };
    m_->gic->on_lpi = [this](const gicv3::lpi_event &e) {
        if (trace_)
            trace_->lpi(e);
        ledger_.lpi(e);
    };

    // The software waits for the traffic to be over (or for its periodic
    // work): checked here whenever an MSI resolves or a device finishes, and
    // CPU 0 woken only when it is, not once per MSI.
    sc_core::sc_spawn_options o;
    o.spawn_method();
    o.dont_initialize();
    o.set_sensitivity(&ledger_.progress());
    for (auto &d : devices_)
        o.set_sensitivity(&d->done_event());
    sc_core::sc_spawn(
        [this] {
            if (traffic_over())
                wake_.notify();
        },
        "wake", &o);
}

platform::~platform() { drv_free(driver_); }

void platform::trace(bool events, sc_core::sc_trace_file *vcd)
{
    if (trace_ || (!events && !vcd))
        return;
    gicv3::its &its = *m_->its;
    trace_ = std::make_unique<event_trace>("event_trace", cfg_.cpus, events, vcd, its.timing().input_queue > 0);
    for (const auto &d : devices_)
        trace_->name_device(d->config().requester_id, d->basename());
    ledger_.observe(trace_.get());
    its.observer = trace_.get();
    if (!vcd)
        return;
    its.trace(vcd);
    for (unsigned c = 0; c < cfg_.cpus; c++)
        sc_core::sc_trace(vcd, *m_->irq[c], "cpu" + std::to_string(c) + ".irq");
}

void platform::write_event_trace(std::ostream &out) const
{
    if (trace_)
        trace_->write_json(out, sc_core::sc_time_stamp());
}

gicv3::its &platform::its_module() { return *m_->its; }
gicv3::gic &platform::gic_module() { return *m_->gic; }
memory &platform::ram() { return *m_->ram; }

void platform::fail(const std::string &what)
{
    if (!failure_.empty())
        return; // the first failure stopped the simulation already
    failure_ = what;
    sc_core::sc_stop();
}

bool platform::traffic_over() const
{
    for (const auto &d : devices_)
        if (!d->done())
            return false;
    return ledger_.outstanding() == 0;
}

// Devices, vectors (round-robin over the CPUs) and their MSI-X entries.
bool platform::bring_up_devices(cpu_stub &cpu)
{
    const drv_env &env = cpu.env();
    unsigned next_cpu = 0;
    for (size_t i = 0; i < devices_.size(); i++) {
        const msi_device_config &m = devices_[i]->config();
        drv_status s = drv_device_add(driver_, &env, m.requester_id, m.vectors);
        if (s != DRV_OK) {
            fail(cfg_.devices[i].name + ": MAPD failed: " + drv_status_name(s));
            return false;
        }
        uint64_t bar = address_map::device_bar(i);
        for (uint32_t v = 0; v < m.vectors; v++) {
            uint32_t intid = 0;
            s = drv_vector_activate(driver_, &env, m.requester_id, v, next_cpu++ % cfg_.cpus, &intid);
            if (s != DRV_OK) {
                fail(cfg_.devices[i].name + ": vector activation failed: " + drv_status_name(s));
                return false;
            }
            uint64_t addr = drv_device_msi_address(driver_, m.requester_id);
            cpu.write(bar + v * msi_device::kEntryBytes + 0, 4, uint32_t(addr));
            cpu.write(bar + v * msi_device::kEntryBytes + 4, 4, uint32_t(addr >> 32));
            cpu.write(bar + v * msi_device::kEntryBytes + 8, 4, v); // data = EventID
            cpu.write(bar + v * msi_device::kEntryBytes + 12, 4, 0); // unmask
        }
    }
    return true;
}

bool platform::bring_up(cpu_stub &cpu)
{
    const drv_env &env = cpu.env();
    unsigned me = cpu.index();
    if (me == 0) {
        drv_layout layout = {address_map::gicd, address_map::gicr, REDIST_FRAMES_SIZE, address_map::its, cfg_.cpus};
        drv_options opt = driver_options(cfg_);
        drv_status s = drv_probe(&driver_, &env, &layout, &opt);
        if (s != DRV_OK) {
            fail(std::string("ITS probe failed: ") + drv_status_name(s));
            return false;
        }
        probed_ = true;
        phase_.notify();
    } else {
        cpu.idle_until(phase_, [this] { return probed_ || !failure_.empty(); });
        if (!failure_.empty())
            return false;
    }
    drv_status s = drv_cpu_init(driver_, &env, me);
    if (s != DRV_OK) {
        fail("cpu" + std::to_string(me) + ": LPI bring-up failed: " + drv_status_name(s));
        return false;
    }
    return true;
}

void platform::rendezvous(cpu_stub &cpu)
{
    unsigned gen = generation_;
    if (++arrived_ == cfg_.cpus) {
        arrived_ = 0;
        generation_++;
        phase_.notify();
        return;
    }
    cpu.idle_until(phase_, [this, gen] { return generation_ != gen || !failure_.empty(); });
}

// The driver's delayed work (Linux's workqueue): CPU 0 runs drv_periodic
// when this timer says so.
void platform::run_periodic_work(const sc_time &first_due)
{
    const uint64_t us = drv_periodic_us(driver_);
    if (!us)
        return;
    periodic_ = true;
    sc_core::sc_spawn(
        [this, us, first_due] {
            const sc_time period(double(us), sc_core::SC_US);
            sc_time due = first_due != sc_core::SC_ZERO_TIME ? first_due : sc_core::sc_time_stamp() + period;
            for (;;) {
                periodic_next_ = due; // the checkpoint's: when the timer fires next
                sc_core::wait(due - sc_core::sc_time_stamp());
                periodic_due_ = true;
                wake_.notify();
                due = sc_core::sc_time_stamp() + period;
            }
        },
        "driver_periodic");
}

void platform::finish()
{
    completed_ = true;
    sc_core::sc_stop();
}

// CPU 0 brings the ITS up, every CPU its own redistributor and collection;
// then CPU 0 sets the devices up, starts the traffic, waits for every MSI to
// resolve and tears down. The other CPUs take interrupts.
void platform::default_software(cpu_stub &cpu)
{
    if (!bring_up(cpu))
        return;
    rendezvous(cpu);
    if (cpu.index() != 0 || !failure_.empty())
        return;
    if (!bring_up_devices(cpu))
        return;
    for (auto &d : devices_)
        d->start();
    if (on_traffic)
        on_traffic();
    run_periodic_work();
    traffic_and_teardown(cpu);
}

void platform::traffic_and_teardown(cpu_stub &cpu)
{
    in_traffic_ = true;
    for (;;) { // the traffic, and the driver's periodic work when it has some
        cpu.idle_until(wake_, [this] { return traffic_over() || periodic_due_; });
        if (!periodic_due_)
            break;
        periodic_due_ = false;
        drv_status s = drv_periodic(driver_, &cpu.env());
        if (s != DRV_OK) {
            in_traffic_ = false;
            return fail(std::string("driver periodic work failed: ") + drv_status_name(s));
        }
    }
    in_traffic_ = false;
    if (cfg_.teardown) {
        for (const auto &d : devices_) {
            drv_status s = drv_device_remove(driver_, &cpu.env(), d->config().requester_id);
            if (s != DRV_OK)
                return fail(std::string("teardown failed: ") + drv_status_name(s));
        }
    }
    finish();
}

void platform::run()
{
    sc_core::sc_start(sc_time(cfg_.max_us, sc_core::SC_US));
    ledger_.finish();
}

uint64_t platform::unresolved() const
{
    uint64_t n = 0;
    for (const auto &[reason, count] : ledger_.drops())
        if (reason == "pending_at_end" || reason == "in_flight_at_end")
            n += count;
    return n;
}

uint64_t platform::not_sent() const
{
    uint64_t n = 0;
    for (const auto &d : devices_)
        n += d->config().count > d->sent() ? d->config().count - d->sent() : 0;
    return n;
}

std::string platform::summary(double host_seconds) const
{
    std::ostringstream o;
    char line[256];
    o << "its-vp: " << cfg_.cpus << " CPUs, " << devices_.size() << " MSI devices, ITS preset " << cfg_.its.preset
      << " (" << cfg_.its.mode << ")\n";
    if (!failure_.empty())
        o << "  software failed: " << failure_ << "\n";
    else if (!completed_)
        o << "  stopped at the time limit (" << cfg_.max_us << " us) before every MSI resolved\n";
    o << "  MSIs injected " << ledger_.injected() << ", delivered " << ledger_.delivered() << " (merged "
      << ledger_.merged() << "), dropped " << ledger_.dropped();
    const char *sep = ": ";
    for (const auto &[reason, n] : ledger_.drops()) {
        o << sep << reason << " " << n;
        sep = ", ";
    }
    o << "\n  per CPU delivered:";
    for (size_t c = 0; c < ledger_.per_cpu().size(); c++)
        o << (c && c % 8 == 0 ? "\n                    " : "") << " cpu" << c << " " << ledger_.per_cpu()[c];
    std::vector<double> l = ledger_.latency();
    std::snprintf(line, sizeof line,
                  "\n  latency MSI write -> IAR1 (ns): mean %.1f  p50 %.0f  p99 %.0f  max %.0f\n", l[0], l[1],
                  l[2], l[3]);
    o << line;
    double sim = sc_core::sc_time_stamp().to_seconds();
    std::snprintf(line, sizeof line, "  simulated %.3f us, host %.3f s\n", sim * 1e6, host_seconds);
    o << line;
    return o.str();
}

nlohmann::json platform::stats_json(double host_seconds) const
{
    nlohmann::json j = ledger_.to_json();
    double offered = 0;
    for (const auto &d : devices_)
        offered += offered_per_ns(d->config());
    j["msi"]["offered_per_us"] = offered * 1e3;
    j["simulated_ns"] = sc_core::sc_time_stamp().to_seconds() * 1e9;
    j["host_seconds"] = host_seconds;
    j["completed"] = completed_;
    j["failure"] = failure_;
    its_stats s = m_->its->stats();
    nlohmann::json its;
    for (int r = 0; r < ITS_MSI_RESULTS; r++)
        its["translations"][its_msi_result_name(its_msi_result(r))] = s.msi[r];
    for (int op = 0; op < 16; op++)
        if (s.commands[op])
            its["commands"][its_cmd_name(uint8_t(op))] = s.commands[op];
    its["command_errors"] = s.command_errors;
    auto cache = [](const its_cache_stats &c) {
        return nlohmann::json{{"hits", c.hits}, {"misses", c.misses}, {"evictions", c.evictions},
                              {"invalidations", c.invalidations}};
    };
    its["device_cache"] = cache(s.device_cache);
    its["ite_cache"] = cache(s.ite_cache);
    its["collection_cache"] = cache(s.collection_cache);
    its["memory"] = {{"reads", s.mem_reads}, {"writes", s.mem_writes}, {"faults", s.mem_faults}};

    const gicv3::its &m = *m_->its;
    const gicv3::pipeline_stats &p = m.pipeline();
    const double sim_ns = sc_core::sc_time_stamp().to_seconds() * 1e9;
    auto ns = [](sc_core::sc_time t) { return t.to_seconds() * 1e9; };
    its["input_queue"] = {{"depth", m.timing().input_queue},
                          {"occupancy_mean", sim_ns > 0 ? ns(p.queue_wait) / sim_ns : 0.0},
                          {"occupancy_max", p.queue_max},
                          {"backpressure_ns", ns(p.backpressure)},
                          {"held_writes", p.held},
                          {"wait_ns_mean", p.accepted ? ns(p.queue_wait) / double(p.accepted) : 0.0},
                          {"dropped_full", p.dropped_full}};
    // MSIs done per ns from the first arrival to the last hand-off.
    its["throughput_per_ns"] =
        p.last_done > p.first_arrival ? double(p.done) / ns(p.last_done - p.first_arrival) : 0.0;
    its["credit_waits"] = p.credit_waits;
    its["read_waits"] = p.read_waits;
    its["command_fetch_buffer_hits"] = p.fetch_buffer_hits;
    j["its"] = its;

    // Little's law over the whole run: L from the time integral of the MSIs
    // inside the ITS, against lambda * W from the per-MSI sojourns.
    const double T = sim_ns;
    const double L = T > 0 ? ns(p.sojourn_integral) / T : 0;
    const double lambda = T > 0 ? double(p.accepted) / T : 0;
    const double W = p.done ? ns(p.sojourn) / double(p.done) : 0;
    j["littles_law"] = {{"L", L}, {"lambda_per_ns", lambda}, {"W_ns", W},
                        {"rel_error", L > 0 ? std::fabs(L - lambda * W) / L : 0.0}};

    nlohmann::json mem;
    for (int k = 0; k < ITS_MEM_KINDS; k++)
        mem[its_mem_kind_name(its_mem_kind(k))] = {{"reads", s.mem[k].reads}, {"writes", s.mem[k].writes},
                                                    {"bytes", s.mem[k].read_bytes + s.mem[k].write_bytes}};
    const gicv3::gic_stats g = m_->gic->stats();
    mem["property"] = {{"reads", g.prop_reads}, {"writes", 0}, {"bytes", g.prop_read_bytes}};
    mem["pending"] = {{"reads", g.pend_reads}, {"writes", g.pend_writes},
                      {"bytes", g.pend_read_bytes + g.pend_write_bytes}};
    j["memory"] = mem;
    j["gic"]["property_cache"] = {{"hits", g.prop_hits}, {"misses", g.prop_misses}, {"evictions", g.prop_evictions}};

    nlohmann::json cmd = nlohmann::json::object();
    sample_set all;
    for (int op = 0; op < 16; op++) {
        if (command_ns_[op].empty())
            continue;
        cmd[its_cmd_name(uint8_t(op))] = command_ns_[op].summarize().to_json();
        all.add(command_ns_[op]);
    }
    nlohmann::json lat = all.summarize().to_json();
    lat["per_type"] = cmd;
    j["commands"]["latency_ns"] = lat;
    return j;
}

} // namespace gicv3_vp
