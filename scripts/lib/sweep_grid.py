# SPDX-License-Identifier: Apache-2.0
"""The grid of a sweep: a JSON object from its-vp parameter paths to lists of values, and the
points it stands for (the cartesian product, in the grid's key order, the last key fastest)."""

import itertools
import json


class GridError(Exception):
    """A grid that cannot be swept; the message is one line naming what is wrong."""


def _literal(text):
    # Numbers keep the text they were written with (1e3, 0.50): that text goes to its-vp --set
    # as is, the way the user would have typed it.
    return text


def _no_constant(name):
    raise GridError(f"{name} is not a value its-vp takes")


def _pairs(pairs):
    seen = set()
    for key, _ in pairs:
        if key in seen:
            raise GridError(f"'{key}' is given twice")
        seen.add(key)
    return dict(pairs)


def _set_text(path, value):
    """The text of one value on its-vp's --set path=value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if "\n" in value or "\r" in value:
            raise GridError(f"'{path}': a value holds a line break")
        return value
    kind = "null" if value is None else "an object" if isinstance(value, dict) else "a list"
    raise GridError(f"'{path}': a value is {kind}; values are strings, numbers or booleans")


def parse(text):
    """The grid in text as a list of (path, [value text, ...]) in the file's order."""
    try:
        grid = json.loads(text, parse_float=_literal, parse_int=_literal,
                          parse_constant=_no_constant, object_pairs_hook=_pairs)
    except json.JSONDecodeError as e:
        raise GridError(f"not valid JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    if not isinstance(grid, dict):
        raise GridError("not a JSON object (parameter path -> list of values)")
    if not grid:
        raise GridError("names no parameter")
    params = []
    for path, values in grid.items():
        if not path or any(c.isspace() or c == "=" for c in path):
            raise GridError(f"'{path}' is not a parameter path (path.to.param, as its-vp --set takes)")
        if not isinstance(values, list):
            raise GridError(f"'{path}': the values are not a list")
        if not values:
            raise GridError(f"'{path}': the list of values is empty")
        texts = [_set_text(path, v) for v in values]
        for t in texts:
            if texts.count(t) > 1:
                raise GridError(f"'{path}': the value '{t}' is listed twice")
        params.append((path, texts))
    return params


def points(params):
    """Every point of the grid, in order: a list of value texts, one per parameter."""
    return [list(p) for p in itertools.product(*(values for _, values in params))]


def names(count):
    """The points' file names: their indices, four digits or as many as the last needs."""
    width = max(4, len(str(count - 1)))
    return [f"{i:0{width}d}" for i in range(count)]
