# SPDX-License-Identifier: Apache-2.0
"""The four figures. Each function draws one from the runs, writes it as PNG
and SVG, and returns what it drew as read back from the figure's artists (so
--summary reports the plot, not the numbers meant for it), or a reason to skip."""

import os

import matplotlib

matplotlib.use("Agg")  # headless: no display, files only
# Fixed SVG element ids (random otherwise): the same runs give the same files.
matplotlib.rcParams["svg.hashsalt"] = "scripts/plot"
from matplotlib.figure import Figure  # noqa: E402  (after the backend is chosen)
from matplotlib.ticker import NullLocator  # noqa: E402

from . import caches, group  # noqa: E402

STAGES = ["input_queue", "translate", "redistributor", "cpu"]


class Skip(Exception):
    """Nothing to draw: scripts/plot notes the reason and goes on."""


def _save(fig, out, name):
    files = []
    for ext in ("png", "svg"):
        path = os.path.join(out, f"{name}.{ext}")
        # No date in the SVG either.
        fig.savefig(path, dpi=100, bbox_inches="tight", metadata={"Date": None} if ext == "svg" else None)
        files.append(path)
    return files


def _legend(ax, count):
    # A few entries inside the axes; more beside them, in columns of 25.
    if count:
        ax.legend(fontsize="small", loc="best" if count <= 6 else "upper left",
                  bbox_to_anchor=None if count <= 6 else (1.02, 1.0), ncol=(count + 24) // 25)


def cdf_points(histogram, maximum):
    """The CDF at the bucket edges: bucket i holds [edge i, edge i+1), so the
    fraction below edge i+1 is the counts up to i; the last bucket is open, so
    the curve ends at 1.0 at the largest latency. Empty leading and trailing
    buckets add nothing."""
    edges, counts = histogram.get("bucket_ns", []), histogram.get("count", [])
    total = sum(counts)
    if not total or len(edges) != len(counts):
        return None
    xs, ys = [], []
    seen = 0
    for i, edge in enumerate(edges):
        if edge > 0 and (seen or counts[i]):
            xs.append(edge)
            ys.append(seen / total)
        seen += counts[i]
        if seen == total and i + 1 < len(edges):
            xs.append(edges[i + 1])
            ys.append(1.0)
            break
    else:
        xs.append(max(maximum, edges[-1]))
        ys.append(1.0)
    return xs, ys


def latency_cdf(runs, out):
    fig = Figure(figsize=(8, 5))
    ax = fig.add_subplot()
    skipped = []
    edges = set()
    for run in runs:
        histogram = run.stat("latency_ns.histogram") or {}
        edges.update(histogram.get("bucket_ns", []))
        points = cdf_points(histogram, run.stat("latency_ns.max") or 0)
        if points is None:
            skipped.append(run.label)
            continue
        ax.plot(*points, marker=".", label=run.label)
    if not ax.lines:
        raise Skip("no run has a latency histogram with delivered MSIs")
    ax.set_xscale("log")
    # Ticks at the histogram's edges (a 1-2-5 grid), written out: 20, 50, 100 rather than 10^2.
    xs = [x for line in ax.lines for x in line.get_xdata()]
    ticks = sorted(e for e in edges if min(xs) <= e <= max(xs))
    if len(ticks) > 12:
        ticks = [t for t in ticks if f"{t:g}"[0] in "125"]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("latency, MSI write to ICC_IAR1 (simulated ns, log scale)")
    ax.set_ylabel("fraction of delivered MSIs below")
    ax.set_title("Latency CDF (from latency_ns.histogram)")
    ax.grid(True, which="both", alpha=0.3)
    _legend(ax, len(ax.lines))
    drawn = {"curves": [{"label": line.get_label(), "x": [float(v) for v in line.get_xdata()],
                         "y": [float(v) for v in line.get_ydata()]} for line in ax.lines],
             "notes": [f"{label}: no latency histogram (no MSI delivered); no curve" for label in skipped]}
    drawn["files"] = _save(fig, out, "latency_cdf")
    return drawn


def latency_vs_load(runs, out, varied, load):
    keep = [p for p in varied if p not in load]
    fig = Figure(figsize=(8, 5))
    ax = fig.add_subplot()
    series = []
    notes = []
    colors = iter(matplotlib.rcParams["axes.prop_cycle"].by_key()["color"] * 100)
    for conf in group.configurations(runs, keep):
        points = sorted((r.stat(group.LOAD_KEY), r.stat("latency_ns.mean"), r.stat("latency_ns.p99"))
                        for r in conf.runs if r.stat(group.LOAD_KEY) is not None)
        if len({p[0] for p in points}) < 2:
            notes.append(f"{conf.label}: one offered load only; no curve")
            continue
        color = next(colors)
        xs = [p[0] for p in points]
        mean = ax.plot(xs, [p[1] for p in points], marker="o", color=color, label=f"{conf.label}: mean")[0]
        p99 = ax.plot(xs, [p[2] for p in points], marker="^", linestyle="--", color=color,
                      label=f"{conf.label}: p99")[0]
        series.append({"label": conf.label, "offered_per_us": [float(v) for v in mean.get_xdata()],
                       "mean": [float(v) for v in mean.get_ydata()], "p99": [float(v) for v in p99.get_ydata()]})
    if not series:
        raise Skip("no configuration has runs at two or more offered loads")
    ax.set_xlabel("offered load, msi.offered_per_us (MSIs per simulated µs)")
    ax.set_ylabel("latency, MSI write to ICC_IAR1 (simulated ns)")
    ax.set_title("Latency against offered load (solid: mean, dashed: p99)")
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    _legend(ax, len(ax.lines))
    drawn = {"series": series, "load_parameters": load, "configuration_parameters": keep,
             "notes": notes}
    drawn["files"] = _save(fig, out, "latency_vs_load")
    return drawn


def stage_breakdown(runs, out):
    means = [[run.stat(f"stages_ns.{s}.mean") or 0.0 for s in STAGES] for run in runs]
    if not any(any(m) for m in means):
        raise Skip("no run has stage times (no MSI delivered)")
    fig = Figure(figsize=(min(30.0, max(6.0, 1.0 + 0.7 * len(runs))), 5))  # wider with the runs, to a limit
    ax = fig.add_subplot()
    bottoms = [0.0] * len(runs)
    containers = []
    for k, stage in enumerate(STAGES):
        heights = [m[k] for m in means]
        containers.append(ax.bar(range(len(runs)), heights, bottom=bottoms, label=stage))
        bottoms = [b + h for b, h in zip(bottoms, heights)]
    ax.set_xticks(range(len(runs)), [run.label for run in runs], rotation=30, ha="right", fontsize="small")
    ax.set_xlabel("run")
    ax.set_ylabel("mean time in the stage (simulated ns)")
    ax.set_title("Latency by stage (stages_ns.<stage>.mean stacked; total = latency_ns.mean)")
    ax.legend(fontsize="small")
    bars = []
    for i, run in enumerate(runs):
        rects = [c.patches[i] for c in containers]
        bars.append({"label": run.label, "stages": {s: float(r.get_height()) for s, r in zip(STAGES, rects)},
                     "total": float(rects[-1].get_y() + rects[-1].get_height())})
    drawn = {"bars": bars}
    drawn["files"] = _save(fig, out, "stage_breakdown")
    return drawn


def cache_hit_rate(runs, out, varied):
    fig = Figure(figsize=(12, 8))
    axes = fig.subplots(2, 2).flatten()
    drawn = {"caches": {}, "notes": []}
    for ax, (key, parameter, title, presets) in zip(axes, caches.CACHES):
        ax.set_title(title, fontsize="medium")
        points = []
        for run in runs:
            counts = run.stat(key) or {}
            lookups = (counts.get("hits") or 0) + (counts.get("misses") or 0)
            if lookups:
                points.append((run, caches.size(run, parameter, presets), counts["hits"] / lookups))
        if not points:
            ax.text(0.5, 0.5, "no lookups", ha="center", va="center", transform=ax.transAxes)
            drawn["notes"].append(f"{key}: no lookups in any run; panel left empty")
            ax.set_axis_off()
            continue
        order = caches.order(p[1] for p in points)
        # One line per group of runs that share every varied parameter but this cache's size;
        # when the runs do not vary it, one set of points ("all runs") at their one size.
        swept = parameter in varied
        keep = [p for p in varied if p != parameter] if swept else []
        series = []
        for conf in group.configurations([p[0] for p in points], keep):
            members = {id(r) for r in conf.runs}
            mine = sorted(((order.index(s.label), rate) for r, s, rate in points if id(r) in members))
            line = ax.plot([x for x, _ in mine], [100.0 * y for _, y in mine], marker="o",
                           linestyle="-" if swept else "none", label=conf.label)[0]
            series.append({"label": conf.label,
                           "size": [order[int(x)] for x in line.get_xdata()],
                           "hit_rate_percent": [float(y) for y in line.get_ydata()]})
        ax.set_xticks(range(len(order)), order)
        ax.set_xlim(-0.5, len(order) - 0.5)
        ax.set_ylim(-2, 102)
        ax.set_xlabel(f"{parameter} (size: entries x ways)")
        ax.set_ylabel("hit rate, hits / (hits + misses) (%)")
        ax.grid(True, alpha=0.3)
        if len(series) <= 8:
            ax.legend(fontsize="x-small")
        else:
            # Four panels of many lines leave no room for legends: --summary names them.
            drawn["notes"].append(f"{key}: {len(series)} lines, too many for a legend (--summary names them)")
        drawn["caches"][key] = series
    if not drawn["caches"]:
        raise Skip("no cache had a lookup")
    fig.suptitle("Cache hit rates against cache size")
    fig.tight_layout()
    drawn["files"] = _save(fig, out, "cache_hit_rate")
    return drawn
