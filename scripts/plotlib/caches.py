# SPDX-License-Identifier: Apache-2.0
"""The caches, and each one's size as a run's configuration sets it."""

import math

# stats key, configuration parameter, title, what "preset" means for each its.preset
# (c_core/src/config.c's presets; model/src/machine.cpp for the property cache).
CACHES = [
    ("its.ite_cache", "its.ite_cache", "ITE cache ((DeviceID, EventID) → ITE)",
     {"qemu": "unbounded", "gic600": "256x2"}),
    ("its.device_cache", "its.device_cache", "device cache (DeviceID → DTE)",
     {"qemu": "unbounded", "gic600": "32x2"}),
    ("its.collection_cache", "its.collection_cache", "collection cache (ICID → CTE)",
     {"qemu": "unbounded", "gic600": "16x2"}),
    ("gic.property_cache", "gic.property_cache", "redistributor property cache (per redistributor)",
     {"qemu": "unbounded", "gic600": "256x2"}),
]


class Size:
    """A cache size: label for the axis, entries to order by (0 none, inf unbounded)."""

    def __init__(self, label, entries):
        self.label = label
        self.entries = entries


def parse(spec):
    """Entries of "none", "unbounded" or "<entries>x<ways>"; None for anything else."""
    if spec == "none":
        return 0
    if spec == "unbounded":
        return math.inf
    entries, x, ways = spec.partition("x")
    if x and entries.isdigit() and ways.isdigit():
        return int(entries)
    return None


def size(run, parameter, presets):
    """The size a run's configuration gives a cache; "preset" resolved through its.preset."""
    spec = str(run.params.get(parameter, "preset"))
    if spec == "preset":
        preset = str(run.params.get("its.preset", ""))
        effective = presets.get(preset)
        if effective is None:
            # A preset this table does not know: kept as a category of its own.
            return Size(f"preset ({preset or '?'})", math.nan)
        return Size(f"preset = {effective}", parse(effective))
    entries = parse(spec)
    return Size(spec, math.nan if entries is None else entries)


def order(sizes):
    """Distinct size labels from smallest to largest (none first, unbounded last, unknown after)."""
    best = {}
    for s in sizes:
        best.setdefault(s.label, s.entries)
    return sorted(best, key=lambda label: (math.isnan(best[label]), 0 if math.isnan(best[label]) else best[label], label))
