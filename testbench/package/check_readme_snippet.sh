#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# README.md and docs/user-guide.md quote c_core/examples/readme_snippet.c (a
# test builds and runs that file): in each, the ```c block after the line
# naming the file must be the file itself, without its SPDX line.
# Usage: check_readme_snippet.sh <source dir> [document ...]
set -euo pipefail
cd "$1"
shift
docs=("$@")
[ ${#docs[@]} -gt 0 ] || docs=(README.md docs/user-guide.md)
file=c_core/examples/readme_snippet.c
marker="<!-- quoted from $file -->"
expected=$(tail -n +2 "$file")
for doc in "${docs[@]}"; do
    grep -qxF "$marker" "$doc" || { echo "$doc has no '$marker' line"; exit 1; }
    quoted=$(awk -v m="$marker" '
        $0 == m { found = 1; next }
        found == 1 && /^```c$/ { found = 2; next }
        found == 2 && /^```$/ { exit }
        found == 2 { print }' "$doc")
    if [ "$quoted" != "$expected" ]; then
        echo "$doc's block differs from $file (without its first line):"
        diff <(printf '%s\n' "$expected") <(printf '%s\n' "$quoted") || true
        exit 1
    fi
    echo "$doc: the snippet is $file ($(printf '%s\n' "$quoted" | wc -l) lines)"
done
