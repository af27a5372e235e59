// SPDX-License-Identifier: Apache-2.0
// its-vp: runs the bundled virtual platform and reports what every MSI did.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <systemc>

#include "gicv3_vp/checkpoint_file.h"
#include "gicv3_vp/event_trace.h"
#include "gicv3_vp/params.h"
#include "gicv3_vp/platform.h"
#include "gicv3_vp/replay/replayer.h"
#include "gicv3_vp/replay/trace.h"
#include "gicv3_vp/stats_csv.h"

namespace {

// Exit statuses (docs/platform.md): 0 the run completed; 1 the software
// failed, or a replay check failed; 2 a configuration, trace or checkpoint
// the model cannot use; 3 the time limit (max_us) stopped the run with MSIs
// unresolved; 4 an internal error of the model; 5 --checkpoint-at found no
// quiescent instant before the run ended (no checkpoint written).
constexpr int kBadInput = 2, kUnresolved = 3, kInternal = 4, kNoCheckpoint = 5;

// One line: control characters escaped, at most 1000 characters whatever
// the input echoed (each part is cut shorter where it is quoted).
int fail(const std::string &message, int status = kBadInput)
{
    std::cerr << "its-vp: " << gicv3_vp::shorten(message, 1000) << "\n";
    return status;
}

// JSON text that cannot throw: a string that is not valid UTF-8 is written
// with U+FFFD in place of the bad bytes.
std::string json_text(const nlohmann::json &j)
{
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

// --replay: the traces on a platform like the traced machine, checked
// against the reference (docs/replay.md). Exit 0: every check passed and
// every MSI was delivered; 1: a check failed; 2: a trace the replay cannot use.
int replay(const std::vector<std::string> &files, const gicv3_vp::platform_config &config, const std::string &stats_file,
           const nlohmann::json &params)
{
    std::ofstream stats;
    if (!stats_file.empty()) {
        stats.open(stats_file);
        if (!stats)
            return fail(stats_file + ": cannot write the statistics");
    }
    auto start = std::chrono::steady_clock::now();
    std::vector<gicv3_vp::replay::trace> traces;
    try {
        traces = gicv3_vp::replay::load(files); // an empty trace among others is a note; alone, an error
    } catch (const gicv3_vp::replay::trace_error &e) {
        return fail(e.what());
    }
    gicv3_vp::replay::options opt;
    opt.platform = config;
    gicv3_vp::replay::report r = gicv3_vp::replay::replay(traces, opt);
    if (!r.error.empty())
        return fail(r.error);
    double host = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    char line[200];
    std::snprintf(line, sizeof line, "replay: %zu trace%s, %u CPUs, %llu events, simulated %.3f us, host %.3f s\n",
                  files.size(), files.size() == 1 ? "" : "s", r.cpus, (unsigned long long)r.events,
                  r.simulated_ns / 1000, host);
    std::cout << line << gicv3_vp::replay::format(r);
    if (!stats_file.empty()) {
        nlohmann::json j = gicv3_vp::replay::to_json(r);
        j["traces"] = files;
        j["host_seconds"] = host;
        j["config"] = params;
        if (!(stats << json_text(j) << "\n" << std::flush))
            return fail(stats_file + ": cannot write the statistics");
    }
    return r.passed() ? 0 : 1;
}

int run(int argc, char **argv)
{
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    gicv3_vp::platform_config config;
    gicv3_vp::params params;
    gicv3_vp::describe(params, config);

    CLI::App app{"Runs the bundled GICv3 ITS virtual platform: the driver kit brings the ITS up on the CPUs,\n"
                 "the MSI devices send their traffic, every MSI is followed to its end."};
    std::string config_file, stats_file, stats_csv;
    std::vector<std::string> sets, replay_files;
    bool dump = false, markdown = false;
    app.add_option("--config", config_file, "JSON configuration file (parameters as nested objects)");
    app.add_option("--set", sets, "override a parameter: path.to.param=value (repeatable)");
    app.add_option("--stats-json", stats_file, "write the statistics as JSON to this file");
    app.add_option("--stats-csv", stats_csv, "write the statistics as CSV tables (one file per table) into this directory");
    app.add_flag("--dump-config", dump, "print the configuration in effect as JSON and exit");
    app.add_flag("--help-markdown", markdown,
                 "print the parameter reference (the list below) as Markdown and exit "
                 "(docs/configuration.md holds it)");
    std::string trace_out, vcd_out;
    app.add_option("--trace-out", trace_out,
                   "write a Chrome trace-event JSON of the run to this file (Perfetto, chrome://tracing): "
                   "docs/studies.md");
    app.add_option("--vcd", vcd_out,
                   "write waveforms (VCD: interrupt lines, the ITS's queues, table reads in flight) to this file: "
                   "docs/studies.md");
    app.add_option("--replay", replay_files,
                   "replay QEMU trace(s) (plain or .gz; several continue one machine in order) and check the "
                   "model against them: docs/replay.md");
    double checkpoint_at = 0;
    std::string checkpoint_out, restore_file;
    bool memory_digest = false;
    CLI::Option *at_option = app.add_option(
        "--checkpoint-at", checkpoint_at,
        "save a checkpoint at the first quiescent instant at or after this simulated time (us), "
        "into --checkpoint-out; the run goes on as without it: docs/checkpoint.md");
    app.add_option("--checkpoint-out", checkpoint_out, "the checkpoint file --checkpoint-at writes");
    app.add_option("--restore", restore_file,
                   "continue the run saved in this checkpoint file (its configuration; only output options "
                   "may be added): docs/checkpoint.md");
    app.add_flag("--memory-digest", memory_digest,
                 "print a digest of the final simulated memory after the summary (to compare runs)");
    app.footer("Parameters (name, default, range, meaning; a range lists alternatives separated by |):\n" +
               params.help());
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        if (e.get_exit_code() == 0) // --help
            return app.exit(e);
        return fail(std::string(e.what()) + " (its-vp --help lists the options)"); // one line, status 2
    }

    if (markdown) { // the defaults, whatever --config and --set say
        std::cout << params.markdown();
        return 0;
    }
    const bool at_given = at_option->count() > 0;
    const bool checkpointing = at_given || !checkpoint_out.empty();
    if (checkpointing && (!at_given || checkpoint_out.empty()))
        return fail("--checkpoint-at and --checkpoint-out go together");
    if (at_given && !(std::isfinite(checkpoint_at) && checkpoint_at >= 0))
        return fail("--checkpoint-at: " + gicv3_vp::shorten(std::to_string(checkpoint_at)) +
                    " is not a finite, non-negative time in us");
    gicv3_vp::checkpoint saved;
    if (!restore_file.empty()) {
        // The run is the checkpoint's: nothing may change what it continues.
        if (!config_file.empty() || !sets.empty() || checkpointing || !replay_files.empty() || !trace_out.empty() ||
            !vcd_out.empty())
            return fail("--restore continues the checkpoint's run with its configuration: only --stats-json, "
                        "--stats-csv, --memory-digest and --dump-config go with it (not --config, --set, "
                        "--checkpoint-at, --replay, --trace-out, --vcd)");
        try {
            saved = gicv3_vp::read_checkpoint(restore_file);
        } catch (const gicv3::checkpoint_error &e) {
            return fail(e.what());
        }
        try {
            params.load(nlohmann::json::parse(saved.config_json));
        } catch (const gicv3_vp::config_error &e) {
            return fail(restore_file + ": its configuration: " + e.what());
        } catch (const nlohmann::json::exception &e) {
            return fail(restore_file + ": its configuration is not JSON: " + e.what());
        }
    }
    try {
        if (!config_file.empty())
            params.load_file(config_file);
        for (const auto &s : sets)
            params.set(s);
    } catch (const gicv3_vp::config_error &e) {
        return fail(e.what());
    }
    if (dump) {
        std::cout << json_text(params.to_json()) << "\n";
        return 0;
    }

    if (!replay_files.empty() && (!trace_out.empty() || !vcd_out.empty()))
        return fail("--trace-out and --vcd trace the bundled platform's run, not a --replay");
    if (!replay_files.empty() && checkpointing)
        return fail("--checkpoint-at saves the bundled platform's run, not a --replay");
    const sc_core::sc_time max_time(config.max_us, sc_core::SC_US);
    if (checkpointing && !(sc_core::sc_time(checkpoint_at, sc_core::SC_US) < max_time))
        return fail("--checkpoint-at " + std::to_string(checkpoint_at) + " is not before max_us (" +
                    std::to_string(config.max_us) + ")");
    if (!restore_file.empty() && !(saved.time < max_time))
        return fail(restore_file + ": saved at " + saved.time.to_string() + ", not before its max_us");
    if (checkpointing) { // checked now: an unwritable path must not cost a whole run
        const bool existed = static_cast<bool>(std::ifstream(checkpoint_out));
        if (!std::ofstream(checkpoint_out, std::ios::app))
            return fail(checkpoint_out + ": cannot write the checkpoint");
        if (!existed)
            std::remove(checkpoint_out.c_str()); // written only when a quiescent instant comes
    }
    if (!replay_files.empty())
        return replay(replay_files, config, stats_file, params.to_json());

    std::ofstream stats; // opened now: an unwritable path must not cost a whole run
    if (!stats_file.empty()) {
        stats.open(stats_file);
        if (!stats)
            return fail(stats_file + ": cannot write the statistics");
    }
    if (!stats_csv.empty()) { // checked now: an unwritable directory must not cost a whole run
        std::string why = gicv3_vp::write_stats_csv(nlohmann::json::object(), stats_csv);
        if (!why.empty())
            return fail(why);
    }
    std::unique_ptr<gicv3_vp::platform> vp;
    try {
        vp = std::make_unique<gicv3_vp::platform>("platform", config);
    } catch (const gicv3_vp::config_error &e) {
        return fail(e.what());
    }
    if (!restore_file.empty()) {
        try {
            vp->restore(saved.sections, saved.time);
        } catch (const gicv3::checkpoint_error &e) {
            return fail(restore_file + ": " + e.what());
        }
    }
    // The trace and the waveforms (docs/studies.md): the files checked now.
    std::ofstream trace_file;
    std::unique_ptr<gicv3_vp::vcd_file> vcd;
    if (!trace_out.empty()) {
        trace_file.open(trace_out);
        if (!trace_file)
            return fail(trace_out + ": cannot write the trace");
    }
    if (!vcd_out.empty()) {
        if (!std::ofstream(vcd_out))
            return fail(vcd_out + ": cannot write the waveforms");
        vcd = std::make_unique<gicv3_vp::vcd_file>(vcd_out);
    }
    vp->trace(!trace_out.empty(), vcd ? vcd->get() : nullptr);
    auto start = std::chrono::steady_clock::now();
    bool checkpoint_taken = false;
    std::string checkpoint_why; // a checkpoint that could not be written
    std::string checkpoint_note;
    if (checkpointing) {
        const std::string config_json = json_text(params.to_json());
        checkpoint_taken = vp->run(sc_core::sc_time(checkpoint_at, sc_core::SC_US), [&] {
            try {
                const auto t0 = std::chrono::steady_clock::now();
                gicv3_vp::checkpoint c{config_json, sc_core::sc_time_stamp(), vp->checkpoint_sections()};
                const size_t bytes = gicv3_vp::write_checkpoint(checkpoint_out, c);
                char line[300];
                std::snprintf(line, sizeof line, "checkpoint: %s at %.3f us, %zu bytes, %zu sections, host %.3f s\n",
                              checkpoint_out.c_str(), c.time.to_seconds() * 1e6, bytes, c.sections.size(),
                              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
                checkpoint_note = line;
            } catch (const gicv3::checkpoint_error &e) {
                checkpoint_why = e.what();
            }
        });
    } else {
        vp->run();
    }
    double host = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (vcd && !vcd->close())
        return fail(vcd_out + ": cannot write the waveforms");
    if (!trace_out.empty()) {
        vp->write_event_trace(trace_file);
        if (!(trace_file << std::flush))
            return fail(trace_out + ": cannot write the trace");
    }

    if (!restore_file.empty())
        std::cout << "checkpoint: restored " << restore_file << " at " << saved.time.to_seconds() * 1e6 << " us\n";
    std::cout << checkpoint_note << vp->summary(host);
    if (memory_digest) {
        char line[64];
        std::snprintf(line, sizeof line, "  memory digest %016llx\n", (unsigned long long)vp->memory_digest());
        std::cout << line;
    }
    if (!stats_file.empty() || !stats_csv.empty()) {
        nlohmann::json j = vp->stats_json(host);
        j["config"] = params.to_json();
        if (!stats_file.empty() && !(stats << json_text(j) << "\n" << std::flush))
            return fail(stats_file + ": cannot write the statistics");
        if (!stats_csv.empty()) {
            std::string why = gicv3_vp::write_stats_csv(j, stats_csv);
            if (!why.empty())
                return fail(why);
        }
    }
    if (!vp->failure().empty())
        return 1;
    if (!checkpoint_why.empty())
        return fail(checkpoint_why);
    if (checkpointing && !checkpoint_taken)
        return fail("no quiescent instant at or after " + std::to_string(checkpoint_at) +
                        " us before the run ended: no checkpoint written (docs/checkpoint.md)",
                    kNoCheckpoint);
    if (!vp->completed()) // a study must not take a cut-off run for a finished one
    {
        char line[300];
        std::snprintf(line, sizeof line,
                      "stopped at the time limit (max_us %g) before the run completed: %llu MSIs unresolved "
                      "(pending_at_end, in_flight_at_end), %llu not yet sent",
                      config.max_us, (unsigned long long)vp->unresolved(), (unsigned long long)vp->not_sent());
        return fail(line, kUnresolved);
    }
    return 0;
}

} // namespace

// Every error ends as one line on stderr with its status: nothing escapes to
// the SystemC kernel, which would report it on stdout as an uncaught
// exception (E549) with status 1.
int sc_main(int argc, char **argv)
{
    try {
        return run(argc, argv);
    } catch (const gicv3_vp::config_error &e) {
        return fail(gicv3_vp::shorten(e.what(), 400));
    } catch (const gicv3_vp::replay::trace_error &e) {
        return fail(gicv3_vp::shorten(e.what(), 400));
    } catch (const gicv3::checkpoint_error &e) {
        return fail(gicv3_vp::shorten(e.what(), 400));
    } catch (const std::bad_alloc &) {
        return fail("out of memory (a configuration too large for this host?)", kInternal);
    } catch (const std::exception &e) {
        return fail(std::string("internal error: ") + gicv3_vp::shorten(e.what(), 400), kInternal);
    } catch (...) {
        return fail("internal error: an unknown exception", kInternal);
    }
}

// The SystemC banner is printed before sc_main runs: silence it first (the
// summary is the output), then hand over to the kernel as its own main would.
int main(int argc, char **argv)
{
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    try {
        return sc_core::sc_elab_and_sim(argc, argv);
    } catch (...) {
        return fail("internal error: an exception outside the simulation", kInternal);
    }
}
