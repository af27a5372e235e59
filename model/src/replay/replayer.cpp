// SPDX-License-Identifier: Apache-2.0
// The replay's driver: one SC_THREAD that walks the trace events in order as
// the traced CPUs and devices did, and checks what the model did.
#include "engine.h"
#include "gicv3/device_id_extension.h"
#include "gicv3_vp/msi_tag.h"

namespace gicv3_vp::replay {

using sc_core::sc_time;

void engine::run()
{
    qk_.reset();
    const event *last = nullptr;
    try {
        for (const replay::trace &t : traces_)
            for (const event &e : t.events) {
                step(e);
                r_.events++;
                last = &e;
            }
        if (!batch_.empty())
            r_.notes.push_back(where(batch_[0]->at) + ": " + std::to_string(batch_.size()) +
                               " command(s) listed after the last GITS_CWRITER write were not replayed");
        if (last)
            drain_at_end(last->at);
        check_.compare_acks();
    } catch (const stop &s) {
        r_.error = s.what();
    }
    sync();
    sc_core::sc_stop();
}

unsigned engine::cpu_of(const event &e) const
{
    if (e.cpu >= cpus_)
        throw stop(e.at, "CPU " + std::to_string(e.cpu) + " is beyond the " + std::to_string(cpus_) +
                             " CPUs of the traced machine");
    return e.cpu;
}

void engine::step(const event &e)
{
    sc_time d;
    switch (e.kind) {
    case op::its_write: its_write(e); break;
    case op::its_read:
    case op::redist_write:
    case op::redist_read:
    case op::dist_write:
    case op::dist_read: register_access(e); break;
    case op::command: batch_.push_back(&e); break;
    case op::msi: msi(e); break;
    case op::iar1: iar1(e); break;
    case op::eoir1: eoir1(e); break;
    case op::pmr_write:
        d = qk_.get_local_time();
        gic_->icc_pmr(cpu_of(e), uint8_t(e.data), d);
        qk_.set(d);
        break;
    case op::igrpen1_write:
        d = qk_.get_local_time();
        gic_->icc_igrpen1(cpu_of(e), e.data & 1, d);
        qk_.set(d);
        break;
    case op::table_store: access(e.at, tlm::TLM_WRITE_COMMAND, e.pa, 1, e.data); break;
    }
    if (qk_.need_sync())
        sync();
}

// One load or store of the traced software, as a TLM transaction. An error
// response means the model has nothing there: the replay stops.
uint64_t engine::access(const origin &at, tlm::tlm_command cmd, uint64_t addr, unsigned size, uint64_t data)
{
    unsigned char buf[8] = {};
    std::memcpy(buf, &data, sizeof buf); // the host is little-endian, like the GIC's registers
    tlm::tlm_generic_payload gp;
    gp.set_command(cmd);
    gp.set_address(addr);
    gp.set_data_ptr(buf);
    gp.set_data_length(size);
    gp.set_streaming_width(size);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_time delay = qk_.get_local_time();
    port->b_transport(gp, delay);
    qk_.set(delay);
    if (!gp.is_response_ok())
        throw stop(at, std::string(cmd == tlm::TLM_READ_COMMAND ? "read" : "write") + " of " +
                           std::to_string(size) + " bytes at " + hex(addr) + ": the model has nothing there (" +
                           gp.get_response_string() + ")");
    uint64_t v = 0;
    std::memcpy(&v, buf, sizeof v);
    return masked(v, size);
}

void engine::its_write(const event &e)
{
    // GITS_CWRITER (whole, or its low word: the high one holds no offset) or
    // GITS_CTLR: the writes that can make the queue run.
    bool runs_queue = e.offset == kGitsCwriter || e.offset == kGitsCtlr;
    if (e.offset == kGitsCbaser)
        cbaser_ = e.size == 4 ? (cbaser_ & ~0xFFFFFFFFull) | (e.data & 0xFFFFFFFFull) : e.data;
    else if (e.offset == kGitsCbaser + 4)
        cbaser_ = (cbaser_ & 0xFFFFFFFFull) | (e.data << 32);
    if (runs_queue) {
        // The commands the reference ran on this write go into the model's
        // queue memory first, each at its slot.
        uint64_t base = cbaser_ & 0x000FFFFFFFFFF000ull;
        if (!batch_.empty() && !(cbaser_ >> 63)) // e.g. a migration's destination replayed without its source
            throw stop(batch_[0]->at, "a command with no valid GITS_CBASER written before it: the queue is "
                                      "nowhere (a continuation needs the trace(s) before it)");
        for (const event *c : batch_)
            provide_level2(*c);
        for (const event *c : batch_)
            for (int i = 0; i < 4; i++)
                access(c->at, tlm::TLM_WRITE_COMMAND, base + 32ull * c->slot + 8 * i, 8, c->raw[i]);
        ran_.clear();
        sets_.clear();
        in_commands_ = true; // an accurate-mode ITS may start within the write
    }
    register_access(e);
    if (runs_queue)
        wait_for_commands(e);
}

// With a two-level device (collection) table, the driver gives a DeviceID
// (ICID) its level-2 page before the MAPD (MAPC) that maps it: a CPU store
// of the level-1 descriptor, which no trace shows. The replay does the same
// with a zeroed page of its own where the descriptor is not valid yet.
void engine::provide_level2(const event &cmd)
{
    bool mapd = cmd.opcode == ITS_CMD_MAPD, mapc = cmd.opcode == ITS_CMD_MAPC;
    if (!(mapd || mapc) || !(cmd.raw[2] >> 63))
        return;
    uint64_t id = mapd ? cmd.raw[0] >> 32 : cmd.raw[2] & 0xFFFF;
    unsigned type = mapd ? ITS_TABLE_DEVICE : ITS_TABLE_COLLECTION;
    for (unsigned n = 0; n < 8; n++) {
        uint64_t b = 0;
        its_peek(its_->core(), 0x100 + 8 * n, 8, &b);
        if (((b >> 56) & 7) != type || !(b >> 63) || !((b >> 62) & 1))
            continue;
        unsigned psz = (b >> 8) & 3;
        uint64_t page = 4096ull << (2 * psz), l1 = b & 0x0000FFFFFFFFF000ull;
        if (psz == 2) // 64 KB pages: bits [15:12] hold PA[51:48]
            l1 = (l1 & ~0xFFFFull) | (((l1 >> 12) & 0xF) << 48);
        uint64_t index = id / (page / (((b >> 48) & 0x1F) + 1));
        if (index >= ((b & 0xFF) + 1) * (page / 8))
            return; // beyond the level-1 table: out of range for both ITSs
        uint64_t at = l1 + 8 * index;
        if (access(cmd.at, tlm::TLM_READ_COMMAND, at, 8, 0) >> 63)
            return;
        next_level2_ = (next_level2_ + page - 1) & ~(page - 1);
        access(cmd.at, tlm::TLM_WRITE_COMMAND, at, 8, (1ull << 63) | next_level2_);
        next_level2_ += page;
        level2_provided_[mapd ? 0 : 1]++;
        return;
    }
}

// The ITS's command engine runs in simulated time: let it run until the
// queue is drained (or stopped), then check what it ran against the batch.
void engine::wait_for_commands(const event &w)
{
    sync();
    its_t *core = its_->core();
    unsigned idle = 0;
    size_t seen = ran_.size();
    while (its_cmdq_ready(core) && idle < 1000) { // a watchdog: 1 s without a command is a hang
        wait(sc_time(1, sc_core::SC_MS), command_event_);
        idle = ran_.size() == seen ? idle + 1 : 0;
        seen = ran_.size();
    }
    qk_.reset();
    std::map<uint32_t, const event *> by_slot;
    for (const event *c : batch_)
        by_slot[c->slot] = c;
    for (const ran &c : ran_) {
        auto it = by_slot.find(c.rec.report.index);
        if (it == by_slot.end()) {
            check_.fail(w.at, "the model ran a command (" + std::string(its_cmd_name(c.rec.report.opcode)) +
                                  ") at queue slot " + std::to_string(c.rec.report.index) +
                                  " that the reference did not run here");
            continue;
        }
        command_done(*it->second, c.rec, c.sets);
        by_slot.erase(it);
    }
    if (!by_slot.empty()) {
        uint64_t creadr = 0, ctlr = 0;
        its_peek(core, kGitsCreadr, 8, &creadr);
        its_peek(core, kGitsCtlr, 4, &ctlr);
        const event &first = *by_slot.begin()->second;
        check_.fail(first.at, std::to_string(by_slot.size()) + " command(s) the reference ran on the write at " +
                                  where(w.at) + " did not run in the model (CREADR " + hex(creadr) +
                                  (creadr & 1 ? ", stalled" : "") + (ctlr & 1 ? "" : ", ITS disabled") + ")");
    }
    batch_.clear();
    ran_.clear();
    in_commands_ = false;
}

void engine::command_done(const event &cmd, const gicv3::command_record &c, const std::vector<gicv3::lpi_event> &sets)
{
    uint32_t code = c.report.error;
    if (code && (code & 0xFF) == ITS_REASON_UNSUPPORTED_CMD)
        throw stop(cmd.at, "command opcode " + hex(c.report.opcode) + " is one the model lacks");
    if (c.report.opcode == ITS_CMD_INT) {
        bool delivered = !sets.empty();
        check_.translation(cmd, "INT", delivered, delivered ? sets[0].intid : 0, delivered ? sets[0].cpu : 0,
                           code ? "E_ITS " + hex(code) : "no LPI made pending");
        return;
    }
    if (code)
        r_.notes.push_back(where(cmd.at) + ": " + its_cmd_name(c.report.opcode) + " at slot " +
                           std::to_string(c.report.index) + " failed in the model with E_ITS " + hex(code));
}

void engine::msi(const event &e)
{
    r_.msis++;
    uint64_t id = ledger_.inject(e.device_id, e.event_id, sc_core::sc_time_stamp() + qk_.get_local_time());
    msi_tag tag(id);
    uint32_t data = e.event_id;
    unsigned size = e.size == 2 ? 2 : 4;
    tlm::tlm_generic_payload gp;
    gp.set_command(tlm::TLM_WRITE_COMMAND);
    gp.set_address(address_map::its + ITS_TRANSLATER_OFFSET);
    gp.set_data_ptr(reinterpret_cast<unsigned char *>(&data));
    gp.set_data_length(size);
    gp.set_streaming_width(size);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_time delay = qk_.get_local_time();
    {
        gicv3::device_id_scope dev(gp, e.device_id);
        gicv3::extension_scope<msi_tag> tagged(gp, tag);
        last_msi_.reset();
        port->b_transport(gp, delay);
    }
    qk_.set(delay);
    if (gp.is_response_ok() && !last_msi_) { // through the ITS's pipeline: the reference had it done here
        sync();
        while (!last_msi_)
            wait(its_->msi_done_event());
    }
    if (!gp.is_response_ok() || !last_msi_)
        throw stop(e.at, "the model refused the MSI write (" + gp.get_response_string() + ")");
    const gicv3::msi_record &m = *last_msi_;
    bool delivered = m.result == ITS_MSI_DELIVERED;
    if (check_.translation(e, "MSI", delivered, m.translation.intid, m.translation.target,
                           its_msi_result_name(m.result)))
        r_.matched++;
}

// The reference CPU took an LPI here: the model's CPU reads ICC_IAR1 at the
// same point. SGIs, PPIs and SPIs (and spurious reads) are not the model's.
void engine::iar1(const event &e)
{
    unsigned cpu = cpu_of(e);
    if (e.data < kFirstLpi)
        return;
    check_.reference_ack(cpu, uint32_t(e.data), e.at);
    sc_time d = qk_.get_local_time();
    uint32_t intid = gic_->icc_iar1(cpu, d);
    qk_.set(d);
    active_[cpu].push_back(intid);
    if (intid != REDIST_SPURIOUS) {
        r_.delivered++;
        check_.model_ack(cpu, intid, e.at);
    }
}

// The EOI of an LPI ends what the model took at the matching acknowledge.
void engine::eoir1(const event &e)
{
    unsigned cpu = cpu_of(e);
    if (e.data < kFirstLpi || active_[cpu].empty())
        return;
    uint32_t intid = active_[cpu].back();
    active_[cpu].pop_back();
    if (intid == REDIST_SPURIOUS)
        return;
    sc_time d = qk_.get_local_time();
    gic_->icc_eoir1(cpu, intid, d);
    qk_.set(d);
}

// An LPI the model could still deliver when the trace ends is one the
// reference never delivered.
void engine::drain_at_end(const origin &at)
{
    sync();
    draining_ = true;
    for (unsigned cpu = 0; cpu < cpus_; cpu++) {
        for (unsigned n = 0; n < 1u << 20; n++) {
            sc_time d;
            uint32_t intid = gic_->icc_iar1(cpu, d);
            if (intid == REDIST_SPURIOUS)
                break;
            check_.fail(at, "cpu " + std::to_string(cpu) + ": LPI " + std::to_string(intid) +
                                " is still deliverable in the model when the trace ends; the reference never "
                                "delivered it");
            gic_->icc_eoir1(cpu, intid, d);
        }
    }
    draining_ = false;
}

} // namespace gicv3_vp::replay
