// SPDX-License-Identifier: Apache-2.0
// Writes a scenario's traces as QEMU log files (qemu_trace::writer) with the
// side files the loader reads beside them, so a test can go through
// gicv3_vp::replay::load() as a real capture does: trace-<tag>.log.gz,
// its-cmds-<tag>.tsv (every command's raw bytes) and cpu-table-writes-<tag>.tsv,
// or the kvm-unit-tests layout of files shared by all traces.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "qemu_trace_writer.h"
#include "scenario.h"

namespace rs {

// How a renderer names and lays out the side files.
struct side_layout {
    // false: its-cmds-<tag>.tsv and cpu-table-writes-<tag>.tsv per trace;
    // true: one its-cmds.tsv for all traces (a qemu_instance column, rows
    // numbered across them) and one cpu-table-writes-test.tsv, as the
    // kvm-unit-tests migration captures have.
    bool shared = false;
    // The command list's raw bytes from the queue at the end: the rows of
    // slots a later command reused are empty (slot-overwritten-later).
    bool wrapped = false;
};

class renderer {
public:
    // A vCPU's events come from thread 2000 + cpu, MSIs from an I/O thread.
    static constexpr uint64_t kVcpuThread = 2000, kIoThread = 1999;

    using layout = side_layout;

    // Writes one file per trace (tags[i] names trace i); returns the paths.
    std::vector<std::string> write(const std::vector<trace> &traces, const std::string &dir,
                                   const std::vector<std::string> &tags, layout how = {})
    {
        std::filesystem::create_directories(dir);
        std::vector<std::string> paths;
        std::vector<qemu_trace::writer::command_row> rows;
        std::string stores = qemu_trace::writer::table_writes_header();
        uint64_t clock = 1000000000ull;
        for (size_t i = 0; i < traces.size(); i++) {
            qemu_trace::writer w(kVcpuThread, clock);
            for (const event &e : traces[i].events)
                put(w, e);
            const std::string &tag = tags.at(i); // "": trace.log.gz, a single process ("main")
            const std::string dash = tag.empty() ? "" : "-" + tag;
            paths.push_back(dir + "/trace" + dash + ".log.gz");
            w.save(paths.back());
            if (how.shared) {
                for (const auto &r : w.command_rows(tag.empty() ? "main" : tag))
                    rows.push_back(r);
                stores += w.table_write_rows();
            } else {
                qemu_trace::writer::write_file(dir + "/its-cmds" + dash + ".tsv",
                                               qemu_trace::writer::its_cmds_tsv(w.command_rows(), how.wrapped));
                w.save_table_writes(dir + "/cpu-table-writes" + dash + ".tsv");
            }
            clock = w.now() + 1000000; // a migration takes a while
        }
        if (how.shared) {
            qemu_trace::writer::write_file(dir + "/its-cmds.tsv", qemu_trace::writer::its_cmds_tsv(rows, how.wrapped));
            qemu_trace::writer::write_file(dir + "/cpu-table-writes-test.tsv", stores);
        }
        return paths;
    }

private:
    struct itt {
        uint64_t addr;
        uint32_t size;
    };

    void put(qemu_trace::writer &w, const event &e)
    {
        w.on(kVcpuThread + e.cpu);
        switch (e.kind) {
        case op::its_write: w.on(kVcpuThread).its_write(e.offset, e.data, e.size); break;
        case op::its_read: w.on(kVcpuThread).its_read(e.offset, e.data, e.size); break;
        case op::redist_write: w.redist_write(e.cpu, e.offset, e.data, e.size); break;
        case op::redist_read: w.redist_read(e.cpu, e.offset, e.data, e.size); break;
        case op::dist_write: w.dist_write(e.offset, e.data, e.size); break;
        case op::dist_read: w.dist_read(e.offset, e.data, e.size); break;
        case op::iar1: w.iar1(e.cpu, e.data); break;
        case op::eoir1: w.eoir(e.cpu, e.data); break;
        case op::pmr_write: w.pmr_write(e.cpu, e.data); break;
        case op::igrpen1_write: w.igrpen_write(e.cpu, e.data); break;
        case op::table_store: {
            uint8_t &old = bytes_[e.pa];
            w.store(0, e.pa, old, uint8_t(e.data), e.pa >= 0x40500000 ? "pend" : "prop");
            old = uint8_t(e.data);
            break;
        }
        case op::command: w.on(kVcpuThread); command(w, e); break;
        case op::msi:
            w.on(kIoThread).translation_write(e.device_id, e.event_id, e.size ? e.size : 4);
            reads(w, e);
            break;
        }
    }

    void command(qemu_trace::writer &w, const event &e)
    {
        const uint64_t *r = e.raw;
        uint32_t dev = uint32_t(r[0] >> 32), ev = uint32_t(r[1]), icid = uint32_t(r[2] & 0xFFFF);
        w.slot(e.slot);
        switch (e.opcode) {
        case ITS_CMD_MAPD:
            devices_[dev] = {r[2] & 0x000FFFFFFFFFFF00ull, uint32_t(r[1] & 0x1F)};
            w.mapd(dev, uint32_t(r[1] & 0x1F), r[2] & 0x000FFFFFFFFFFF00ull, r[2] >> 63);
            break;
        case ITS_CMD_MAPC: w.mapc(icid, uint32_t(r[2] >> 16) & 0xFFFF, r[2] >> 63); break;
        case ITS_CMD_MAPTI: w.mapti(dev, ev, icid, uint32_t(r[1] >> 32)); break;
        case ITS_CMD_MOVI: w.movi(dev, ev, icid); break;
        case ITS_CMD_INT: w.int_(dev, ev), reads(w, e); break;
        case ITS_CMD_CLEAR: w.clear(dev, ev); break;
        case ITS_CMD_INV: w.inv(dev, ev); break;
        case ITS_CMD_DISCARD: w.discard(dev, ev); break;
        case ITS_CMD_SYNC: w.sync(uint32_t(r[2] >> 16)); break;
        case ITS_CMD_INVALL: w.invall(icid); break;
        case ITS_CMD_MOVALL: w.movall(uint32_t(r[2] >> 16), uint32_t(r[3] >> 16)); break;
        default: // not one of the twelve: the line QEMU prints for it
            w.process_command(e.slot, e.opcode).cmd_line("unknown", "UNKNOWN");
            break;
        }
    }

    // The reference ITS's table reads for an MSI or INT, as QEMU logs them.
    void reads(qemu_trace::writer &w, const event &e)
    {
        const gicv3_vp::replay::reference &f = e.ref;
        auto d = devices_.find(e.device_id);
        if (f.drop == "unmapped_device" || d == devices_.end()) {
            w.dte_read(e.device_id, false, 0, 0);
            return;
        }
        w.dte_read(e.device_id, true, d->second.size, d->second.addr);
        if (f.drop == "event_oor")
            return;
        uint64_t ite = d->second.addr;
        if (f.drop == "unmapped_event")
            w.ite_read(ite, e.event_id, false, 0, 0, 0);
        else if (f.drop == "unmapped_collection")
            w.ite_read(ite, e.event_id, true, f.intid, f.icid).cte_read(f.icid, false, 0);
        else
            w.ite_read(ite, e.event_id, true, f.intid, f.icid).cte_read(f.icid, true, f.rdbase);
    }

    std::map<uint32_t, itt> devices_;
    std::map<uint64_t, uint8_t> bytes_;
};

} // namespace rs
