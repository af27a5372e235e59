// SPDX-License-Identifier: Apache-2.0
// The tests' commands as values: each physical command built by the public
// encoders (its/commands.h) into a std::array. Targets are the RDbase
// field's value (Processor_Number, or RD_base >> 16 with PTA = 1). A
// harness makes them its own with `namespace cmd { using namespace command_values; }`
// and may define beside them what its tests mean differently.
#pragma once

#include <array>
#include <cstdint>

#include "its/commands.h"

using Cmd = std::array<uint64_t, 4>;

namespace command_values {
inline uint64_t dev(uint32_t d) { return uint64_t(d) << ITS_CMD_DEVICEID_SHIFT; }
inline Cmd mapd(uint32_t d, uint32_t size, uint64_t itt, bool v = true)
{
    Cmd c;
    its_cmd_mapd(c.data(), d, size, itt, v);
    return c;
}
inline Cmd mapc(uint32_t icid, uint64_t rdbase, bool v = true)
{
    Cmd c;
    its_cmd_mapc(c.data(), icid, rdbase, v);
    return c;
}
inline Cmd mapti(uint32_t d, uint32_t ev, uint32_t intid, uint32_t icid)
{
    Cmd c;
    its_cmd_mapti(c.data(), d, ev, intid, icid);
    return c;
}
inline Cmd mapi(uint32_t d, uint32_t ev, uint32_t icid)
{
    Cmd c;
    its_cmd_mapi(c.data(), d, ev, icid);
    return c;
}
inline Cmd movi(uint32_t d, uint32_t ev, uint32_t icid)
{
    Cmd c;
    its_cmd_movi(c.data(), d, ev, icid);
    return c;
}
inline Cmd discard(uint32_t d, uint32_t ev)
{
    Cmd c;
    its_cmd_discard(c.data(), d, ev);
    return c;
}
inline Cmd inv(uint32_t d, uint32_t ev)
{
    Cmd c;
    its_cmd_inv(c.data(), d, ev);
    return c;
}
inline Cmd int_(uint32_t d, uint32_t ev)
{
    Cmd c;
    its_cmd_int(c.data(), d, ev);
    return c;
}
inline Cmd clear(uint32_t d, uint32_t ev)
{
    Cmd c;
    its_cmd_clear(c.data(), d, ev);
    return c;
}
inline Cmd invall(uint32_t icid)
{
    Cmd c;
    its_cmd_invall(c.data(), icid);
    return c;
}
inline Cmd sync(uint64_t rdbase)
{
    Cmd c;
    its_cmd_sync(c.data(), rdbase);
    return c;
}
inline Cmd movall(uint64_t rd1, uint64_t rd2)
{
    Cmd c;
    its_cmd_movall(c.data(), rd1, rd2);
    return c;
}
} // namespace command_values
