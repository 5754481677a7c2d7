"""The system context on gRPC: its servicer and message conversion."""

from __future__ import annotations

from typing import Any

from entrypoints.grpc.service import GrpcService
from entrypoints.grpc.system.servicer import SystemServicer
from strata.v1 import system_pb2, system_pb2_grpc


def _servicer(c: Any) -> SystemServicer:
    return SystemServicer(c.reported(), c.core.clock(), c.core.status_board())


SERVICE = GrpcService(
    system_pb2.DESCRIPTOR.services_by_name["SystemService"],
    system_pb2_grpc.add_SystemServiceServicer_to_server,
    _servicer,
    open_methods=("GetHealth",),
)
