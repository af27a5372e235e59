// SPDX-License-Identifier: Apache-2.0
// QEMU log lines -> replay events. A command is its process_command line
// completed by the gicv3_its_cmd_* line after it on the same thread; the
// reference ITS's table reads (dte/ite/cte) belong to the MSI or command the
// same host thread logged last, whatever other threads logged in between.
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "loader.h"
#include "trace_lines.h"

namespace gicv3_vp::replay {

const char *to_string(op o)
{
    switch (o) {
    case op::its_write: return "its_write";
    case op::its_read: return "its_read";
    case op::msi: return "msi";
    case op::command: return "command";
    case op::redist_write: return "redist_write";
    case op::redist_read: return "redist_read";
    case op::dist_write: return "dist_write";
    case op::dist_read: return "dist_read";
    case op::iar1: return "iar1";
    case op::eoir1: return "eoir1";
    case op::pmr_write: return "pmr_write";
    case op::igrpen1_write: return "igrpen1_write";
    case op::table_store: return "table_store";
    }
    return "?";
}

namespace detail {
namespace {

enum class kind {
    its_write, its_read, its_badwrite, its_badread, msi, process_command, cmd, cmd_unsupported,
    dte_read, dte_fault, ite_read, ite_fault, cte_read, cte_fault,
    redist_write, redist_read, redist_badwrite, redist_badread,
    dist_write, dist_read, dist_badwrite, dist_badread,
    iar1, eoir, pmr_write, igrpen_write,
};

struct format {
    const char *event;
    kind k;
    const char *fmt; // QEMU 7.2's trace format of the message
    uint8_t opcode = 0;
};

// Events the replay needs; every other event is skipped unread.
const format kFormats[] = {
    {"gicv3_its_write", kind::its_write, "GICv3 ITS write: offset 0x%lx data 0x%lx size %u"},
    {"gicv3_its_read", kind::its_read, "GICv3 ITS read: offset 0x%lx data 0x%lx size %u"},
    {"gicv3_its_badwrite", kind::its_badwrite, "GICv3 ITS write: offset 0x%lx data 0x%lx size %u: error"},
    {"gicv3_its_badread", kind::its_badread, "GICv3 ITS read: offset 0x%lx size %u: error"},
    {"gicv3_its_translation_write", kind::msi,
     "GICv3 ITS TRANSLATER write: offset 0x%lx data 0x%lx size %u requester_id 0x%x"},
    {"gicv3_its_process_command", kind::process_command, "GICv3 ITS: processing command at offset 0x%x: 0x%x"},
    {"gicv3_its_cmd_int", kind::cmd, "GICv3 ITS: command INT DeviceID 0x%x EventID 0x%x", CMD_INT},
    {"gicv3_its_cmd_clear", kind::cmd, "GICv3 ITS: command CLEAR DeviceID 0x%x EventID 0x%x", CMD_CLEAR},
    {"gicv3_its_cmd_discard", kind::cmd, "GICv3 ITS: command DISCARD DeviceID 0x%x EventID 0x%x", CMD_DISCARD},
    {"gicv3_its_cmd_inv", kind::cmd, "GICv3 ITS: command INV DeviceID 0x%x EventID 0x%x", CMD_INV},
    {"gicv3_its_cmd_mapi", kind::cmd, "GICv3 ITS: command MAPI DeviceID 0x%x EventID 0x%x ICID 0x%x", CMD_MAPI},
    {"gicv3_its_cmd_mapti", kind::cmd,
     "GICv3 ITS: command MAPTI DeviceID 0x%x EventID 0x%x ICID 0x%x pINTID 0x%x", CMD_MAPTI},
    {"gicv3_its_cmd_movi", kind::cmd, "GICv3 ITS: command MOVI DeviceID 0x%x EventID 0x%x ICID 0x%x", CMD_MOVI},
    {"gicv3_its_cmd_sync", kind::cmd, "GICv3 ITS: command SYNC", CMD_SYNC},
    {"gicv3_its_cmd_invall", kind::cmd, "GICv3 ITS: command INVALL", CMD_INVALL},
    {"gicv3_its_cmd_mapd", kind::cmd, "GICv3 ITS: command MAPD DeviceID 0x%x Size 0x%x ITT_addr 0x%lx V %d", CMD_MAPD},
    {"gicv3_its_cmd_mapc", kind::cmd, "GICv3 ITS: command MAPC ICID 0x%x RDbase 0x%lx V %d", CMD_MAPC},
    {"gicv3_its_cmd_movall", kind::cmd, "GICv3 ITS: command MOVALL RDbase1 0x%lx RDbase2 0x%lx", CMD_MOVALL},
    {"gicv3_its_cmd_vmapi", kind::cmd_unsupported, nullptr},
    {"gicv3_its_cmd_vmapti", kind::cmd_unsupported, nullptr},
    {"gicv3_its_cmd_vsync", kind::cmd_unsupported, nullptr},
    {"gicv3_its_cmd_vmapp", kind::cmd_unsupported, nullptr},
    {"gicv3_its_cmd_vmovp", kind::cmd_unsupported, nullptr},
    {"gicv3_its_cmd_vmovi", kind::cmd_unsupported, nullptr},
    {"gicv3_its_cmd_vinvall", kind::cmd_unsupported, nullptr},
    {"gicv3_its_cmd_unknown", kind::cmd_unsupported, nullptr},
    {"gicv3_its_dte_read", kind::dte_read,
     "GICv3 ITS: Device Table read for DeviceID 0x%x: valid %d size 0x%x ITTaddr 0x%lx"},
    {"gicv3_its_dte_read_fault", kind::dte_fault, "GICv3 ITS: Device Table read for DeviceID 0x%x: faulted"},
    {"gicv3_its_ite_read", kind::ite_read,
     "GICv3 ITS: Interrupt Table read for ITTaddr 0x%lx EventID 0x%x: valid %d inttype %d intid 0x%x ICID 0x%x "
     "vPEID 0x%x doorbell 0x%x"},
    {"gicv3_its_ite_read_fault", kind::ite_fault,
     "GICv3 ITS: Interrupt Table read for ITTaddr 0x%lx EventID 0x%x: faulted"},
    {"gicv3_its_cte_read", kind::cte_read, "GICv3 ITS: Collection Table read for ICID 0x%x: valid %d RDBase 0x%x"},
    {"gicv3_its_cte_read_fault", kind::cte_fault, "GICv3 ITS: Collection Table read for ICID 0x%x: faulted"},
    {"gicv3_redist_write", kind::redist_write,
     "GICv3 redistributor 0x%x write: offset 0x%lx data 0x%lx size %u secure %d"},
    {"gicv3_redist_read", kind::redist_read, "GICv3 redistributor 0x%x read: offset 0x%lx data 0x%lx size %u secure %d"},
    {"gicv3_redist_badwrite", kind::redist_badwrite,
     "GICv3 redistributor 0x%x write: offset 0x%lx data 0x%lx size %u secure %d: error"},
    {"gicv3_redist_badread", kind::redist_badread,
     "GICv3 redistributor 0x%x read: offset 0x%lx size %u secure %d: error"},
    {"gicv3_dist_write", kind::dist_write, "GICv3 distributor write: offset 0x%lx data 0x%lx size %u secure %d"},
    {"gicv3_dist_read", kind::dist_read, "GICv3 distributor read: offset 0x%lx data 0x%lx size %u secure %d"},
    {"gicv3_dist_badwrite", kind::dist_badwrite,
     "GICv3 distributor write: offset 0x%lx data 0x%lx size %u secure %d: error"},
    {"gicv3_dist_badread", kind::dist_badread, "GICv3 distributor read: offset 0x%lx size %u secure %d: error"},
    {"gicv3_icc_iar1_read", kind::iar1, "GICv3 ICC_IAR1 read cpu 0x%x value 0x%lx"},
    {"gicv3_icc_eoir_write", kind::eoir, "GICv3 ICC_EOIR%d write cpu 0x%x value 0x%lx"},
    {"gicv3_icc_pmr_write", kind::pmr_write, "GICv3 ICC_PMR write cpu 0x%x value 0x%lx"},
    {"gicv3_icc_igrpen_write", kind::igrpen_write, "GICv3 ICC_IGRPEN%d write cpu 0x%x value 0x%lx"},
};

// QEMU 7.2's other GICv3 trace events (traces/linux-6.1-qemu-7.2/
// qemu-7.2-gicv3-trace-formats.txt): known, and not needed. Any other name is
// an error, not a skip: a misspelt event would lose its effect silently.
const char *const kIgnored[] = {
    "gicv3_dist_set_irq", "gicv3_its_ite_write", "gicv3_its_vte_write", "gicv3_its_vte_read_fault",
    "gicv3_its_vte_read", "gicv3_its_dte_write", "gicv3_its_cte_write", "gicv3_redist_set_irq",
    "gicv3_redist_send_sgi", "gicv3_icc_igrpen1_el3_read", "gicv3_icc_ctlr_el3_read", "gicv3_icc_generate_sgi",
    "gicv3_icc_ap_read", "gicv3_icc_igrpen_read", "gicv3_icc_ctlr_read", "gicv3_icc_rpr_read",
    "gicv3_icc_hppir0_read", "gicv3_icc_pmr_read", "gicv3_icc_hppir1_read", "gicv3_icc_bpr_read",
    "gicv3_cpuif_virt_update", "gicv3_cpuif_virt_set_irqs", "gicv3_cpuif_virt_set_maint_irq",
    "gicv3_icc_iar0_read", "gicv3_icc_dir_write", "gicv3_cpuif_update", "gicv3_cpuif_set_irqs",
    "gicv3_icc_ap_write", "gicv3_icc_igrpen1_el3_write", "gicv3_icc_ctlr_el3_write", "gicv3_icc_ctlr_write",
    "gicv3_icc_bpr_write",
};

bool ignored_event(std::string_view event)
{
    static const auto table = [] {
        std::unordered_set<std::string_view> t;
        for (const char *e : kIgnored)
            t.insert(e);
        return t;
    }();
    return table.count(event) != 0;
}

const format *find_format(std::string_view event)
{
    static const auto table = [] {
        std::unordered_map<std::string_view, const format *> t;
        for (const format &f : kFormats)
            t.emplace(f.event, &f);
        return t;
    }();
    auto it = table.find(event);
    return it == table.end() ? nullptr : it->second;
}

std::string hex(uint64_t v)
{
    char b[24];
    std::snprintf(b, sizeof b, "0x%llx", (unsigned long long)v);
    return b;
}

const char *gicv4_name(uint64_t opcode)
{
    switch (opcode) {
    case 0x21: return "VMOVI";
    case 0x22: return "VMOVP";
    case 0x23: return "VSGI";
    case 0x25: return "VSYNC";
    case 0x29: return "VMAPP";
    case 0x2A: return "VMAPTI";
    case 0x2B: return "VMAPI";
    case 0x2D: return "VINVALL";
    case 0x2E: return "INVDB";
    default: return nullptr;
    }
}

// The reference's table reads after one MSI or command.
struct reads {
    bool dte = false, dte_valid = false, ite = false, ite_valid = false, cte = false, cte_valid = false;
    bool fault = false;
    uint32_t dte_size = 0, inttype = 0, intid = 0, icid = 0, rdbase = 0;
    uint64_t dte_itt = 0;
};

struct thread_state {
    long owner = -1;    // event the reads belong to (an MSI or a command)
    long command = -1;  // its index in parsed::commands when it is a command
    long awaiting = -1; // command whose gicv3_its_cmd_* line has not come yet
    bool its_enabled = false; // GITS_CTLR.Enabled when the MSI was written
    reads r;
};

class reader {
public:
    explicit reader(parsed &p) : p_(p), in_(p.path) {}
    void run();

private:
    [[noreturn]] void error(const std::string &what) const { fail(p_.path, in_.line(), what); }
    event &push(op kind, const log_line &l);
    void handle(const format &f, const log_line &l, const std::vector<uint64_t> &v);
    void command_line(const format &f, thread_state &ts, const std::vector<uint64_t> &v);
    void table_read(kind k, thread_state &ts, const std::vector<uint64_t> &v);
    void settle(thread_state &ts);
    void see_cpu(uint64_t cpu);

    parsed &p_;
    line_reader in_;
    std::unordered_map<uint64_t, thread_state> threads_;
    bool its_enabled_ = false;
    uint64_t max_cpu_plus_one_ = 0;
};

event &reader::push(op kind, const log_line &l)
{
    event e{};
    e.kind = kind;
    e.at = origin{p_.path, in_.line(), l.thread, double(l.usec) / 1e6};
    p_.t.events.push_back(e);
    p_.usec.push_back(l.usec);
    return p_.t.events.back();
}

void reader::see_cpu(uint64_t cpu)
{
    if (cpu >= kMaxCpus)
        error("CPU (redistributor) " + hex(cpu) + " is beyond the " + std::to_string(kMaxCpus) +
              " CPUs a machine may have");
    if (cpu + 1 > max_cpu_plus_one_)
        max_cpu_plus_one_ = cpu + 1;
}

void reader::run()
{
    std::string text;
    std::vector<uint64_t> v;
    std::string why;
    while (in_.next(text)) {
        if (text.find_first_not_of(" \t") == std::string::npos)
            continue; // blank
        log_line l;
        if (!split_line(text, l))
            error("bad line prefix: expected <thread>@<seconds>.<microseconds>:<event> <message>");
        const format *f = find_format(l.event);
        if (!f) {
            if (ignored_event(l.event))
                continue; // a QEMU GICv3 event the replay does not need
            std::string name(l.event.substr(0, 80));
            error("unknown event '" + name + (l.event.size() > 80 ? "..." : "") +
                  "': not one of QEMU 7.2's GICv3 trace events (docs/replay.md lists them)");
        }
        if (f->k == kind::cmd_unsupported)
            error(std::string(l.event) +
                  ": a command the model does not implement (it has the twelve physical GICv3 commands)");
        if (!scan(f->fmt, l.message, v, why))
            error(std::string(l.event) + ": " + why);
        handle(*f, l, v);
    }
    for (auto &[thread, ts] : threads_) {
        if (ts.awaiting >= 0) {
            const command_info &c = p_.commands[size_t(ts.awaiting)];
            fail(p_.path, p_.t.events[c.event].at.line, "gicv3_its_process_command without its gicv3_its_cmd_* line");
        }
        settle(ts);
    }
    p_.t.cpus = unsigned(max_cpu_plus_one_);
    p_.own_events = p_.t.events.size();
}

void reader::handle(const format &f, const log_line &l, const std::vector<uint64_t> &v)
{
    thread_state &ts = threads_[l.thread];
    auto close = [&] {
        if (ts.awaiting >= 0)
            fail(p_.path, p_.t.events[p_.commands[size_t(ts.awaiting)].event].at.line,
                 "gicv3_its_process_command without its gicv3_its_cmd_* line");
        settle(ts);
    };
    // QEMU's *_badread/*_badwrite: a reserved offset, RAZ/WI in the reference.
    const bool refused = f.k == kind::its_badwrite || f.k == kind::its_badread || f.k == kind::redist_badwrite ||
                         f.k == kind::redist_badread || f.k == kind::dist_badwrite || f.k == kind::dist_badread;
    auto access = [&](op o, uint64_t cpu, uint64_t offset, uint64_t data, uint64_t size, bool mmio = true) {
        if (mmio && size != 1 && size != 2 && size != 4 && size != 8)
            error(std::string(l.event) + ": size " + std::to_string(size) +
                  ": an MMIO access is 1, 2, 4 or 8 bytes");
        if (mmio && size < 8 && data >> (8 * size))
            error(std::string(l.event) + ": data " + hex(data) + " does not fit its size (" + std::to_string(size) +
                  " bytes)");
        event &e = push(o, l);
        e.cpu = uint32_t(cpu), e.offset = offset, e.data = data, e.size = unsigned(size);
        e.refused = refused;
    };
    auto icc = [&](op o, uint64_t cpu, uint64_t value) {
        if ((o == op::iar1 || o == op::eoir1) && value > 0xffffff)
            error(std::string(l.event) + ": value " + hex(value) +
                  " is beyond an INTID (24 bits; the rest of the register is RES0)");
        see_cpu(cpu);
        p_.thread_cpu[l.thread] = uint32_t(cpu);
        access(o, cpu, 0, value, 0, false);
    };
    switch (f.k) {
    case kind::its_write:
    case kind::its_badwrite: // QEMU ignores writes to reserved offsets (WI): replayed as writes
        close();
        if (v[0] == 0 && f.k == kind::its_write)
            its_enabled_ = (v[1] & 1) != 0; // GITS_CTLR.Enabled
        return access(op::its_write, 0, v[0], v[1], v[2]);
    case kind::its_read:
        close();
        return access(op::its_read, 0, v[0], v[1], v[2]);
    case kind::its_badread: // reserved offsets read as zero (RAZ)
        close();
        return access(op::its_read, 0, v[0], 0, v[1]);
    case kind::msi: {
        close();
        if (v[0] != 0x40)
            error("gicv3_its_translation_write: offset " + hex(v[0]) +
                  " in the translation frame is not GITS_TRANSLATER (0x40)");
        if (v[2] != 2 && v[2] != 4)
            error("gicv3_its_translation_write: size " + std::to_string(v[2]) +
                  ": GITS_TRANSLATER takes 2- and 4-byte writes");
        if (v[1] >> (8 * v[2]))
            error("gicv3_its_translation_write: data " + hex(v[1]) + " does not fit its size (" +
                  std::to_string(v[2]) + " bytes)");
        event &e = push(op::msi, l);
        e.offset = v[0], e.data = v[1], e.size = unsigned(v[2]);
        e.event_id = uint32_t(v[1]), e.device_id = uint32_t(v[3]);
        ts.owner = long(p_.t.events.size() - 1);
        ts.its_enabled = its_enabled_;
        return;
    }
    case kind::process_command: {
        close();
        if (v[1] > 0xff || !command_name(uint8_t(v[1]))) {
            const char *v4 = gicv4_name(v[1]);
            error(v4 ? "command " + hex(v[1]) + " (" + v4 + ", GICv4) at slot " + std::to_string(v[0]) +
                           ": the model implements only the twelve physical GICv3 commands"
                     : "unknown command opcode " + hex(v[1]) + " at slot " + std::to_string(v[0]));
        }
        event &e = push(op::command, l);
        e.slot = uint32_t(v[0]), e.opcode = uint8_t(v[1]);
        command_info c;
        c.event = p_.t.events.size() - 1;
        c.position = p_.commands.size();
        c.opcode = e.opcode;
        c.slot = e.slot;
        p_.commands.push_back(c);
        ts.owner = long(c.event);
        ts.command = ts.awaiting = long(c.position);
        return;
    }
    case kind::cmd:
        return command_line(f, ts, v);
    case kind::dte_read: case kind::dte_fault: case kind::ite_read: case kind::ite_fault:
    case kind::cte_read: case kind::cte_fault:
        return table_read(f.k, ts, v);
    case kind::redist_write: case kind::redist_badwrite:
        see_cpu(v[0]);
        return access(op::redist_write, v[0], v[1], v[2], v[3]);
    case kind::redist_read:
        see_cpu(v[0]);
        return access(op::redist_read, v[0], v[1], v[2], v[3]);
    case kind::redist_badread:
        see_cpu(v[0]);
        return access(op::redist_read, v[0], v[1], 0, v[2]);
    case kind::dist_write: case kind::dist_badwrite:
        return access(op::dist_write, 0, v[0], v[1], v[2]);
    case kind::dist_read:
        return access(op::dist_read, 0, v[0], v[1], v[2]);
    case kind::dist_badread:
        return access(op::dist_read, 0, v[0], 0, v[1]);
    case kind::iar1:
        return icc(op::iar1, v[0], v[1]);
    case kind::eoir: // ICC_EOIR0 ends a Group 0 interrupt: not the replay's business
    case kind::igrpen_write: // likewise ICC_IGRPEN0
        if (v[0] != 1) {
            see_cpu(v[1]);
            p_.thread_cpu[l.thread] = uint32_t(v[1]);
            return;
        }
        return icc(f.k == kind::eoir ? op::eoir1 : op::igrpen1_write, v[1], v[2]);
    case kind::pmr_write:
        return icc(op::pmr_write, v[0], v[1]);
    case kind::cmd_unsupported:
        break;
    }
}

void reader::command_line(const format &f, thread_state &ts, const std::vector<uint64_t> &v)
{
    if (ts.awaiting < 0)
        error(std::string(f.event) + " without a gicv3_its_process_command before it on this thread");
    command_info &c = p_.commands[size_t(ts.awaiting)];
    if (c.opcode != f.opcode)
        error(std::string(f.event) + " follows a gicv3_its_process_command of opcode " + hex(c.opcode) + " (" +
              command_name(c.opcode) + ")");
    ts.awaiting = -1;
    operands &o = c.traced;
    switch (c.opcode) {
    case CMD_MAPTI:
        o.intid = uint32_t(v[3]);
        [[fallthrough]];
    case CMD_MAPI: case CMD_MOVI:
        o.icid = uint32_t(v[2]);
        [[fallthrough]];
    case CMD_INT: case CMD_CLEAR: case CMD_DISCARD: case CMD_INV:
        o.device_id = uint32_t(v[0]), o.event_id = uint32_t(v[1]);
        if (c.opcode == CMD_MAPI)
            o.intid = o.event_id;
        break;
    case CMD_MAPD:
        if (v[3] > 1)
            error(std::string(f.event) + ": V " + std::to_string(int64_t(v[3])) + " is not 0 or 1");
        o.device_id = uint32_t(v[0]), o.size = uint32_t(v[1]), o.itt = v[2], o.valid = v[3] != 0;
        break;
    case CMD_MAPC:
        if (v[2] > 1)
            error(std::string(f.event) + ": V " + std::to_string(int64_t(v[2])) + " is not 0 or 1");
        o.icid = uint32_t(v[0]), o.rdbase = v[1], o.valid = v[2] != 0;
        break;
    case CMD_MOVALL:
        o.rdbase = v[0], o.rdbase2 = v[1];
        break;
    default: // SYNC, INVALL: nothing printed
        break;
    }
    event &e = p_.t.events[c.event];
    e.device_id = o.device_id, e.event_id = o.event_id;
}

void reader::table_read(kind k, thread_state &ts, const std::vector<uint64_t> &v)
{
    if (ts.owner < 0)
        error("a table read with no MSI or command before it on this thread");
    const event &e = p_.t.events[size_t(ts.owner)];
    const bool translation = e.kind == op::msi || e.opcode == CMD_INT;
    const std::string owner = std::string(e.kind == op::msi ? "the MSI" : "the command") + " at line " +
                              std::to_string(e.at.line);
    reads &r = ts.r;
    // Fields QEMU prints from its own decoding: anything else is not from QEMU.
    auto flag = [&](const char *table, const char *field, uint64_t value) {
        if (value > 1)
            error(std::string(table) + " read: " + field + " " + std::to_string(int64_t(value)) + " is not 0 or 1");
    };
    if (k == kind::dte_read) {
        flag("Device Table", "valid", v[1]);
        if (v[2] > 31)
            error("Device Table read: size " + hex(v[2]) + " is beyond 31 (EventID bits - 1)");
    } else if (k == kind::ite_read) {
        flag("Interrupt Table", "valid", v[2]);
        flag("Interrupt Table", "inttype", v[3]);
    } else if (k == kind::cte_read) {
        flag("Collection Table", "valid", v[1]);
    }
    auto once = [&](bool seen, const char *what) {
        if (seen && translation)
            error(std::string("a second ") + what + " read for " + owner);
    };
    switch (k) {
    case kind::dte_read: case kind::dte_fault:
        once(r.dte, "Device Table");
        if (translation && v[0] != e.device_id)
            error("Device Table read for DeviceID " + hex(v[0]) + " after " + owner + " (DeviceID " +
                  hex(e.device_id) + ")");
        r.dte = true;
        r.fault |= k == kind::dte_fault;
        if (k == kind::dte_read)
            r.dte_valid = v[1] != 0, r.dte_size = uint32_t(v[2]), r.dte_itt = v[3];
        return;
    case kind::ite_read: case kind::ite_fault:
        once(r.ite, "Interrupt Table");
        if (translation && (!r.dte || v[1] != e.event_id))
            error("Interrupt Table read for EventID " + hex(v[1]) + " does not follow " + owner +
                  "'s Device Table read");
        if (translation && r.dte_valid && v[0] != r.dte_itt)
            error("Interrupt Table read at ITTaddr " + hex(v[0]) + " after " + owner +
                  "'s Device Table read gave ITTaddr " + hex(r.dte_itt));
        r.ite = true;
        r.fault |= k == kind::ite_fault;
        if (k == kind::ite_read)
            r.ite_valid = v[2] != 0, r.inttype = uint32_t(v[3]), r.intid = uint32_t(v[4]), r.icid = uint32_t(v[5]);
        return;
    default: // cte_read, cte_fault
        once(r.cte, "Collection Table");
        if (translation && (!r.ite || v[0] != r.icid))
            error("Collection Table read for ICID " + hex(v[0]) + " does not follow " + owner +
                  "'s Interrupt Table read");
        if (r.cte)
            return; // MOVI reads the old and the new collection: the first is the one it used
        r.cte = true;
        r.fault |= k == kind::cte_fault;
        if (k == kind::cte_read)
            r.cte_valid = v[1] != 0, r.rdbase = uint32_t(v[2]), r.icid = uint32_t(v[0]);
        return;
    }
}

// The owner's reads are complete: turn them into its reference outcome.
void reader::settle(thread_state &ts)
{
    if (ts.owner < 0)
        return;
    event &e = p_.t.events[size_t(ts.owner)];
    const reads &r = ts.r;
    if (ts.command >= 0 && r.cte && r.cte_valid) {
        command_info &c = p_.commands[size_t(ts.command)];
        c.cte_seen = true, c.cte_icid = r.icid, c.cte_rdbase = r.rdbase;
    }
    if (e.kind == op::msi || (e.kind == op::command && e.opcode == CMD_INT)) {
        reference &f = e.ref;
        f = reference{};
        f.intid = r.intid, f.icid = r.icid;
        if (r.fault)
            f.drop = "memory_fault";
        else if (!r.dte) // QEMU reads nothing when disabled or the DeviceID is beyond the table
            f.drop = e.kind == op::msi && !ts.its_enabled ? "its_disabled" : "device_oor";
        else if (!r.dte_valid)
            f.drop = "unmapped_device";
        else if (!r.ite) {
            // DTE Size is the number of EventID bits minus one.
            if (r.dte_size >= 32 || uint64_t(e.event_id) < (uint64_t(1) << (r.dte_size + 1)))
                fail(p_.path, e.at.line, "the reference's table reads stop after the Device Table read");
            f.drop = "event_oor";
        } else if (!r.ite_valid || r.inttype != 1)
            f.drop = "unmapped_event";
        else if (!r.cte || !r.cte_valid)
            f.drop = "unmapped_collection";
        else
            f.delivered = true, f.rdbase = r.rdbase;
    }
    ts.owner = ts.command = -1;
    ts.r = reads{};
}

} // namespace

parsed read_trace(const std::string &path)
{
    parsed p;
    p.path = path;
    reader(p).run();
    return p;
}

} // namespace detail

} // namespace gicv3_vp::replay
