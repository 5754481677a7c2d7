"""The identity context on gRPC: its servicer and message conversion."""

from __future__ import annotations

from typing import Any

from entrypoints.grpc.identity.servicer import IdentityServicer, IdentityUseCases
from entrypoints.grpc.service import GrpcService, use_cases
from strata.v1 import identity_pb2, identity_pb2_grpc


def _servicer(c: Any) -> IdentityServicer:
    return IdentityServicer(use_cases(IdentityUseCases, c), c.core.clock())


SERVICE = GrpcService(
    identity_pb2.DESCRIPTOR.services_by_name["IdentityService"],
    identity_pb2_grpc.add_IdentityServiceServicer_to_server,
    _servicer,
    open_methods=("Login",),
)
