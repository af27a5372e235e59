// SPDX-License-Identifier: Apache-2.0
// Every access size (1, 2, 4, 8) at every byte offset around every register
// of the GITS control and translation frames and of the GICR RD_base and
// SGI_base frames, read and write, against a map of the registers written
// here from the architecture (digest §1.2, docs/redistributor.md):
//  - 64-bit registers take 8-byte and aligned 4-byte accesses, 32-bit ones
//    aligned 4-byte accesses, GICR_IPRIORITYR<n> single bytes too, and
//    GITS_TRANSLATER 2- and 4-byte writes; anything else, misaligned
//    accesses included, is ITS_ACCESS_BAD_SIZE (the model's bus error);
//  - reserved space is RAZ/WI, a 64-bit access to it included; beyond the
//    frames (or straddling their end) is ITS_ACCESS_BAD_ADDRESS.
// Each access: the result; the value read (0 when refused or reserved,
// otherwise that part of the register); exactly one diagnostic where one is
// due and none otherwise; and no register changes on a write that is
// refused, reserved, read-only or of the register's own value.
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "its_harness.h"
#include "redist_harness.h"

namespace {

enum class Kind {
    Rw,       // writes of its own value change nothing
    W1c,      // a clear view: written with 0
    Ro,       // readonly_write
    Wo,       // reads 0, writeonly_read
    Locked,   // writable in another state: the write is ignored and counted
    Reserved, // a RES0 register the model treats as reserved (unimplemented GITS_BASER<n>)
};

struct Reg {
    uint64_t off;
    unsigned width; // 4 or 8
    Kind kind;
    bool bytes = false; // byte-accessible (GICR_IPRIORITYR<n>)
    int write_diag = -1; // Kind::Locked/Wo: the diagnostic a write counts
    bool halfword = false; // a 2-byte access at its offset too (GITS_TRANSLATER)
};

// What an access should do, from the map alone.
struct Expect {
    its_access result;
    bool reserved = false;
    const Reg *reg = nullptr;
};

Expect expect(const std::vector<Reg> &map, uint64_t frames, uint64_t off, unsigned size)
{
    if (off >= frames || size > frames - off)
        return {ITS_ACCESS_BAD_ADDRESS};
    for (const Reg &r : map) {
        if (off + size <= r.off || off >= r.off + r.width)
            continue; // no overlap
        const bool aligned = off % size == 0;
        if ((size == 1 && r.bytes) || (size == 2 && r.halfword && off == r.off))
            return {ITS_ACCESS_OK, false, &r};
        if ((size == 4 || size == r.width) && aligned && off >= r.off && off + size <= r.off + r.width)
            return {ITS_ACCESS_OK, r.kind == Kind::Reserved, &r};
        return {ITS_ACCESS_BAD_SIZE};
    }
    if ((size == 4 || size == 8) && off % size == 0)
        return {ITS_ACCESS_OK, true};
    return {ITS_ACCESS_BAD_SIZE};
}

// The offsets swept: every byte around each register (and the frames' ends),
// and a few in the middle of reserved space.
std::vector<uint64_t> offsets(const std::vector<Reg> &map, uint64_t frames)
{
    std::vector<bool> take(frames + 16);
    for (const Reg &r : map)
        for (uint64_t o = r.off >= 16 ? r.off - 16 : 0; o < r.off + r.width + 16 && o < take.size(); o++)
            take[o] = true;
    for (uint64_t o = frames - 16; o < frames + 16; o++)
        take[o] = true;
    for (uint64_t o = 0; o < frames; o += 0x1000 + 0x40)
        for (uint64_t d = 0; d < 8; d++)
            take[o + d] = true;
    std::vector<uint64_t> v;
    for (uint64_t o = 0; o < take.size(); o++)
        if (take[o])
            v.push_back(o);
    return v;
}

// How one frame set is driven: access, peek, and its counters.
struct Frame {
    std::vector<Reg> map;
    uint64_t size;
    std::function<its_access(uint64_t, unsigned, uint64_t *)> read, peek;
    std::function<its_access(uint64_t, unsigned, uint64_t)> write;
    std::function<std::vector<uint64_t>()> diags; // one counter per diagnostic
    std::function<std::vector<uint64_t>()> state; // every register, as peeked
    int bad_size, bad_address, reserved_read, reserved_write, readonly_write, writeonly_read;
};

uint64_t part(uint64_t whole, const Reg &r, uint64_t off, unsigned size)
{
    const uint64_t v = whole >> (8 * (off - r.off));
    return size == 8 ? v : v & ((1ull << (8 * size)) - 1);
}

void sweep(Frame &f)
{
    const std::vector<uint64_t> state0 = f.state();
    unsigned checked = 0;
    for (uint64_t off : offsets(f.map, f.size)) {
        for (unsigned size : {1u, 2u, 4u, 8u}) {
            SCOPED_TRACE(::testing::Message() << "offset 0x" << std::hex << off << " size " << std::dec << size);
            const Expect e = expect(f.map, f.size, off, size);
            // Read.
            std::vector<uint64_t> d0 = f.diags();
            uint64_t v = 0xBAD, whole = 0;
            EXPECT_EQ(f.read(off, size, &v), e.result);
            std::vector<uint64_t> want = d0;
            uint64_t want_v = 0;
            if (e.result == ITS_ACCESS_BAD_ADDRESS)
                want[f.bad_address]++;
            else if (e.result == ITS_ACCESS_BAD_SIZE)
                want[f.bad_size]++;
            else if (e.reserved)
                want[f.reserved_read]++;
            else if (e.reg->kind == Kind::Wo)
                want[f.writeonly_read]++;
            else {
                EXPECT_EQ(f.peek(e.reg->off, e.reg->width, &whole), ITS_ACCESS_OK);
                want_v = part(whole, *e.reg, off, size);
            }
            EXPECT_EQ(v, want_v);
            EXPECT_EQ(f.diags(), want) << "read diagnostics";

            // Write: its own value (0 on a clear view), or all ones where
            // nothing should take it.
            d0 = f.diags();
            want = d0;
            uint64_t wv = ~0ull;
            if (e.result == ITS_ACCESS_OK && !e.reserved &&
                (e.reg->kind == Kind::Rw || e.reg->kind == Kind::Locked)) {
                EXPECT_EQ(f.peek(e.reg->off, e.reg->width, &whole), ITS_ACCESS_OK);
                wv = part(whole, *e.reg, off, size);
            } else if (e.result == ITS_ACCESS_OK && !e.reserved && e.reg->kind == Kind::W1c) {
                wv = 0;
            }
            EXPECT_EQ(f.write(off, size, wv), e.result);
            if (e.result == ITS_ACCESS_BAD_ADDRESS)
                want[f.bad_address]++;
            else if (e.result == ITS_ACCESS_BAD_SIZE)
                want[f.bad_size]++;
            else if (e.reserved)
                want[f.reserved_write]++;
            else if (e.reg->kind == Kind::Ro)
                want[f.readonly_write]++;
            else if (e.reg->write_diag >= 0)
                want[e.reg->write_diag]++;
            EXPECT_EQ(f.diags(), want) << "write diagnostics";
            EXPECT_EQ(f.state(), state0) << "a register changed";
            checked++;
        }
    }
    EXPECT_GT(checked, 2000u); // the offsets really were swept
}

// ---- GITS: control and translation frames ---------------------------------------

std::vector<Reg> its_map(const its_config &c)
{
    std::vector<Reg> m = {{CTLR, 4, Kind::Rw},    {IIDR, 4, Kind::Ro},    {TYPER, 8, Kind::Ro},
                          {CBASER, 8, Kind::Locked, false, ITS_DIAG_CBASER_WHILE_ENABLED},
                          {CWRITER, 8, Kind::Rw}, {CREADR, 8, Kind::Ro}};
    for (unsigned n = 0; n < 8; n++)
        m.push_back({GITS_BASER(n), 8, c.baser[n].type == ITS_TABLE_NONE ? Kind::Reserved : Kind::Locked, false,
                     ITS_DIAG_BASER_WHILE_ENABLED});
    for (uint64_t off = PIDR4; off < 0x10000; off += 4)
        m.push_back({off, 4, Kind::Ro});
    // GITS_TRANSLATER: 2- or 4-byte writes. A write without a DeviceID is
    // counted as such an MSI (msi[no_device_id]), not as a diagnostic.
    m.push_back({TRANSLATER, 4, Kind::Wo, false, -1, true});
    return m;
}

class ItsAccess : public ::testing::TestWithParam<bool> {};

TEST_P(ItsAccess, EverySizeAtEveryOffset)
{
    const its_config cfg = GetParam() ? gic600_config() : qemu_config();
    ItsHarness h(cfg);
    h.bring_up(0);
    h.run(cmd::mapc(0, 1));
    h.run(cmd::sync(0)); // CREADR and CWRITER not zero; enabled: BASERs and CBASER locked
    Frame f;
    f.map = its_map(cfg);
    f.size = ITS_FRAMES_SIZE;
    its_t *its = h.its();
    f.read = [its](uint64_t o, unsigned s, uint64_t *v) { return its_read(its, o, s, v); };
    f.peek = [its](uint64_t o, unsigned s, uint64_t *v) { return its_peek(its, o, s, v); };
    uint64_t no_device_id = 0; // GITS_TRANSLATER writes taken
    f.write = [its, &no_device_id](uint64_t o, unsigned s, uint64_t v) {
        its_access a = its_write(its, o, s, v);
        no_device_id += o == TRANSLATER && a == ITS_ACCESS_OK;
        return a;
    };
    f.diags = [its] {
        its_stats s;
        its_get_stats(its, &s);
        return std::vector<uint64_t>(s.diag, s.diag + ITS_DIAGS);
    };
    f.state = [its] {
        std::vector<uint64_t> v;
        for (uint64_t off = 0; off < 0x140; off += 4) {
            uint64_t x = 0;
            its_peek(its, off, 4, &x);
            v.push_back(x);
        }
        for (uint64_t off = PIDR4; off < 0x10000; off += 4) {
            uint64_t x = 0;
            its_peek(its, off, 4, &x);
            v.push_back(x);
        }
        return v;
    };
    f.bad_size = ITS_DIAG_BAD_ACCESS_SIZE;
    f.bad_address = ITS_DIAG_BAD_ADDRESS;
    f.reserved_read = ITS_DIAG_RESERVED_READ;
    f.reserved_write = ITS_DIAG_RESERVED_WRITE;
    f.readonly_write = ITS_DIAG_READONLY_WRITE;
    f.writeonly_read = ITS_DIAG_WRITEONLY_READ;
    sweep(f);
    EXPECT_EQ(h.stats().msi[ITS_MSI_DROP_NO_DEVICE_ID], no_device_id);
    EXPECT_EQ(no_device_id, 2u) << "the 2- and 4-byte writes at GITS_TRANSLATER, and only those";
    for (size_t i = 0; i < h.events(); i++)
        EXPECT_NE(h.event(i).kind, SHIM_SET_PENDING) << "an MSI was delivered";
    EXPECT_EQ(h.stats().command_errors, 0u);
}

INSTANTIATE_TEST_SUITE_P(Presets, ItsAccess, ::testing::Bool(),
                         [](const auto &i) { return std::string(i.param ? "gic600" : "qemu"); });

// ---- GICR: RD_base and SGI_base ----------------------------------------------------

std::vector<Reg> redist_map()
{
    std::vector<Reg> m = {
        {gicr::CTLR, 4, Kind::Rw},
        {gicr::IIDR, 4, Kind::Ro},
        {gicr::TYPER, 8, Kind::Ro},
        {gicr::STATUSR, 4, Kind::W1c}, // RAZ/WI without a diagnostic (no errors are recorded)
        {gicr::WAKER, 4, Kind::Rw},
        {gicr::SETLPIR, 8, Kind::Wo, false, REDIST_DIAG_DIRECT_LPI_OFF},
        {gicr::CLRLPIR, 8, Kind::Wo, false, REDIST_DIAG_DIRECT_LPI_OFF},
        {gicr::PROPBASER, 8, Kind::Locked, false, REDIST_DIAG_BASER_WHILE_ENABLED},
        {gicr::PENDBASER, 8, Kind::Locked, false, REDIST_DIAG_BASER_WHILE_ENABLED},
        {gicr::INVLPIR, 8, Kind::Wo, false, REDIST_DIAG_DIRECT_LPI_OFF},
        {gicr::INVALLR, 8, Kind::Wo, false, REDIST_DIAG_DIRECT_LPI_OFF},
        {gicr::SYNCR, 4, Kind::Ro},
        {gicr::IGROUPR0, 4, Kind::Rw},
        {gicr::ISENABLER0, 4, Kind::Rw},
        {gicr::ICENABLER0, 4, Kind::W1c},
        {gicr::ISPENDR0, 4, Kind::Rw},
        {gicr::ICPENDR0, 4, Kind::W1c},
        {gicr::ISACTIVER0, 4, Kind::Rw},
        {gicr::ICACTIVER0, 4, Kind::W1c},
        {gicr::ICFGR0, 4, Kind::Ro},
        {gicr::ICFGR1, 4, Kind::Rw},
        {gicr::IGRPMODR0, 4, Kind::Rw},
        {gicr::NSACR, 4, Kind::Rw},
    };
    for (unsigned n = 0; n < 8; n++)
        m.push_back({GICR_IPRIORITYR(n), 4, Kind::Rw, true});
    for (uint64_t off = gicr::PIDR4; off < 0x10000; off += 4)
        m.push_back({off, 4, Kind::Ro});
    return m;
}

TEST(RedistAccess, EverySizeAtEveryOffset)
{
    RedistHarness h(qemu_redist()); // DirectLPI off
    h.prop(kLpi0 + 3, 0xA3);
    h.bring_up(16); // EnableLPIs = 1: gicr::PROPBASER and gicr::PENDBASER locked
    ASSERT_EQ(h.set(kLpi0 + 3), REDIST_LPI_PENDING);
    // Storage with something in it, so that a write of the wrong value shows.
    h.wr(gicr::IGROUPR0, 0x0000FF01);
    h.wr(gicr::ISENABLER0, 0x00010003);
    h.wr(gicr::ISPENDR0, 0x80000000);
    h.wr(gicr::ISACTIVER0, 0x00000100);
    h.wr(gicr::ICFGR1, 0xA0000008);
    h.wr(gicr::IGRPMODR0, 0x00000010);
    h.wr(gicr::NSACR, 0x00000004);
    for (unsigned n = 0; n < 8; n++)
        h.wr(GICR_IPRIORITYR(n), 0x10203040u + 0x01010101u * n);
    redist_t *rd = h.rd();
    Frame f;
    f.map = redist_map();
    f.size = REDIST_FRAMES_SIZE;
    f.read = [rd](uint64_t o, unsigned s, uint64_t *v) { return redist_read(rd, o, s, v); };
    f.peek = [rd](uint64_t o, unsigned s, uint64_t *v) { return redist_peek(rd, o, s, v); };
    f.write = [rd](uint64_t o, unsigned s, uint64_t v) { return redist_write(rd, o, s, v); };
    f.diags = [rd] {
        redist_stats s;
        redist_get_stats(rd, &s);
        return std::vector<uint64_t>(s.diag, s.diag + REDIST_DIAGS);
    };
    f.state = [rd] {
        std::vector<uint64_t> v;
        for (uint64_t base : {uint64_t(0), uint64_t(GICR_SGI_BASE)})
            for (uint64_t off = base; off < base + 0xE04; off += 4) {
                uint64_t x = 0;
                redist_peek(rd, off, 4, &x);
                v.push_back(x);
            }
        for (uint64_t off = gicr::PIDR4; off < 0x10000; off += 4) {
            uint64_t x = 0;
            redist_peek(rd, off, 4, &x);
            v.push_back(x);
        }
        v.push_back(redist_next_pending(rd, 0)); // the LPI state too
        return v;
    };
    f.bad_size = REDIST_DIAG_BAD_ACCESS_SIZE;
    f.bad_address = REDIST_DIAG_BAD_ADDRESS;
    f.reserved_read = REDIST_DIAG_RESERVED_READ;
    f.reserved_write = REDIST_DIAG_RESERVED_WRITE;
    f.readonly_write = REDIST_DIAG_READONLY_WRITE;
    f.writeonly_read = REDIST_DIAG_WRITEONLY_READ;
    sweep(f);
    EXPECT_EQ(h.ack(), kLpi0 + 3) << "the pending LPI was lost";
    EXPECT_EQ(h.stats().lpi[REDIST_LPI_PENDING], 1u);
}

} // namespace
