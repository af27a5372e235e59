// SPDX-License-Identifier: Apache-2.0
// its-replay-synth MODE DIR [CAPTURE_DIR]: writes traces for the its-vp
// --replay command-line tests (testbench/cli/its_vp_replay.cmake) and prints
// the 1-based line the test should see named, if any.
//   migration   DIR/trace-src.log.gz, DIR/trace-dst.log.gz and their side
//               files: a 4-CPU machine set up and used on the source, used
//               on the destination with no set-up of its own
//   micro-bench-lpi     DIR/trace.log.gz, its-cmds.tsv (the rows of reused
//               slots without raw bytes), cpu-table-writes-test.tsv: 65,536
//               INTs through a 64 KB queue on 2 CPUs
//   pending-migration, unmapped-collection, empty-continuation
//               DIR/trace-src.log.gz, DIR/trace-dst.log.gz (empty for the
//               last), one its-cmds.tsv and one cpu-table-writes-test.tsv
//   introspection, wrong-register
//               DIR/trace.log.gz: ITS register accesses only (the second
//               with one read the model answers otherwise: its line printed)
//   extra-ack, missing-ack, wrong-intid, unknown-register, unknown-command,
//   garbage     CAPTURE_DIR's trace.log.gz (kvm-unit-tests its-trigger)
//               tampered, as DIR/trace.log beside copies of its side files
#include <algorithm>
#include <iostream>

#include "family.h"
#include "files.h"
#include "render.h"
#include "scenario.h"

namespace {

void migration(const std::string &dir)
{
    rs::scenario s(4);
    s.bring_up();
    s.mapd(0x10, 3);
    for (uint32_t ev = 0; ev < 8; ev++)
        s.map_event(0x10, ev, rs::kLpi0 + ev, ev % 4);
    for (uint32_t ev = 0; ev < 8; ev++)
        s.msi(0x10, ev);
    s.ack(0), s.ack(1);
    s.next_trace("dst");
    s.ack_all();
    s.movi(0x10, 5, 3);
    for (uint32_t ev = 0; ev < 8; ev++)
        s.msi(0x10, ev);
    s.ack_all();
    rs::renderer().write(s.traces(), dir, {"src", "dst"});
}

// The kvm-unit-tests group's shapes (family.h), in the group's file layout.
// Returns false for a mode that is not one of them.
bool family(const std::string &mode, const std::string &dir)
{
    const rs::side_layout shared{true, false};
    rs::scenario s(1);
    if (mode == "micro-bench-lpi") {
        s = rs::micro_bench_lpi(65536);
        rs::renderer().write(s.traces(), dir, {""}, {true, true});
        return true;
    }
    if (mode == "pending-migration")
        s = rs::pending_migration();
    else if (mode == "unmapped-collection" || mode == "empty-continuation")
        s = rs::unmapped_collection_migration();
    else if (mode == "introspection" || mode == "wrong-register") {
        qemu_trace::writer w = rs::introspection();
        if (mode == "wrong-register") {
            const std::string before = w.str();
            w.its_read(0x8, 0x1f0001efb3, 8); // another ITS's GITS_TYPER
            std::cout << std::count(before.begin(), before.end(), '\n') + 1 << "\n";
        }
        w.save(dir + "/trace.log.gz");
        return true;
    } else
        return false;
    if (mode == "empty-continuation")
        s.traces()[1].events.clear();
    rs::renderer().write(s.traces(), dir, {"src", "dst"}, shared);
    return true;
}

size_t find(const std::vector<std::string> &lines, const std::string &a, const std::string &b = "")
{
    for (size_t i = 0; i < lines.size(); i++)
        if (lines[i].find(a) != std::string::npos && lines[i].find(b) != std::string::npos)
            return i;
    throw std::runtime_error("no line with " + a + " " + b);
}

// Returns the 0-based index of the line the replay should name (or -1).
long tamper(const std::string &mode, std::vector<std::string> &lines)
{
    const std::string ack = "gicv3_icc_iar1_read", eoi = "gicv3_icc_eoir_write";
    size_t i;
    if (mode == "extra-ack") { // CPU 2 takes LPI 8196 twice: the second time nothing is pending
        i = find(lines, ack, "cpu 0x2 value 0x2004");
        size_t j = find(lines, eoi, "cpu 0x2 value 0x2004");
        lines.insert(lines.begin() + long(j) + 1, {lines[i], lines[j]});
        return long(j) + 1;
    }
    if (mode == "missing-ack") { // nothing raises 8196 again: still deliverable at the end
        lines.erase(lines.begin() + long(find(lines, eoi, "cpu 0x2 value 0x2004")));
        lines.erase(lines.begin() + long(find(lines, ack, "cpu 0x2 value 0x2004")));
        return -1;
    }
    if (mode == "wrong-intid") { // the reference's ITE for INT DeviceID 7 EventID 0xff names 8197
        i = find(lines, "gicv3_its_ite_read", "EventID 0xff");
        lines[i].replace(lines[i].find("intid 0x2004"), 12, "intid 0x2005");
        return long(find(lines, "processing command at offset 0x9:"));
    }
    if (mode == "unknown-register") { // GITS offset 0xc0: reserved in the model
        i = find(lines, "gicv3_its_write", "offset 0x0 data 0x1 size 4");
        std::string l = lines[i];
        lines.insert(lines.begin() + long(i) + 1, l.replace(l.find("offset 0x0 data 0x1 size 4"), 26,
                                                             "offset 0xc0 data 0x1 size 8"));
        return long(i) + 1;
    }
    if (mode == "unknown-command") { // VMAPP, a GICv4 command
        i = find(lines, "processing command at offset 0x8:");
        lines[i].replace(lines[i].rfind("0x3"), 3, "0x29");
        return long(i);
    }
    if (mode == "garbage") {
        lines[4] = "this is not a QEMU log line";
        return 4;
    }
    throw std::runtime_error("unknown mode " + mode);
}

} // namespace

int main(int argc, char **argv)
{
    try {
        if (argc < 3)
            throw std::runtime_error("usage: its-replay-synth MODE DIR [CAPTURE_DIR]");
        std::string mode = argv[1], dir = argv[2];
        rs::fs::create_directories(dir);
        if (mode == "migration") {
            migration(dir);
            return 0;
        }
        if (family(mode, dir))
            return 0;
        if (argc < 4)
            throw std::runtime_error(mode + ": needs the capture's directory");
        rs::copy_side_files(argv[3], dir);
        std::vector<std::string> lines = rs::read_lines(std::string(argv[3]) + "/trace.log.gz");
        long at = tamper(mode, lines);
        rs::write_lines(dir + "/trace.log", lines);
        if (at >= 0)
            std::cout << at + 1 << "\n";
        return 0;
    } catch (const std::exception &e) {
        std::cerr << "its-replay-synth: " << e.what() << "\n";
        return 2;
    }
}
