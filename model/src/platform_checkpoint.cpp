// SPDX-License-Identifier: Apache-2.0
// The platform's checkpoint: finding a quiescent instant, every module's
// section, and continuing from them in a fresh process.
#include <string>

#include "gicv3/checkpoint_io.h"
#include "gicv3_vp/errata.h"
#include "gicv3_vp/machine.h"
#include "gicv3_vp/params.h"
#include "gicv3_vp/platform.h"

namespace gicv3_vp {

using gicv3::checkpoint_error;
using gicv3::ckpt_reader;
using gicv3::ckpt_writer;
using sc_core::sc_time;

namespace {

bool stopped() { return sc_core::sc_get_status() == sc_core::SC_STOPPED; }

template <class M> std::vector<uint8_t> section_of(const M &m)
{
    ckpt_writer w;
    m.save(w);
    return w.take();
}

} // namespace

bool platform::quiescent() const
{
    if (program || !in_traffic_ || periodic_due_ || completed_ || !failure_.empty() || traffic_over())
        return false;
    for (unsigned i = 0; i < cfg_.cpus; i++) // CPU 0 in its traffic loop, the others done
        if (!cpus_[i]->idle() || cpus_[i]->program_done() != (i != 0))
            return false;
    if (!ledger_.idle() || !m_->its->idle() || !m_->gic->idle())
        return false;
    for (const auto &d : devices_)
        if (!d->idle())
            return false;
    return true;
}

// Time advances as in run(): sc_start() to `at`, then event by event (each
// time's delta cycles to their end) until an instant is quiescent, then on
// to max_us. Stopping between events changes nothing in what runs.
bool platform::run(const sc_time &at, const std::function<void()> &save)
{
    const sc_time end(cfg_.max_us, sc_core::SC_US);
    bool saved = false;
    if (at < end) {
        sc_core::sc_start(at);
        while (!stopped()) {
            while (sc_core::sc_pending_activity_at_current_time() && !stopped())
                sc_core::sc_start(sc_core::SC_ZERO_TIME);
            if (stopped())
                break;
            if (quiescent()) {
                save();
                saved = true;
                break;
            }
            if (!sc_core::sc_pending_activity())
                break;
            const sc_time step = sc_core::sc_time_to_pending_activity();
            if (sc_core::sc_time_stamp() + step >= end)
                break; // the plain run stops before the events at max_us too
            sc_core::sc_start(step);
        }
    }
    if (!stopped() && sc_core::sc_time_stamp() < end)
        sc_core::sc_start(end - sc_core::sc_time_stamp());
    ledger_.finish();
    return saved;
}

std::vector<uint8_t> platform::save_platform() const
{
    ckpt_writer w;
    w.flag(probed_);
    w.flag(in_traffic_);
    w.flag(periodic_due_);
    w.flag(periodic_);
    w.time(periodic_next_);
    w.u32(online_);
    w.u32(arrived_);
    w.u32(generation_);
    w.u64(shared_.next_free);
    w.u64(shared_.ram_end);
    w.u64(shared_.next_low);
    w.u64(shared_.low_end);
    shared_.cache.save(w);
    for (const sample_set &s : command_ns_)
        s.save(w);
    return w.take();
}

void platform::restore_platform(ckpt_reader &r, const sc_time &at)
{
    probed_ = r.flag();
    in_traffic_ = r.flag();
    periodic_due_ = r.flag();
    periodic_ = r.flag();
    periodic_next_ = r.time();
    r.expect(probed_ && in_traffic_ && !periodic_due_, "not taken in the traffic phase");
    r.expect(!periodic_ || periodic_next_ > at, "the periodic timer due before the checkpoint");
    online_ = r.u32();
    arrived_ = r.u32();
    generation_ = r.u32();
    const uint64_t next_free = r.u64(), ram_end = r.u64(), next_low = r.u64(), low_end = r.u64();
    r.expect(ram_end == shared_.ram_end && low_end == shared_.low_end && next_free <= ram_end &&
                 next_low <= (low_end ? low_end : next_low),
             "allocations outside this platform's RAM");
    shared_.next_free = next_free;
    shared_.next_low = next_low;
    shared_.cache.restore(r);
    for (sample_set &s : command_ns_)
        s.restore(r);
    r.end();
}

std::vector<std::pair<std::string, std::vector<uint8_t>>> platform::checkpoint_sections() const
{
    if (!quiescent())
        throw checkpoint_error("the platform is not at a quiescent instant");
    std::vector<std::pair<std::string, std::vector<uint8_t>>> out;
    out.emplace_back("platform", save_platform());
    std::vector<uint8_t> drv(drv_save_size(driver_));
    if (drv_save(driver_, drv.data(), drv.size()) != drv.size())
        throw checkpoint_error("the driver's state could not be saved");
    out.emplace_back("driver", std::move(drv));
    out.emplace_back("its", section_of(*m_->its));
    out.emplace_back("gic", section_of(*m_->gic));
    out.emplace_back("ram", section_of(*m_->ram));
    if (m_->high_ram)
        out.emplace_back("high_ram", section_of(*m_->high_ram));
    if (m_->pre_its)
        out.emplace_back("pre_its", section_of(*m_->pre_its));
    out.emplace_back("ledger", section_of(ledger_));
    for (unsigned i = 0; i < cfg_.cpus; i++)
        out.emplace_back("cpu" + std::to_string(i), section_of(*cpus_[i]));
    for (size_t i = 0; i < devices_.size(); i++)
        out.emplace_back("device" + std::to_string(i), section_of(*devices_[i]));
    return out;
}

void platform::restore(const std::vector<std::pair<std::string, std::vector<uint8_t>>> &sections,
                       const sc_time &at)
{
    // The sections this configuration has, in order: any other set is refused.
    std::vector<std::string> names = {"platform", "driver", "its", "gic", "ram"};
    if (m_->high_ram)
        names.push_back("high_ram");
    if (m_->pre_its)
        names.push_back("pre_its");
    names.push_back("ledger");
    for (unsigned i = 0; i < cfg_.cpus; i++)
        names.push_back("cpu" + std::to_string(i));
    for (size_t i = 0; i < devices_.size(); i++)
        names.push_back("device" + std::to_string(i));
    for (size_t i = 0; i < names.size(); i++) {
        if (i >= sections.size())
            throw checkpoint_error("the checkpoint has no section '" + names[i] +
                                   "' (its sections do not match its configuration)");
        if (sections[i].first != names[i])
            throw checkpoint_error("section '" + shorten(sections[i].first, 40) + "' where the configuration has '" +
                                   names[i] + "'");
    }
    if (sections.size() != names.size())
        throw checkpoint_error("section '" + shorten(sections[names.size()].first, 40) +
                               "' beyond those of the configuration");
    size_t next = 0;
    auto reader = [&]() { // the next section's reader, named for its errors
        const auto &[name, body] = sections[next++];
        return ckpt_reader(body, "section '" + name + "'");
    };
    {
        ckpt_reader r = reader();
        restore_platform(r, at);
    }
    {
        const auto &body = sections[next++].second;
        drv_layout layout = {address_map::gicd, address_map::gicr, REDIST_FRAMES_SIZE, address_map::its, cfg_.cpus};
        drv_options opt = driver_options(cfg_);
        its_driver *d = nullptr;
        if (drv_restore(&d, &layout, &opt, body.data(), body.size()) != DRV_OK)
            throw checkpoint_error("section 'driver': not a driver state of this configuration");
        drv_free(driver_);
        driver_ = d;
        if (periodic_ != (drv_periodic_us(driver_) != 0))
            throw checkpoint_error("section 'platform': a periodic timer the driver does not have");
    }
    auto restore_module = [&](auto &m) {
        ckpt_reader r = reader();
        m.restore(r);
    };
    restore_module(*m_->its);
    restore_module(*m_->gic);
    restore_module(*m_->ram);
    if (m_->high_ram)
        restore_module(*m_->high_ram);
    if (m_->pre_its)
        restore_module(*m_->pre_its);
    {
        ckpt_reader r = reader();
        ledger_.restore(r);
        r.end();
    }
    for (auto &c : cpus_) {
        ckpt_reader r = reader();
        c->restore(r, at);
        r.end();
    }
    for (unsigned i = 0; i < cfg_.cpus; i++)
        if (cpus_[i]->program_done() != (i != 0))
            throw checkpoint_error("section 'cpu" + std::to_string(i) + "': not where the traffic phase has it");
    for (auto &d : devices_) {
        ckpt_reader r = reader();
        d->restore(r, at);
        r.end();
    }
    resuming_ = true;
}

uint64_t platform::memory_digest() const
{
    uint64_t h = m_->ram->digest();
    if (m_->high_ram)
        h = h * 0x100000001B3ull ^ m_->high_ram->digest();
    return h;
}

// CPU 0 goes on in its traffic loop (and the driver's timer with it); the
// other CPUs had finished their program.
void platform::resumed_software(cpu_stub &cpu)
{
    if (cpu.index() != 0)
        return;
    if (periodic_)
        run_periodic_work(periodic_next_);
    traffic_and_teardown(cpu);
}

} // namespace gicv3_vp
