// SPDX-License-Identifier: Apache-2.0
// The replay's register accesses and their checks: every ITS and
// redistributor read the reference logged is compared with the model's read
// at the same point (but for the exempt ones and bits, docs/replay.md), and a write
// the reference refused (QEMU's *_badwrite) must change nothing in the model.
#include "engine.h"

namespace gicv3_vp::replay {

namespace {

struct named {
    uint64_t offset;
    unsigned bytes; // the register's width
    const char *name;
};

// The registers a message names (the ITS control frame; a redistributor's
// RD_base and SGI_base frames), and what a refused write is checked against.
const named kIts[] = {
    {0x0, 4, "GITS_CTLR"},      {0x4, 4, "GITS_IIDR"},      {0x8, 8, "GITS_TYPER"},     {0x80, 8, "GITS_CBASER"},
    {0x88, 8, "GITS_CWRITER"},  {0x90, 8, "GITS_CREADR"},   {0x100, 8, "GITS_BASER0"},  {0x108, 8, "GITS_BASER1"},
    {0x110, 8, "GITS_BASER2"},  {0x118, 8, "GITS_BASER3"},  {0x120, 8, "GITS_BASER4"},  {0x128, 8, "GITS_BASER5"},
    {0x130, 8, "GITS_BASER6"},  {0x138, 8, "GITS_BASER7"},
};
const named kGicr[] = {
    {0x0, 4, "GICR_CTLR"},          {0x4, 4, "GICR_IIDR"},          {0x8, 8, "GICR_TYPER"},
    {0x10, 4, "GICR_STATUSR"},      {0x14, 4, "GICR_WAKER"},        {0x70, 8, "GICR_PROPBASER"},
    {0x78, 8, "GICR_PENDBASER"},    {0xC0, 4, "GICR_SYNCR"},        {0x10080, 4, "GICR_IGROUPR0"},
    {0x10100, 4, "GICR_ISENABLER0"}, {0x10180, 4, "GICR_ICENABLER0"}, {0x10200, 4, "GICR_ISPENDR0"},
    {0x10280, 4, "GICR_ICPENDR0"},  {0x10300, 4, "GICR_ISACTIVER0"}, {0x10380, 4, "GICR_ICACTIVER0"},
    {0x10400, 4, "GICR_IPRIORITYR0"}, {0x10404, 4, "GICR_IPRIORITYR1"}, {0x10408, 4, "GICR_IPRIORITYR2"},
    {0x1040C, 4, "GICR_IPRIORITYR3"}, {0x10410, 4, "GICR_IPRIORITYR4"}, {0x10414, 4, "GICR_IPRIORITYR5"},
    {0x10418, 4, "GICR_IPRIORITYR6"}, {0x1041C, 4, "GICR_IPRIORITYR7"}, {0x10C00, 4, "GICR_ICFGR0"},
    {0x10C04, 4, "GICR_ICFGR1"},    {0x10D00, 4, "GICR_IGRPMODR0"},  {0x10E00, 4, "GICR_NSACR"},
};

template <size_t N> std::string name_of(const named (&regs)[N], uint64_t off)
{
    for (const named &r : regs)
        if (off >= r.offset && off < r.offset + r.bytes)
            return std::string(r.name) + (off == r.offset ? "" : "[63:32]");
    return off >= 0xFFD0 && off < 0x10000 ? "ID register" : "";
}

// Identity registers (offset of the 32-bit word): GITS and GICR IIDR,
// TYPER, PIDR2; GICD TYPER, IIDR, PIDR2. A difference there means the
// platform is not the traced machine.
bool identity(uint64_t off) { return off == 0x4 || off == 0x8 || off == 0xC || off == 0xFFE8; }

// A redistributor's SGI and PPI pending and active bits follow the timer
// and the SGIs between CPUs, which the replay does not play.
const char *exempt(bool gicr, uint64_t off)
{
    if (gicr && off >= 0x10200 && off < 0x10400)
        return "SGI/PPI pending and active state";
    return nullptr;
}

// Bits of a register read left out of the comparison: GICR_PENDBASER.PTZ
// (bit 62), which QEMU 7.2 keeps as written and reads back, where the
// architecture makes it write-only (the model reads 0).
uint64_t uncompared_bits(bool gicr, uint64_t off, unsigned size)
{
    if (gicr && off == 0x78)
        return size == 8 ? 1ull << 62 : 0;
    if (gicr && off == 0x7C)
        return 1ull << 30;
    return 0;
}

} // namespace

// The registers a refused write could have changed, as the model holds them.
std::vector<uint64_t> engine::snapshot(bool its, unsigned cpu) const
{
    std::vector<uint64_t> v;
    auto take = [&](const named *from, size_t n) {
        for (size_t i = 0; i < n; i++) {
            uint64_t x = 0;
            if (its)
                its_peek(its_->core(), from[i].offset, from[i].bytes, &x);
            else
                redist_peek(gic_->redistributor(cpu), from[i].offset, from[i].bytes, &x);
            v.push_back(x);
        }
    };
    if (its)
        take(kIts, std::size(kIts));
    else
        take(kGicr, std::size(kGicr));
    return v;
}

// ITS reads and every GICR/GICD access. A write the reference made to an
// offset the ITS or a redistributor treats as reserved, or a read there of
// anything but the 0 it reads as, is a register the model lacks; where the
// reference refused the write too, both ignore it.
void engine::register_access(const event &e)
{
    bool rd = e.kind == op::its_read || e.kind == op::redist_read || e.kind == op::dist_read;
    bool its = e.kind == op::its_read || e.kind == op::its_write;
    bool gicr = e.kind == op::redist_read || e.kind == op::redist_write;
    unsigned cpu = gicr ? cpu_of(e) : 0;
    uint64_t base = its ? address_map::its : gicr ? address_map::gicr + uint64_t(cpu) * REDIST_FRAMES_SIZE
                                                  : address_map::gicd;
    unsigned size = e.size ? e.size : 4;
    auto reserved = [&] {
        if (its)
            return its_->stats().diag[rd ? ITS_DIAG_RESERVED_READ : ITS_DIAG_RESERVED_WRITE];
        redist_stats s;
        redist_get_stats(gic_->redistributor(cpu), &s);
        return s.diag[rd ? REDIST_DIAG_RESERVED_READ : REDIST_DIAG_RESERVED_WRITE];
    };
    const bool checked_write = !rd && e.refused && (its || gicr);
    std::vector<uint64_t> before_regs;
    if (checked_write)
        before_regs = snapshot(its, cpu);
    uint64_t before = its || gicr ? reserved() : 0;
    uint64_t v = access(e.at, rd ? tlm::TLM_READ_COMMAND : tlm::TLM_WRITE_COMMAND, base + e.offset, size, e.data);
    const char *unit = its ? "GITS" : gicr ? "GICR" : "GICD";
    // GITS_BASER2..7 are architected RAZ/WI registers the QEMU ITS does not implement either.
    bool unimplemented_baser = its && e.offset >= 0x100 && e.offset < 0x140;
    if ((its || gicr) && reserved() != before && !unimplemented_baser && !(e.refused && !rd) &&
        (!rd || masked(e.data, size) != v))
        throw stop(e.at, std::string(its ? "ITS" : "GICR") + " offset " + hex(e.offset) +
                             " is a register the model lacks (" + (rd ? "read" : "write") + ")");
    if (checked_write) {
        r_.refused_writes++;
        std::vector<uint64_t> after = snapshot(its, cpu);
        for (size_t i = 0; i < after.size(); i++)
            if (after[i] != before_regs[i]) {
                const named &reg = its ? kIts[i] : kGicr[i];
                check_.fail(e.at, std::string(unit) + " offset " + hex(e.offset) + ": the reference refused this write (" +
                                      (its ? "gicv3_its_badwrite" : "gicv3_redist_badwrite") + "); in the model it changed " +
                                      reg.name + " from " + hex(before_regs[i]) + " to " + hex(after[i]));
            }
        return;
    }
    if (!rd)
        return;
    const uint64_t word = e.offset & ~3ull, want = masked(e.data, size);
    if (!its && !gicr) { // the distributor: its identity only
        if (identity(word) && word != 0xC && v != want)
            check_.fail(e.at, "GICD offset " + hex(e.offset) + " reads " + hex(v) + " in the model, " + hex(want) +
                                  " in the reference: the platform is not the traced machine");
        return;
    }
    if (exempt(gicr, e.offset)) {
        r_.register_reads_exempt++;
        return;
    }
    r_.register_reads++;
    const uint64_t ignored = uncompared_bits(gicr, e.offset, size);
    if ((v & ~ignored) == (want & ~ignored))
        return;
    std::string name = gicr ? name_of(kGicr, e.offset) : name_of(kIts, e.offset);
    if (gicr)
        name = (name.empty() ? "" : name + " of ") + "redistributor " + std::to_string(cpu);
    check_.fail(e.at, std::string(unit) + " offset " + hex(e.offset) + " reads " + hex(v) + " in the model, " + hex(want) +
                          " in the reference" + (name.empty() ? "" : " (" + name + ")") +
                          (identity(word) ? ": the platform is not the traced machine" : ""));
}

} // namespace gicv3_vp::replay
