"""The audit entry each RPC of SystemService leaves."""

from __future__ import annotations

from typing import Any

from strata.v1 import system_pb2
from tests.e2e.audited.scene import OK, Row, Scene


async def _health(s: Scene, rid: str) -> Any:
    return await s.h.system.GetHealth(
        system_pb2.GetHealthRequest(), metadata=(("x-request-id", rid),)
    )


ROWS: dict[str, Row] = {
    "SystemService/GetHealth": (_health, OK),
}
