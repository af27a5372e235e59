# SPDX-License-Identifier: Apache-2.0
# Command-line tests of its-vp --replay, one CASE per CTest test:
#   cmake -DITS_VP=<its-vp> -DSYNTH=<its-replay-synth> -DTRACES=<traces/> -DCASE=<case> -DWORK=<dir>
#         -P its_vp_replay.cmake
# Each case runs the binary on a shared capture, a tampered copy of one, or
# synthetic traces, and checks the exit code, the report and its last line.
cmake_minimum_required(VERSION 3.20)

if(NOT ITS_VP OR NOT SYNTH OR NOT TRACES OR NOT CASE OR NOT WORK)
  message(FATAL_ERROR "usage: cmake -DITS_VP=.. -DSYNTH=.. -DTRACES=.. -DCASE=.. -DWORK=.. -P ${CMAKE_CURRENT_LIST_FILE}")
endif()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(linux "${TRACES}/linux-6.1-qemu-7.2/trace-A.log.gz")
set(kvm_dir "${TRACES}/kvm-unit-tests-qemu-7.2/its-trigger")
set(migration_dir "${TRACES}/kvm-unit-tests-qemu-7.2/its-migration")

include("${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake")

# Runs the generator; sets `line` to the line it says the report must name.
function(synth mode)
  execute_process(COMMAND "${SYNTH}" ${mode} "${WORK}" "${kvm_dir}" RESULT_VARIABLE r OUTPUT_VARIABLE o
                  ERROR_VARIABLE e)
  if(NOT r EQUAL 0)
    message(FATAL_ERROR "${CASE}: its-replay-synth ${mode}: ${e}")
  endif()
  string(STRIP "${o}" o)
  set(line "${o}" PARENT_SCOPE)
endfunction()

# A replay that ran to the end: nothing on stderr, and the last line of
# stdout is exactly the summary, with the counts given.
function(expect_summary status msis matched mismatched delivered merged)
  expect_eq("${rc}" "${status}" "exit code")
  expect_eq("${err}" "" "stderr")
  string(REGEX MATCH "[^\n]*\n$" last "${out}")
  expect_eq("${last}" "replay: ${msis} msis, ${matched} matched, ${mismatched} mismatched, ${delivered} delivered, ${merged} merged\n"
            "last line")
  if(NOT last MATCHES "^replay: [0-9]+ msis, [0-9]+ matched, [0-9]+ mismatched, [0-9]+ delivered, [0-9]+ merged\n$")
    fail("last line format")
  endif()
endfunction()

# A trace the replay cannot use: status 2, nothing run, one line on stderr
# starting with the file and line.
function(expect_error where what)
  expect_eq("${rc}" "2" "exit code")
  expect_eq("${out}" "" "stdout")
  expect_eq("${err}" "its-vp: ${where}: ${what}\n" "stderr")
endfunction()

if(CASE STREQUAL "linux")
  its_vp(--replay "${linux}")
  expect_summary(0 596 596 0 596 0)
  expect_contains("${out}" "replay: 1 trace, 4 CPUs, " "first line")

# A misspelt event name is an error naming its line, not a line skipped.
elseif(CASE STREQUAL "unknown_event")
  file(WRITE "${WORK}/trace.log"
       "1@1.000001:gicv3_icc_pmr_write GICv3 ICC_PMR write cpu 0x0 value 0xf0\n"
       "1@1.000002:gicv3_icc_igrpen_wirte GICv3 ICC_IGRPEN1 write cpu 0x0 value 0x1\n")
  its_vp(--replay "${WORK}/trace.log")
  expect_error("${WORK}/trace.log:2"
               "unknown event 'gicv3_icc_igrpen_wirte': not one of QEMU 7.2's GICv3 trace events (docs/replay.md lists them)")

elseif(CASE STREQUAL "kvm_unit_tests")
  its_vp(--replay "${kvm_dir}/trace.log.gz")
  expect_summary(0 0 0 0 4 0)

# Two traces sharing its-cmds.tsv and cpu-table-writes-test.tsv.
elseif(CASE STREQUAL "kvm_its_migration")
  its_vp(--replay "${migration_dir}/trace-src.log.gz" "${migration_dir}/trace-dst.log.gz")
  expect_summary(0 0 0 0 2 0)
  expect_contains("${out}" "replay: 2 traces, 4 CPUs, " "first line")
  expect_contains("${out}" "replay: note: trace-dst.log.gz: commands 0..1: raw bytes from its-cmds.tsv (raw_dw0..raw_dw3, qemu_instance dst)"
                  "notes")
  expect_contains("${out}" "replay: registers: 30 reads compared, 0 exempt, 0 refused writes checked\n" "register line")

# The destination has no set-up of its own: alone, it cannot be replayed.
elseif(CASE STREQUAL "kvm_its_migration_destination_alone")
  its_vp(--replay "${migration_dir}/trace-dst.log.gz")
  expect_error("${migration_dir}/trace-dst.log.gz:1"
               "a command with no valid GITS_CBASER written before it: the queue is nowhere (a continuation needs the trace(s) before it)")

elseif(CASE STREQUAL "micro_bench_lpi")
  synth(micro-bench-lpi)
  its_vp(--replay "${WORK}/trace.log.gz")
  expect_summary(0 0 0 0 65536 0)
  expect_contains("${out}" "replay: 1 trace, 2 CPUs, " "first line")
  expect_contains("${out}" " command(s) with empty raw_dw0..raw_dw3 in its-cmds.tsv (slot-overwritten-later" "notes")

elseif(CASE STREQUAL "pending_migration")
  synth(pending-migration)
  its_vp(--replay "${WORK}/trace-src.log.gz" "${WORK}/trace-dst.log.gz")
  expect_summary(0 0 0 0 256 0)

elseif(CASE STREQUAL "unmapped_collection")
  synth(unmapped-collection)
  its_vp(--replay "${WORK}/trace-src.log.gz" "${WORK}/trace-dst.log.gz")
  expect_summary(0 0 0 0 1 0)

elseif(CASE STREQUAL "empty_continuation")
  synth(empty-continuation)
  its_vp(--replay "${WORK}/trace-src.log.gz" "${WORK}/trace-dst.log.gz")
  expect_summary(0 0 0 0 0 0)
  expect_contains("${out}" "replay: note: trace-dst.log.gz: nothing in it the replay uses" "notes")

# Register accesses only: the reads and refused writes are the checks.
elseif(CASE STREQUAL "introspection")
  synth(introspection)
  its_vp(--replay "${WORK}/trace.log.gz")
  expect_summary(0 0 0 0 0 0)
  expect_contains("${out}" "replay: 1 trace, 4 CPUs, " "first line")
  expect_contains("${out}" "replay: note: no CPU or redistributor in the trace: the replay's machine is QEMU virt with 4 CPUs"
                  "notes")
  expect_contains("${out}" "replay: registers: 20 reads compared, 0 exempt, 3 refused writes checked\nreplay: 0 msis"
                  "register line")

elseif(CASE STREQUAL "wrong_register")
  synth(wrong-register)
  its_vp(--replay "${WORK}/trace.log.gz")
  expect_summary(1 0 0 1 0 0)
  expect_contains("${out}" "replay: mismatch: ${WORK}/trace.log.gz:${line}: GITS offset 0x8 reads 0x1f0001efb1 in the model, 0x1f0001efb3 in the reference (GITS_TYPER): the platform is not the traced machine"
                  "report")
  expect_contains("${out}" "replay: registers: 21 reads compared, " "register line")

elseif(CASE STREQUAL "stats_json")
  its_vp(--replay "${linux}" --stats-json "${WORK}/stats.json" --set its.mode=accurate)
  expect_summary(0 596 596 0 596 0)
  file(READ "${WORK}/stats.json" j)
  foreach(key_value "msis;596" "matched;596" "mismatched;0" "msis_delivered;596" "passed;ON" "cpus;4")
    list(GET key_value 0 key)
    list(GET key_value 1 value)
    string(JSON v GET "${j}" ${key})
    expect_eq("${v}" "${value}" "stats.${key}")
  endforeach()
  string(JSON mode GET "${j}" config its mode)
  expect_eq("${mode}" "accurate" "config.its.mode")

elseif(CASE STREQUAL "migration")
  synth(migration)
  its_vp(--replay "${WORK}/trace-src.log.gz" "${WORK}/trace-dst.log.gz")
  expect_summary(0 16 16 0 16 0)
  expect_contains("${out}" "replay: 2 traces, 4 CPUs, " "first line")

elseif(CASE STREQUAL "extra_acknowledge")
  synth(extra-ack)
  its_vp(--replay "${WORK}/trace.log")
  expect_summary(1 0 0 1 4 0)
  expect_contains("${out}" "replay: mismatch: ${WORK}/trace.log:${line}: cpu 2: the reference acknowledged LPI 8196 here"
                  "report")

elseif(CASE STREQUAL "missing_acknowledge")
  synth(missing-ack)
  its_vp(--replay "${WORK}/trace.log")
  expect_summary(1 0 0 1 3 0)
  expect_contains("${out}" "cpu 2: LPI 8196 is still deliverable in the model when the trace ends" "report")
  expect_contains("${out}" "replay: mismatch: ${WORK}/trace.log:" "report")

elseif(CASE STREQUAL "wrong_intid")
  synth(wrong-intid)
  its_vp(--replay "${WORK}/trace.log")
  expect_summary(1 0 0 1 4 0)
  expect_contains("${out}" "replay: mismatch: ${WORK}/trace.log:${line}: INT DeviceID 0x7 EventID 0xff: model INTID 8196 on cpu 2, reference INTID 8197 on cpu 2"
                  "report")

elseif(CASE STREQUAL "unknown_register")
  synth(unknown-register)
  its_vp(--replay "${WORK}/trace.log")
  expect_error("${WORK}/trace.log:${line}" "ITS offset 0xc0 is a register the model lacks (write)")

elseif(CASE STREQUAL "unknown_command")
  synth(unknown-command)
  its_vp(--replay "${WORK}/trace.log")
  expect_eq("${rc}" "2" "exit code")
  expect_eq("${out}" "" "stdout")
  expect_contains("${err}" "its-vp: ${WORK}/trace.log:${line}: command 0x29 (VMAPP, GICv4)" "stderr")

# Linux uses INV for every byte it changes: a two-byte configuration cache,
# evicting all the time, changes nothing it can see.
elseif(CASE STREQUAL "property_cache")
  its_vp(--replay "${linux}" --set gic.property_cache=2x1)
  expect_summary(0 596 596 0 596 0)

elseif(CASE STREQUAL "bad_property_cache")
  its_vp(--replay "${linux}" --set gic.property_cache=3x2)
  expect_eq("${rc}" "2" "exit code")
  expect_eq("${out}" "" "stdout")
  expect_eq("${err}" "its-vp: gic.property_cache: '3x2' is not unbounded or <entries>x<ways> (decimal) with entries a multiple of ways, at most 1048576\n"
            "stderr")

elseif(CASE STREQUAL "unparsable")
  synth(garbage)
  its_vp(--replay "${WORK}/trace.log")
  expect_eq("${rc}" "2" "exit code")
  expect_eq("${out}" "" "stdout")
  expect_contains("${err}" "its-vp: ${WORK}/trace.log:${line}: " "stderr")

elseif(CASE STREQUAL "empty_trace")
  file(WRITE "${WORK}/trace.log" "1@1.000000:gicv3_cpuif_update GICv3 CPU i/f 0x0 HPPI update: irq 27 group 2 prio 0\n")
  its_vp(--replay "${WORK}/trace.log")
  expect_error("${WORK}/trace.log:0" "nothing in it the replay uses")

elseif(CASE STREQUAL "missing_file")
  its_vp(--replay "${WORK}/no-such-trace.log.gz")
  expect_eq("${rc}" "2" "exit code")
  expect_contains("${err}" "its-vp: ${WORK}/no-such-trace.log.gz" "stderr")

else()
  message(FATAL_ERROR "unknown case ${CASE}")
endif()
