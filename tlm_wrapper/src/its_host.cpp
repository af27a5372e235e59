// SPDX-License-Identifier: Apache-2.0
// gicv3::its initiator side: the core's memory accesses as b_transport calls
// on `mem`, and its redistributor effects as calls on `redistributors`. Each
// carries the delay of the operation that caused it (its_base::op); in accurate
// mode that delay is waited right after the call.
#include <cstring>
#include <string>

#include "its_internal.h"

namespace gicv3 {


// The lambdas below are members' code of its_base::host, so they may use the
// module's private parts. Callbacks only run inside a session: op_ is set.
its_host_ops its_base::host::ops(its_base *m)
{
    its_host_ops o{};
    o.ctx = m;
    o.mem_read = [](void *ctx, uint64_t pa, void *buf, uint32_t len) {
        return static_cast<its_base *>(ctx)->memory_access(tlm::TLM_READ_COMMAND, pa, buf, len);
    };
    o.mem_write = [](void *ctx, uint64_t pa, const void *buf, uint32_t len) {
        // The payload's data pointer is not const; a write only reads it.
        return static_cast<its_base *>(ctx)->memory_access(tlm::TLM_WRITE_COMMAND, pa,
                                                      const_cast<void *>(buf), len);
    };
    o.set_pending = [](void *ctx, uint32_t target, uint32_t intid) {
        its_base &s = *static_cast<its_base *>(ctx);
        if (s.op_->annotate_only) { // a pipeline engine hands it off after its time
            s.op_->has_lpi = true;
            s.op_->target = target;
            s.op_->intid = intid;
            return;
        }
        // Direct path: the LPI is pending in the redistributor now, so a CPU
        // may take it before this call's time is waited out. The MSI's record
        // must come first: the wait is left to translate_now, after on_msi.
        s.op_->handoff = gicv3::sim_now() + s.op_->delay;
        s.op_->delivery = s.redistributors->set_pending(target, intid, s.op_->delay);
        s.op_->pending = gicv3::sim_now() + s.op_->delay;
    };
    o.clear_pending = [](void *ctx, uint32_t target, uint32_t intid) {
        its_base &s = *static_cast<its_base *>(ctx);
        s.redistributors->clear_pending(target, intid, s.op_->delay);
        s.settle(s.op_->delay);
    };
    o.move_pending = [](void *ctx, uint32_t from, uint32_t to, uint32_t intid) {
        its_base &s = *static_cast<its_base *>(ctx);
        s.redistributors->move_pending(from, to, intid, s.op_->delay);
        s.settle(s.op_->delay);
    };
    o.inv = [](void *ctx, uint32_t target, uint32_t intid) {
        its_base &s = *static_cast<its_base *>(ctx);
        s.redistributors->inv(target, intid, s.op_->delay);
        s.settle(s.op_->delay);
    };
    o.invall = [](void *ctx, uint32_t target) {
        its_base &s = *static_cast<its_base *>(ctx);
        s.redistributors->invall(target, s.op_->delay);
        s.settle(s.op_->delay);
    };
    o.sync = [](void *ctx, uint32_t target) {
        its_base &s = *static_cast<its_base *>(ctx);
        s.redistributors->sync(target, s.op_->delay);
        s.settle(s.op_->delay);
    };
    o.movall = [](void *ctx, uint32_t from, uint32_t to) {
        its_base &s = *static_cast<its_base *>(ctx);
        s.redistributors->movall(from, to, s.op_->delay);
        s.settle(s.op_->delay);
    };
    return o;
}

// One access of the core: a command fetch or a table entry. Any response
// but TLM_OK_RESPONSE is a bus fault for the core (docs/errors.md). Reads
// take an outstanding-read slot (when limited) from when they issue until
// their data is back; commands are fetched command_fetch_bytes at a time.
int its_base::memory_access(tlm::tlm_command cmd, uint64_t pa, void *buf, uint32_t len)
{
    const bool read = cmd == tlm::TLM_READ_COMMAND;
    const uint32_t fetch = timing_.command_fetch_bytes;
    if (read && fetch > len && its_mem_kind_current(core_) == ITS_MEM_COMMAND) {
        const uint64_t line = pa & ~uint64_t(fetch - 1);
        if (!fetch_valid_ || line != fetch_line_) {
            fetch_valid_ = transport(cmd, line, fetch_buf_.data(), fetch) == 0;
            fetch_line_ = line;
            if (!fetch_valid_)
                return -1;
        } else {
            pstats_.fetch_buffer_hits++;
        }
        std::memcpy(buf, fetch_buf_.data() + (pa - line), len);
        return 0;
    }
    return transport(cmd, pa, buf, len);
}

int its_base::transport(tlm::tlm_command cmd, uint64_t pa, void *buf, uint32_t len)
{
    const bool limited = cmd == tlm::TLM_READ_COMMAND && !read_slots_.empty();
    size_t slot = 0;
    if (limited) {
        const sc_core::sc_time issue = gicv3::sim_now() + op_->delay;
        const sc_core::sc_time start = reserve(read_slots_, issue, slot);
        if (start > issue) {
            pstats_.read_waits++;
            op_->delay += start - issue;
        }
    }
    tlm::tlm_generic_payload &gp = mem_gp_;
    gp.set_command(cmd);
    gp.set_address(pa);
    gp.set_data_ptr(static_cast<unsigned char *>(buf));
    gp.set_data_length(len);
    gp.set_streaming_width(len);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_byte_enable_length(0);
    gp.set_dmi_allowed(false);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time issued; // for the observer only
    if (observer)
        issued = gicv3::sim_now() + op_->delay;
    mem_b_transport(gp, op_->delay);
    if (observer)
        observer->memory_access({its_mem_kind_current(core_), cmd == tlm::TLM_READ_COMMAND, pa, len,
                                 op_->msi != nullptr, op_->msi ? op_->msi->seq : 0, issued,
                                 gicv3::sim_now() + op_->delay});
    if (limited)
        read_slots_[slot] = gicv3::sim_now() + op_->delay;
    settle(op_->delay);
    if (gp.is_response_ok())
        return 0;
    SC_REPORT_INFO_VERB(msg_type(),
                        (std::string(cmd == tlm::TLM_READ_COMMAND ? "read" : "write") + " of " +
                         std::to_string(len) + " bytes at 0x" + hex(pa) + " faulted (" +
                         gp.get_response_string() + ")")
                            .c_str(),
                        sc_core::SC_HIGH);
    return -1;
}

} // namespace gicv3
