"""grpc.health.v1 with List, and the task that marks store-backed services NOT_SERVING
while their store is down."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import grpc
from grpc_health.v1 import health_pb2
from grpc_health.v1._async import HealthServicer

from ports.health import HealthProbe

log = logging.getLogger("strata.server")
SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


class Health(HealthServicer):  # type: ignore[misc]
    """grpc.health.v1 with `List` too (every service's status), which grpcio's lacks."""

    async def List(
        self, request: health_pb2.HealthListRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> health_pb2.HealthListResponse:
        return health_pb2.HealthListResponse(
            statuses={
                name: health_pb2.HealthCheckResponse(status=status)
                for name, status in self._server_status.items()
            }
        )


async def watch_stores(
    health: HealthServicer, probe: HealthProbe, interval: float, services: Sequence[str]
) -> None:
    """Services whose store is down answer NOT_SERVING until it is back."""
    last: bool | None = None
    while True:
        ok = all(report.healthy for report in await probe.check())
        if ok != last:
            status = SERVING if ok else NOT_SERVING
            for name in (*services, ""):
                await health.set(name, status)
            (log.info if ok else log.warning)("stores %s", "reachable" if ok else "unreachable")
            last = ok
        await asyncio.sleep(interval)
