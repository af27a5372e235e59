// SPDX-License-Identifier: Apache-2.0
#include "gicv3/gic.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include "gicv3/sim_time.h"

namespace gicv3 {

using sc_core::sc_time;

namespace {

constexpr uint64_t kGicdSize = 0x10000;
constexpr uint32_t kGicdCtlr = 0x0000, kGicdTyper = 0x0004, kGicdIidr = 0x0008, kGicdTyper2 = 0x000C;
constexpr uint32_t kGicdIdRegs = 0xFFD0;
constexpr uint32_t kCtlrRwp = 1u << 31;
constexpr uint64_t kGicrPendbaser = 0x0078, kPendbaserPa = 0x000FFFFFFFFF0000ull; // PA [51:16]
// GICD_CTLR.ARE_NS [4] and DS [6] are RAO/WI: the GIC has affinity routing
// only and a single Security state (as QEMU's virt GIC: reads 0x50 after 0).
constexpr uint8_t kCtlrRao = 0x50;
// Set/clear register pairs: writes of 1 set (ISxxx) or clear (ICxxx) the
// bits of one state array, stored at the set view's offset.
constexpr struct {
    uint32_t set, clear;
} kPairs[] = {{0x100, 0x180}, {0x200, 0x280}, {0x300, 0x380}};
constexpr uint32_t kPairSize = 0x80;
constexpr uint8_t kGicdIds[12] = {0x44, 0, 0, 0, 0x92, 0xB4, 0x3B, 0, 0x0D, 0xF0, 0x05, 0xB1};

tlm::tlm_response_status to_tlm(its_access a)
{
    switch (a) {
    case ITS_ACCESS_OK: return tlm::TLM_OK_RESPONSE;
    case ITS_ACCESS_BAD_ADDRESS: return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    default: return tlm::TLM_BURST_ERROR_RESPONSE;
    }
}

bool plain_access(const tlm::tlm_generic_payload &gp)
{
    unsigned n = gp.get_data_length();
    return !gp.get_byte_enable_ptr() && gp.get_streaming_width() >= n && (n == 1 || n == 2 || n == 4 || n == 8) &&
           gp.get_address() % n == 0;
}

uint64_t load(const unsigned char *p, unsigned n)
{
    uint64_t v = 0;
    std::memcpy(&v, p, n); // the host is little-endian, like the GIC's registers
    return v;
}

} // namespace

struct gic_base::host {
    gic_base *owner;
    unsigned cpu;
};

int gic_base::host_read(void *ctx, uint64_t pa, void *buf, uint32_t len)
{
    auto *h = static_cast<gic_base::host *>(ctx);
    return h->owner->table_access(h->cpu, tlm::TLM_READ_COMMAND, pa, buf, len);
}

int gic_base::host_write(void *ctx, uint64_t pa, const void *buf, uint32_t len)
{
    auto *h = static_cast<gic_base::host *>(ctx);
    return h->owner->table_access(h->cpu, tlm::TLM_WRITE_COMMAND, pa, const_cast<void *>(buf), len);
}

void gic_base::host_irq(void *ctx, bool level)
{
    auto *h = static_cast<gic_base::host *>(ctx);
    gic_base *g = h->owner;
    g->level_[h->cpu] = level;
    if (g->running_) {
        g->irq_update_[h->cpu]->notify(g->delay_ ? *g->delay_ : sc_core::SC_ZERO_TIME);
        g->update_due_[h->cpu] = 1; // one drive_irq() follows, however many notifications merge
    }
}

gic_base::gic_base(sc_core::sc_module_name name, const gic_config &config)
    : sc_module(name), irq("irq", config.cpus), cfg_(config), level_(config.cpus, false),
      line_(config.cpus, false), driven_at_(config.cpus), update_due_(config.cpus, 0), held_until_(config.cpus), gicd_regs_(kGicdSize, 0), msg_type_(std::string("gicv3::gic/") + this->name())
{
    for (unsigned cpu = 0; cpu < cfg_.cpus; cpu++) {
        redist_config rc;
        redist_config_qemu_virt(&rc, cpu, cfg_.cpus);
        rc.iidr = cfg_.iidr;
        rc.id_bits = cfg_.id_bits;
        rc.pri_bits = cfg_.pri_bits;
        rc.direct_lpi = cfg_.direct_lpi;
        rc.property_cache_entries = cfg_.property_cache_entries;
        rc.property_cache_ways = cfg_.property_cache_ways;
        rc.ir = cfg_.ir;
        rc.port_pa_bits = cfg_.port_pa_bits;
        rc.gic700_2195890 = cfg_.gic700_2195890;
        rc.pending_slots = cfg_.pending_slots;
        hosts_.push_back(std::make_unique<host>(host{this, cpu}));
        irq_update_.push_back(std::make_unique<sc_core::sc_event>());
        irq_raised_.push_back(std::make_unique<sc_core::sc_event>());
        sc_core::sc_spawn_options o;
        o.spawn_method();
        o.dont_initialize();
        o.set_sensitivity(irq_update_.back().get());
        sc_core::sc_spawn([this, cpu] { drive_irq(cpu); }, ("irq_update_" + std::to_string(cpu)).c_str(), &o);
        redist_host_ops ops = {hosts_.back().get(), host_read, host_write, host_irq};
        redist_t *rd = redist_create(&rc, &ops);
        if (!rd)
            SC_REPORT_FATAL(this->name(), redist_config_check(&rc));
        rd_.push_back(rd);
    }
    init_gicd();
}

void gic_base::init_gicd()
{
    std::fill(gicd_regs_.begin(), gicd_regs_.end(), 0);
    for (unsigned i = 0; i < 12; i++)
        gicd_regs_[kGicdIdRegs + 4 * i] = kGicdIds[i];
    gicd_regs_[kGicdCtlr] = kCtlrRao;
}

// Power-on state (gic.h lists what is reset and what is kept).
void gic_base::reset()
{
    sc_time none = sc_core::SC_ZERO_TIME;
    timed t(*this, none); // IRQ lines drop at the caller's time
    for (redist_t *rd : rd_)
        redist_reset(rd);
    init_gicd();
    std::fill(held_until_.begin(), held_until_.end(), sc_core::SC_ZERO_TIME);
}

gic_base::~gic_base()
{
    for (redist_t *rd : rd_)
        redist_destroy(rd);
}

void gic_base::start_of_simulation()
{
    running_ = true;
    for (unsigned cpu = 0; cpu < cfg_.cpus; cpu++) {
        line_[cpu] = level_[cpu];
        irq[cpu].write(level_[cpu]);
    }
}

void gic_base::drive_irq(unsigned cpu)
{
    update_due_[cpu] = 0;
    line_[cpu] = level_[cpu];
    driven_at_[cpu] = gicv3::sim_now();
    irq[cpu].write(line_[cpu]);
    if (line_[cpu])
        irq_raised_[cpu]->notify();
}

uint64_t gic_base::gicd_typer() const
{
    // CPUNumber [7:5] is 0: affinity routing cannot be disabled (as QEMU's virt GIC).
    return (cfg_.spi_lines & 0x1F) | (1u << 17) /* LPIS */ |
           (uint64_t(cfg_.id_bits - 1) << 19) | (1u << 24) /* A3V */ | (1u << 25) /* No1N */;
}

gic_stats gic_base::stats() const
{
    gic_stats s = traffic_;
    for (const redist_t *rd : rd_) {
        redist_stats r;
        redist_get_stats(rd, &r);
        s.prop_hits += r.prop_hits;
        s.prop_misses += r.prop_misses;
        s.prop_evictions += r.prop_evictions;
    }
    return s;
}

// A redistributor reads its two tables and writes only the pending one;
// PENDBASER tells a pending-table read from a property byte's.
void gic_base::count_table_access(unsigned cpu, bool write, uint64_t pa, uint32_t len)
{
    uint64_t pendbaser = 0;
    redist_peek(rd_[cpu], kGicrPendbaser, 8, &pendbaser);
    const uint64_t pend = pendbaser & kPendbaserPa;
    if (write) {
        traffic_.pend_writes++;
        traffic_.pend_write_bytes += len;
    } else if (pa >= pend && pa - pend < (uint64_t(1) << cfg_.id_bits) / 8) {
        traffic_.pend_reads++;
        traffic_.pend_read_bytes += len;
    } else {
        traffic_.prop_reads++;
        traffic_.prop_read_bytes += len;
    }
}

int gic_base::table_access(unsigned cpu, tlm::tlm_command cmd, uint64_t pa, void *buf, uint32_t len)
{
    count_table_access(cpu, cmd == tlm::TLM_WRITE_COMMAND, pa, len);
    tlm::tlm_generic_payload &gp = gp_; // reused: a payload allocates its extension array
    sc_time local = sc_core::SC_ZERO_TIME;
    gp.set_dmi_allowed(false);
    gp.set_command(cmd);
    gp.set_address(pa);
    gp.set_data_ptr(static_cast<unsigned char *>(buf));
    gp.set_data_length(len);
    gp.set_streaming_width(len);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    mem_b_transport(gp, delay_ ? *delay_ : local);
    if (gp.is_response_ok())
        return 0;
    char what[96];
    std::snprintf(what, sizeof what, "redistributor %u: table %s of %u bytes at 0x%llX faulted (%s)", cpu,
                  cmd == tlm::TLM_WRITE_COMMAND ? "write" : "read", len, static_cast<unsigned long long>(pa),
                  gp.get_response_string().c_str());
    SC_REPORT_INFO_VERB(msg_type(), what, sc_core::SC_HIGH);
    return -1;
}

void gic_base::notify(const lpi_event &e)
{
    if (on_lpi)
        on_lpi(e);
}

// ---- Accurate timing -------------------------------------------------------------

bool gic_base::can_wait() const
{
    if (!cfg_.accurate || !sc_core::sc_is_running())
        return false;
    sc_core::sc_curr_proc_kind k = sc_core::sc_get_current_process_handle().proc_kind();
    return k == sc_core::SC_THREAD_PROC_ || k == sc_core::SC_CTHREAD_PROC_;
}

// Waits while an operation from the ITS holds redistributor `cpu`. The time
// waited comes off the caller's delay: its access happens at its own time or
// when the redistributor is free, whichever is later.
bool gic_base::wait_free(unsigned cpu, sc_time &delay)
{
    const sc_time at = gicv3::sim_now() + delay;
    if (held_until_[cpu] <= at || !cfg_.accurate || !sc_core::sc_is_running())
        return true;
    if (!can_wait()) {
        if (sc_core::sc_get_current_process_handle().proc_kind() != sc_core::SC_METHOD_PROC_)
            return true; // outside any process (sc_main between sc_start calls): nothing can wait
        SC_REPORT_ERROR(msg_type(), (std::string(name()) + ": accurate mode: redistributor " + std::to_string(cpu) +
                                     " is busy with an ITS operation and the caller must wait for it, so it "
                                     "needs an SC_THREAD caller; this one is an SC_METHOD (call from a "
                                     "thread, or set gic_config::accurate = false)")
                                        .c_str());
        return false;
    }
    sc_core::wait(held_until_[cpu] - gicv3::sim_now());
    delay = sc_core::SC_ZERO_TIME;
    return true;
}

// An operation from the ITS on redistributors a and b (the same for all but a
// move). The C core applies it at once, while its message and table reads
// make it due only at sc_time_stamp() + delay: a CPU reading ICC_IAR1 in
// between (woken by an earlier LPI's level, which this one does not change)
// would take the LPI before it is due. In accurate mode the operation
// therefore keeps the redistributors busy until its time has passed, and
// everything else that reaches them (CPU interface, GICR frames, other ITS
// operations) waits for that; the caller itself does not.
template <class Op> void gic_base::from_its(unsigned a, unsigned b, sc_time &delay, Op &&op)
{
    const bool hold = can_wait();
    if (hold) {
        wait_free(a, delay);
        wait_free(b, delay);
    } else if (!wait_free(a, delay) || !wait_free(b, delay)) {
        return; // reported: an SC_METHOD cannot wait for the redistributor
    }
    {
        timed t(*this, delay);
        op();
    }
    if (!hold)
        return;
    // Busy until the operation's time is over; the caller goes on (it may
    // have more to do, e.g. an ITS engine with its next translation).
    const sc_time until = gicv3::sim_now() + delay;
    for (unsigned cpu : {a, b})
        held_until_[cpu] = std::max(held_until_[cpu], until);
}

// ---- Register frames ---------------------------------------------------------

void gic_base::report_access(const char *frame, const tlm::tlm_generic_payload &gp)
{
    if (gp.is_response_ok() || gp.get_response_status() == tlm::TLM_GENERIC_ERROR_RESPONSE)
        return; // fine, or an SC_METHOD caller already reported
    char what[128];
    std::snprintf(what, sizeof what, "%s %s of %u bytes at offset 0x%llX refused: %s", frame,
                  gp.is_read() ? "read" : "write", gp.get_data_length(),
                  static_cast<unsigned long long>(gp.get_address()), gp.get_response_string().c_str());
    SC_REPORT_INFO_VERB(msg_type(), what, sc_core::SC_HIGH);
}

void gic_base::gicd_transport(tlm::tlm_generic_payload &gp, sc_time &delay)
{
    gicd_access(gp, delay);
    report_access("GICD", gp);
}

void gic_base::gicr_transport(tlm::tlm_generic_payload &gp, sc_time &delay)
{
    gicr_access(gp, delay);
    report_access("GICR", gp);
}

void gic_base::gicd_access(tlm::tlm_generic_payload &gp, sc_time &delay)
{
    delay += cycles(cfg_.reg_access_cycles);
    if (!plain_access(gp)) {
        gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    uint64_t off = gp.get_address();
    unsigned n = gp.get_data_length();
    if (off + n > kGicdSize) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    unsigned char *data = gp.get_data_ptr();
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
    if (gp.is_read()) {
        gicd_debug(gp);
        return;
    }
    uint32_t reg = (uint32_t)off & ~3u;
    if (reg == kGicdTyper || reg == kGicdIidr || reg == kGicdTyper2 || off >= kGicdIdRegs)
        return; // read-only
    uint64_t v = load(data, n);
    for (const auto &p : kPairs) {
        bool set = off >= p.set && off < p.set + kPairSize, clr = off >= p.clear && off < p.clear + kPairSize;
        if (set || clr) {
            unsigned char *state = &gicd_regs_[p.set + (off - (set ? p.set : p.clear))];
            uint64_t cur = load(state, n);
            cur = set ? (cur | v) : (cur & ~v);
            std::memcpy(state, &cur, n);
            return;
        }
    }
    if (reg == kGicdCtlr)
        v &= ~uint64_t(kCtlrRwp); // writes complete at once: RWP reads 0
    std::memcpy(&gicd_regs_[off], &v, n);
    if (reg == kGicdCtlr)
        gicd_regs_[kGicdCtlr] |= kCtlrRao;
}

unsigned gic_base::gicd_debug(tlm::tlm_generic_payload &gp)
{
    uint64_t off = gp.get_address();
    unsigned n = gp.get_data_length();
    if (!gp.is_read() || off + n > kGicdSize)
        return 0;
    for (unsigned i = 0; i < n; i++) {
        uint64_t o = off + i;
        uint8_t b = gicd_regs_[o];
        if ((o & ~3ull) == kGicdTyper)
            b = uint8_t(gicd_typer() >> (8 * (o & 3)));
        else if ((o & ~3ull) == kGicdIidr)
            b = uint8_t(cfg_.iidr >> (8 * (o & 3)));
        for (const auto &p : kPairs)
            if (o >= p.clear && o < p.clear + kPairSize)
                b = gicd_regs_[p.set + (o - p.clear)];
        gp.get_data_ptr()[i] = b;
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
    return n;
}

void gic_base::gicr_access(tlm::tlm_generic_payload &gp, sc_time &delay)
{
    delay += cycles(cfg_.reg_access_cycles);
    uint64_t cpu = gp.get_address() / REDIST_FRAMES_SIZE, off = gp.get_address() % REDIST_FRAMES_SIZE;
    unsigned n = gp.get_data_length();
    if (cpu >= rd_.size()) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    if (gp.get_byte_enable_ptr() || gp.get_streaming_width() < n || n > 8) {
        gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    if (!wait_free(unsigned(cpu), delay)) {
        gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return;
    }
    timed t(*this, delay);
    its_access a;
    if (gp.is_read()) {
        uint64_t v = 0;
        a = redist_read(rd_[cpu], off, n, &v);
        std::memcpy(gp.get_data_ptr(), &v, n);
    } else {
        a = redist_write(rd_[cpu], off, n, load(gp.get_data_ptr(), n));
    }
    gp.set_response_status(to_tlm(a));
}

unsigned gic_base::gicr_debug(tlm::tlm_generic_payload &gp)
{
    uint64_t cpu = gp.get_address() / REDIST_FRAMES_SIZE, off = gp.get_address() % REDIST_FRAMES_SIZE;
    unsigned n = gp.get_data_length();
    uint64_t v = 0;
    if (!gp.is_read() || cpu >= rd_.size() || n > 8 || redist_peek(rd_[cpu], off, n, &v) != ITS_ACCESS_OK)
        return 0;
    std::memcpy(gp.get_data_ptr(), &v, n);
    return n;
}

// ---- CPU interface -------------------------------------------------------------

uint32_t gic_base::icc_iar1(unsigned cpu, sc_time &delay)
{
    delay += cycles(cfg_.icc_cycles);
    if (!valid(cpu) || !wait_free(cpu, delay))
        return REDIST_SPURIOUS;
    uint32_t intid = redist_icc_iar1_read(rd_[cpu]);
    if (intid != REDIST_SPURIOUS)
        notify({lpi_event::ack, cpu, cpu, intid, REDIST_LPI_PENDING, true, gicv3::sim_now() + delay});
    return intid;
}

void gic_base::icc_eoir1(unsigned cpu, uint32_t intid, sc_time &delay)
{
    delay += cycles(cfg_.icc_cycles);
    if (!valid(cpu) || !wait_free(cpu, delay))
        return;
    redist_icc_eoir1_write(rd_[cpu], intid);
    notify({lpi_event::eoi, cpu, cpu, intid, REDIST_LPI_PENDING, true, gicv3::sim_now() + delay});
}

void gic_base::icc_pmr(unsigned cpu, uint8_t priority, sc_time &delay)
{
    delay += cycles(cfg_.icc_cycles);
    if (!valid(cpu) || !wait_free(cpu, delay))
        return;
    redist_icc_pmr_write(rd_[cpu], priority);
}

void gic_base::icc_igrpen1(unsigned cpu, bool enable, sc_time &delay)
{
    delay += cycles(cfg_.icc_cycles);
    if (!valid(cpu) || !wait_free(cpu, delay))
        return;
    redist_icc_igrpen1_write(rd_[cpu], enable);
}

// ---- LPIs from the ITS ---------------------------------------------------------

gicv3::lpi_delivery gic_base::set_pending(uint32_t target, uint32_t intid, sc_time &delay)
{
    delay += cycles(cfg_.lpi_cycles);
    if (!valid(target)) {
        report_lpi_drop(target, intid, gicv3::lpi_delivery::dropped_no_target);
        return gicv3::lpi_delivery::dropped_no_target;
    }
    redist_lpi_result r = REDIST_LPI_PENDING;
    from_its(target, target, delay, [&] {
        r = redist_set_pending(rd_[target], intid);
        notify({lpi_event::set, target, target, intid, r, false, gicv3::sim_now() + delay});
    });
    gicv3::lpi_delivery d;
    switch (r) {
    case REDIST_LPI_PENDING: d = gicv3::lpi_delivery::pending; break;
    case REDIST_LPI_MERGED: d = gicv3::lpi_delivery::merged; break;
    case REDIST_LPI_DROP_DISABLED: d = gicv3::lpi_delivery::dropped_disabled; break;
    default: d = gicv3::lpi_delivery::dropped_range; break;
    }
    if (d != gicv3::lpi_delivery::pending && d != gicv3::lpi_delivery::merged)
        report_lpi_drop(target, intid, d);
    return d;
}

void gic_base::report_lpi_drop(uint32_t target, uint32_t intid, gicv3::lpi_delivery d)
{
    if (sc_core::sc_report_handler::get_verbosity_level() < sc_core::SC_DEBUG)
        return;
    char what[96];
    std::snprintf(what, sizeof what, "LPI %u for redistributor %u dropped: %s", intid, target, gicv3::to_string(d));
    SC_REPORT_INFO_VERB(msg_type(), what, sc_core::SC_DEBUG);
}

void gic_base::clear_pending(uint32_t target, uint32_t intid, sc_time &delay)
{
    delay += cycles(cfg_.lpi_cycles);
    if (!valid(target))
        return;
    from_its(target, target, delay, [&] {
        bool was = redist_clear_pending(rd_[target], intid);
        notify({lpi_event::clear, target, target, intid, REDIST_LPI_PENDING, was, gicv3::sim_now() + delay});
    });
}

void gic_base::move_pending(uint32_t from, uint32_t to, uint32_t intid, sc_time &delay)
{
    delay += cycles(cfg_.lpi_cycles);
    if (!valid(from) || !valid(to) || from == to)
        return;
    from_its(from, to, delay, [&] {
        bool was = redist_clear_pending(rd_[from], intid);
        redist_lpi_result r = was ? redist_set_pending(rd_[to], intid) : REDIST_LPI_PENDING;
        notify({lpi_event::move, from, to, intid, r, was, gicv3::sim_now() + delay});
    });
}

void gic_base::inv(uint32_t target, uint32_t intid, sc_time &delay)
{
    delay += cycles(cfg_.lpi_cycles);
    if (valid(target))
        from_its(target, target, delay, [&] { redist_inv(rd_[target], intid); });
}

void gic_base::invall(uint32_t target, sc_time &delay)
{
    delay += cycles(cfg_.lpi_cycles);
    if (valid(target))
        from_its(target, target, delay, [&] { redist_invall(rd_[target]); });
}

void gic_base::sync(uint32_t target, sc_time &delay)
{
    delay += cycles(cfg_.lpi_cycles);
    if (valid(target))
        from_its(target, target, delay, [&] { redist_sync(rd_[target]); });
}

void gic_base::movall(uint32_t from, uint32_t to, sc_time &delay)
{
    delay += cycles(cfg_.lpi_cycles);
    if (!valid(from) || !valid(to) || from == to)
        return;
    for (uint32_t intid = redist_next_pending(rd_[from], 0); intid; intid = redist_next_pending(rd_[from], intid + 1))
        move_pending(from, to, intid, delay);
}

template class basic_gic<32>;
template class basic_gic<64>;

} // namespace gicv3
