"""Per-RPC test tables kept as one module per context: each module's ROWS, merged."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from typing import Any


def rows_of(package: str, path: Iterable[str], helpers: set[str]) -> dict[str, Any]:
    """Every module's ROWS but the helpers'; a new context adds its own module and nothing
    else. Two modules naming the same RPC is an error."""
    rows: dict[str, Any] = {}
    for module in pkgutil.iter_modules(path):
        if module.name in helpers:
            continue
        found = importlib.import_module(f"{package}.{module.name}").ROWS
        overlap = set(rows) & set(found)
        assert not overlap, f"{module.name} repeats {sorted(overlap)}"
        rows.update(found)
    return rows
