# SPDX-License-Identifier: Apache-2.0
"""Which parameters the runs vary, which of them set the offered load, and
the configurations (runs sharing every other varied parameter).

The rule (docs/plots.md):
- varied parameters: the CSV's swept columns, and every configuration
  parameter whose value differs between the runs;
- a varied parameter sets the load when two runs that differ in it alone
  (every other varied parameter equal) offer different loads
  (msi.offered_per_us); when no two runs differ in it alone (not a full grid),
  when its path is under `devices.` (the traffic);
- a configuration: the runs sharing every varied parameter that does not set
  the load; its label is those parameters as name=value.
"""

import math

LOAD_KEY = "msi.offered_per_us"


def text(value):
    """A parameter value as text, the same for the CSV's "2000" and the JSON's 2000.0."""
    if isinstance(value, bool):
        return "true" if value else "false"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isfinite(number) and number == int(number):
        return str(int(number))
    return str(value) if isinstance(value, str) else repr(number)


def value(run, path):
    """A run's value of a parameter: the CSV's cell when it swept it, else its configuration's."""
    if path in run.swept:
        return text(run.swept[path])
    return text(run.params.get(path, ""))


def varied_parameters(runs):
    """The CSV's swept columns (in their order), then the configuration
    parameters whose values differ between runs (sorted)."""
    swept = []
    for run in runs:
        swept += [p for p in run.swept if p not in swept]
    paths = sorted(set().union(*(run.params for run in runs)))
    differing = [p for p in paths if p not in swept and len({value(r, p) for r in runs}) > 1]
    return swept + differing


def _same_load(a, b):
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def load_parameters(runs, varied):
    """The varied parameters that set the offered load (the module's rule)."""
    table = [[value(r, p) for p in varied] for r in runs]
    loads = [r.stat(LOAD_KEY) for r in runs]
    load = []
    for i, p in enumerate(varied):
        # Runs equal in every other varied parameter, by their value of this one.
        groups = {}
        for values, offered in zip(table, loads):
            key = tuple(values[:i] + values[i + 1:])
            groups.setdefault(key, {}).setdefault(values[i], []).append(offered)
        alone = changes_load = False
        for by_value in groups.values():
            if len(by_value) < 2:
                continue
            alone = True
            firsts = [offered[0] for offered in by_value.values()]
            if any(not _same_load(firsts[0], other) for other in firsts[1:]):
                changes_load = True
        if changes_load or (not alone and p.startswith("devices.")):
            load.append(p)
    return load


class Configuration:
    def __init__(self, key, label):
        self.key = key
        self.label = label
        self.runs = []


def configurations(runs, keep):
    """Runs grouped by their values of the parameters in keep, in order of first appearance."""
    groups = {}
    for run in runs:
        key = tuple(value(run, p) for p in keep)
        if key not in groups:
            label = ", ".join(f"{p}={v}" for p, v in zip(keep, key)) or "all runs"
            groups[key] = Configuration(key, label)
        groups[key].runs.append(run)
    return list(groups.values())
