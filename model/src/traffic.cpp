// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/traffic.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "gicv3/checkpoint_io.h"
#include "gicv3_vp/msi_device.h"
#include "gicv3_vp/params.h"

namespace gicv3_vp {

namespace {

uint64_t trace_rows(const msi_device_config &c)
{
    if (!c.trace || c.trace->empty())
        throw config_error("trace_file: no rows for requester ID " + std::to_string(c.requester_id));
    uint64_t last = 0;
    for (const trace_event &e : *c.trace) {
        if (e.event >= c.vectors)
            throw config_error("trace_file: event_id " + std::to_string(e.event) + " is not below vectors (" +
                               std::to_string(c.vectors) + ")");
        if (e.time_ns < last)
            throw config_error("trace_file: time_ns " + std::to_string(e.time_ns) + " is before " +
                               std::to_string(last));
        last = e.time_ns;
    }
    return c.trace->size();
}

} // namespace

traffic::traffic(const msi_device_config &c)
    : vectors_(c.vectors), interval_ns_(c.interval_ns), single_(c.burst_mean <= 1), total_(c.count),
      trace_(c.trace),
      // The poisson stream is the one the device has always used: the same
      // seed gives the same arrival times as before bursty and trace existed.
      interval_(1.0 / c.interval_ns), gap_(1.0 / c.gap_ns), extra_(single_ ? 0.5 : 1.0 / c.burst_mean)
{
    if (c.vectors == 0)
        throw config_error("vectors: 0, at least 1");
    if (c.vector_select == "round_robin")
        choice_ = choice::round_robin;
    else if (c.vector_select == "uniform")
        choice_ = choice::uniform;
    else if (c.vector_select == "zipf")
        choice_ = choice::zipf;
    else
        throw config_error("vector_select: '" + c.vector_select + "' is not round_robin, uniform or zipf");
    if (choice_ == choice::zipf) {
        if (!(c.zipf_s > 0)) // NaN too
            throw config_error("zipf_s: " + std::to_string(c.zipf_s) + ", must be above 0");
        zipf_cdf_.resize(c.vectors);
        double sum = 0;
        for (uint32_t k = 0; k < c.vectors; k++)
            zipf_cdf_[k] = sum += std::pow(double(k + 1), -c.zipf_s);
        for (double &p : zipf_cdf_)
            p /= sum;
        zipf_cdf_.back() = 1.0;
    }
    if (c.pattern == "periodic")
        kind_ = kind::periodic;
    else if (c.pattern == "poisson")
        kind_ = kind::poisson;
    else if (c.pattern == "bursty")
        kind_ = kind::bursty;
    else if (c.pattern == "trace") {
        kind_ = kind::trace;
        total_ = trace_rows(c);
    } else
        throw config_error("pattern: '" + c.pattern + "' is not periodic, poisson, bursty or trace");
    if (kind_ == kind::trace && choice_ != choice::round_robin)
        throw config_error("vector_select: " + c.vector_select + " with a trace, whose rows name the vectors");
    const uint64_t seed = c.seed ^ (uint64_t(c.requester_id) << 32);
    if (kind_ == kind::poisson || kind_ == kind::bursty)
        rng_ = std::make_unique<std::mt19937_64>(seed);
    if (choice_ != choice::round_robin)
        pick_rng_ = std::make_unique<std::mt19937_64>(seed ^ 0x9E3779B97F4A7C15ull);
}

// Vector i's choice: the i-th in turn, or a draw (53 random bits, so that
// the streams are the same on every standard library).
uint32_t traffic::pick(uint64_t i)
{
    if (choice_ == choice::round_robin)
        return uint32_t(i % vectors_);
    const double u = double((*pick_rng_)() >> 11) * 0x1.0p-53; // [0, 1)
    if (choice_ == choice::uniform)
        return std::min(uint32_t(u * vectors_), vectors_ - 1);
    return uint32_t(std::upper_bound(zipf_cdf_.begin(), zipf_cdf_.end() - 1, u) - zipf_cdf_.begin());
}

bool traffic::next(arrival &a)
{
    if (sent_ == total_)
        return false;
    uint64_t i = sent_++;
    a.vector = kind_ == kind::trace ? 0 : pick(i); // a trace names its own (below)
    switch (kind_) {
    case kind::periodic:
        a.delay_ns = interval_ns_;
        break;
    case kind::poisson:
        a.delay_ns = interval_(*rng_);
        break;
    case kind::bursty:
        // On/off: a quiet exponential gap, then a geometric number of MSIs
        // interval_ns apart.
        if (left_in_burst_ == 0) {
            left_in_burst_ = 1 + (single_ ? 0 : extra_(*rng_));
            a.delay_ns = gap_(*rng_);
        } else {
            a.delay_ns = interval_ns_;
        }
        left_in_burst_--;
        break;
    case kind::trace: {
        const trace_event &e = (*trace_)[i];
        a.delay_ns = double(e.time_ns - (i ? (*trace_)[i - 1].time_ns : 0));
        a.vector = e.event;
        break;
    }
    }
    return true;
}

namespace {

// A random engine's or distribution's state in the standard's text form
// (operator<< / >>), which restores it exactly.
template <class T> std::string text_of(const T &x)
{
    std::ostringstream o;
    o.imbue(std::locale::classic());
    o << x;
    return o.str();
}

template <class T> void from_text(gicv3::ckpt_reader &r, T &x)
{
    std::istringstream in(r.str());
    in.imbue(std::locale::classic());
    in >> x;
    r.expect(!in.fail(), "a random stream that does not parse");
}

} // namespace

void traffic::save(gicv3::ckpt_writer &w) const
{
    w.u64(total_);
    w.u64(sent_);
    w.u64(left_in_burst_);
    w.flag(bool(rng_));
    if (rng_)
        w.str(text_of(*rng_));
    w.flag(bool(pick_rng_));
    if (pick_rng_)
        w.str(text_of(*pick_rng_));
    w.str(text_of(interval_));
    w.str(text_of(gap_));
    w.str(text_of(extra_));
}

void traffic::restore(gicv3::ckpt_reader &r)
{
    r.expect(r.u64() == total_, "a traffic pattern of another length (a trace file that changed?)");
    sent_ = r.u64();
    r.expect(sent_ <= total_, "more MSIs sent than the pattern has");
    left_in_burst_ = r.u64();
    r.expect(r.flag() == bool(rng_), "a random stream the pattern does not have");
    if (rng_)
        from_text(r, *rng_);
    r.expect(r.flag() == bool(pick_rng_), "a vector stream the choice does not have");
    if (pick_rng_)
        from_text(r, *pick_rng_);
    from_text(r, interval_);
    from_text(r, gap_);
    from_text(r, extra_);
}

} // namespace gicv3_vp
