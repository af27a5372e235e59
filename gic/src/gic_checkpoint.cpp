// SPDX-License-Identifier: Apache-2.0
// gicv3::gic checkpoint: each redistributor's core blob, the lines and the
// distributor frame.
#include <algorithm>

#include "gicv3/checkpoint_io.h"
#include "gicv3/gic.h"
#include "its/checkpoint.h"

namespace gicv3 {

bool gic_base::idle() const
{
    if (delay_)
        return false;
    for (unsigned cpu = 0; cpu < cfg_.cpus; cpu++)
        if (update_due_[cpu] || level_[cpu] || line_[cpu])
            return false;
    return true;
}

void gic_base::save(ckpt_writer &w) const
{
    w.u32(cfg_.cpus);
    for (unsigned cpu = 0; cpu < cfg_.cpus; cpu++) {
        std::vector<uint8_t> blob(redist_save_size(rd_[cpu]));
        size_t n = 0;
        const its_ckpt_status s = redist_save(rd_[cpu], blob.data(), blob.size(), &n);
        if (s != ITS_CKPT_OK)
            throw checkpoint_error(std::string(name()) + ": redist_save: " + its_ckpt_status_name(s));
        blob.resize(n);
        w.blob(blob);
        w.flag(level_[cpu]);
        w.flag(line_[cpu]);
        w.time(driven_at_[cpu]);
        w.time(held_until_[cpu]);
    }
    // The distributor frame is mostly zero: its other bytes as (offset, value).
    uint32_t nonzero = 0;
    for (uint8_t b : gicd_regs_)
        nonzero += b != 0;
    w.u32(nonzero);
    for (uint32_t off = 0; off < gicd_regs_.size(); off++)
        if (gicd_regs_[off]) {
            w.u32(off);
            w.u8(gicd_regs_[off]);
        }
    for (uint64_t v : {traffic_.prop_hits, traffic_.prop_misses, traffic_.prop_evictions, traffic_.prop_reads,
                       traffic_.prop_read_bytes, traffic_.pend_reads, traffic_.pend_read_bytes, traffic_.pend_writes,
                       traffic_.pend_write_bytes})
        w.u64(v);
}

void gic_base::restore(ckpt_reader &r)
{
    r.expect(r.u32() == cfg_.cpus, "another number of redistributors");
    for (unsigned cpu = 0; cpu < cfg_.cpus; cpu++) {
        const std::vector<uint8_t> blob = r.blob();
        const its_ckpt_status s = redist_restore(rd_[cpu], blob.data(), blob.size());
        if (s != ITS_CKPT_OK)
            r.fail("redistributor " + std::to_string(cpu) + " refused its state: " + its_ckpt_status_name(s));
        level_[cpu] = r.flag();
        line_[cpu] = r.flag();
        r.expect(level_[cpu] == redist_irq_pending(rd_[cpu]) && !line_[cpu] && !level_[cpu],
                 "an IRQ line high at the checkpoint");
        driven_at_[cpu] = r.time();
        held_until_[cpu] = r.time();
    }
    const uint32_t nonzero = r.u32();
    r.expect(nonzero <= gicd_regs_.size() && nonzero <= r.left() / 5, "distributor bytes beyond the frame");
    std::fill(gicd_regs_.begin(), gicd_regs_.end(), 0);
    for (uint32_t i = 0; i < nonzero; i++) {
        const uint32_t off = r.u32();
        r.expect(off < gicd_regs_.size(), "a distributor offset beyond the frame");
        gicd_regs_[off] = r.u8();
    }
    for (uint64_t *v : {&traffic_.prop_hits, &traffic_.prop_misses, &traffic_.prop_evictions, &traffic_.prop_reads,
                        &traffic_.prop_read_bytes, &traffic_.pend_reads, &traffic_.pend_read_bytes,
                        &traffic_.pend_writes, &traffic_.pend_write_bytes})
        *v = r.u64();
    r.end();
}

} // namespace gicv3
