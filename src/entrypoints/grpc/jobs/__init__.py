"""The jobs context on gRPC: its servicer and message conversion."""

from __future__ import annotations

from typing import Any

from entrypoints.grpc.jobs.servicer import JobsServicer, JobsUseCases
from entrypoints.grpc.service import GrpcService, use_cases
from strata.v1 import jobs_pb2, jobs_pb2_grpc


def _servicer(c: Any) -> JobsServicer:
    return JobsServicer(use_cases(JobsUseCases, c))


SERVICE = GrpcService(
    jobs_pb2.DESCRIPTOR.services_by_name["JobService"],
    jobs_pb2_grpc.add_JobServiceServicer_to_server,
    _servicer,
)
