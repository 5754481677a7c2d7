"""The audit table: one module per context, each with the ROWS of its RPCs."""

from __future__ import annotations

from tests.e2e.audited.scene import Row
from tests.support.context_rows import rows_of


def table() -> dict[str, Row]:
    return rows_of(__name__, __path__, helpers={"scene"})
