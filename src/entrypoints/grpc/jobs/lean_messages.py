"""The lean forms of a job a worker asks for: what it needs to run a claimed job and to
know a completion landed, the other fields unset."""

from __future__ import annotations

from domain.jobs.model import Job
from entrypoints.grpc.convert import struct, ts
from entrypoints.grpc.jobs.messages import status_pb
from strata.v1 import jobs_pb2 as pb


def claimed_pb(j: Job) -> pb.Job:
    return pb.Job(
        id=j.id,
        workspace_id=j.workspace_id,
        kind=j.kind,
        input=struct(j.input),
        parameters=struct(j.parameters),
        status=status_pb(j.status),
        attempts=j.attempts,
        max_attempts=j.max_attempts,
        lease_epoch=j.lease_epoch,
        lease_expires_at=ts(j.lease_expires_at),
    )


def completed_pb(j: Job) -> pb.Job:
    return pb.Job(
        id=j.id,
        status=status_pb(j.status),
        lease_epoch=j.lease_epoch,
        completed_at=ts(j.completed_at),
    )
