# SPDX-License-Identifier: Apache-2.0
"""CTest driver of scripts/plot (docs/plots.md).

    python3 plot_test.py --its-vp BIN --plot scripts/plot --work DIR CASE

runs (the fixture): four short its-vp runs (two ITE cache sizes x two intervals
of device 0) into DIR/../runs, and sweep.csv in scripts/sweep's format (the
stats JSON files in a subfolder, named relative to the CSV). The other cases
draw from them and check the files and what --summary says was drawn against
the stats JSON files; error cases check the exit status and the one-line message.
"""

import argparse
import csv
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

STAGES = ["input_queue", "translate", "redistributor", "cpu"]
CACHE_SIZES = ["4x2", "64x2"]
INTERVALS = ["2000", "500"]
# The runs' other parameters: short, and the gic600 preset (finite caches).
BASE = ["--set", "its.preset=gic600", "--set", "devices.0.count=200", "--set", "devices.1.count=200",
        "--set", "devices.2.count=50"]
PLOTS = ["latency_cdf", "latency_vs_load", "stage_breakdown", "cache_hit_rate"]


class Failure(Exception):
    pass


def check(condition, what):
    if not condition:
        raise Failure(what)


def close(a, b, what, rel=1e-9):
    check(a is not None and b is not None and math.isclose(a, b, rel_tol=rel, abs_tol=1e-9),
          f"{what}: drew {a}, the stats say {b}")


def run_plot(args, plot, cwd):
    p = subprocess.run([plot] + args, cwd=cwd, capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def get(stats, dotted):
    for part in dotted.split("."):
        stats = stats[part]
    return stats


# --- the fixture --------------------------------------------------------------------------

def make_runs(its_vp, runs_dir):
    shutil.rmtree(runs_dir, ignore_errors=True)
    os.makedirs(os.path.join(runs_dir, "points"))
    rows = []
    point = 0
    for cache in CACHE_SIZES:
        for interval in INTERVALS:
            name = f"ite{cache}_int{interval}.json"
            path = os.path.join(runs_dir, "points", name)
            cmd = [its_vp] + BASE + ["--set", f"its.ite_cache={cache}", "--set",
                                     f"devices.0.interval_ns={interval}", "--stats-json", path]
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            check(p.returncode == 0, f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr}")
            with open(path) as f:
                stats = json.load(f)
            rows.append({"point": point, "its.ite_cache": cache, "devices.0.interval_ns": interval,
                         "msi.offered_per_us": get(stats, "msi.offered_per_us"),
                         "latency_ns.mean": get(stats, "latency_ns.mean"),
                         "latency_ns.p99": get(stats, "latency_ns.p99"),
                         "its.ite_cache.hits": get(stats, "its.ite_cache.hits"),
                         "its.ite_cache.misses": get(stats, "its.ite_cache.misses"),
                         # A statistic these runs lack (no drop): still not a parameter.
                         "msi.dropped.input_queue_full": stats["msi"]["dropped"].get("input_queue_full", 0),
                         "stats_json": os.path.join("points", name)})
            point += 1
    # A run that delivers nothing (no histogram, no stages), for the notes and skips.
    cmd = [its_vp, "--set", "devices.count=1", "--set", "devices.0.count=0", "--stats-json",
           os.path.join(runs_dir, "idle.json")]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    check(p.returncode == 0, f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr}")
    # scripts/sweep's table: point, the swept parameters, headline statistics, stats_json.
    with open(os.path.join(runs_dir, "sweep.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def load_runs(runs_dir):
    """{(ite_cache, interval): stats} of the fixture's runs."""
    out = {}
    for cache in CACHE_SIZES:
        for interval in INTERVALS:
            with open(os.path.join(runs_dir, "points", f"ite{cache}_int{interval}.json")) as f:
                out[(cache, interval)] = json.load(f)
    return out


# --- the files ----------------------------------------------------------------------------

def check_png(path):
    check(os.path.isfile(path), f"{path} not written")
    with open(path, "rb") as f:
        head = f.read(24)
    check(head[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: no PNG signature")
    check(head[12:16] == b"IHDR", f"{path}: no IHDR chunk first")
    width, height = struct.unpack(">II", head[16:24])
    check(width > 0 and height > 0, f"{path}: IHDR size {width}x{height}")


def check_svg(path):
    check(os.path.isfile(path), f"{path} not written")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        raise Failure(f"{path}: not XML: {e}")
    check(root.tag in ("svg", "{http://www.w3.org/2000/svg}svg"), f"{path}: root <{root.tag}>, not <svg>")


def check_files(out, names):
    for name in names:
        check_png(os.path.join(out, name + ".png"))
        check_svg(os.path.join(out, name + ".svg"))


# --- what was drawn -----------------------------------------------------------------------

def check_cdf(curve, stats, what):
    edges = get(stats, "latency_ns.histogram.bucket_ns")
    counts = get(stats, "latency_ns.histogram.count")
    total = sum(counts)
    check(total > 0, f"{what}: the run has no histogram")
    xs, ys = curve["x"], curve["y"]
    check(len(xs) == len(ys) >= 2, f"{what}: {len(xs)} points")
    check(all(a <= b for a, b in zip(ys, ys[1:])), f"{what}: CDF decreases: {ys}")
    check(all(a < b for a, b in zip(xs, xs[1:])), f"{what}: x not increasing: {xs}")
    close(ys[-1], 1.0, f"{what}: CDF end")
    for x, y in zip(xs, ys):
        if x in edges:
            # Bucket i holds [edge i, edge i+1): the fraction below x is the buckets starting below it.
            close(y, sum(c for e, c in zip(edges, counts) if e < x) / total, f"{what}: CDF at {x} ns")
        else:
            check(x == xs[-1] and x == get(stats, "latency_ns.max"),
                  f"{what}: point {x} is neither a bucket edge nor the largest latency")


def check_summary(summary, runs, labels):
    """labels: {(ite_cache, interval): the run's label}; the sweep's two
    configurations are the ITE cache sizes, the load set by the interval."""
    plots = summary["plots"]
    check(sorted(plots) == sorted(PLOTS), f"plots drawn: {sorted(plots)}, skipped: {summary['skipped']}")
    check(summary["load_parameters"] == ["devices.0.interval_ns"], f"load parameters {summary['load_parameters']}")

    curves = {c["label"]: c for c in plots["latency_cdf"]["curves"]}
    check(sorted(curves) == sorted(labels.values()), f"CDF curves {sorted(curves)}")
    for key, label in labels.items():
        check_cdf(curves[label], runs[key], f"CDF of {label}")

    series = {s["label"]: s for s in plots["latency_vs_load"]["series"]}
    check(sorted(series) == [f"its.ite_cache={c}" for c in sorted(CACHE_SIZES)], f"load series {sorted(series)}")
    for cache in CACHE_SIZES:
        s = series[f"its.ite_cache={cache}"]
        mine = sorted((runs[(cache, i)] for i in INTERVALS), key=lambda st: get(st, "msi.offered_per_us"))
        check(len(s["offered_per_us"]) == len(mine), f"{cache}: {len(s['offered_per_us'])} load points")
        check(get(mine[0], "msi.offered_per_us") < get(mine[1], "msi.offered_per_us"), "the intervals offer one load")
        for x, mean, p99, st in zip(s["offered_per_us"], s["mean"], s["p99"], mine):
            close(x, get(st, "msi.offered_per_us"), f"{cache}: offered load")
            close(mean, get(st, "latency_ns.mean"), f"{cache}: mean latency at {x}/us")
            close(p99, get(st, "latency_ns.p99"), f"{cache}: p99 latency at {x}/us")

    bars = {b["label"]: b for b in plots["stage_breakdown"]["bars"]}
    check(sorted(bars) == sorted(labels.values()), f"stage bars {sorted(bars)}")
    for key, label in labels.items():
        for stage in STAGES:
            close(bars[label]["stages"][stage], get(runs[key], f"stages_ns.{stage}.mean"), f"{label}: {stage}")
        # The stages add up to the latency: the stacked bar's top is latency_ns.mean.
        close(bars[label]["total"], get(runs[key], "latency_ns.mean"), f"{label}: stacked total", rel=1e-6)

    drawn = plots["cache_hit_rate"]["caches"]
    check(sorted(drawn) == sorted(["its.ite_cache", "its.device_cache", "its.collection_cache",
                                   "gic.property_cache"]), f"caches drawn {sorted(drawn)}")
    # What the gic600 preset gives the caches not swept (c_core/src/config.c, model/src/machine.cpp).
    sizes = {"its.ite_cache": None, "its.device_cache": "preset = 32x2", "its.collection_cache": "preset = 16x2",
             "gic.property_cache": "preset = 256x2"}
    def rate(key, cache):
        counts = get(runs[key], cache)
        return 100.0 * counts["hits"] / (counts["hits"] + counts["misses"])

    for cache, series_list in drawn.items():
        if cache != "its.ite_cache":
            # Not varied: every run's point at the preset's size, one set "all runs".
            check([s["label"] for s in series_list] == ["all runs"], f"{cache}: series {[s['label'] for s in series_list]}")
            s = series_list[0]
            check(s["size"] == [sizes[cache]] * len(labels), f"{cache}: sizes {s['size']}")
            expected = sorted(rate(key, cache) for key in labels)
            for got, want in zip(sorted(s["hit_rate_percent"]), expected):
                close(got, want, f"{cache}: hit rates {sorted(s['hit_rate_percent'])}, the runs' {expected}")
            continue
        seen = 0
        for s in series_list:
            for size, hit_rate in zip(s["size"], s["hit_rate_percent"]):
                matches = [key for key, label in labels.items()
                           if all(part in label.split(", ") for part in s["label"].split(", "))
                           and size == key[0]]
                check(len(matches) == 1, f"{cache}: point {size} of '{s['label']}' is runs {matches}")
                close(hit_rate, rate(matches[0], cache), f"{cache}: hit rate of {matches[0]}")
                seen += 1
        check(seen == len(labels), f"{cache}: {seen} points for {len(labels)} runs")
    ite = {(key[0], key[1]): 0.0 for key in labels}
    for s in drawn["its.ite_cache"]:
        interval = s["label"].split("devices.0.interval_ns=")[1]
        for size, rate in zip(s["size"], s["hit_rate_percent"]):
            ite[(size, interval)] = rate
    for interval in INTERVALS:
        check(ite[("4x2", interval)] < ite[("64x2", interval)],
              f"interval {interval}: a 4x2 ITE cache hits {ite[('4x2', interval)]}%, 64x2 {ite[('64x2', interval)]}%")


def read_summary(path):
    with open(path) as f:
        return json.load(f)


# --- the cases ----------------------------------------------------------------------------

def case_csv(a, runs_dir):
    runs = load_runs(runs_dir)
    out = os.path.join(a.work, "out")
    # From another folder: stats_json is relative to the CSV's folder, not the current one.
    rc, so, se = run_plot([os.path.join(runs_dir, "sweep.csv"), "--out", out, "--summary", "summary.json"],
                          a.plot, a.work)
    check(rc == 0, f"exit {rc}: {se}")
    check(se == "", f"stderr: {se}")
    check("skipped" not in so, f"a plot skipped: {so}")
    check_files(out, PLOTS)
    labels = {(c, i): f"its.ite_cache={c}, devices.0.interval_ns={i}" for c in CACHE_SIZES for i in INTERVALS}
    check_summary(read_summary(os.path.join(a.work, "summary.json")), runs, labels)


def case_json(a, runs_dir):
    """The JSON files alone: named by file, grouped by what their configurations differ in."""
    runs = load_runs(runs_dir)
    names = {(c, i): f"ite{c}_int{i}" for c in CACHE_SIZES for i in INTERVALS}
    files = [os.path.join(runs_dir, "points", n + ".json") for n in names.values()]
    rc, so, se = run_plot(files + ["--summary", "-"], a.plot, a.work)  # default --out: the current folder
    check(rc == 0, f"exit {rc}: {se}")
    check_files(a.work, PLOTS)
    summary = json.loads(so[so.index("\n{") + 1:])
    check(summary["varied_parameters"] == ["devices.0.interval_ns", "its.ite_cache"],
          f"varied parameters {summary['varied_parameters']}")
    check_json_labels(summary, runs, names)


def check_json_labels(summary, runs, names):
    labels = {k: f"its.ite_cache={k[0]}, devices.0.interval_ns={k[1]}" for k in names}
    # The per-run plots name runs by file; map them to the sweep's labels and check the same numbers.
    to_sweep = {names[k]: labels[k] for k in names}
    for c in summary["plots"]["latency_cdf"]["curves"]:
        check(c["label"] in to_sweep, f"CDF curve '{c['label']}' is not a file name")
        c["label"] = to_sweep[c["label"]]
    for b in summary["plots"]["stage_breakdown"]["bars"]:
        check(b["label"] in to_sweep, f"stage bar '{b['label']}' is not a file name")
        b["label"] = to_sweep[b["label"]]
    # The load and cache series are named by configuration (name=value), as from the CSV.
    check_summary(summary, runs, labels)


def case_single_run(a, runs_dir):
    """One run: nothing to draw against load, a note, the other three drawn."""
    path = os.path.join(runs_dir, "points", "ite4x2_int2000.json")
    rc, so, se = run_plot([path, "--out", "out"], a.plot, a.work)
    check(rc == 0, f"exit {rc}: {se}")
    notes = [line for line in so.splitlines() if "skipped" in line]
    check(len(notes) == 1 and "latency_vs_load" in notes[0], f"notes: {notes}")
    out = os.path.join(a.work, "out")
    check_files(out, [p for p in PLOTS if p != "latency_vs_load"])
    check(not os.path.exists(os.path.join(out, "latency_vs_load.png")), "latency_vs_load.png written")
    # The same run drawn again gives the same files, byte for byte.
    rc, so, se = run_plot([path, "--out", "again"], a.plot, a.work)
    check(rc == 0, f"exit {rc}: {se}")
    for name in sorted(os.listdir(out)):
        with open(os.path.join(out, name), "rb") as f1, open(os.path.join(a.work, "again", name), "rb") as f2:
            check(f1.read() == f2.read(), f"{name} differs between two drawings of one run")


def case_idle_run(a, runs_dir):
    """A run that delivered nothing: no CDF curve for it (a note), and alone nothing but caches to draw."""
    idle = os.path.join(runs_dir, "idle.json")
    busy = os.path.join(runs_dir, "points", "ite4x2_int2000.json")
    rc, so, se = run_plot([idle, busy, "--out", "mixed", "--summary", "mixed.json"], a.plot, a.work)
    check(rc == 0, f"exit {rc}: {se}")
    curves = read_summary(os.path.join(a.work, "mixed.json"))["plots"]["latency_cdf"]["curves"]
    check([c["label"] for c in curves] == ["ite4x2_int2000"], f"CDF curves {[c['label'] for c in curves]}")
    check("plot: note: latency_cdf: idle: no latency histogram" in so, f"no note of the idle run's CDF: {so}")
    rc, so, se = run_plot([idle, "--out", "alone", "--summary", "alone.json"], a.plot, a.work)
    check(rc == 0, f"exit {rc}: {se}")
    summary = read_summary(os.path.join(a.work, "alone.json"))
    check(sorted(summary["skipped"]) == ["latency_cdf", "latency_vs_load", "stage_breakdown"],
          f"skipped {sorted(summary['skipped'])}")
    for name in summary["skipped"]:
        check(f"plot: skipped {name}: " in so, f"no line for the skipped {name}: {so}")
        check(not os.path.exists(os.path.join(a.work, "alone", name + ".png")), f"{name}.png written")


def case_failed_point(a, runs_dir):
    """A sweep row without stats (its run failed) is left out with a note; the rest is drawn."""
    with open(os.path.join(runs_dir, "sweep.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    failed = dict(rows[0], point="4", stats_json="")
    failed["devices.0.interval_ns"] = "100"
    table = os.path.join(runs_dir, "with_failed_point.csv")
    with open(table, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows + [failed])
    rc, so, se = run_plot([table, "--out", "out", "--summary", "s.json"], a.plot, a.work)
    check(rc == 0, f"exit {rc}: {se}")
    check(f"plot: note: {table}:6: no stats_json (point 4); skipped" in so, f"no note of the failed point: {so}")
    summary = read_summary(os.path.join(a.work, "s.json"))
    check(len(summary["runs"]) == 4, f"{len(summary['runs'])} runs")
    check_files(os.path.join(a.work, "out"), PLOTS)


def case_same_names(a, runs_dir):
    """Two lone files of one name are named by their paths."""
    for d, interval in (("one", "2000"), ("two", "500")):
        os.makedirs(os.path.join(a.work, d))
        shutil.copy(os.path.join(runs_dir, "points", f"ite4x2_int{interval}.json"), os.path.join(a.work, d, "stats.json"))
    rc, so, se = run_plot(["one/stats.json", "two/stats.json", "--summary", "s.json"], a.plot, a.work)
    check(rc == 0, f"exit {rc}: {se}")
    summary = read_summary(os.path.join(a.work, "s.json"))
    labels = [b["label"] for b in summary["plots"]["stage_breakdown"]["bars"]]
    check(labels == ["one/stats.json", "two/stats.json"], f"bar labels {labels}")
    series = summary["plots"]["latency_vs_load"]["series"]
    check([s["label"] for s in series] == ["all runs"], f"load series {[s['label'] for s in series]}")


def expect_error(a, args, needles, files=None):
    for name, content in (files or {}).items():
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(os.path.join(a.work, name), mode) as f:
            f.write(content)
    rc, so, se = run_plot(args + ["--out", "out"], a.plot, a.work)
    check(rc != 0, f"exit 0 for {args}: {so}")
    lines = se.splitlines()
    check(len(lines) == 1, f"stderr is {len(lines)} lines: {se!r}")
    for needle in needles:
        check(needle in lines[0], f"'{needle}' not in '{lines[0]}'")
    check(not os.path.exists(os.path.join(a.work, "out", "latency_cdf.png")), "a plot written despite the error")


def case_error(a, runs_dir, which):
    if which == "missing_file":
        expect_error(a, ["nowhere.json"], ["nowhere.json", "no such file"])
    elif which == "not_stats_json":
        expect_error(a, ["other.json"], ["other.json", "not its-vp --stats-json"], {"other.json": '{"a": 1}\n'})
    elif which == "invalid_json":
        expect_error(a, ["broken.json"], ["broken.json", "not valid JSON"], {"broken.json": '{"config": \n'})
    elif which == "neither":
        expect_error(a, ["notes.txt"], ["notes.txt", "neither a CSV"], {"notes.txt": "just words\n"})
    elif which == "binary":
        expect_error(a, ["blob.bin"], ["blob.bin", "neither a CSV"], {"blob.bin": bytes(range(128, 256))})
    elif which == "csv_without_stats_json":
        expect_error(a, ["table.csv"], ["table.csv", "without a stats_json column"],
                     {"table.csv": "point,its.ite_cache,latency_ns.mean\n0,4x2,30.5\n"})
    elif which == "csv_missing_run":
        expect_error(a, ["table.csv"], [os.path.join("gone", "run.json"), "no such file"],
                     {"table.csv": "point,its.ite_cache,stats_json\n0,4x2,gone/run.json\n"})
    elif which == "out_is_a_file":
        good = os.path.join(runs_dir, "points", "ite4x2_int2000.json")
        with open(os.path.join(a.work, "taken"), "w") as f:
            f.write("a file\n")
        rc, so, se = run_plot([good, "--out", "taken"], a.plot, a.work)
        check(rc != 0 and se.splitlines() == ["plot: taken: --out names a file, not a folder"],
              f"exit {rc}, stderr {se!r}")
    elif which == "missing_among_good":
        # A good input does not hide a bad one.
        good = os.path.join(runs_dir, "points", "ite4x2_int2000.json")
        expect_error(a, [good, "nowhere.json"], ["nowhere.json", "no such file"])
    else:
        raise Failure(f"unknown error case {which}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--its-vp")
    p.add_argument("--plot", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("case")
    a = p.parse_args()
    a.plot = os.path.abspath(a.plot)
    runs_dir = os.path.join(os.path.dirname(os.path.abspath(a.work)), "runs")
    if a.case != "runs":
        shutil.rmtree(a.work, ignore_errors=True)
        os.makedirs(a.work)
    try:
        if a.case == "runs":
            make_runs(a.its_vp, runs_dir)
        elif a.case == "csv":
            case_csv(a, runs_dir)
        elif a.case == "json":
            case_json(a, runs_dir)
        elif a.case == "single_run":
            case_single_run(a, runs_dir)
        elif a.case == "idle_run":
            case_idle_run(a, runs_dir)
        elif a.case == "failed_point":
            case_failed_point(a, runs_dir)
        elif a.case == "same_names":
            case_same_names(a, runs_dir)
        elif a.case.startswith("error."):
            case_error(a, runs_dir, a.case[len("error."):])
        else:
            raise Failure(f"unknown case {a.case}")
    except Failure as e:
        print(f"plot.{a.case}: {e}", file=sys.stderr)
        return 1
    print(f"plot.{a.case}: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
