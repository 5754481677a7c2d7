"""Protobuf ⇄ domain for claims: ClaimJobs' request, CompleteJobs' claim_next, and the
jobs claimed, whole or lean."""

from __future__ import annotations

from domain.jobs.claiming import ClaimRequest
from domain.jobs.model import Job
from entrypoints.grpc.jobs.lean_messages import claimed_pb
from entrypoints.grpc.jobs.messages import job_pb
from strata.v1 import jobs_pb2 as pb

DEFAULT_LEASE_SECONDS = 60


def claim_request(
    workspace_id: str, r: pb.ClaimJobsRequest | pb.NextClaim, max_jobs: int
) -> ClaimRequest:
    return ClaimRequest(
        workspace_id=workspace_id,
        worker_id=r.worker_id,
        kinds=tuple(r.kinds),
        max_jobs=max_jobs,
        lease_seconds=r.lease_seconds or DEFAULT_LEASE_SECONDS,
    )


def jobs_pb(jobs: list[Job], lean: bool) -> list[pb.Job]:
    form = claimed_pb if lean else job_pb
    return [form(j) for j in jobs]
