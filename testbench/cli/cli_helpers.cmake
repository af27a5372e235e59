# SPDX-License-Identifier: Apache-2.0
# Helpers shared by the its-vp command-line test scripts (included with -P).

# its_vp(args...): runs the binary; sets rc, out and err.
function(its_vp)
  execute_process(COMMAND "${ITS_VP}" ${ARGN} RESULT_VARIABLE r OUTPUT_VARIABLE o ERROR_VARIABLE e TIMEOUT 50)
  set(rc "${r}" PARENT_SCOPE)
  set(out "${o}" PARENT_SCOPE)
  set(err "${e}" PARENT_SCOPE)
endfunction()

function(fail what)
  message(FATAL_ERROR "${CASE}: ${what}\n--- exit: ${rc}\n--- stdout:\n${out}\n--- stderr:\n${err}")
endfunction()

function(expect_eq actual expected what)
  if(NOT "${actual}" STREQUAL "${expected}")
    fail("${what}: got '${actual}', expected '${expected}'")
  endif()
endfunction()

function(expect_contains text needle what)
  string(FIND "${text}" "${needle}" at)
  if(at EQUAL -1)
    fail("${what}: '${needle}' not found")
  endif()
endfunction()

function(expect_not_contains text needle what)
  string(FIND "${text}" "${needle}" at)
  if(NOT at EQUAL -1)
    fail("${what}: '${needle}' found")
  endif()
endfunction()

# A refused command line or configuration: non-zero exit, exactly one line on
# stderr naming the problem (each needle), and nothing ran (no summary).
function(expect_rejected)
  if("${rc}" STREQUAL "0")
    fail("exit code 0 for a bad command line or configuration")
  endif()
  expect_eq("${out}" "" "stdout (nothing may run)")
  string(REGEX MATCHALL "\n" newlines "${err}")
  list(LENGTH newlines lines)
  expect_eq("${lines}" "1" "lines on stderr")
  string(REGEX MATCH "\n$" trailing "${err}")
  expect_eq("${trailing}" "\n" "stderr ends with its one line")
  expect_contains("${err}" "its-vp: " "stderr")
  foreach(needle IN LISTS ARGN)
    expect_contains("${err}" "${needle}" "stderr")
  endforeach()
endfunction()

# The statistics without what differs from run to run (host time).
function(stats_of file var)
  if(NOT EXISTS "${file}")
    fail("${file} was not written")
  endif()
  file(READ "${file}" j)
  string(JSON j REMOVE "${j}" host_seconds)
  set(${var} "${j}" PARENT_SCOPE)
endfunction()
