# SPDX-License-Identifier: Apache-2.0
# valgrind memcheck (docs/reliability.md): the C core's tests and the C
# examples as they are; its-vp's default run and a replay of the Linux capture
# with --max-stackframe=65536, without which every switch between SystemC's
# QuickThreads coroutine stacks looks like a wild stack-pointer move (about
# 700 "invalid" accesses on the default run, none on the heap). Any error or
# definite/indirect leak fails the test. Not in a sanitizer build (ASan and
# memcheck do not mix).
find_program(ITS_VALGRIND valgrind)
if(NOT ITS_VALGRIND OR ITS_SANITIZE)
  return()
endif()
set(memcheck ${ITS_VALGRIND} -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect)
add_test(NAME memcheck.core_tests COMMAND ${memcheck} $<TARGET_FILE:its-core-tests>)
add_test(NAME memcheck.demo_core COMMAND ${memcheck} $<TARGET_FILE:its-demo-core>)
add_test(NAME memcheck.readme_snippet COMMAND ${memcheck} $<TARGET_FILE:its-readme-snippet>)
set(memcheck_tests memcheck.core_tests memcheck.demo_core memcheck.readme_snippet)
if(TARGET its-vp)
  add_test(NAME memcheck.its_vp COMMAND ${memcheck} --max-stackframe=65536 $<TARGET_FILE:its-vp>)
  add_test(NAME memcheck.its_vp_accurate
    COMMAND ${memcheck} --max-stackframe=65536 $<TARGET_FILE:its-vp> --set its.mode=accurate --set its.preset=gic600)
  add_test(NAME memcheck.replay_linux
    COMMAND ${memcheck} --max-stackframe=65536 $<TARGET_FILE:its-vp>
            --replay ${PROJECT_SOURCE_DIR}/traces/linux-6.1-qemu-7.2/trace-A.log.gz)
  # A checkpoint saved, then restored (docs/checkpoint.md).
  set(ckpt ${CMAKE_CURRENT_BINARY_DIR}/memcheck-checkpoint.bin)
  add_test(NAME memcheck.its_vp_checkpoint
    COMMAND ${memcheck} --max-stackframe=65536 $<TARGET_FILE:its-vp> --set its.preset=gic600
            --checkpoint-at 800 --checkpoint-out ${ckpt})
  add_test(NAME memcheck.its_vp_restore COMMAND ${memcheck} --max-stackframe=65536 $<TARGET_FILE:its-vp> --restore ${ckpt})
  set_tests_properties(memcheck.its_vp_checkpoint PROPERTIES FIXTURES_SETUP memcheck_checkpoint)
  set_tests_properties(memcheck.its_vp_restore PROPERTIES FIXTURES_REQUIRED memcheck_checkpoint)
  list(APPEND memcheck_tests memcheck.its_vp memcheck.its_vp_accurate memcheck.replay_linux memcheck.its_vp_checkpoint
       memcheck.its_vp_restore)
endif()
set_tests_properties(${memcheck_tests} PROPERTIES LABELS memcheck TIMEOUT 300
  ENVIRONMENT SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1)
