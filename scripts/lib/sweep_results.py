# SPDX-License-Identifier: Apache-2.0
"""The outcome of each point of a sweep (runs/NNNN.rc, .json, .log) and results.csv, one row per
point that ran, from the stats JSON its-vp wrote (docs/sweeps.md lists the columns)."""

import csv
import json
import os
import sys

CACHES = ["its.device_cache", "its.ite_cache", "its.collection_cache", "gic.property_cache"]

# The headline statistics, by their stats-JSON key paths; msi.dropped (the sum over the reasons)
# and <cache>.hit_rate are computed from the keys beneath them.
HEADLINE = (
    ["msi.offered_per_us", "msi.injected", "msi.delivered", "msi.merged", "msi.dropped"]
    + [f"latency_ns.{s}" for s in ("mean", "p50", "p99", "max")]
    + [f"latency_to_eoi_ns.{s}" for s in ("mean", "p50", "p99", "max")]
    + [f"stages_ns.{st}.mean" for st in ("input_queue", "translate", "redistributor", "cpu")]
    + [f"{c}.{k}" for c in CACHES for k in ("hits", "misses", "hit_rate")]
    + ["its.input_queue.occupancy_mean", "its.input_queue.occupancy_max",
       "its.input_queue.backpressure_ns", "its.throughput_per_ns", "simulated_ns", "completed"]
)


def lookup(stats, path):
    """The value at a dotted key path (list elements by index), or None."""
    node = stats
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _value(stats, column):
    if column == "msi.dropped":
        dropped = lookup(stats, column)
        return sum(dropped.values()) if isinstance(dropped, dict) else None
    if column.endswith(".hit_rate"):
        cache = column[: -len(".hit_rate")]
        hits, misses = lookup(stats, cache + ".hits"), lookup(stats, cache + ".misses")
        if not isinstance(hits, int) or not isinstance(misses, int) or hits + misses == 0:
            return None  # no lookups: no rate
        return hits / (hits + misses)
    return lookup(stats, column)


def cell(value):
    """A CSV cell: integers as they are, floats with 15 significant digits (as many as survive a
    round trip through a double, so the float noise of the JSON is gone and every run of the same
    point prints the same), booleans as true/false, none as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(value, ".15g")
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    return str(value)


def last_line(path):
    """A file's last line that is not blank ("" when none or unreadable)."""
    try:
        with open(path, errors="replace") as f:
            lines = [line.strip() for line in f if line.strip()]
    except OSError:
        return ""
    return lines[-1] if lines else ""


def outcome(runs_dir, name):
    """(stats, None) for a point that ran, or (None, why) for one that did not."""
    try:
        with open(os.path.join(runs_dir, name + ".rc")) as f:
            rc = f.read().strip()
    except OSError:
        return None, "no result (the run did not end)"
    if rc != "0":
        last = last_line(os.path.join(runs_dir, name + ".log"))
        return None, f"its-vp exit status {rc}" + (f": {last}" if last else "")
    try:
        with open(os.path.join(runs_dir, name + ".json")) as f:
            return json.load(f), None
    except (OSError, ValueError) as e:
        return None, f"its-vp ended but its stats JSON is unreadable ({e})"


def write_csv(path, params, points, names, stats_by_point, extra):
    """results.csv: point, the swept paths, the headline and extra columns, stats_json."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["point"] + [p for p, _ in params] + HEADLINE + extra + ["stats_json"])
        for i, values in enumerate(points):
            stats = stats_by_point.get(i)
            if stats is None:
                continue
            row = [i] + values + [cell(_value(stats, c)) for c in HEADLINE + extra]
            w.writerow(row + ["runs/" + names[i] + ".json"])


def merge(out, params, points, names, extra, tasks):
    """Reads every point's outcome in DIR/runs, reports those that failed on stderr (index,
    values, why, log, and the Slurm task when tasks names one), writes DIR/results.csv with the
    others; returns the names of the missing points."""
    stats, missing = {}, []
    for i, name in enumerate(names):
        s, why = outcome(os.path.join(out, "runs"), name)
        if s is None:
            where = " ".join(f"{p}={v}" for (p, _), v in zip(params, points[i]))
            task = ""
            if i in tasks:
                name_of_task, output = tasks[i]
                task = f"; {name_of_task}, {output}"
                if why.startswith("no result"):
                    # What Slurm said of a task that did not end (time limit, node lost, ...).
                    said = last_line(os.path.join(out, output))
                    why += f": {said}" if said else ""
            print(f"sweep: point {name} ({where}) failed: {why} (log runs/{name}.log{task})",
                  file=sys.stderr)
            missing.append(name)
        else:
            stats[i] = s
    csv_path = os.path.join(out, "results.csv")
    write_csv(csv_path, params, points, names, stats, extra)
    print(f"sweep: {len(stats)} of {len(points)} points in {csv_path}")
    if missing:
        print(f"sweep: missing points: {' '.join(missing)}", file=sys.stderr)
    return missing
