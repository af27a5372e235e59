#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# scripts/sweep --backend slurm on a single-node Slurm cluster brought up for the test
# (testbench/support/slurm-local, in WORK/cluster): the same grid gives the local backend's
# results.csv, and a failing point is reported with its Slurm task. The daemons are stopped on
# every way out (trap). Needs root, slurm-wlm and munge: without them it fails, saying so.
#   sweep_slurm.sh SWEEP ITS_VP SLURM_LOCAL WORK
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: sweep_slurm.sh SWEEP ITS_VP SLURM_LOCAL WORK" >&2; exit 2; }
sweep=$1 its_vp=$2 slurm_local=$3 work=$4

fail() { echo "sweep.slurm: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
cluster=$work/cluster
trap '[ ! -d "$cluster" ] || "$slurm_local" stop "$cluster" || true' EXIT
trap 'exit 130' INT TERM
started=$SECONDS
"$slurm_local" start "$cluster" >/dev/null || fail "could not bring up the test cluster (above)"
export SLURM_CONF=$cluster/slurm.conf
echo "cluster up in $((SECONDS - started)) s"

cat >"$work/grid.json" <<'EOF'
{"its.ite_cache": ["1x1", "256x2"], "devices.0.interval_ns": [500, 2000]}
EOF
common=(--its-vp "$its_vp" --set devices.0.count=50 --set devices.1.count=100)

# Each sweep is bounded (timeout, and Slurm's own limit on a task) so that the test ends, and its
# trap stops the daemons, well before CTest would kill it.
slurm=(--backend slurm --sbatch-arg=--time=1)
timeout 60 "$sweep" "${common[@]}" --backend local --out "$work/local" "$work/grid.json" || fail "the local sweep failed"
t=$SECONDS
timeout 60 "$sweep" "${common[@]}" "${slurm[@]}" --partition debug -j 4 --out "$work/slurm" "$work/grid.json" \
    || fail "the slurm sweep failed"
echo "slurm sweep of 4 points in $((SECONDS - t)) s"

# It went through Slurm: the job script, and one output file per array task.
[ -x "$work/slurm/sweep.sbatch" ] || fail "no job script in $work/slurm"
n=$(find "$work/slurm/slurm" -name '*_[0-3].out' | wc -l)
[ "$n" -eq 4 ] || fail "$n Slurm task outputs, expected 4"
grep -q -- '--array=0-3%4' "$work/slurm/sbatch.cmd" || fail "not one array job of 4 tasks, at most 4 at once"
# The same CSV, with a row per point (not two empty ones).
rows=$(($(wc -l <"$work/slurm/results.csv") - 1))
[ "$rows" -eq 4 ] || fail "$rows rows in the slurm backend's results.csv, expected 4"
cmp "$work/local/results.csv" "$work/slurm/results.csv" \
    || fail "results.csv differs between the backends: diff $work/local/results.csv $work/slurm/results.csv"

# A failing point: reported by its index, values and Slurm task; the merge keeps the others.
cat >"$work/bad.json" <<'EOF'
{"its.ite_cache": ["16x2", "bogus"]}
EOF
t=$SECONDS
rc=0
timeout 60 "$sweep" "${common[@]}" "${slurm[@]}" --out "$work/bad" "$work/bad.json" 2>"$work/bad.err" || rc=$?
cat "$work/bad.err" >&2
echo "slurm sweep with a failing point in $((SECONDS - t)) s"
[ "$rc" -eq 1 ] || fail "exit status $rc with a failing point, expected 1"
grep -Eq '^sweep: point 0001 \(its.ite_cache=bogus\) failed: its-vp exit status 2: .*its.ite_cache.*Slurm task [0-9]+_1, slurm/[0-9]+_1.out\)$' \
    "$work/bad.err" || fail "point 0001's failure not reported with its Slurm task"
grep -q '^sweep: missing points: 0001$' "$work/bad.err" || fail "the summary does not name point 0001"
[ "$(cut -d, -f1,2 "$work/bad/results.csv" | tail -n +2)" = "0,16x2" ] || fail "results.csv does not hold point 0 alone"

# Point 0 rerun by hand from the job script the sweep left (its #SBATCH lines keep the output
# files in the folder), then merged again: its row is back, point 1 still reported.
cp "$work/bad/results.csv" "$work/bad.csv"
rm "$work/bad/runs/0000.rc" "$work/bad/runs/0000.json"
(cd / && timeout 60 sbatch --quiet --wait --time=1 --array=0 "$work/bad/sweep.sbatch") || fail "the rerun of point 0 failed"
rc=0
"$sweep" --merge "$work/bad" 2>"$work/merge.err" || rc=$?
if [ "$rc" -ne 1 ] || ! grep -q 'point 0001 (its.ite_cache=bogus) failed: .*Slurm task [0-9]*_1' "$work/merge.err"; then
    fail "--merge after the rerun: exit $rc, $(cat "$work/merge.err")"
fi
cmp "$work/bad.csv" "$work/bad/results.csv" || fail "point 0 rerun by hand gave another row"
echo "slurm test in $((SECONDS - started)) s"
