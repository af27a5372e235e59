# SPDX-License-Identifier: Apache-2.0
"""Read the inputs (its-vp stats JSON files, scripts/sweep CSV tables) into runs."""

import csv
import io
import json
import os

from . import PlotError


class Run:
    """One its-vp run: its stats JSON, where it came from and how to name it.

    swept: {parameter path: value as text} for the parameters its CSV swept
    (empty for a lone JSON file); label: those as name=value, or the file name.
    """

    def __init__(self, path, stats, swept, label, lone=False):
        self.path = path
        self.lone = lone
        self.stats = stats
        self.swept = swept
        self.label = label
        self.params = flatten_config(stats["config"])

    def stat(self, dotted):
        """The statistic at a dotted key path (`latency_ns.p99`), or None."""
        node = self.stats
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node


def flatten_config(config, prefix=""):
    """{dotted path: value} of a nested configuration; lists by index, with
    `<list>.count` their length (so `devices.count` resolves like `--set` does)."""
    flat = {}
    if isinstance(config, dict):
        items = config.items()
    else:
        flat[prefix + "count"] = len(config)
        items = ((str(i), v) for i, v in enumerate(config))
    for key, value in items:
        path = prefix + key
        if isinstance(value, (dict, list)):
            flat.update(flatten_config(value, path + "."))
        else:
            flat[path] = value
    return flat


def _read_text(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        raise PlotError(f"{path}: no such file")
    except IsADirectoryError:
        raise PlotError(f"{path}: is a directory, not a file")
    except UnicodeDecodeError:
        raise PlotError(f"{path}: neither a CSV nor a stats JSON (not text)")
    except OSError as e:
        raise PlotError(f"{path}: cannot read: {e.strerror}")


def _stats_from_text(path, text):
    try:
        stats = json.loads(text)
    except json.JSONDecodeError as e:
        raise PlotError(f"{path}: not valid JSON: {e.msg} at line {e.lineno}")
    # Every its-vp --stats-json file has these; another JSON is refused here
    # rather than failing later on a missing key.
    if not isinstance(stats, dict) or not isinstance(stats.get("config"), dict) or \
            not isinstance(stats.get("latency_ns"), dict):
        raise PlotError(f"{path}: a JSON file but not its-vp --stats-json output (no config and latency_ns)")
    return stats


def read_stats(path):
    return _stats_from_text(path, _read_text(path))


def _read_csv(path, text, notes):
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or len(rows[0]) < 2:
        raise PlotError(f"{path}: neither a CSV table nor a stats JSON")
    header = [h.strip() for h in rows[0]]
    if "stats_json" not in header:
        raise PlotError(f"{path}: a CSV without a stats_json column (scripts/sweep's tables have one)")
    folder = os.path.dirname(path)
    at = header.index("stats_json")
    rows_read = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise PlotError(f"{path}:{number}: {len(row)} fields, the header has {len(header)}")
        cells = dict(zip(header, (c.strip() for c in row)))
        if not cells["stats_json"]:
            # A point whose run failed has no statistics: the others still plot.
            notes.append(f"{path}:{number}: no stats_json (point {cells.get('point', '?')}); skipped")
            continue
        json_path = os.path.join(folder, row[at].strip())
        rows_read.append((number, cells, json_path, read_stats(json_path)))
    # The swept parameters: the columns that name a parameter of the runs' configuration
    # (`its.ite_cache`, `devices.0.interval_ns`, `devices.count`). The statistics
    # (`latency_ns.mean`, `its.ite_cache.hits`) never do, even where a run lacks the key.
    params = set()
    for *_, stats in rows_read:
        params.update(flatten_config(stats["config"]))
    swept_columns = [h for h in header if h in params]
    runs = []
    for number, cells, json_path, stats in rows_read:
        swept = {h: cells[h] for h in swept_columns}
        label = ", ".join(f"{k}={v}" for k, v in swept.items()) or \
            f"point {cells.get('point', number - 1)}"
        runs.append(Run(json_path, stats, swept, label))
    if not runs:
        raise PlotError(f"{path}: a CSV with no runs")
    return runs


def load_inputs(paths, notes):
    """Every run of the inputs, in order: a stats JSON gives one, a CSV one per
    row. What is skipped is said in notes (a list of lines)."""
    runs = []
    for path in paths:
        text = _read_text(path)
        if text.lstrip()[:1] in ("{", "["):
            stats = _stats_from_text(path, text)
            runs.append(Run(path, stats, {}, os.path.splitext(os.path.basename(path))[0], lone=True))
        else:
            runs.extend(_read_csv(path, text, notes))
    # Two lone files of one name (run1/stats.json, run2/stats.json): name them by path.
    names = [r.label for r in runs if r.lone]
    for r in runs:
        if r.lone and names.count(r.label) > 1:
            r.label = r.path
    return runs
