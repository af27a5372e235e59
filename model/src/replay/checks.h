// SPDX-License-Identifier: Apache-2.0
// The replay's checks, kept apart from the SystemC driver: what the model did
// against what the reference did, per MSI, per INT and per acknowledge.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gicv3_vp/replay/replayer.h"

namespace gicv3_vp::replay {

class checker {
public:
    explicit checker(report &r) : r_(r) {}

    void fail(const origin &at, const std::string &what);

    // An MSI (or INT) the model translated (delivered: to intid at cpu) or dropped.
    // Returns whether it matched the reference.
    bool translation(const event &e, const char *what, bool delivered, uint32_t intid, uint32_t cpu,
                     const std::string &model_drop);

    // A reference ICC_IAR1 read of an LPI, and what the model's CPU took there.
    void reference_ack(unsigned cpu, uint32_t intid, const origin &at);
    void model_ack(unsigned cpu, uint32_t intid, const origin &at);

    // Compares the acknowledged multisets per CPU: every acknowledge one side
    // has and the other has not is a failure, at the line it happened.
    void compare_acks();

private:
    using key = std::pair<unsigned, uint32_t>; // (CPU, INTID)
    report &r_;
    std::map<key, std::vector<const origin *>> reference_, model_;
};

std::string where(const origin &at); // "file:line"
std::string hex(uint64_t v);

} // namespace gicv3_vp::replay
