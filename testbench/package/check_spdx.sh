#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every source file of the project carries the licence's SPDX line within its
# first three lines. Usage: check_spdx.sh <source dir>. Lists the files that
# do not and exits 1, else prints how many were checked.
set -euo pipefail
cd "$1"
tag='SPDX-License-Identifier: Apache-2.0'
missing=0 checked=0
while IFS= read -r -d '' f; do
    checked=$((checked + 1))
    if ! head -n 3 "$f" | grep -qF "$tag"; then
        echo "no SPDX line: $f"
        missing=$((missing + 1))
    fi
done < <(find . \( -path ./.git -o -path './build*' -o -path ./traces -o -name '_*' \) -prune -o -type f \
    \( -name '*.c' -o -name '*.h' -o -name '*.cpp' -o -name '*.sv' -o -name '*.cmake' -o -name '*.cmake.in' \
       -o -name '*.pc.in' -o -name '*.sh' -o -name '*.py' -o -name CMakeLists.txt -o -path './scripts/*' \
       -o -path ./.ci/run \) -print0)
[ "$checked" -gt 0 ] || { echo "no source files found under $1"; exit 1; }
[ "$missing" -eq 0 ] || { echo "$missing of $checked source files lack the SPDX line"; exit 1; }
echo "spdx: $checked source files, all carry '$tag'"
