"""What a key limited to workspace A gets from each RPC of SystemService, health and reflection."""

from __future__ import annotations

from grpc_health.v1 import health_pb2
from grpc_reflection.v1alpha import reflection_pb2

from strata.v1 import system_pb2
from tests.e2e.limited.requests import (
    OK,
    Case,
)

ROWS: dict[str, list[Case]] = {
    "/strata.v1.SystemService/GetHealth": [("", lambda s: system_pb2.GetHealthRequest(), OK)],
    "/grpc.health.v1.Health/Check": [("", lambda s: health_pb2.HealthCheckRequest(), OK)],
    "/grpc.health.v1.Health/Watch": [("", lambda s: health_pb2.HealthCheckRequest(), OK)],
    "/grpc.health.v1.Health/List": [("", lambda s: health_pb2.HealthListRequest(), OK)],
    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo": [
        ("", lambda s: reflection_pb2.ServerReflectionRequest(list_services=""), OK)
    ],
    "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo": [
        ("", lambda s: reflection_pb2.ServerReflectionRequest(list_services=""), OK)
    ],
}
