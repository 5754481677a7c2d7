"""The audit context on gRPC: its servicer, and the trail every call writes."""

from __future__ import annotations

from typing import Any

from entrypoints.grpc.audit.servicer import AuditServicer, AuditUseCases
from entrypoints.grpc.service import GrpcService, use_cases
from strata.v1 import audit_pb2, audit_pb2_grpc


def _servicer(c: Any) -> AuditServicer:
    return AuditServicer(use_cases(AuditUseCases, c))


SERVICE = GrpcService(
    audit_pb2.DESCRIPTOR.services_by_name["AuditService"],
    audit_pb2_grpc.add_AuditServiceServicer_to_server,
    _servicer,
)
