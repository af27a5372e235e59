# SPDX-License-Identifier: Apache-2.0
# docs/configuration.md's platform parameter reference is its-vp --help-markdown,
# between the two marker lines. MODE=check (the CTest test docs.configuration)
# fails with a diff when the section differs; MODE=update (scripts/config-doc)
# rewrites it.
#   cmake -DITS_VP=<its-vp> -DDOC=<docs/configuration.md> [-DMODE=check|update] [-DWORK=<dir>] -P config_doc.cmake
cmake_minimum_required(VERSION 3.20)

if(NOT ITS_VP OR NOT DOC)
  message(FATAL_ERROR "usage: cmake -DITS_VP=<its-vp> -DDOC=<configuration.md> [-DMODE=check|update] "
                      "[-DWORK=<dir>] -P ${CMAKE_CURRENT_LIST_FILE}")
endif()
if(NOT MODE)
  set(MODE check)
endif()
set(begin_marker "<!-- BEGIN generated: its-vp --help-markdown (scripts/config-doc rewrites this section) -->")
set(end_marker "<!-- END generated -->")
set(regenerate "scripts/config-doc (after building its-vp; BUILD_DIR=<dir> for another build directory)")

execute_process(COMMAND "${ITS_VP}" --help-markdown RESULT_VARIABLE rc OUTPUT_VARIABLE generated
                ERROR_VARIABLE err TIMEOUT 50)
if(NOT rc STREQUAL "0" OR generated STREQUAL "")
  message(FATAL_ERROR "${ITS_VP} --help-markdown failed (exit ${rc}):\n${err}")
endif()

file(READ "${DOC}" doc)
string(FIND "${doc}" "${begin_marker}\n" b)
string(FIND "${doc}" "\n${end_marker}" e)
if(b EQUAL -1 OR e EQUAL -1 OR e LESS b)
  message(FATAL_ERROR "${DOC}: the generated section must stand between the lines\n${begin_marker}\nand\n"
                      "${end_marker}")
endif()
string(LENGTH "${begin_marker}\n" skip)
math(EXPR from "${b} + ${skip}")
math(EXPR length "${e} + 1 - ${from}")
string(SUBSTRING "${doc}" ${from} ${length} current)
string(SUBSTRING "${doc}" 0 ${from} head)
math(EXPR tail_at "${e} + 1")
string(SUBSTRING "${doc}" ${tail_at} -1 tail)

if(current STREQUAL generated)
  if(MODE STREQUAL "update")
    message(STATUS "${DOC}: the generated section is current")
  endif()
  return()
endif()

if(MODE STREQUAL "update")
  file(WRITE "${DOC}" "${head}${generated}${tail}")
  message(STATUS "${DOC}: the generated section rewritten from ${ITS_VP} --help-markdown")
  return()
endif()

# Stale: show how, and how to fix it.
if(NOT WORK)
  set(WORK "${CMAKE_CURRENT_BINARY_DIR}/config_doc")
endif()
file(MAKE_DIRECTORY "${WORK}")
file(WRITE "${WORK}/configuration.md.section" "${current}")
file(WRITE "${WORK}/its-vp--help-markdown.md" "${generated}")
find_program(DIFF diff)
if(DIFF)
  execute_process(COMMAND "${DIFF}" -u --label "docs/configuration.md (generated section)"
                          --label "its-vp --help-markdown" "${WORK}/configuration.md.section"
                          "${WORK}/its-vp--help-markdown.md"
                  OUTPUT_VARIABLE delta)
else()
  set(delta "(no diff program: compare ${WORK}/configuration.md.section with ${WORK}/its-vp--help-markdown.md)")
endif()
message(NOTICE "${DOC}: the generated section differs from its-vp --help-markdown "
               "(- the document, + its-vp):\n${delta}")
message(NOTICE "Regenerate it with: ${regenerate}")
message(FATAL_ERROR "${DOC} is out of date")
