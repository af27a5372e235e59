// SPDX-License-Identifier: Apache-2.0
// A reference trace of software driving a GICv3 ITS (QEMU's log back end,
// plain or gzip), turned into the ordered list of things the software and
// the devices did, with what the reference ITS did in answer. Side inputs
// found beside a trace complete it (see load()). No SystemC here.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace gicv3_vp::replay {

// A trace that cannot be used: the message starts with "file:line: ".
struct trace_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct origin {
    std::string file; // the trace (or side file) the event comes from
    size_t line = 0;  // 1-based
    uint64_t thread = 0;
    double time = 0;  // host seconds: order only
};

enum class op {
    its_write,     // offset (from ITS_base, control frame), data, size
    its_read,      // offset, data (the value the reference returned), size
    msi,           // device_id, event_id; ref = what the reference ITS did;
                   // offset (0x40: GITS_TRANSLATER in the translation frame), data = EventID, size
    command,       // slot, opcode, raw: one command, to be in the queue before the next CWRITER write
    redist_write,  // cpu (the redistributor's number), offset (from its RD_base), data, size
    redist_read,   // cpu, offset, data, size
    dist_write,    // offset, data, size
    dist_read,     // offset, data, size
    iar1,          // cpu, data = the INTID the reference CPU acknowledged (1023: none)
    eoir1,         // cpu, data = INTID
    pmr_write,     // cpu, data
    igrpen1_write, // cpu, data
    table_store,   // pa, data = the byte the CPU stored (property or pending table), cpu
                   // (inferred stores: the CPU of the INV's thread, at the INV's origin)
};

const char *to_string(op o);

// Where the reference ITS sent an MSI (or INT), from its table reads.
struct reference {
    bool delivered = false; // false: the reference dropped it
    uint32_t intid = 0;
    uint32_t icid = 0;
    uint32_t rdbase = 0;    // the target (a CPU number: GITS_TYPER.PTA = 0)
    std::string drop;       // when dropped: unmapped_device, event_oor, unmapped_event,
                            // unmapped_collection or memory_fault; with no table read
                            // at all: its_disabled (GITS_CTLR.Enabled = 0) or device_oor
                            // (the names of the core's its_msi_result_name())
};

struct event {
    op kind;
    origin at;
    uint32_t cpu = 0;
    uint64_t offset = 0;
    uint64_t data = 0;
    unsigned size = 0;
    uint32_t device_id = 0, event_id = 0; // msi; command operands where they exist
    uint32_t slot = 0;                    // command: queue slot (byte offset / 32)
    uint8_t opcode = 0;                   // command
    uint64_t raw[4] = {0, 0, 0, 0};       // command: the 32 bytes as four doublewords
    reference ref;                        // msi, and INT (opcode 0x03) commands
    uint64_t pa = 0;                      // table_store
    bool refused = false;                 // register accesses: the reference refused it (QEMU's *_badwrite,
                                          // *_badread: a reserved offset, RAZ/WI there)
};

struct trace {
    std::vector<event> events; // in trace order; side-file stores merged by time
    unsigned cpus = 0;         // highest CPU or redistributor number seen, plus one
    // How each part not in the trace itself was completed, one sentence each
    // (e.g. "commands 0..88: raw bytes from mem-A-cmdq.bin").
    std::vector<std::string> notes;
};

// Load a trace and the side inputs beside it:
//  - mem-*-cmdq.bin: the queue at the end, raw bytes of every command whose
//    slot was not rewritten (the traced operands must agree with them);
//    otherwise its-cmds*.tsv's raw columns; otherwise the command is encoded
//    from the traced operands, SYNC's RDbase and INVALL's ICID inferred (and
//    a note says how);
//  - cpu-table-writes*.tsv: CPU stores into the property and pending tables,
//    merged into the events by time. Without such a file, the property bytes
//    the Linux driver writes are inferred: priority 0xA0 + Group1 + enable
//    before the INV that follows a MAPTI of that event, Group1 and disabled
//    before the INV that precedes a DISCARD of it.
// Lines of events that do not matter to an ITS replay (CPU-interface HPPI
// updates, SGIs, PPI levels, ICC_EOIR0 and ICC_IGRPEN0 writes) are skipped; a
// line that cannot be parsed, or an event or command the model cannot replay,
// is a trace_error naming file and line. QEMU's *_badread/*_badwrite events
// (an access to a reserved offset, which QEMU makes RAZ/WI) are kept as the
// ordinary read (data 0: what the software got) or write (which the model
// must ignore too), marked `refused`: the replay checks the model answers
// them the same way.
trace load(const std::string &path);

// Several traces of one machine, in order (a migration's source, then its
// destination), as load() each, and: a side file several of them find is
// split between them (its-cmds*.tsv by its qemu_instance column, else by its
// row numbers running on across the traces; cpu-table-writes*.tsv by
// qemu_instance, else by host time: a trace takes the rows up to its last
// event that the traces before it did not take); the SYNC/INVALL inference
// goes on from one trace to the next; with several traces each note starts
// with its trace's file name. A trace with nothing the replay uses is a note
// (a destination with nothing after the migration); all of them being so is
// a trace_error.
std::vector<trace> load(const std::vector<std::string> &paths);

} // namespace gicv3_vp::replay
