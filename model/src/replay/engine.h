// SPDX-License-Identifier: Apache-2.0
// Private to the replay engine: the replay platform and its driver (one
// module), shared by replay_platform.cpp (building it, the result) and
// replayer.cpp (walking the events).
#pragma once

#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <systemc>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "checks.h"
#include "gicv3/its.h"
#include "gicv3/gic.h"
#include "gicv3_vp/machine.h"
#include "gicv3_vp/memory.h"
#include "gicv3_vp/msi_ledger.h"
#include "gicv3_vp/router.h"

namespace gicv3_vp::replay {

constexpr uint32_t kFirstLpi = 8192;
constexpr unsigned kDefaultCpus = 4; // a trace that names no CPU: QEMU virt -smp 4 (docs/replay.md)
constexpr unsigned kMaxCpus = 123;    // the redistributors of QEMU virt's first GICR region
constexpr uint64_t kGitsCtlr = 0x0, kGitsCbaser = 0x80, kGitsCwriter = 0x88, kGitsCreadr = 0x90; // GITS_*
constexpr uint64_t kRamEnd = 1ull << 48; // RAM from address_map::ram up: any table a trace programs
constexpr uint64_t kLevel2Pages = 1ull << 40; // level-2 table pages the replay provides: far above any traced RAM

// The replay cannot go on: the trace uses something the model lacks.
struct stop : std::runtime_error {
    stop(const origin &at, const std::string &what) : std::runtime_error(where(at) + ": " + what) {}
};

inline uint64_t masked(uint64_t v, unsigned size) { return size >= 8 ? v : v & ((1ull << (8 * size)) - 1); }

class engine : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<engine, 64> port; // the traced CPUs and devices

    engine(sc_core::sc_module_name name, const std::vector<replay::trace> &traces, unsigned cpus, const options &opt,
           report &out);
    void finish(); // after the simulation: what the ledger and the ITS counted

private:
    void build(const platform_config &pc);
    void run();
    void step(const event &e);
    uint64_t access(const origin &at, tlm::tlm_command cmd, uint64_t addr, unsigned size, uint64_t data);
    void register_access(const event &e);          // registers.cpp, with its checks
    std::vector<uint64_t> snapshot(bool its, unsigned cpu) const;
    void its_write(const event &e);
    void provide_level2(const event &cmd);
    void wait_for_commands(const event &cwriter);
    void command_done(const event &cmd, const gicv3::command_record &c, const std::vector<gicv3::lpi_event> &sets);
    void msi(const event &e);
    void iar1(const event &e);
    void eoir1(const event &e);
    void drain_at_end(const origin &at);
    unsigned cpu_of(const event &e) const;
    void sync() { qk_.sync(); }

    const std::vector<replay::trace> &traces_;
    unsigned cpus_;
    report &r_;
    checker check_;

    std::unique_ptr<machine> m_;
    memory *ram_ = nullptr;      // parts of m_, named for the engine's code
    gicv3::its *its_ = nullptr;
    gicv3::gic *gic_ = nullptr;
    msi_ledger ledger_;
    tlm_utils::tlm_quantumkeeper qk_;

    uint64_t cbaser_ = 0;                          // as the trace programmed it
    std::vector<const event *> batch_;             // commands listed since the last CWRITER write
    std::optional<gicv3::msi_record> last_msi_;    // the ITS's answer to the MSI being sent
    struct ran {
        gicv3::command_record rec;
        std::vector<gicv3::lpi_event> sets; // what it made pending
    };
    std::vector<ran> ran_;                         // commands the model ran since the CWRITER write
    std::vector<gicv3::lpi_event> sets_;                  // LPIs made pending by the running command
    sc_core::sc_event command_event_;
    bool in_commands_ = false;                     // the driver waits for the command engine
    uint64_t next_level2_ = kLevel2Pages;
    unsigned level2_provided_[2] = {0, 0};         // device, collection
    std::vector<std::vector<uint32_t>> active_;    // per CPU: the model's INTID per LPI acknowledge not yet EOI'd
    bool draining_ = false;
};

} // namespace gicv3_vp::replay
