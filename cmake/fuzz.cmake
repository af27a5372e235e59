# SPDX-License-Identifier: Apache-2.0
# ITS_FUZZ: the libFuzzer targets of testbench/fuzz. libFuzzer comes with
# clang only, and every library they link must carry the same coverage and
# sanitizer instrumentation, so the whole build is clang with ASan + UBSan
# (scripts/fuzz configures it in a folder of its own).
if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang" OR NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR
    "ITS_FUZZ needs clang for C and C++ (libFuzzer), not ${CMAKE_C_COMPILER_ID}/${CMAKE_CXX_COMPILER_ID}: "
    "configure a separate build folder with CC=clang CXX=clang++ (scripts/fuzz does).")
endif()
# UBSan stops at the first report, so libFuzzer keeps the input as a crash.
add_compile_options(-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all
  -fno-omit-frame-pointer -g)
add_link_options(-fsanitize=address,undefined)
