// SPDX-License-Identifier: Apache-2.0
// The ITS and four redistributors together: the ITS's recorded effects are
// dispatched to the redistributor of their target, over one memory, and
// the PEs acknowledge through their CPU interfaces. The kvm-unit-tests ITS
// tests end to end (real-clients §1.3), plus MOVI/MOVALL and DISCARD.
#include <array>
#include <memory>
#include <vector>

#include "its_harness.h"
#include "redist_harness.h"

namespace {

constexpr unsigned kPes = 4;

class Platform {
public:
    Platform() : its_(qemu_config(kPes))
    {
        its_.bring_up();
        for (unsigned n = 0; n < kPes; n++) {
            pe_[n] = std::make_unique<RedistHarness>(qemu_redist(n, kPes), its_.mem());
            pe_[n]->prop_base = kProp;
            pe_[n]->pend_base = kPend + 0x10000ull * n;
            pe_[n]->bring_up(16, true);
        }
    }

    ItsHarness &its() { return its_; }
    RedistHarness &pe(unsigned n) { return *pe_[n]; }
    void prop(uint32_t intid, uint8_t byte) { pe_[0]->prop(intid, byte); } // one shared table

    // A command, then its effects delivered to the redistributors.
    void run(const Cmd &c)
    {
        its_.run(c);
        pump();
    }
    void msi(uint32_t dev, uint32_t ev)
    {
        EXPECT_EQ(its_.msi(dev, ev), ITS_MSI_DELIVERED);
        pump();
    }

    // What each PE acknowledges now (each IAR followed by its EOI).
    std::array<std::vector<uint32_t>, kPes> acks()
    {
        std::array<std::vector<uint32_t>, kPes> got;
        for (unsigned n = 0; n < kPes; n++)
            got[n] = pe_[n]->drain();
        return got;
    }
    // Exactly one acknowledge of intid on PE `on`, none anywhere else
    // (kvm-unit-tests' check_acked); on = -1: nothing anywhere.
    void expect_only(int on, uint32_t intid)
    {
        auto got = acks();
        for (unsigned n = 0; n < kPes; n++) {
            if (int(n) == on)
                EXPECT_EQ(got[n], std::vector<uint32_t>{intid}) << "PE " << n;
            else
                EXPECT_TRUE(got[n].empty()) << "PE " << n << " took " << got[n].size();
        }
    }

private:
    static constexpr uint64_t kProp = 0x80000000ull, kPend = 0x81000000ull;

    void pump()
    {
        for (size_t i = 0; i < its_.events(); i++) {
            shim_event e = its_.event(i);
            redist_t *rd = pe_[e.target]->rd();
            switch (e.kind) {
            case SHIM_SET_PENDING: redist_set_pending(rd, e.intid); break;
            case SHIM_CLEAR_PENDING: redist_clear_pending(rd, e.intid); break;
            case SHIM_MOVE_PENDING:
                if (redist_clear_pending(rd, e.intid))
                    redist_set_pending(pe_[e.to]->rd(), e.intid);
                break;
            case SHIM_INV: redist_inv(rd, e.intid); break;
            case SHIM_INVALL: redist_invall(rd); break;
            case SHIM_SYNC: redist_sync(rd); break;
            case SHIM_MOVALL:
                for (uint32_t i2 = redist_next_pending(rd, 0); i2; i2 = redist_next_pending(rd, i2 + 1)) {
                    redist_clear_pending(rd, i2);
                    redist_set_pending(pe_[e.to]->rd(), i2);
                }
                break;
            }
        }
        its_.clear_events();
    }

    ItsHarness its_;
    std::array<std::unique_ptr<RedistHarness>, kPes> pe_;
};

constexpr uint8_t kOn = 0xA3, kOff = 0xA2;

// kvm-unit-tests its_setup1: dev2/dev7 with 8 ITEs, col3 -> PE3, col2 -> PE2,
// property bytes first, INVALL before MAPTI and no INV after it.
void setup1(Platform &p)
{
    p.prop(8195, kOn);
    p.prop(8196, kOn);
    p.its().map_device(2, 7);
    p.its().map_device(7, 7);
    p.run(cmd::mapc(3, 3));
    p.run(cmd::mapc(2, 2));
    p.run(cmd::invall(2));
    p.run(cmd::invall(3));
    p.run(cmd::mapti(2, 20, 8195, 3));
    p.run(cmd::mapti(7, 255, 8196, 2));
}

TEST(RedistIts, KvmUnitTestsItsTrigger)
{
    Platform p;
    setup1(p);
    // "int"
    p.run(cmd::int_(2, 20));
    p.expect_only(3, 8195);
    p.run(cmd::int_(7, 255));
    p.expect_only(2, 8196);
    // "inv/invall"
    p.prop(8195, kOff);
    p.run(cmd::inv(2, 20));
    p.run(cmd::int_(2, 20));
    p.expect_only(-1, 0);
    p.prop(8195, kOn);
    p.run(cmd::int_(2, 20));
    p.expect_only(-1, 0); // allowed either way by the test; this model is strict
    p.run(cmd::invall(3));
    p.expect_only(3, 8195);
    p.run(cmd::int_(2, 20));
    p.expect_only(3, 8195);
    // "mapd valid=false": the INT fails, the queue goes on, nothing fires.
    p.run(cmd::mapd(2, 0, 0, false));
    p.run(cmd::int_(2, 20));
    p.expect_only(-1, 0);
    p.run(cmd::int_(7, 255));
    p.expect_only(2, 8196);
}

// kvm-unit-tests its-pending-migration through the ITS: LPIs off on both
// PEs, 256 events mapped alternately to them, pending bits written straight
// into their pending tables, INVALL, PTZ cleared, LPIs on: 128 LPIs each.
TEST(RedistIts, KvmUnitTestsPendingTables)
{
    Platform p;
    const unsigned pe0 = kPes - 1, pe1 = kPes - 2;
    p.its().map_device(2, 7);
    p.run(cmd::mapc(pe0, pe0));
    p.run(cmd::mapc(pe1, pe1));
    p.pe(pe0).enable_lpis(false);
    p.pe(pe1).enable_lpis(false);
    for (uint32_t i = 0; i < 256; i++) {
        unsigned pe = i & 1 ? pe0 : pe1;
        p.run(cmd::mapti(2, i, 8192 + i, pe));
        p.prop(8192 + i, kOn);
        p.pe(pe).set_pend_bit(8192 + i);
    }
    p.run(cmd::invall(pe0));
    p.run(cmd::invall(pe1));
    for (unsigned pe : {pe0, pe1}) {
        RedistHarness &r = p.pe(pe);
        r.wr(gicr::PENDBASER, r.rd(gicr::PENDBASER, 8) & ~gicr::PTZ, 8);
        r.enable_lpis(true);
    }
    auto got = p.acks();
    EXPECT_EQ(got[pe0].size(), 128u);
    EXPECT_EQ(got[pe1].size(), 128u);
    EXPECT_TRUE(got[0].empty());
    EXPECT_TRUE(got[1].empty());
    for (uint32_t i : got[pe0])
        EXPECT_EQ(i & 1, 1u);
}

TEST(RedistIts, MoviAndMovallCarryPendingState)
{
    Platform p;
    p.its().map_device(5, 3);
    for (unsigned c = 0; c < kPes; c++)
        p.run(cmd::mapc(c, c));
    for (uint32_t ev = 0; ev < 4; ev++) {
        p.prop(9000 + ev, kOn);
        p.run(cmd::mapti(5, ev, 9000 + ev, 0));
    }
    // Pending on PE0 but masked there by its PMR, so the state stays.
    redist_icc_pmr_write(p.pe(0).rd(), 0);
    for (uint32_t ev = 0; ev < 4; ev++)
        p.msi(5, ev);
    EXPECT_EQ(redist_next_pending(p.pe(0).rd(), 0), 9000u);
    p.run(cmd::movi(5, 1, 1)); // event 1 -> collection 1 on PE1: its pending state follows
    EXPECT_FALSE(redist_is_pending(p.pe(0).rd(), 9001));
    EXPECT_TRUE(redist_is_pending(p.pe(1).rd(), 9001));
    p.run(cmd::movall(0, 2)); // the rest of PE0 moves to PE2
    EXPECT_EQ(redist_next_pending(p.pe(0).rd(), 0), 0u);
    auto got = p.acks();
    EXPECT_EQ(got[1], std::vector<uint32_t>{9001});
    EXPECT_EQ(got[2], (std::vector<uint32_t>{9000, 9002, 9003}));
    EXPECT_TRUE(got[0].empty());
}

// Linux's runtime flow: MAPTI, unmask (byte, INV, SYNC), MSIs (two while
// pending merge into one acknowledge), mask and DISCARD (pending dropped).
TEST(RedistIts, LinuxMaskUnmaskAndDiscard)
{
    Platform p;
    p.its().map_device(16, 1);
    p.run(cmd::mapc(1, 1));
    p.run(cmd::invall(1));
    p.prop(8300, kOff); // Linux's table starts all 0xA2
    p.run(cmd::mapti(16, 0, 8300, 1));
    p.run(cmd::sync(1));
    p.prop(8300, kOn);
    p.run(cmd::inv(16, 0));
    p.run(cmd::sync(1));
    p.msi(16, 0);
    p.msi(16, 0);
    p.expect_only(1, 8300);
    EXPECT_EQ(p.pe(1).stats().lpi[REDIST_LPI_MERGED], 1u);
    EXPECT_EQ(p.pe(1).stats().syncs, 2u);
    p.prop(8300, kOff);
    p.run(cmd::inv(16, 0));
    p.msi(16, 0); // masked: pending, silent
    EXPECT_TRUE(redist_is_pending(p.pe(1).rd(), 8300));
    p.run(cmd::discard(16, 0));
    EXPECT_FALSE(redist_is_pending(p.pe(1).rd(), 8300));
    EXPECT_EQ(p.pe(1).stats().cleared, 1u);
    p.prop(8300, kOn);
    p.run(cmd::invall(1));
    p.expect_only(-1, 0);
}

} // namespace
