#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# README.md quotes c_core/examples/readme_snippet.c (a test builds and runs
# that file): the ```c block after the line naming the file must be the file
# itself, without its SPDX line. Usage: check_readme_snippet.sh <source dir>.
set -euo pipefail
cd "$1"
file=c_core/examples/readme_snippet.c
marker="<!-- quoted from $file -->"
grep -qxF "$marker" README.md || { echo "README.md has no '$marker' line"; exit 1; }
quoted=$(awk -v m="$marker" '
    $0 == m { found = 1; next }
    found == 1 && /^```c$/ { found = 2; next }
    found == 2 && /^```$/ { exit }
    found == 2 { print }' README.md)
expected=$(tail -n +2 "$file")
if [ "$quoted" != "$expected" ]; then
    echo "README.md's block differs from $file (without its first line):"
    diff <(printf '%s\n' "$expected") <(printf '%s\n' "$quoted") || true
    exit 1
fi
echo "readme: the snippet is $file ($(printf '%s\n' "$quoted" | wc -l) lines)"
