// SPDX-License-Identifier: Apache-2.0
// Writes synthetic traces in QEMU 7.2's log format, one line per event
// ("<thread>@<seconds>.<microseconds>:<event> <message>", messages as in
// traces/linux-6.1-qemu-7.2/qemu-7.2-gicv3-trace-formats.txt), and the side
// files the trace loader reads beside a trace. Tests use it to describe any
// scenario for gicv3_vp::replay::load() and the replay engine.
//
//   qemu_trace::writer w;                       // thread 1000, clock at 1000 s
//   w.on(11614).its_write(0x80, cbaser, 8);      // one line per call
//   w.mapc(0, 0).sync(0).cwriter();              // command lines, then CWRITER
//   w.on(11610).msi_delivered(8, 0, 0x42e0e400, 0, 8192, 0, 0);
//   w.save(dir + "/trace-S.log.gz");             // gzip when the name ends in .gz
//   w.save_cmdq(dir + "/mem-S-cmdq.bin");        // and the side files
#pragma once

#include <zlib.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace qemu_trace {

inline std::string hex(uint64_t v)
{
    char b[24];
    std::snprintf(b, sizeof b, "0x%llx", (unsigned long long)v);
    return b;
}

// One line of QEMU's log back end.
inline std::string line(uint64_t thread, uint64_t usec, const std::string &event, const std::string &message)
{
    char b[64];
    std::snprintf(b, sizeof b, "%llu@%llu.%06llu:", (unsigned long long)thread,
                  (unsigned long long)(usec / 1000000), (unsigned long long)(usec % 1000000));
    return b + event + " " + message;
}

using raw_command = std::array<uint64_t, 4>;

class writer {
public:
    explicit writer(uint64_t thread = 1000, uint64_t usec = 1000000000ull) : thread_(thread), usec_(usec) {}

    writer &on(uint64_t thread) { thread_ = thread; return *this; }      // the host thread of the next lines
    writer &at(uint64_t usec) { usec_ = usec; return *this; }            // the clock (µs)
    writer &wait(uint64_t usec) { usec_ += usec; return *this; }
    uint64_t now() const { return usec_; }

    // Any line; the clock moves 1 µs after each.
    writer &event(const std::string &name, const std::string &message)
    {
        lines_.push_back(line(thread_, usec_++, name, message));
        return *this;
    }
    writer &text(const std::string &verbatim) { lines_.push_back(verbatim); return *this; }

    // --- ITS register frame (offsets from ITS_base) and translation frame
    writer &its_write(uint64_t off, uint64_t data, unsigned size = 4)
    { return access("gicv3_its_write", "GICv3 ITS write:", off, &data, size, ""); }
    writer &its_read(uint64_t off, uint64_t data, unsigned size = 4)
    { return access("gicv3_its_read", "GICv3 ITS read:", off, &data, size, ""); }
    writer &its_badwrite(uint64_t off, uint64_t data, unsigned size = 4)
    { return access("gicv3_its_badwrite", "GICv3 ITS write:", off, &data, size, ": error"); }
    writer &its_badread(uint64_t off, unsigned size = 4)
    { return access("gicv3_its_badread", "GICv3 ITS read:", off, nullptr, size, ": error"); }
    // An MSI: offset in the translation frame (0x40 = GITS_TRANSLATER), data = EventID.
    writer &translation_write(uint32_t device_id, uint64_t event_id, unsigned size = 4, uint64_t off = 0x40)
    {
        return event("gicv3_its_translation_write", "GICv3 ITS TRANSLATER write: offset " + hex(off) + " data " +
                     hex(event_id) + " size " + std::to_string(size) + " requester_id " + hex(device_id));
    }

    // --- the reference ITS's table reads (ITTaddr in full, as dte_read prints it)
    writer &dte_read(uint32_t dev, bool valid, uint32_t size, uint64_t itt_addr)
    {
        return event("gicv3_its_dte_read", "GICv3 ITS: Device Table read for DeviceID " + hex(dev) + ": valid " +
                                               dec(valid) + " size " + hex(size) + " ITTaddr " + hex(itt_addr));
    }
    writer &dte_read_fault(uint32_t dev)
    { return event("gicv3_its_dte_read_fault", "GICv3 ITS: Device Table read for DeviceID " + hex(dev) + ": faulted"); }
    writer &ite_read(uint64_t itt_addr, uint32_t ev, bool valid, uint32_t intid, uint32_t icid, int inttype = 1)
    {
        return event("gicv3_its_ite_read", ite(itt_addr, ev) + ": valid " + dec(valid) + " inttype " + dec(inttype) +
                                               " intid " + hex(intid) + " ICID " + hex(icid) + " vPEID 0x0 doorbell 0x3ff");
    }
    writer &ite_read_fault(uint64_t itt_addr, uint32_t ev)
    { return event("gicv3_its_ite_read_fault", ite(itt_addr, ev) + ": faulted"); }
    writer &cte_read(uint32_t icid, bool valid, uint32_t rdbase)
    {
        return event("gicv3_its_cte_read", "GICv3 ITS: Collection Table read for ICID " + hex(icid) + ": valid " +
                                               dec(valid) + " RDBase " + hex(rdbase));
    }
    writer &cte_read_fault(uint32_t icid)
    { return event("gicv3_its_cte_read_fault", "GICv3 ITS: Collection Table read for ICID " + hex(icid) + ": faulted"); }
    // The three reads of a translation that reached redistributor `rd`.
    writer &reads_delivered(uint32_t dev, uint32_t ev, uint64_t itt_addr, uint32_t dte_size, uint32_t intid,
                            uint32_t icid, uint32_t rd)
    {
        return dte_read(dev, true, dte_size, itt_addr).ite_read(itt_addr, ev, true, intid, icid).cte_read(icid, true, rd);
    }
    writer &msi_delivered(uint32_t dev, uint32_t ev, uint64_t itt_addr, uint32_t dte_size, uint32_t intid,
                          uint32_t icid, uint32_t rd)
    {
        return translation_write(dev, ev).reads_delivered(dev, ev, itt_addr, dte_size, intid, icid, rd);
    }

    // --- commands: single lines
    writer &process_command(uint32_t slot, uint32_t opcode)
    {
        return event("gicv3_its_process_command",
                     "GICv3 ITS: processing command at offset " + hex(slot) + ": " + hex(opcode));
    }
    writer &cmd_line(const std::string &name, const std::string &operands)
    { return event("gicv3_its_cmd_" + name, "GICv3 ITS: command " + operands); }

    // --- commands: process_command + cmd line at the next slot, recorded
    // with their raw bytes for save_cmdq()/save_its_cmds(). The operands
    // QEMU does not print (SYNC RDbase, INVALL ICID) go into the raw bytes only.
    writer &mapd(uint32_t dev, uint32_t size, uint64_t itt_addr, bool v = true)
    {
        const std::string ops = "MAPD DeviceID " + hex(dev) + " Size " + hex(size) + " ITT_addr " + hex(itt_addr >> 8) +
                                " V " + dec(v); // ITT_addr printed >> 8
        return command(0x08, "mapd", ops,
                       {0x08 | uint64_t(dev) << 32, size & 0x1fu, uint64_t(v) << 63 | (itt_addr & 0x000fffffffffff00ull), 0});
    }
    writer &mapc(uint32_t icid, uint32_t rd, bool v = true) // QEMU prints RDbase 0 when V = 0
    {
        return command(0x09, "mapc", "MAPC ICID " + hex(icid) + " RDbase " + hex(v ? rd : 0) + " V " + dec(v),
                       {0x09, 0, uint64_t(v) << 63 | uint64_t(rd) << 16 | icid, 0});
    }
    writer &mapti(uint32_t dev, uint32_t ev, uint32_t icid, uint32_t intid)
    {
        return command(0x0a, "mapti", "MAPTI" + dev_ev(dev, ev) + " ICID " + hex(icid) + " pINTID " + hex(intid),
                       {0x0a | uint64_t(dev) << 32, uint64_t(intid) << 32 | ev, icid, 0});
    }
    writer &mapi(uint32_t dev, uint32_t ev, uint32_t icid)
    { return command(0x0b, "mapi", "MAPI" + dev_ev(dev, ev) + " ICID " + hex(icid), {0x0b | uint64_t(dev) << 32, ev, icid, 0}); }
    writer &movi(uint32_t dev, uint32_t ev, uint32_t icid)
    { return command(0x01, "movi", "MOVI" + dev_ev(dev, ev) + " ICID " + hex(icid), {0x01 | uint64_t(dev) << 32, ev, icid, 0}); }
    writer &int_(uint32_t dev, uint32_t ev) { return event_command(0x03, "int", "INT", dev, ev); }
    writer &clear(uint32_t dev, uint32_t ev) { return event_command(0x04, "clear", "CLEAR", dev, ev); }
    writer &inv(uint32_t dev, uint32_t ev) { return event_command(0x0c, "inv", "INV", dev, ev); }
    writer &discard(uint32_t dev, uint32_t ev) { return event_command(0x0f, "discard", "DISCARD", dev, ev); }
    writer &sync(uint32_t rd) { return command(0x05, "sync", "SYNC", {0x05, 0, uint64_t(rd) << 16, 0}); }
    writer &invall(uint32_t icid) { return command(0x0d, "invall", "INVALL", {0x0d, 0, icid, 0}); }
    writer &movall(uint32_t rd1, uint32_t rd2)
    {
        return command(0x0e, "movall", "MOVALL RDbase1 " + hex(rd1) + " RDbase2 " + hex(rd2),
                       {0x0e, 0, uint64_t(rd1) << 16, uint64_t(rd2) << 16});
    }
    // The GITS_CWRITER write QEMU logs after the commands it ran.
    writer &cwriter(unsigned size = 8) { return its_write(0x88, uint64_t(next_slot_) * 32, size); }
    writer &slot(uint32_t next) { next_slot_ = next; return *this; } // the next command's queue slot
    const std::vector<raw_command> &queue() const { return queue_; }

    // --- redistributors (offset from the redistributor's RD_base) and distributor
    writer &redist_write(uint32_t rd, uint64_t off, uint64_t data, unsigned size = 4)
    { return access("gicv3_redist_write", redist(rd) + " write:", off, &data, size, " secure 0"); }
    writer &redist_read(uint32_t rd, uint64_t off, uint64_t data, unsigned size = 4)
    { return access("gicv3_redist_read", redist(rd) + " read:", off, &data, size, " secure 0"); }
    writer &redist_badwrite(uint32_t rd, uint64_t off, uint64_t data, unsigned size = 4)
    { return access("gicv3_redist_badwrite", redist(rd) + " write:", off, &data, size, " secure 0: error"); }
    writer &redist_badread(uint32_t rd, uint64_t off, unsigned size = 4)
    { return access("gicv3_redist_badread", redist(rd) + " read:", off, nullptr, size, " secure 0: error"); }
    writer &dist_write(uint64_t off, uint64_t data, unsigned size = 4)
    { return access("gicv3_dist_write", "GICv3 distributor write:", off, &data, size, " secure 0"); }
    writer &dist_read(uint64_t off, uint64_t data, unsigned size = 4)
    { return access("gicv3_dist_read", "GICv3 distributor read:", off, &data, size, " secure 0"); }
    writer &dist_badwrite(uint64_t off, uint64_t data, unsigned size = 4)
    { return access("gicv3_dist_badwrite", "GICv3 distributor write:", off, &data, size, " secure 0: error"); }
    writer &dist_badread(uint64_t off, unsigned size = 4)
    { return access("gicv3_dist_badread", "GICv3 distributor read:", off, nullptr, size, " secure 0: error"); }

    // --- CPU interface
    writer &iar1(uint32_t cpu, uint64_t intid) { return icc("gicv3_icc_iar1_read", "ICC_IAR1 read", cpu, intid); }
    writer &eoir(uint32_t cpu, uint64_t intid, int group = 1)
    { return icc("gicv3_icc_eoir_write", "ICC_EOIR" + dec(group) + " write", cpu, intid); }
    writer &pmr_write(uint32_t cpu, uint64_t value) { return icc("gicv3_icc_pmr_write", "ICC_PMR write", cpu, value); }
    writer &igrpen_write(uint32_t cpu, uint64_t value, int group = 1)
    { return icc("gicv3_icc_igrpen_write", "ICC_IGRPEN" + dec(group) + " write", cpu, value); }
    // An event the replay skips (HPPI update), for realistic noise.
    writer &cpuif_update(uint32_t cpu, uint32_t irq, int prio)
    {
        return event("gicv3_cpuif_update",
                     "GICv3 CPU i/f " + hex(cpu) + " HPPI update: irq " + dec(irq) + " group 2 prio " + dec(prio));
    }

    // --- a CPU store into the property or pending table, for save_table_writes()
    writer &store(uint32_t cpu, uint64_t pa, uint8_t old_byte, uint8_t new_byte, const char *table = "prop")
    {
        stores_.push_back({usec_++, cpu, pa, old_byte, new_byte, table});
        return *this;
    }

    std::string str() const
    {
        std::string s;
        for (const std::string &l : lines_)
            s += l + "\n";
        return s;
    }
    void save(const std::string &path) const
    {
        const std::string s = str();
        if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0) {
            gzFile f = gzopen(path.c_str(), "wb");
            if (!f || gzwrite(f, s.data(), unsigned(s.size())) != int(s.size()) || gzclose(f) != Z_OK)
                throw std::runtime_error("cannot write " + path);
        } else {
            write_file(path, s);
        }
    }
    // mem-*-cmdq.bin: slot i at byte 32 * i, little-endian doublewords.
    void save_cmdq(const std::string &path, size_t bytes = 65536) const
    {
        std::string b(bytes, '\0');
        for (size_t s = 0; s < queue_.size() && (s + 1) * 32 <= bytes; s++)
            for (size_t i = 0; i < 4; i++)
                for (size_t k = 0; k < 8; k++)
                    b[s * 32 + i * 8 + k] = char(queue_[s][i] >> (8 * k));
        write_file(path, b);
    }
    // its-cmds*.tsv, in the kvm-unit-tests captures' columns: every command
    // as this writer's process ran it (`instance`: main, or src/dst).
    struct command_row {
        uint64_t usec;
        uint32_t slot;
        std::string name, instance;
        raw_command raw;
    };
    std::vector<command_row> command_rows(const std::string &instance = "main") const
    {
        std::vector<command_row> rows;
        for (const listed &c : commands_)
            rows.push_back({c.usec, c.slot, c.name, instance, c.raw});
        return rows;
    }
    // The file for rows of one or more processes, numbered across them. With
    // `wrapped`, a row whose slot a later row reuses has empty raw columns and
    // raw_check slot-overwritten-later, as when the raw bytes come from the
    // queue at the end of a run that wrapped it.
    static std::string its_cmds_tsv(const std::vector<command_row> &rows, bool wrapped = false)
    {
        std::string s = "seq\thost_time\tqemu_instance\tissuer\tcmdq_index\topcode\ttrace_fields\t"
                        "outcome/table_writes\traw_dw0\traw_dw1\traw_dw2\traw_dw3\traw_decoded\traw_check\n";
        std::vector<bool> reused(rows.size());
        std::vector<bool> seen(1u << 16);
        for (size_t i = rows.size(); i-- > 0;) {
            const uint32_t slot = rows[i].slot & 0xffff;
            reused[i] = wrapped && seen[slot];
            seen[slot] = true;
        }
        for (size_t i = 0; i < rows.size(); i++) {
            const command_row &c = rows[i];
            s += std::to_string(i) + "\t" + seconds(c.usec) + "\t" + c.instance + "\tcpu0\t" + std::to_string(c.slot) +
                 "\t" + c.name + "\t\t";
            for (uint64_t dw : c.raw) {
                char b[24];
                std::snprintf(b, sizeof b, "\t%016llx", (unsigned long long)dw);
                s += reused[i] ? "\t" : b;
            }
            s += reused[i] ? "\t\tslot-overwritten-later\n" : "\t\tok\n";
        }
        return s;
    }
    void save_its_cmds(const std::string &path, bool wrapped = false) const
    {
        write_file(path, its_cmds_tsv(command_rows(), wrapped));
    }
    // cpu-table-writes*.tsv: the header, then one line per store.
    static std::string table_writes_header()
    {
        return "host_time\tcpu\ttable\taddr\toffset\told\tnew\tmeaning\twriter(pc->source)\n";
    }
    std::string table_write_rows() const
    {
        std::string s;
        for (const stored &t : stores_)
            s += seconds(t.usec) + "\t" + std::to_string(t.cpu) + "\t" + t.table + "\t" + hex(t.pa) + "\t0x0\t" +
                 hex(t.old_byte) + "\t" + hex(t.new_byte) + "\tsynthetic\tqemu_trace_writer\n";
        return s;
    }
    void save_table_writes(const std::string &path) const { write_file(path, table_writes_header() + table_write_rows()); }
    static void write_file(const std::string &path, const std::string &bytes)
    {
        std::ofstream f(path, std::ios::binary);
        f.write(bytes.data(), std::streamsize(bytes.size()));
        if (!f)
            throw std::runtime_error("cannot write " + path);
    }

private:
    struct listed {
        uint64_t usec;
        uint32_t slot;
        std::string name;
        raw_command raw;
    };
    struct stored {
        uint64_t usec;
        uint32_t cpu;
        uint64_t pa;
        uint8_t old_byte, new_byte;
        std::string table;
    };

    // "<what> offset 0x.. [data 0x..] size N<tail>": every register access's message.
    writer &access(const char *name, const std::string &what, uint64_t off, const uint64_t *data, unsigned size,
                   const char *tail)
    {
        return event(name, what + " offset " + hex(off) + (data ? " data " + hex(*data) : std::string()) + " size " +
                               std::to_string(size) + tail);
    }
    static std::string redist(uint32_t rd) { return "GICv3 redistributor " + hex(rd); }

    writer &command(uint32_t opcode, const std::string &event_suffix, const std::string &operands, raw_command raw)
    {
        const uint32_t s = next_slot_++;
        process_command(s, opcode);
        commands_.push_back({usec_, s, operands.substr(0, operands.find(' ')), raw});
        if (queue_.size() <= s)
            queue_.resize(s + 1, raw_command{0, 0, 0, 0});
        queue_[s] = raw;
        return cmd_line(event_suffix, operands);
    }
    writer &event_command(uint32_t opcode, const char *suffix, const char *name, uint32_t dev, uint32_t ev)
    { return command(opcode, suffix, name + dev_ev(dev, ev), {opcode | uint64_t(dev) << 32, ev, 0, 0}); }
    writer &icc(const char *name, const std::string &what, uint32_t cpu, uint64_t value)
    { return event(name, "GICv3 " + what + " cpu " + hex(cpu) + " value " + hex(value)); }
    static std::string dev_ev(uint32_t dev, uint32_t ev) { return " DeviceID " + hex(dev) + " EventID " + hex(ev); }
    static std::string ite(uint64_t itt_addr, uint32_t ev)
    { return "GICv3 ITS: Interrupt Table read for ITTaddr " + hex(itt_addr) + " EventID " + hex(ev); }
    template <class T> static std::string dec(T v) { return std::to_string(v); }
    static std::string seconds(uint64_t usec)
    {
        char b[40];
        std::snprintf(b, sizeof b, "%llu.%06llu", (unsigned long long)(usec / 1000000), (unsigned long long)(usec % 1000000));
        return b;
    }
    uint64_t thread_, usec_;
    uint32_t next_slot_ = 0;
    std::vector<std::string> lines_;
    std::vector<raw_command> queue_;
    std::vector<listed> commands_;
    std::vector<stored> stores_;
};

} // namespace qemu_trace
