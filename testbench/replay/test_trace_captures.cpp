// SPDX-License-Identifier: Apache-2.0
// The two shared captures load, and what the loader makes of them agrees
// with the captures' own side files (msi-A.tsv, its-cmds*.tsv, the final
// property table).
#include <map>

#include "replay_test.h"

using namespace replay_test;
using gicv3_vp::replay::load;

namespace {

const std::string kLinux = traces_dir() + "/linux-6.1-qemu-7.2";
const std::string kKvm = traces_dir() + "/kvm-unit-tests-qemu-7.2/its-trigger";

// A TSV's rows as maps from column name to text.
std::vector<std::map<std::string, std::string>> read_tsv(const std::string &path)
{
    std::ifstream in(path);
    std::vector<std::string> header;
    std::vector<std::map<std::string, std::string>> rows;
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> f;
        size_t from = 0;
        for (size_t tab; (tab = line.find('\t', from)) != std::string::npos; from = tab + 1)
            f.push_back(line.substr(from, tab - from));
        f.push_back(line.substr(from));
        if (header.empty()) {
            header = f;
            continue;
        }
        std::map<std::string, std::string> row;
        for (size_t i = 0; i < header.size() && i < f.size(); i++)
            row[header[i]] = f[i];
        rows.push_back(row);
    }
    return rows;
}

uint64_t num(const std::string &s) { return std::stoull(s, nullptr, 0); }
uint64_t hexnum(const std::string &s) { return std::stoull(s, nullptr, 16); }

// Each command's raw bytes equal the list's raw_dw0..raw_dw3, in order.
void expect_raw_as_listed(const trace &t, const std::string &list)
{
    std::vector<event> cmds = of(t, op::command);
    auto rows = read_tsv(list);
    ASSERT_EQ(cmds.size(), rows.size());
    for (size_t i = 0; i < rows.size(); i++)
        for (int k = 0; k < 4; k++)
            EXPECT_EQ(cmds[i].raw[k], hexnum(rows[i]["raw_dw" + std::to_string(k)])) << "command " << i << " dw" << k;
}

// The trace alone in a scratch directory: no side file to help.
trace load_alone(const scratch &s, const std::string &trace_path)
{
    const std::string copy = s.path(fs::path(trace_path).filename().string());
    fs::copy_file(trace_path, copy);
    return load(copy);
}

} // namespace

TEST(ReplayTraceCaptures, LinuxMsisMatchMsiTsv)
{
    trace t = load(kLinux + "/trace-A.log.gz");
    EXPECT_EQ(t.cpus, 4u);
    std::vector<event> msis = of(t, op::msi);
    auto rows = read_tsv(kLinux + "/msi-A.tsv");
    ASSERT_EQ(msis.size(), 596u);
    ASSERT_EQ(rows.size(), msis.size());
    for (size_t i = 0; i < msis.size(); i++) {
        EXPECT_TRUE(msis[i].ref.delivered) << i;
        EXPECT_EQ(msis[i].device_id, num(rows[i]["devid"])) << i;
        EXPECT_EQ(msis[i].event_id, num(rows[i]["eventid"])) << i;
        EXPECT_EQ(msis[i].ref.intid, num(rows[i]["lpi"])) << i;
        EXPECT_EQ(msis[i].ref.icid, num(rows[i]["icid"])) << i;
        EXPECT_EQ(msis[i].ref.rdbase, num(rows[i]["rdbase"])) << i;
    }
    EXPECT_EQ(of(t, op::iar1).size(), 9198u);
    EXPECT_EQ(of(t, op::eoir1).size(), 9195u);
}

TEST(ReplayTraceCaptures, LinuxCommandsFromTheQueueDump)
{
    trace t = load(kLinux + "/trace-A.log.gz");
    std::vector<event> cmds = of(t, op::command);
    ASSERT_EQ(cmds.size(), 89u);
    for (size_t i = 0; i < cmds.size(); i++)
        EXPECT_EQ(cmds[i].slot, i); // the queue never wrapped
    expect_raw_as_listed(t, kLinux + "/its-cmds-A.tsv");
    EXPECT_NE(std::find(t.notes.begin(), t.notes.end(), "commands 0..88: raw bytes from mem-A-cmdq.bin"), t.notes.end());
}

TEST(ReplayTraceCaptures, LinuxPropertyStoresAgreeWithTheFinalTable)
{
    trace t = load(kLinux + "/trace-A.log.gz");
    std::ifstream in(kLinux + "/mem-A-proptable.bin", std::ios::binary);
    const std::string table((std::istreambuf_iterator<char>(in)), {});
    ASSERT_EQ(table.size(), 57344u); // IDbits 16: INTIDs 8192..65535
    const uint64_t base = 0x425c0000; // GICR_PROPBASER 0x425c078f

    size_t invs = 0, maptis = 0, discards = 0, enables = 0, disables = 0;
    std::map<uint64_t, uint64_t> last; // the final byte the inference left at each address
    std::map<std::pair<uint32_t, uint32_t>, uint8_t> last_op;
    for (size_t i = 0; i < t.events.size(); i++) {
        const event &e = t.events[i];
        if (e.kind == op::command) {
            invs += e.opcode == 0x0c, maptis += e.opcode == 0x0a, discards += e.opcode == 0x0f;
            if (e.opcode == 0x0a || e.opcode == 0x0c || e.opcode == 0x0f)
                last_op[{e.device_id, e.event_id}] = e.opcode;
        }
        if (e.kind != op::table_store)
            continue;
        ASSERT_LT(i + 1, t.events.size());
        const event &inv = t.events[i + 1];
        ASSERT_EQ(inv.kind, op::command);
        ASSERT_EQ(inv.opcode, 0x0c) << "a store just before each INV";
        if (e.data == 0xa3) {
            enables++;
            EXPECT_EQ((last_op[{inv.device_id, inv.event_id}]), 0x0a) << "enable after a MAPTI, line " << inv.at.line;
        } else {
            EXPECT_EQ(e.data, 0xa2u);
            disables++;
        }
        last[e.pa] = e.data;
    }
    EXPECT_EQ(invs, 16u);
    EXPECT_EQ(maptis, 13u);
    EXPECT_EQ(discards, 3u);
    EXPECT_EQ(enables, 13u); // one before the first INV after each MAPTI
    EXPECT_EQ(disables, 3u); // one before the INV ahead of each DISCARD
    ASSERT_EQ(last.size(), 13u);
    for (const auto &[pa, byte] : last) {
        ASSERT_GE(pa, base);
        ASSERT_LT(pa - base, table.size());
        EXPECT_EQ(uint8_t(table[pa - base]), byte) << "INTID " << 8192 + (pa - base);
    }
}

TEST(ReplayTraceCaptures, LinuxCommandsEncodedWithoutSideFiles)
{
    scratch s;
    trace t = load_alone(s, kLinux + "/trace-A.log.gz");
    // 40 SYNC RDbases and 4 INVALL ICIDs inferred; all 89 equal the real bytes.
    expect_raw_as_listed(t, kLinux + "/its-cmds-A.tsv");
    size_t inferred = 0;
    for (const std::string &n : t.notes)
        inferred += n.find(" inferred: ") != std::string::npos && n.rfind("command ", 0) == 0;
    EXPECT_EQ(inferred, 44u);
}

TEST(ReplayTraceCaptures, KvmUnitTestsItsTrigger)
{
    trace t = load(kKvm + "/trace.log.gz");
    EXPECT_EQ(t.cpus, 4u);
    std::vector<event> cmds = of(t, op::command);
    ASSERT_EQ(cmds.size(), 17u);
    expect_raw_as_listed(t, kKvm + "/its-cmds.tsv");
    std::vector<uint64_t> invall;
    for (const event &c : cmds)
        if (c.opcode == 0x0d)
            invall.push_back(c.raw[2] & 0xffff);
    EXPECT_EQ(invall, (std::vector<uint64_t>{2, 3, 3}));
    EXPECT_EQ(of(t, op::iar1).size(), 4u);
    EXPECT_TRUE(of(t, op::msi).empty());

    // INT commands: where the reference sent them; the last after MAPD V=0.
    std::vector<std::string> ints;
    for (const event &c : cmds)
        if (c.opcode == 0x03)
            ints.push_back(c.ref.delivered ? std::to_string(c.ref.intid) + "->" + std::to_string(c.ref.rdbase) : c.ref.drop);
    EXPECT_EQ(ints, (std::vector<std::string>{"8195->3", "8196->2", "8195->3", "8195->3", "8195->3", "unmapped_device"}));

    // The 4 stores from cpu-table-writes-test.tsv, each where its time puts it.
    std::vector<std::string> around; // "<what came before>|<store>|<what comes after>"
    auto name = [](const event &e) {
        return e.kind == op::command ? "cmd" + std::to_string(e.slot) : std::string(gicv3_vp::replay::to_string(e.kind));
    };
    for (size_t i = 1; i + 1 < t.events.size(); i++)
        if (t.events[i].kind == op::table_store) {
            size_t b = i - 1, a = i + 1;
            while (t.events[b].kind == op::table_store)
                b--;
            while (t.events[a].kind == op::table_store)
                a++;
            char byte[8];
            std::snprintf(byte, sizeof byte, "%02llx", (unsigned long long)t.events[i].data);
            around.push_back(name(t.events[b]) + "|" + byte + "|" + name(t.events[a]));
        }
    const std::vector<std::string> want = {
        "its_write|a3|cmd0",       // its_setup1: LPIs 8195, 8196 enabled before the first MAPD
        "its_write|a3|cmd0",
        "eoir1|a2|cmd10",          // 8195 disabled just before the INV
        "its_read|a3|cmd12"};      // re-enabled before INT + INVALL
    EXPECT_EQ(around, want);
    EXPECT_EQ(of(t, op::table_store)[0].pa, 0x40270003u);
    EXPECT_EQ(of(t, op::table_store)[1].pa, 0x40270004u);
}

TEST(ReplayTraceCaptures, KvmInvallIcidsInferredWithoutSideFiles)
{
    scratch s;
    trace t = load_alone(s, kKvm + "/trace.log.gz");
    expect_raw_as_listed(t, kKvm + "/its-cmds.tsv"); // INVALL ICIDs 2, 3, 3 from the inference
}
