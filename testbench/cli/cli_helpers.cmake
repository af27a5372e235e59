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
