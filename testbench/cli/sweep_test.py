#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Tests of scripts/sweep with the local backend (cli/sweep.cmake registers them):
   sweep_test.py CASE SWEEP ITS_VP WORK    CASE: local, bad_point, bad_grid."""

import csv
import json
import os
import shlex
import shutil
import subprocess
import sys

CASE, SWEEP, ITS_VP, WORK = sys.argv[1:5]

# The columns docs/sweeps.md promises, beyond point, the swept paths and stats_json.
REQUIRED = [
    "msi.offered_per_us", "msi.injected", "msi.delivered", "msi.merged", "msi.dropped",
    "latency_ns.mean", "latency_ns.p50", "latency_ns.p99", "latency_ns.max",
    "latency_to_eoi_ns.mean", "latency_to_eoi_ns.p99",
    "stages_ns.input_queue.mean", "stages_ns.translate.mean", "stages_ns.redistributor.mean",
    "stages_ns.cpu.mean",
    "its.device_cache.hits", "its.device_cache.misses", "its.device_cache.hit_rate",
    "its.ite_cache.hits", "its.ite_cache.misses", "its.ite_cache.hit_rate",
    "its.collection_cache.hits", "its.collection_cache.misses", "its.collection_cache.hit_rate",
    "its.input_queue.occupancy_mean", "simulated_ns", "completed",
]


def fail(what, proc=None):
    extra = f"\n--- exit {proc.returncode}\n--- stdout:\n{proc.stdout}\n--- stderr:\n{proc.stderr}" if proc else ""
    sys.exit(f"{CASE}: {what}{extra}")


def expect(cond, what, proc=None):
    if not cond:
        fail(what, proc)


def sweep(*args):
    return subprocess.run([SWEEP, "--its-vp", ITS_VP, *args], capture_output=True, text=True,
                          timeout=50)


def write(name, text):
    path = os.path.join(WORK, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def read_csv(path):
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def same(csv_text, json_value):
    """A CSV cell against the JSON value it came from (numbers within a relative 1e-12)."""
    if isinstance(json_value, bool):
        return csv_text == ("true" if json_value else "false")
    if isinstance(json_value, (int, float)):
        return abs(float(csv_text) - json_value) <= 1e-12 * max(1.0, abs(json_value))
    return csv_text == str(json_value)


def lookup(stats, key):
    node = stats
    for part in key.split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def case_local():
    grid = write("grid.json", '{"its.ite_cache": ["1x1", "256x2"], "devices.0.interval_ns": [500, 2000]}')
    config = write("common.json", '{"cpus": 2}')
    out = os.path.join(WORK, "out")
    proc = sweep("--backend", "local", "-j", "2", "--out", out, "--config", config,
                 "--set", "devices.0.count=50", "--column", "per_cpu.1.delivered", grid)
    expect(proc.returncode == 0, "sweep failed", proc)
    header, table = read_csv(os.path.join(out, "results.csv"))
    expect(header[:3] == ["point", "its.ite_cache", "devices.0.interval_ns"],
           f"first columns {header[:3]}", proc)
    expect(header[-1] == "stats_json", f"last column {header[-1]}")
    for c in REQUIRED + ["per_cpu.1.delivered"]:
        expect(c in header, f"no column {c}")
    expect("host_seconds" not in header, "host_seconds is a column (it differs run to run)")
    expected = [("1x1", "500"), ("1x1", "2000"), ("256x2", "500"), ("256x2", "2000")]
    expect([(r["point"], r["its.ite_cache"], r["devices.0.interval_ns"]) for r in table]
           == [(str(i), *v) for i, v in enumerate(expected)], f"rows {table}")
    _, points = read_csv(os.path.join(out, "points.csv"))
    expect([(p["its.ite_cache"], p["devices.0.interval_ns"]) for p in points] == expected,
           f"points.csv {points}")
    for r in table:
        name = f"{int(r['point']):04d}"
        expect(r["stats_json"] == f"runs/{name}.json", f"stats_json {r['stats_json']}")
        expect(os.path.isfile(os.path.join(out, "runs", name + ".log")), f"no log for {name}")
        with open(os.path.join(out, r["stats_json"])) as f:
            stats = json.load(f)
        cfg = stats["config"]
        # The point's values, the common --set and the --config file reached its-vp.
        expect(cfg["its"]["ite_cache"] == r["its.ite_cache"], f"point {name}: config {cfg['its']}")
        expect(cfg["devices"][0]["interval_ns"] == float(r["devices.0.interval_ns"]),
               f"point {name}: config interval {cfg['devices'][0]}")
        expect(cfg["devices"][0]["count"] == 50 and cfg["cpus"] == 2, f"point {name}: common settings {cfg}")
        # The row is this run's statistics.
        for key in ["msi.offered_per_us", "msi.injected", "msi.delivered", "msi.merged", "latency_ns.p99",
                    "latency_to_eoi_ns.mean", "stages_ns.cpu.mean", "its.ite_cache.misses",
                    "simulated_ns", "completed", "per_cpu.1.delivered"]:
            expect(same(r[key], lookup(stats, key)), f"point {name}: {key} {r[key]} vs {lookup(stats, key)}")
        dropped = sum(stats["msi"]["dropped"].values())
        expect(int(r["msi.dropped"]) == dropped, f"point {name}: msi.dropped {r['msi.dropped']}")
        ite = stats["its"]["ite_cache"]
        expect(same(r["its.ite_cache.hit_rate"], ite["hits"] / (ite["hits"] + ite["misses"])),
               f"point {name}: hit rate {r['its.ite_cache.hit_rate']}")
        means = sum(float(r[f"stages_ns.{s}.mean"]) for s in ("input_queue", "translate", "redistributor", "cpu"))
        expect(abs(means - float(r["latency_ns.mean"])) < 1e-6 * float(r["latency_ns.mean"]),
               f"point {name}: stage means {means} vs latency {r['latency_ns.mean']}")
    # The swept parameters move the results: a shorter interval offers more load, a one-entry
    # ITE cache misses more than a 256-entry one.
    by = {(r["its.ite_cache"], r["devices.0.interval_ns"]): r for r in table}
    for cache in ("1x1", "256x2"):
        expect(float(by[cache, "500"]["msi.offered_per_us"]) > float(by[cache, "2000"]["msi.offered_per_us"]),
               f"{cache}: offered load does not rise as interval_ns falls")
    for interval in ("500", "2000"):
        expect(float(by["1x1", interval]["its.ite_cache.hit_rate"]) < float(by["256x2", interval]["its.ite_cache.hit_rate"]),
               f"interval {interval}: the 1x1 ITE cache hits as often as 256x2")


def case_bad_point():
    grid = write("grid.json", '{"its.ite_cache": ["16x2", "bogus"], "devices.0.interval_ns": [500, 2000]}')
    out = os.path.join(WORK, "out")
    proc = sweep("--out", out, "--set", "devices.0.count=50", grid)
    expect(proc.returncode == 1, "a failing point did not make sweep exit 1", proc)
    for name, interval in (("0002", "500"), ("0003", "2000")):
        expect(f"point {name} (its.ite_cache=bogus devices.0.interval_ns={interval}) failed: its-vp exit status 2: its-vp: its.ite_cache:"
               in proc.stderr, f"point {name} not reported", proc)
        with open(os.path.join(out, "runs", name + ".log")) as f:
            expect("its.ite_cache" in f.read(), f"point {name}: its-vp's error not in its log")
    expect("missing points: 0002 0003" in proc.stderr, "the summary does not name the missing points", proc)
    _, table = read_csv(os.path.join(out, "results.csv"))
    expect([(r["point"], r["its.ite_cache"]) for r in table] == [("0", "16x2"), ("1", "16x2")],
           f"results.csv rows {table}", proc)
    expect(all(r["msi.delivered"] != "" for r in table), "a good point's row is empty")
    with open(os.path.join(out, "results.csv")) as f:
        first = f.read()
    # --merge reads the folder again: the same CSV and report; a point whose run did not end
    # (no .rc) is missing too.
    again = subprocess.run([SWEEP, "--merge", out], capture_output=True, text=True, timeout=50)
    expect(again.returncode == 1 and again.stderr == proc.stderr, "--merge: not the same report", again)
    with open(os.path.join(out, "results.csv")) as f:
        expect(f.read() == first, "--merge: another results.csv")
    os.remove(os.path.join(out, "runs", "0001.rc"))
    again = subprocess.run([SWEEP, "--merge", out], capture_output=True, text=True, timeout=50)
    expect(again.returncode == 1 and "point 0001 (its.ite_cache=16x2 devices.0.interval_ns=2000) failed: no result"
           in again.stderr and "missing points: 0001 0002 0003" in again.stderr,
           "--merge: point 0001 without its .rc not reported", again)
    _, table = read_csv(os.path.join(out, "results.csv"))
    expect([r["point"] for r in table] == ["0"], f"--merge: rows {table}")

    # A run killed with its runner (as a scheduler kills a task) leaves no exit status: reported
    # as not ended, the others merged.
    killer = write("its-vp-killed", "#!/bin/sh\n"
                   "case \"$*\" in *its.ite_cache=256x2*) kill -9 $PPID; exit 9;; esac\n"
                   f"exec {shlex.quote(ITS_VP)} \"$@\"\n")
    os.chmod(killer, 0o755)
    grid = write("killed.json", '{"its.ite_cache": ["16x2", "256x2", "unbounded"]}')
    out = os.path.join(WORK, "killed")
    proc = subprocess.run([SWEEP, "--its-vp", killer, "--out", out, "--set", "devices.0.count=50", grid],
                          capture_output=True, text=True, timeout=50)
    expect(proc.returncode == 1 and "point 0001 (its.ite_cache=256x2) failed: no result (the run did not end)"
           in proc.stderr and "missing points: 0001\n" in proc.stderr, "a killed run not reported", proc)
    _, table = read_csv(os.path.join(out, "results.csv"))
    expect([(r["point"], r["its.ite_cache"]) for r in table] == [("0", "16x2"), ("2", "unbounded")],
           f"killed run: rows {table}", proc)


def case_bad_grid():
    good = write("good.json", '{"devices.0.interval_ns": [500]}')
    cases = [
        ("not_object", ['[1, 2]'], "not a JSON object"),
        ("not_list", ['{"devices.0.interval_ns": 500}'], "'devices.0.interval_ns': the values are not a list"),
        ("empty_list", ['{"its.ite_cache": ["16x2"], "devices.0.interval_ns": []}'],
         "'devices.0.interval_ns': the list of values is empty"),
        ("invalid_json", ['{"its.ite_cache": ['], "not valid JSON"),
        ("object_value", ['{"its.ite_cache": [{"a": 1}]}'], "values are strings, numbers or booleans"),
        ("unknown_backend", [None, "--backend", "pbs"], "unknown backend 'pbs' (local or slurm)"),
        ("missing_out", [None, "--no-out"], "--out DIR is required"),
        ("missing_its_vp", [None, "--its-vp", os.path.join(WORK, "nowhere", "its-vp")], "its-vp not found at"),
        ("out_not_empty", [None, "--out", good], "is not an empty folder"),
    ]
    for name, spec, message in cases:
        grid = good if spec[0] is None else write(name + ".json", spec[0])
        out = os.path.join(WORK, name)
        extra = list(spec[1:])
        args = [] if "--no-out" in extra or "--out" in extra else ["--out", out]
        extra = [a for a in extra if a != "--no-out"]
        proc = sweep(*args, *extra, grid)
        expect(proc.returncode == 2, f"{name}: exit status", proc)
        lines = proc.stderr.splitlines()
        expect(len(lines) == 1 and lines[0].startswith("sweep: ") and message in lines[0],
               f"{name}: not the one-line error '{message}'", proc)
        expect(not os.path.exists(out), f"{name}: {out} was made, yet nothing should run", proc)


def main():
    if os.path.exists(WORK):
        shutil.rmtree(WORK)
    os.makedirs(WORK)
    {"local": case_local, "bad_point": case_bad_point, "bad_grid": case_bad_grid}[CASE]()


if __name__ == "__main__":
    main()
