"""The audit table: one module per context, each with the ROWS of its RPCs."""

from __future__ import annotations

import importlib
import pkgutil

from tests.e2e.audited.scene import Row

HELPERS = {"scene"}


def table() -> dict[str, Row]:
    """Every module's ROWS: a new context adds its own module and nothing else."""
    rows: dict[str, Row] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name in HELPERS:
            continue
        found = importlib.import_module(f"{__name__}.{module.name}").ROWS
        overlap = set(rows) & set(found)
        assert not overlap, f"{module.name} repeats {sorted(overlap)}"
        rows.update(found)
    return rows
