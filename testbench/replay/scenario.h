// SPDX-License-Identifier: Apache-2.0
// Hand-made reference traces for the replay engine's tests. A scenario is
// the software's side (register writes, commands at their queue slots, CPU
// table stores, MSIs, acknowledges) written as gicv3_vp::replay events, with the
// reference's answers worked out by a small oracle kept here: dictionaries of
// mappings and pending sets, independent of the C model, following the
// architecture (and the redistributor's documented choices: lowest INTID
// first among equal priorities, pending state written back when LPIs are
// disabled and scanned when they are enabled with PTZ = 0).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "its/its.h"
#include "gicv3_vp/replay/trace.h"

namespace rs {

using gicv3_vp::replay::event;
using gicv3_vp::replay::op;
using gicv3_vp::replay::trace;

constexpr uint32_t kLpi0 = 8192;
constexpr uint8_t kEnabled = 0xA3, kDisabled = 0xA2; // priority 0xA0, RES1, Enable

class scenario {
public:
    // Commands are flushed (CWRITER written) after each one unless batched.
    explicit scenario(unsigned cpus, std::string file = "hand-made.log") : cpus_(cpus), file_(std::move(file)), cpu_(cpus)
    {
        traces_.emplace_back();
    }

    // ---- Set-up, as a driver does it -------------------------------------
    // ITS tables and a queue of queue_pages 4 KB pages, ITS on; then every
    // CPU: property/pending tables, EnableLPIs, PMR, IGRPEN1, collection
    // icid = cpu (MAPC + SYNC), INVALL.
    void bring_up(unsigned queue_pages = 16)
    {
        its_write(0x100, 8, (1ull << 63) | dt_ | (2ull << 8) | 7);  // device table: 8 × 64 KB, flat
        its_write(0x108, 8, (1ull << 63) | ct_ | (2ull << 8) | 0);  // collection table: 64 KB
        slots_ = queue_pages * 4096 / 32;
        its_write(0x80, 8, (1ull << 63) | cq_ | (queue_pages - 1));
        its_write(0x88, 8, 0);
        its_write(0x0, 4, 1);
        for (unsigned c = 0; c < cpus_; c++) {
            redist_write(c, 0x70, 8, prop_ | 15); // 16 ID bits
            enable_lpis(c, true, true);
            pmr(c, 0xF0);
            igrpen1(c, true);
        }
        for (unsigned c = 0; c < cpus_; c++) {
            mapc(c, c);
            sync(c);
            invall(c);
        }
    }
    void its_write(uint64_t off, unsigned size, uint64_t v) { reg(op::its_write, 0, off, size, v); }
    void redist_write(unsigned cpu, uint64_t off, unsigned size, uint64_t v) { reg(op::redist_write, cpu, off, size, v); }
    uint64_t pend(unsigned cpu) const { return pend_ + 0x10000ull * cpu; }

    // EnableLPIs: off writes the pending state back to the table and forgets
    // it; on with PTZ = 0 reads the table back; the cache starts empty.
    void enable_lpis(unsigned cpu, bool on, bool ptz = false)
    {
        auto &c = cpu_[cpu];
        if (on && !c.on) // PENDBASER (with PTZ) is written while LPIs are off
            redist_write(cpu, 0x78, 8, pend(cpu) | (uint64_t(ptz) << 62));
        if (!on && c.on) {
            c.table = c.pending;
            c.pending.clear();
        } else if (on && !c.on) {
            c.cache.clear();
            c.on = true;
            if (!ptz)
                for (uint32_t i : c.table)
                    make_pending(cpu, i);
            c.table.clear();
        }

        c.on = on;
        redist_write(cpu, 0x0, 4, on ? 1 : 0);
    }
    // The CPU sets an LPI's bit in its pending table (while LPIs are off).
    void store_pending(unsigned cpu, uint32_t intid)
    {
        auto &t = cpu_[cpu].table; // what the table holds: the write-back, then the CPU's stores
        t.insert(intid);
        uint8_t byte = 0;
        for (uint32_t i = intid & ~7u; i < (intid | 7u) + 1; i++)
            byte |= uint8_t(t.count(i) << (i % 8));
        store(pend(cpu) + intid / 8, byte);
    }
    void store_property(uint32_t intid, uint8_t v)
    {
        prop_bytes_[intid] = v;
        store(prop_ + intid - kLpi0, v);
    }

    // ---- Commands (operands as in the architecture; PTA = 0) -------------
    void mapd(uint32_t dev, unsigned event_bits, bool valid = true)
    {
        uint64_t itt = itt_next_;
        itt_next_ += ((12ull << event_bits) + 0xFFFF) & ~0xFFFFull;
        if (valid)
            devices_[dev] = {itt, event_bits, {}};
        else
            devices_.erase(dev);
        command(ITS_CMD_MAPD, dev, 0, {(uint64_t(dev) << 32) | ITS_CMD_MAPD, event_bits - 1u,
                                       (uint64_t(valid) << 63) | itt, 0});
    }
    void mapc(uint32_t icid, unsigned cpu, bool valid = true)
    {
        if (valid)
            collections_[icid] = cpu;
        else
            collections_.erase(icid);
        command(ITS_CMD_MAPC, 0, 0, {ITS_CMD_MAPC, 0, (uint64_t(valid) << 63) | (uint64_t(cpu) << 16) | icid, 0});
    }
    // MAPTI, the property byte (enabled, priority 0xA0), INV.
    void map_event(uint32_t dev, uint32_t ev, uint32_t intid, uint32_t icid)
    {
        if (devices_.count(dev))
            devices_[dev].events[ev] = {intid, icid};
        command(ITS_CMD_MAPTI, dev, ev, {(uint64_t(dev) << 32) | ITS_CMD_MAPTI, (uint64_t(intid) << 32) | ev, icid, 0});
        store_property(intid, kEnabled);
        inv(dev, ev);
    }
    void movi(uint32_t dev, uint32_t ev, uint32_t icid)
    {
        const ite *i = find(dev, ev);
        if (i && collections_.count(icid)) {
            unsigned from = collections_[i->icid], to = collections_[icid];
            if (from != to && cpu_[from].pending.erase(i->intid))
                make_pending(to, i->intid);
            devices_[dev].events[ev].icid = icid;
        }
        command(ITS_CMD_MOVI, dev, ev, {(uint64_t(dev) << 32) | ITS_CMD_MOVI, ev, icid, 0});
    }
    void movall(unsigned from, unsigned to)
    {
        if (from != to) {
            for (uint32_t i : cpu_[from].pending)
                make_pending(to, i);
            cpu_[from].pending.clear();
        }
        command(ITS_CMD_MOVALL, 0, 0, {ITS_CMD_MOVALL, 0, uint64_t(from) << 16, uint64_t(to) << 16});
    }
    void int_(uint32_t dev, uint32_t ev)
    {
        command(ITS_CMD_INT, dev, ev, {(uint64_t(dev) << 32) | ITS_CMD_INT, ev, 0, 0});
        translate(traces_.back().events.back());
    }
    void clear(uint32_t dev, uint32_t ev)
    {
        if (const ite *i = find(dev, ev); i && collections_.count(i->icid))
            cpu_[collections_[i->icid]].pending.erase(i->intid);
        command(ITS_CMD_CLEAR, dev, ev, {(uint64_t(dev) << 32) | ITS_CMD_CLEAR, ev, 0, 0});
    }
    void discard(uint32_t dev, uint32_t ev)
    {
        if (const ite *i = find(dev, ev)) {
            if (collections_.count(i->icid))
                cpu_[collections_[i->icid]].pending.erase(i->intid);
            devices_[dev].events.erase(ev);
        }
        command(ITS_CMD_DISCARD, dev, ev, {(uint64_t(dev) << 32) | ITS_CMD_DISCARD, ev, 0, 0});
    }
    void inv(uint32_t dev, uint32_t ev)
    {
        if (const ite *i = find(dev, ev); i && collections_.count(i->icid))
            reload(collections_[i->icid], i->intid);
        command(ITS_CMD_INV, dev, ev, {(uint64_t(dev) << 32) | ITS_CMD_INV, ev, 0, 0});
    }
    void invall(uint32_t icid)
    {
        if (collections_.count(icid)) {
            unsigned c = collections_[icid];
            std::vector<uint32_t> cached;
            for (const auto &kv : cpu_[c].cache)
                cached.push_back(kv.first);
            for (uint32_t i : cached)
                reload(c, i);
        }
        command(ITS_CMD_INVALL, 0, 0, {ITS_CMD_INVALL, 0, icid, 0});
    }
    void sync(unsigned cpu) { command(ITS_CMD_SYNC, 0, 0, {ITS_CMD_SYNC, 0, uint64_t(cpu) << 16, 0}); }
    // Any command, raw (e.g. one the model lacks); the oracle ignores it.
    void raw_command(uint8_t opcode, std::array<uint64_t, 4> raw) { command(opcode, 0, 0, raw); }

    void batch() { batching_ = true; }
    void flush()
    {
        batching_ = false;
        publish();
    }

    // ---- Devices and CPUs ------------------------------------------------
    void msi(uint32_t dev, uint32_t ev)
    {
        event &e = this->ev(op::msi, 0);
        e.device_id = dev;
        e.event_id = ev;
        e.size = 4;
        translate(e);
    }
    // The reference CPU takes its best LPI (IAR1, EOIR1); false when none.
    bool ack(unsigned cpu)
    {
        uint32_t best = 0;
        unsigned prio = 0x100;
        auto &c = cpu_[cpu];
        for (uint32_t i : c.pending) {
            uint8_t b = c.cache.count(i) ? c.cache[i] : prop_bytes_[i];
            unsigned p = b & 0xF8;
            if ((b & 1) && p < c.pmr && p < prio)
                best = i, prio = p;
        }
        if (!c.grpen || !best)
            return false;
        c.pending.erase(best);
        ev(op::iar1, cpu).data = best;
        ev(op::eoir1, cpu).data = best;
        acks_++;
        return true;
    }
    unsigned ack_all()
    {
        unsigned n = 0;
        for (unsigned c = 0; c < cpus_; c++)
            while (ack(c))
                n++;
        return n;
    }
    // An interrupt that is not an LPI (an SGI or the timer PPI): not the model's.
    void other_ack(unsigned cpu, uint32_t intid)
    {
        ev(op::iar1, cpu).data = intid;
        ev(op::eoir1, cpu).data = intid;
    }
    void pmr(unsigned cpu, uint8_t v)
    {
        ev(op::pmr_write, cpu).data = v;
        cpu_[cpu].pmr = v & 0xF8; // 5 priority bits
    }
    void igrpen1(unsigned cpu, bool on)
    {
        ev(op::igrpen1_write, cpu).data = on;
        cpu_[cpu].grpen = on;
    }
    size_t pending(unsigned cpu) const { return cpu_[cpu].pending.size(); }
    unsigned acks() const { return acks_; }

    // Start the next trace (a migration's destination): same machine, no set-up.
    void next_trace(const std::string &file)
    {
        finish();
        traces_.emplace_back();
        file_ = file;
        line_ = 0;
    }
    std::vector<trace> &traces()
    {
        finish();
        return traces_;
    }
    trace &current() { return traces_.back(); }

private:
    struct ite {
        uint32_t intid, icid;
    };
    struct device {
        uint64_t itt;
        unsigned bits;
        std::map<uint32_t, ite> events;
    };
    struct cpu_state {
        bool on = false, grpen = false;
        unsigned pmr = 0;
        std::set<uint32_t> pending, table;
        std::map<uint32_t, uint8_t> cache; // configuration bytes the redistributor holds
    };

    event &ev(op k, unsigned cpu)
    {
        event e{};
        e.kind = k;
        e.cpu = cpu;
        e.at = {file_, ++line_, 0, 0};
        traces_.back().events.push_back(e);
        return traces_.back().events.back();
    }
    void reg(op k, unsigned cpu, uint64_t off, unsigned size, uint64_t v)
    {
        event &e = ev(k, cpu);
        e.offset = off;
        e.size = size;
        e.data = v;
    }
    void store(uint64_t pa, uint8_t v)
    {
        event &e = ev(op::table_store, 0);
        e.pa = pa;
        e.data = v;
    }
    void command(uint8_t opcode, uint32_t dev, uint32_t evid, std::array<uint64_t, 4> raw)
    {
        if (queued_ + 1 >= slots_) // the queue is full: the driver publishes what it has
            publish();
        event &e = ev(op::command, 0);
        e.opcode = opcode;
        e.slot = next_slot_;
        e.device_id = dev;
        e.event_id = evid;
        for (int i = 0; i < 4; i++)
            e.raw[i] = raw[i];
        next_slot_ = (next_slot_ + 1) % slots_;
        queued_++;
        if (!batching_ && opcode != ITS_CMD_INT)
            flush();
        else if (!batching_)
            pending_int_flush_ = true;
    }
    void publish() // GITS_CWRITER: the reference runs every command listed
    {
        if (queued_)
            its_write(0x88, 8, uint64_t(next_slot_) * 32);
        queued_ = 0;
    }
    const ite *find(uint32_t dev, uint32_t evid)
    {
        auto d = devices_.find(dev);
        if (d == devices_.end())
            return nullptr;
        auto i = d->second.events.find(evid);
        return i == d->second.events.end() ? nullptr : &i->second;
    }
    // The reference ITS's answer for an MSI or INT, and its effect.
    void translate(event &e)
    {
        gicv3_vp::replay::reference &r = e.ref;
        auto d = devices_.find(e.device_id);
        if (d == devices_.end())
            r.drop = "unmapped_device";
        else if (e.event_id >= (1u << d->second.bits))
            r.drop = "event_oor";
        else if (!d->second.events.count(e.event_id))
            r.drop = "unmapped_event";
        else if (!collections_.count(d->second.events[e.event_id].icid)) {
            r.drop = "unmapped_collection";
            r.intid = d->second.events[e.event_id].intid, r.icid = d->second.events[e.event_id].icid;
        }
        else {
            const ite &i = d->second.events[e.event_id];
            r = {true, i.intid, i.icid, collections_[i.icid], ""};
            make_pending(r.rdbase, i.intid);
        }
        if (pending_int_flush_) { // an INT's answer is known: now it may run
            pending_int_flush_ = false;
            publish();
        }
    }
    void make_pending(unsigned cpu, uint32_t intid)
    {
        auto &c = cpu_[cpu];
        if (!c.on || intid >= (1u << 16))
            return;
        c.pending.insert(intid);
        if (!c.cache.count(intid)) // read when first needed
            c.cache[intid] = prop_bytes_[intid];
    }
    void reload(unsigned cpu, uint32_t intid)
    {
        if (cpu_[cpu].on)
            cpu_[cpu].cache[intid] = prop_bytes_[intid];
    }
    void finish()
    {
        for (trace &t : traces_)
            t.cpus = cpus_;
    }

    unsigned cpus_;
    std::string file_;
    size_t line_ = 0;
    std::vector<trace> traces_;
    std::vector<cpu_state> cpu_;
    std::map<uint32_t, device> devices_;
    std::map<uint32_t, unsigned> collections_;
    std::map<uint32_t, uint8_t> prop_bytes_;
    // RAM layout (QEMU virt RAM from 0x40000000)
    uint64_t dt_ = 0x40100000, ct_ = 0x40200000, cq_ = 0x40300000, prop_ = 0x40400000, pend_ = 0x40500000;
    uint64_t itt_next_ = 0x41000000;
    unsigned slots_ = 2048, next_slot_ = 0, queued_ = 0, acks_ = 0;
    bool batching_ = false, pending_int_flush_ = false;
};

} // namespace rs
