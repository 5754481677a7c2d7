"""grpc.health.v1 with List, and the task that marks store-backed services NOT_SERVING
while their store (or a service's own store) is down."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
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
    health: HealthServicer,
    probe: HealthProbe,
    interval: float,
    services: Sequence[str],
    own_stores: Mapping[str, HealthProbe] | None = None,
) -> None:
    """Services whose store is down answer NOT_SERVING until it is back. A service in
    `own_stores` needs that store too (analytics: its analytics store), and only it."""
    own = own_stores or {}
    last: dict[str, bool] = {}
    while True:
        wanted = await _serving(probe, services, own)
        for name, serving in wanted.items():
            if last.get(name) == serving:
                continue
            await health.set(name, SERVING if serving else NOT_SERVING)
            if name == "":
                (log.info if serving else log.warning)(
                    "stores %s", "reachable" if serving else "unreachable"
                )
            elif name in own and wanted[""]:
                (log.info if serving else log.warning)(
                    "%s: its own store %s", name, "reachable" if serving else "unreachable"
                )
        last = wanted
        await asyncio.sleep(interval)


async def _serving(
    probe: HealthProbe, services: Sequence[str], own: Mapping[str, HealthProbe]
) -> dict[str, bool]:
    ok = all(report.healthy for report in await probe.check())
    wanted = dict.fromkeys((*services, ""), ok)
    for name, store in own.items():
        wanted[name] = ok and all(report.healthy for report in await store.check())
    return wanted
