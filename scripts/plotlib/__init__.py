# SPDX-License-Identifier: Apache-2.0
"""scripts/plot's parts: load (inputs to runs), group (configurations),
caches (cache sizes from a configuration), draw (the figures)."""


class PlotError(Exception):
    """A problem with the inputs: scripts/plot prints it as one line and exits 2."""
