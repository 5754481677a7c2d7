"""SystemService: the detailed health report of seed 004."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

import grpc

from entrypoints.grpc.convert import ts
from entrypoints.runtime.status_board import StatusBoard
from ports.health import HealthProbe
from ports.system import Clock
from strata.v1 import system_pb2 as pb
from strata.v1 import system_pb2_grpc


def _version() -> str:
    try:
        return version("strata")
    except PackageNotFoundError:
        return "unknown"


class SystemServicer(system_pb2_grpc.SystemServiceServicer):
    def __init__(self, probe: HealthProbe, clock: Clock, board: StatusBoard) -> None:
        self._probe = probe
        self._clock = clock
        self._board = board
        self._version = _version()

    async def GetHealth(
        self, r: pb.GetHealthRequest, _: grpc.aio.ServicerContext[Any, Any]
    ) -> pb.GetHealthResponse:
        reports = [*await self._probe.check(), *self._board.reports()]
        healthy = all(c.healthy for c in reports)
        return pb.GetHealthResponse(
            status=pb.HEALTH_STATUS_HEALTHY if healthy else pb.HEALTH_STATUS_UNHEALTHY,
            check_time=ts(self._clock.now()),
            version=self._version,
            components=[
                pb.ComponentHealth(
                    name=c.name,
                    error=c.error,
                    latency_ms=c.latency_ms,
                    details=c.details,
                    status=pb.HEALTH_STATUS_HEALTHY if c.healthy else pb.HEALTH_STATUS_UNHEALTHY,
                )
                for c in reports
            ],
        )
