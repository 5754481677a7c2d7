"""Protobuf ⇄ domain for jobs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, cast

from google.protobuf import timestamp_pb2

from domain.jobs.model import Job
from domain.jobs.values import JobStatus
from domain.kernel.errors import InvalidArgument
from entrypoints.grpc.convert import struct, ts
from strata.v1 import jobs_pb2 as pb

_STATUSES = {
    JobStatus.PENDING: pb.JOB_STATUS_PENDING,
    JobStatus.RUNNING: pb.JOB_STATUS_RUNNING,
    JobStatus.COMPLETED: pb.JOB_STATUS_COMPLETED,
    JobStatus.FAILED: pb.JOB_STATUS_FAILED,
    JobStatus.CANCELLED: pb.JOB_STATUS_CANCELLED,
}
_FROM_PROTO = {v: k for k, v in _STATUSES.items()}


def status_pb(status: JobStatus | None) -> pb.JobStatus:
    return _STATUSES[status] if status is not None else pb.JOB_STATUS_UNSPECIFIED


def statuses_from(values: Iterable[int], field: str) -> tuple[JobStatus, ...]:
    found = []
    for i, value in enumerate(values):
        if value not in _FROM_PROTO:
            raise InvalidArgument.of(f"{field}[{i}]", "must be a job status")
        found.append(_FROM_PROTO[cast("pb.JobStatus", value)])
    return tuple(found)


def time_from(message: Any, name: str) -> datetime | None:
    if not message.HasField(name):
        return None
    value: timestamp_pb2.Timestamp = getattr(message, name)
    return value.ToDatetime(tzinfo=UTC)


def job_pb(j: Job) -> pb.Job:
    return pb.Job(
        id=j.id,
        workspace_id=j.workspace_id,
        owner_id=j.owner_id,
        kind=j.kind,
        thread_id=j.thread_id or "",
        agent_type=j.agent_type,
        input=struct(j.input),
        parameters=struct(j.parameters),
        output=struct(j.output) if j.output is not None else None,
        error=j.error or "",
        progress=j.progress,
        priority=j.priority,
        attempts=j.attempts,
        max_attempts=j.max_attempts,
        status=_STATUSES[j.status],
        cancel_requested=j.cancel_requested,
        lease_holder=j.lease_holder or "",
        lease_expires_at=ts(j.lease_expires_at),
        lease_epoch=j.lease_epoch,
        scheduled_at=ts(j.scheduled_at),
        started_at=ts(j.started_at),
        completed_at=ts(j.completed_at),
        created_at=ts(j.created_at),
        updated_at=ts(j.updated_at),
        unique_key=j.unique_key or "",
    )
