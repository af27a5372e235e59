// SPDX-License-Identifier: Apache-2.0
// What the command tests share: the world most of them start from (mappings
// made through the queue), and the redistributor sink and a fixed set of
// translations as text, so that a test compares one string.
#pragma once

#include "its_harness.h"

#include <cstdio>
#include <string>

inline constexpr uint32_t kLpi = 8192;

inline its_config policy_config(its_error_policy p)
{
    its_config c = qemu_config();
    c.error_policy = p;
    return c;
}

// The sink's record as text: "SET 0 8192; MOVE 0->1 8192; SYNC 2; ..."
inline std::string sink_log(const ItsHarness &h)
{
    std::string s;
    for (size_t i = 0; i < h.events(); i++) {
        shim_event e = h.event(i);
        char b[64];
        switch (e.kind) {
        case SHIM_SET_PENDING: snprintf(b, sizeof b, "SET %u %u", e.target, e.intid); break;
        case SHIM_CLEAR_PENDING: snprintf(b, sizeof b, "CLEAR %u %u", e.target, e.intid); break;
        case SHIM_MOVE_PENDING: snprintf(b, sizeof b, "MOVE %u->%u %u", e.target, e.to, e.intid); break;
        case SHIM_INV: snprintf(b, sizeof b, "INV %u %u", e.target, e.intid); break;
        case SHIM_INVALL: snprintf(b, sizeof b, "INVALL %u", e.target); break;
        case SHIM_SYNC: snprintf(b, sizeof b, "SYNC %u", e.target); break;
        case SHIM_MOVALL: snprintf(b, sizeof b, "MOVALL %u->%u", e.target, e.to); break;
        }
        s += (s.empty() ? "" : "; ") + std::string(b);
    }
    return s;
}

// How a fixed set of (DeviceID, EventID) pairs translates, as text. Sends
// MSIs, so it adds SET events to the sink.
inline std::string translations(ItsHarness &h)
{
    static const uint32_t probes[][2] = {{1, 0}, {1, 1},  {1, 2},    {1, 3},    {1, 15},
                                         {1, 16}, {2, 0}, {3, 0},    {3, 31},   {3, 32},
                                         {4, 8200}, {4, 16383}};
    std::string s;
    for (const auto &p : probes) {
        its_translation t{};
        its_msi_result r = h.msi(p[0], p[1], &t);
        char b[96];
        if (r == ITS_MSI_DELIVERED)
            snprintf(b, sizeof b, "%u/%u:%u@%u(c%u) ", p[0], p[1], t.intid, t.target, t.icid);
        else
            snprintf(b, sizeof b, "%u/%u:%s ", p[0], p[1], its_msi_result_name(r));
        s += b;
    }
    return s;
}

// The world most tests start from (QEMU preset: 16-bit IDs, flat 64K tables
// holding 8192 devices and 8192 collections, 4 redistributors):
//   collections 0..3 -> redistributors 0..3; collection 5 in range, unmapped
//   device 1: 16 events; 0 -> 8192 (ICID 0), 1 -> 8193 (ICID 1),
//             2 -> 8194 (ICID 5, unmapped collection), 3 unmapped
//   device 4: 16384 events, none mapped (room for MAPI); devices 2, 3 unmapped
struct World {
    uint64_t itt1 = 0, itt4 = 0;
};

inline World base_world(ItsHarness &h)
{
    World w;
    h.bring_up();
    for (uint32_t i = 0; i < 4; i++)
        h.run(cmd::mapc(i, i));
    w.itt1 = h.map_device(1, 3);
    w.itt4 = h.map_device(4, 13);
    h.run(cmd::mapti(1, 0, kLpi, 0));
    h.run(cmd::mapti(1, 1, kLpi + 1, 1));
    h.run(cmd::mapti(1, 2, kLpi + 2, 5));
    EXPECT_EQ(h.last_error(), 0u);
    h.clear_events();
    return w;
}

inline void write_slot(ItsHarness &h, uint64_t offset, const Cmd &c)
{
    for (int i = 0; i < 4; i++)
        shim_write64(h.mem(), h.queue_base() + offset + 8 * i, c[i]);
}

// ---- Field decoding ------------------------------------------------------
