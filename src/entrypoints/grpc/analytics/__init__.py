"""The analytics context on gRPC: its servicer and message conversion."""

from __future__ import annotations

from typing import Any

from entrypoints.grpc.analytics.servicer import AnalyticsServicer, AnalyticsUseCases
from entrypoints.grpc.service import GrpcService, use_cases
from strata.v1 import analytics_pb2, analytics_pb2_grpc


def _servicer(c: Any) -> AnalyticsServicer:
    return AnalyticsServicer(use_cases(AnalyticsUseCases, c))


SERVICE = GrpcService(
    analytics_pb2.DESCRIPTOR.services_by_name["AnalyticsService"],
    analytics_pb2_grpc.add_AnalyticsServiceServicer_to_server,
    _servicer,
)
