// SPDX-License-Identifier: Apache-2.0
// Internal to the trace loader: what reading the trace leaves for the side
// inputs to complete, and the command codec both use.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gicv3_vp/replay/trace.h"

namespace gicv3_vp::replay::detail {

// The most CPUs a trace may name (the platform's cpus parameter: 1..512); a
// CPU or redistributor number beyond it is a damaged trace, not a machine.
constexpr uint64_t kMaxCpus = 512;

// The twelve physical commands (GICv3 opcodes).
enum : uint8_t {
    CMD_MOVI = 0x01, CMD_INT = 0x03, CMD_CLEAR = 0x04, CMD_SYNC = 0x05, CMD_MAPD = 0x08,
    CMD_MAPC = 0x09, CMD_MAPTI = 0x0A, CMD_MAPI = 0x0B, CMD_INV = 0x0C, CMD_INVALL = 0x0D,
    CMD_MOVALL = 0x0E, CMD_DISCARD = 0x0F,
};

const char *command_name(uint8_t opcode); // nullptr: not one of the twelve
int command_opcode(const std::string &name); // -1: not one of the twelve

// A command's operands, in the units QEMU prints them.
struct operands {
    uint32_t device_id = 0, event_id = 0, icid = 0, intid = 0, size = 0;
    uint64_t itt = 0;    // MAPD ITT_addr >> 8 (as cmd_mapd prints it)
    uint64_t rdbase = 0; // MAPC, SYNC, MOVALL RDbase1: a processor number (PTA = 0)
    uint64_t rdbase2 = 0; // MOVALL
    bool valid = false;  // MAPD, MAPC
};

operands decode(const uint64_t raw[4]);                      // by the opcode in raw[0]
void encode(uint8_t opcode, const operands &o, uint64_t raw[4]);
// Every operand QEMU prints for this opcode equals the decoded one.
bool agrees(uint8_t opcode, const operands &traced, const operands &decoded);

// One command as the trace told it.
struct command_info {
    size_t event = 0;    // index in trace::events
    size_t position = 0; // 0-based among the trace's commands (the TSVs' idx/seq)
    uint8_t opcode = 0;
    uint32_t slot = 0;
    operands traced;
    bool cte_seen = false; // the reference read a valid CTE after it: the collection it used
    uint32_t cte_icid = 0, cte_rdbase = 0;
};

struct parsed {
    std::string path;
    trace t;
    std::vector<uint64_t> usec; // host time of each event, microseconds (merging by time)
    std::vector<command_info> commands;
    std::map<uint64_t, uint32_t> thread_cpu; // host thread -> vCPU, from ICC events
    size_t own_events = 0; // events from the trace's own lines (side files add more)
};

parsed read_trace(const std::string &path); // trace_events.cpp

// The side files of a trace (side_files.cpp); empty: none.
struct side_files {
    std::string queue;  // mem-<tag>-cmdq.bin
    std::string list;   // its-cmds[-<tag>].tsv[.gz]
    std::string stores; // cpu-table-writes[-<tag>][-test].tsv[.gz]
};
side_files find_side_files(const parsed &p);
std::string trace_tag(const std::string &path); // "dir/trace-src.log.gz" -> "src"
std::string base_name(const std::string &path);

class operand_inference;

// A side file shared by several traces of one load: where this trace's part
// starts (and ends). Empty for a trace loaded alone.
struct share {
    size_t listed_before = 0; // commands the traces before listed in the same command list (its rows
                              // are numbered across them)
    std::optional<uint64_t> stores_after; // table-store rows after this host time (µs): the ones before are
                                          // an earlier trace's
    std::optional<uint64_t> stores_until; // ... up to this one: a later trace takes the rest
};

// side_inputs.cpp: every command's raw bytes; the inference carries on from
// the traces before (a destination's SYNC and INVALL use the source's MAPCs).
void complete_commands(parsed &p, const side_files &s, const share &sh, operand_inference &inference);
// table_stores.cpp: the CPU's stores merged from the file, else inferred.
void complete_table_stores(parsed &p, const side_files &s, const share &sh);

// Fills the operands a command's line does not print (SYNC's RDbase,
// INVALL's ICID) from the commands before it. Feed every command, in queue
// order, once its raw bytes are final; infer() before feeding the command.
class operand_inference {
public:
    // Sets o.rdbase (SYNC) or o.icid (INVALL); returns the note saying how.
    std::string infer(const command_info &c, operands &o) const;
    void feed(const command_info &c, const uint64_t raw[4]);

private:
    bool target_of(const command_info &c, const operands &o, uint64_t &rd) const;
    std::map<uint32_t, uint64_t> collections_;           // ICID -> RDbase (MAPC V=1)
    std::map<std::pair<uint32_t, uint32_t>, uint32_t> events_; // (DeviceID, EventID) -> ICID
    std::vector<uint32_t> uninvalidated_;                 // MAPC'd ICIDs no INVALL named yet
    bool have_target_ = false, have_icid_ = false;
    uint64_t last_target_ = 0;  // the RDbase the last command with a target used
    size_t last_target_cmd_ = 0;
    std::string last_target_op_;
    uint32_t last_icid_ = 0;    // the collection the last command naming one named
};

} // namespace gicv3_vp::replay::detail
