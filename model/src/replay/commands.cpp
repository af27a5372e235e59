// SPDX-License-Identifier: Apache-2.0
// The command codec (GICv3 command layout) and the inference of the two
// operands QEMU's trace does not print: SYNC's RDbase and INVALL's ICID.
#include <algorithm>

#include "loader.h"

namespace gicv3_vp::replay::detail {

namespace {

struct named {
    uint8_t opcode;
    const char *name;
};
const named kCommands[] = {
    {CMD_MOVI, "MOVI"},   {CMD_INT, "INT"},       {CMD_CLEAR, "CLEAR"},   {CMD_SYNC, "SYNC"},
    {CMD_MAPD, "MAPD"},   {CMD_MAPC, "MAPC"},     {CMD_MAPTI, "MAPTI"},   {CMD_MAPI, "MAPI"},
    {CMD_INV, "INV"},     {CMD_INVALL, "INVALL"}, {CMD_MOVALL, "MOVALL"}, {CMD_DISCARD, "DISCARD"},
};

constexpr uint64_t bits(unsigned n) { return n >= 64 ? ~0ull : (1ull << n) - 1; }

bool has_device(uint8_t op)
{
    switch (op) {
    case CMD_MOVI: case CMD_INT: case CMD_CLEAR: case CMD_MAPD: case CMD_MAPTI: case CMD_MAPI:
    case CMD_INV: case CMD_DISCARD:
        return true;
    default:
        return false;
    }
}

} // namespace

const char *command_name(uint8_t opcode)
{
    for (const named &c : kCommands)
        if (c.opcode == opcode)
            return c.name;
    return nullptr;
}

int command_opcode(const std::string &name)
{
    for (const named &c : kCommands)
        if (name == c.name)
            return c.opcode;
    return -1;
}

operands decode(const uint64_t raw[4])
{
    operands o;
    const uint8_t op = uint8_t(raw[0] & 0xff);
    o.device_id = uint32_t(raw[0] >> 32);
    o.event_id = uint32_t(raw[1]);
    o.intid = op == CMD_MAPI ? o.event_id : uint32_t(raw[1] >> 32);
    o.size = uint32_t(raw[1] & 0x1f);
    o.icid = uint32_t(raw[2] & 0xffff);
    o.itt = (raw[2] >> 8) & bits(44);      // ITT_addr[51:8]
    o.rdbase = (raw[2] >> 16) & bits(36);  // RDbase[51:16]
    o.rdbase2 = (raw[3] >> 16) & bits(36);
    o.valid = (raw[2] >> 63) != 0;
    return o;
}

void encode(uint8_t op, const operands &o, uint64_t raw[4])
{
    raw[0] = op | (has_device(op) ? uint64_t(o.device_id) << 32 : 0);
    raw[1] = raw[2] = raw[3] = 0;
    switch (op) {
    case CMD_MAPD:
        raw[1] = o.size & 0x1f;
        raw[2] = uint64_t(o.valid) << 63 | (o.itt & bits(44)) << 8;
        break;
    case CMD_MAPC:
        raw[2] = uint64_t(o.valid) << 63 | (o.rdbase & bits(36)) << 16 | (o.icid & 0xffff);
        break;
    case CMD_MAPTI:
        raw[1] = uint64_t(o.intid) << 32 | o.event_id;
        raw[2] = o.icid & 0xffff;
        break;
    case CMD_MAPI: case CMD_MOVI:
        raw[1] = o.event_id;
        raw[2] = o.icid & 0xffff;
        break;
    case CMD_INT: case CMD_CLEAR: case CMD_INV: case CMD_DISCARD:
        raw[1] = o.event_id;
        break;
    case CMD_SYNC:
        raw[2] = (o.rdbase & bits(36)) << 16;
        break;
    case CMD_INVALL:
        raw[2] = o.icid & 0xffff;
        break;
    case CMD_MOVALL:
        raw[2] = (o.rdbase & bits(36)) << 16;
        raw[3] = (o.rdbase2 & bits(36)) << 16;
        break;
    default:
        break;
    }
}

bool agrees(uint8_t op, const operands &t, const operands &d)
{
    const bool dev_ev = t.device_id == d.device_id && t.event_id == d.event_id;
    switch (op) {
    case CMD_INT: case CMD_CLEAR: case CMD_INV: case CMD_DISCARD:
        return dev_ev;
    case CMD_MAPI: case CMD_MOVI:
        return dev_ev && t.icid == d.icid;
    case CMD_MAPTI:
        return dev_ev && t.icid == d.icid && t.intid == d.intid;
    case CMD_MAPD:
        return t.device_id == d.device_id && t.size == d.size && t.itt == d.itt && t.valid == d.valid;
    case CMD_MAPC:
        // QEMU prints RDbase as a 16-bit processor number, and 0 when V = 0.
        return t.icid == d.icid && t.valid == d.valid && (!t.valid || t.rdbase == (d.rdbase & 0xffff));
    case CMD_MOVALL:
        return t.rdbase == d.rdbase && t.rdbase2 == d.rdbase2;
    default:
        return true; // SYNC, INVALL: nothing printed
    }
}

// The redistributor a command's effect went to, which is what Linux SYNCs
// next (its command builders return the collection they used).
bool operand_inference::target_of(const command_info &c, const operands &o, uint64_t &rd) const
{
    auto collection = [&](uint32_t icid) {
        auto it = collections_.find(icid);
        if (it == collections_.end())
            return false;
        rd = it->second;
        return true;
    };
    switch (c.opcode) {
    case CMD_MAPC:
        rd = o.rdbase;
        return o.valid;
    case CMD_MAPTI: case CMD_MAPI: case CMD_MOVI: case CMD_INVALL:
        return collection(o.icid);
    case CMD_INT: case CMD_CLEAR: case CMD_INV: case CMD_DISCARD: {
        if (c.cte_seen) { // the reference's own CTE read says where it went
            rd = c.cte_rdbase;
            return true;
        }
        auto it = events_.find({o.device_id, o.event_id});
        return it != events_.end() && collection(it->second);
    }
    case CMD_SYNC:
        rd = o.rdbase;
        return true;
    case CMD_MOVALL:
        rd = o.rdbase2;
        return true;
    default:
        return false; // MAPD
    }
}

std::string operand_inference::infer(const command_info &c, operands &o) const
{
    const std::string who = "command " + std::to_string(c.position) + " (" + command_name(c.opcode) +
                            ", slot " + std::to_string(c.slot) + "): ";
    if (c.opcode == CMD_SYNC) {
        o.rdbase = have_target_ ? last_target_ : 0;
        if (!have_target_)
            return who + "RDbase 0 assumed: no command before it had a target";
        const std::string rd = "RDbase " + std::to_string(o.rdbase);
        if (last_target_cmd_ + 1 == c.position)
            return who + rd + " inferred: the target of the command before it (" + last_target_op_ + ")";
        return who + rd + " inferred: the target of command " + std::to_string(last_target_cmd_) + " (" +
               last_target_op_ + "), the latest command before it with one";
    }
    if (c.opcode == CMD_INVALL) {
        if (!uninvalidated_.empty()) {
            o.icid = uninvalidated_.back();
            return who + "ICID " + std::to_string(o.icid) +
                   " inferred: the most recently mapped collection no INVALL had named yet";
        }
        o.icid = have_icid_ ? last_icid_ : 0;
        if (!have_icid_)
            return who + "ICID 0 assumed: no command before it named a collection";
        return who + "ICID " + std::to_string(o.icid) +
               " inferred: the collection named by the latest command naming one";
    }
    return {};
}

void operand_inference::feed(const command_info &c, const uint64_t raw[4])
{
    const operands o = decode(raw);
    uint64_t rd = 0;
    if (target_of(c, o, rd)) {
        have_target_ = true;
        last_target_ = rd;
        last_target_cmd_ = c.position;
        last_target_op_ = command_name(c.opcode);
    }
    auto named = [&](uint32_t icid) {
        have_icid_ = true;
        last_icid_ = icid;
    };
    auto forget = [&](uint32_t icid) {
        uninvalidated_.erase(std::remove(uninvalidated_.begin(), uninvalidated_.end(), icid), uninvalidated_.end());
    };
    switch (c.opcode) {
    case CMD_MAPC:
        named(o.icid);
        forget(o.icid);
        if (o.valid) {
            collections_[o.icid] = o.rdbase;
            uninvalidated_.push_back(o.icid);
        } else {
            collections_.erase(o.icid);
        }
        break;
    case CMD_MAPTI: case CMD_MAPI: case CMD_MOVI:
        named(o.icid);
        events_[{o.device_id, o.event_id}] = o.icid;
        break;
    case CMD_INVALL:
        named(o.icid);
        forget(o.icid);
        break;
    case CMD_INT: case CMD_CLEAR: case CMD_INV: case CMD_DISCARD:
        if (c.cte_seen)
            named(c.cte_icid);
        if (c.opcode == CMD_DISCARD)
            events_.erase({o.device_id, o.event_id});
        break;
    case CMD_MAPD:
        if (!o.valid)
            for (auto it = events_.begin(); it != events_.end();)
                it = it->first.first == o.device_id ? events_.erase(it) : std::next(it);
        break;
    default:
        break;
    }
}

} // namespace gicv3_vp::replay::detail
