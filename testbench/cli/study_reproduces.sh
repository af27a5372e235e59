#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# docs/studies.md's example study, run again with the commands the document
# gives: its results.csv must be the committed one, cell for cell (the
# simulation is deterministic; the stats_json column names this run's files).
# Usage: study_reproduces.sh SOURCE_DIR ITS_VP WORK_DIR
set -euo pipefail
src=$1 its_vp=$2 work=$3
study=$src/docs/studies/ite-cache-vs-load
rm -rf "$work"
mkdir -p "$work"
"$src/scripts/sweep" --its-vp "$its_vp" --config "$study/config.json" --out "$work/out" "$study/grid.json"
if ! cmp -s "$study/results.csv" "$work/out/results.csv"; then
    echo "study: results.csv differs from the committed $study/results.csv:" >&2
    diff "$study/results.csv" "$work/out/results.csv" | head -20 >&2
    echo "study: if the model changed on purpose, rerun the study's commands (docs/studies.md) and commit the new results and plots" >&2
    exit 1
fi
echo "study: results.csv reproduces ($(($(wc -l < "$work/out/results.csv") - 1)) runs)"
