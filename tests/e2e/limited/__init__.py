"""The limited-key table: one module per context, each with the ROWS of its RPCs."""

from __future__ import annotations

from tests.e2e.limited.requests import Case
from tests.support.context_rows import rows_of


def table() -> dict[str, list[Case]]:
    return rows_of(__name__, __path__, helpers={"requests", "scene"})
