#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The C core as someone else's subproject, from source:
#   check_subproject.sh <source dir> <work dir> subdirectory|fetchcontent
# configures testbench/package/c_consumer (a C-only project), builds it and
# runs it. Exit 0 only when it builds, links and runs.
set -euo pipefail
src=$(realpath "$1") work=$2 how=$3
rm -rf "$work"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S "$src/testbench/package/c_consumer" -B "$work" -DITS_HOW="$how" -DITS_SOURCE="$src" "${launcher[@]}" \
    >"$work.configure.log" || { cat "$work.configure.log"; exit 1; }
cmake --build "$work" >"$work.build.log" || { cat "$work.build.log"; exit 1; }
version=$(sed -n 's/^#define ITS_VERSION_STRING "\(.*\)"/\1/p' "$src/c_core/include/its/version.h")
"$work/consumer" "$version"
echo "subproject ($how): the C core builds, links and runs"
