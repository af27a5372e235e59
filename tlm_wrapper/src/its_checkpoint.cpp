// SPDX-License-Identifier: Apache-2.0
// gicv3::its checkpoint: the wrapper's state around the core's own blob.
#include <algorithm>

#include "gicv3/checkpoint_io.h"
#include "its/checkpoint.h"
#include "its_internal.h"

namespace gicv3 {

using sc_core::sc_time;

namespace {

__extension__ typedef unsigned __int128 uwide; // the occupancy integral's ticks, as two words

// Every field but sojourn_integral, which pipeline() derives from inside_time_.
void save_pipeline_stats(ckpt_writer &w, const pipeline_stats &p)
{
    w.u64(p.accepted);
    w.u64(p.held);
    w.u64(p.dropped_full);
    w.u64(p.dropped_reset);
    w.time(p.backpressure);
    w.u32(p.queue_max);
    w.time(p.queue_wait);
    w.time(p.sojourn);
    w.u64(p.done);
    w.time(p.first_arrival);
    w.time(p.last_done);
    w.u64(p.credit_waits);
    w.u64(p.read_waits);
    w.u64(p.fetch_buffer_hits);
}

pipeline_stats restore_pipeline_stats(ckpt_reader &r)
{
    pipeline_stats p;
    p.accepted = r.u64();
    p.held = r.u64();
    p.dropped_full = r.u64();
    p.dropped_reset = r.u64();
    p.backpressure = r.time();
    p.queue_max = r.u32();
    p.queue_wait = r.time();
    p.sojourn = r.time();
    p.done = r.u64();
    p.first_arrival = r.time();
    p.last_done = r.time();
    p.credit_waits = r.u64();
    p.read_waits = r.u64();
    p.fetch_buffer_hits = r.u64();
    return p;
}

} // namespace

bool its_base::idle() const
{
    const sc_time now = sc_core::sc_time_stamp();
    if (core_busy_ || core_waiters_ || !queue_->empty() || inside_ || its_cmdq_ready(core_))
        return false;
    if (engine_free_ > now || ready_at_ > now)
        return false;
    for (const sc_time &c : credits_)
        if (c == sc_core::sc_max_time())
            return false;
    uint64_t creadr = 0, cwriter = 0;
    its_peek(core_, 0x90, 8, &creadr);
    its_peek(core_, 0x88, 8, &cwriter);
    return (creadr & 0xFFFE0) == (cwriter & 0xFFFE0);
}

void its_base::save(ckpt_writer &w) const
{
    std::vector<uint8_t> core(its_save_size(core_));
    size_t n = 0;
    const its_ckpt_status s = its_save(core_, core.data(), core.size(), &n);
    if (s != ITS_CKPT_OK)
        throw checkpoint_error(std::string(name()) + ": its_save: " + its_ckpt_status_name(s));
    core.resize(n);
    w.blob(core);
    w.time(engine_free_);
    w.time(ready_at_);
    w.times(published_);
    w.u64(cwriter_seen_);
    w.times(read_slots_);
    w.times(credits_);
    w.u64(next_seq_);
    save_pipeline_stats(w, pstats_);
    const uwide weighted = static_cast<uwide>(inside_time_.weighted);
    w.u64(uint64_t(weighted));
    w.u64(uint64_t(weighted >> 64));
    w.i64(inside_time_.n);
    w.time(inside_time_.last);
    w.u64(fetch_line_);
    w.blob(fetch_buf_);
    w.flag(fetch_valid_);
    w.u64(reset_gen_);
}

void its_base::restore(ckpt_reader &r)
{
    const std::vector<uint8_t> core = r.blob();
    const its_ckpt_status s = its_restore(core_, core.data(), core.size());
    if (s != ITS_CKPT_OK)
        r.fail(std::string("the ITS core refused its state: ") + its_ckpt_status_name(s));
    engine_free_ = r.time();
    ready_at_ = r.time();
    published_ = r.times();
    cwriter_seen_ = r.u64();
    r.expect(published_.empty() ? cwriter_seen_ == 0 : cwriter_seen_ < published_.size(),
             "command queue position beyond its slots");
    std::vector<sc_time> slots = r.times(), credits = r.times();
    r.expect(slots.size() == read_slots_.size() && credits.size() == credits_.size(),
             "outstanding-read slots or LPI credits other than the configuration's");
    r.expect(std::none_of(credits.begin(), credits.end(), [](const sc_time &c) { return c == sc_core::sc_max_time(); }),
             "an LPI credit claimed at the checkpoint");
    read_slots_ = std::move(slots);
    credits_ = std::move(credits);
    next_seq_ = r.u64();
    pstats_ = restore_pipeline_stats(r);
    const uint64_t lo = r.u64(), hi = r.u64();
    inside_time_.weighted = static_cast<occupancy::wide>((static_cast<uwide>(hi) << 64) | lo);
    inside_time_.n = long(r.i64());
    inside_time_.last = r.time();
    r.expect(inside_time_.n == 0, "MSIs inside the ITS at the checkpoint");
    fetch_line_ = r.u64();
    std::vector<uint8_t> buf = r.blob();
    r.expect(buf.size() == fetch_buf_.size(), "a command fetch buffer of another width");
    fetch_buf_ = std::move(buf);
    fetch_valid_ = r.flag();
    reset_gen_ = r.u64();
    r.end();
}

} // namespace gicv3
