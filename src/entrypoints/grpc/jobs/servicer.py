"""JobService: protobuf in, use case, protobuf out — nothing more."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import grpc

from domain.jobs import (
    cancelling,
    claiming,
    claiming_next,
    completing,
    leases,
    reads,
    submitting,
    watching,
)
from entrypoints.grpc.context import current_principal
from entrypoints.grpc.convert import from_struct, ts
from entrypoints.grpc.jobs.claims import DEFAULT_LEASE_SECONDS, claim_request, jobs_pb
from entrypoints.grpc.jobs.completions import completions_from, results_pb
from entrypoints.grpc.jobs.messages import job_pb, statuses_from, time_from
from entrypoints.grpc.jobs.run_policies import policy_from
from entrypoints.grpc.jobs.watch_messages import watch_response_pb
from ports.jobs import JobFilter
from strata.v1 import jobs_pb2 as pb
from strata.v1 import jobs_pb2_grpc

Ctx = grpc.aio.ServicerContext[Any, Any]


@dataclass(frozen=True)
class JobsUseCases:
    submit_job: submitting.SubmitJob
    get_job: reads.GetJob
    list_jobs: reads.ListJobs
    cancel_job: cancelling.CancelJob
    claim_jobs: claiming.ClaimJobs
    heartbeat: leases.Heartbeat
    complete_job: leases.CompleteJob
    complete_jobs: completing.CompleteJobs
    complete_and_claim_jobs: claiming_next.CompleteAndClaimJobs
    fail_job: leases.FailJob
    watch_job: watching.WatchJob


class JobsServicer(jobs_pb2_grpc.JobServiceServicer):
    def __init__(self, uc: JobsUseCases) -> None:
        self._uc = uc

    async def SubmitJob(self, r: pb.SubmitJobRequest, _: Ctx) -> pb.SubmitJobResponse:
        cmd = submitting.NewJob(
            workspace_id=r.workspace_id,
            kind=r.kind,
            thread_id=r.thread_id,
            agent_type=r.agent_type,
            input=from_struct(r.input),
            parameters=from_struct(r.parameters),
            priority=r.priority,
            max_attempts=r.max_attempts,
            scheduled_at=time_from(r, "scheduled_at"),
            unique_key=r.unique_key,
            request_id=r.request_id,
            run_policy=policy_from(r.run_policy),
        )
        job = await self._uc.submit_job.execute(current_principal(), cmd)
        return pb.SubmitJobResponse(job=job_pb(job))

    async def GetJob(self, r: pb.GetJobRequest, _: Ctx) -> pb.GetJobResponse:
        job = await self._uc.get_job.execute(current_principal(), r.workspace_id, r.id)
        return pb.GetJobResponse(job=job_pb(job))

    async def ListJobs(self, r: pb.ListJobsRequest, _: Ctx) -> pb.ListJobsResponse:
        filt = JobFilter(
            workspace_id=r.workspace_id,
            statuses=statuses_from(r.statuses, "statuses"),
            kinds=tuple(r.kinds),
            thread_id=r.thread_id or None,
            owner_id=r.owner_id or None,
        )
        page = await self._uc.list_jobs.execute(
            current_principal(), filt, r.page_size, r.page_token
        )
        return pb.ListJobsResponse(
            jobs=[job_pb(j) for j in page.items], next_page_token=page.next_token
        )

    async def CancelJob(self, r: pb.CancelJobRequest, _: Ctx) -> pb.CancelJobResponse:
        job = await self._uc.cancel_job.execute(current_principal(), r.workspace_id, r.id)
        return pb.CancelJobResponse(job=job_pb(job))

    async def ClaimJobs(self, r: pb.ClaimJobsRequest, _: Ctx) -> pb.ClaimJobsResponse:
        req = claim_request(r.workspace_id, r, r.max_jobs or 1)
        jobs = await self._uc.claim_jobs.execute(current_principal(), req)
        return pb.ClaimJobsResponse(jobs=jobs_pb(jobs, r.lean))

    async def Heartbeat(self, r: pb.HeartbeatRequest, _: Ctx) -> pb.HeartbeatResponse:
        job = await self._uc.heartbeat.execute(
            current_principal(),
            r.workspace_id,
            r.job_id,
            r.lease_epoch,
            r.progress if r.HasField("progress") else None,
            r.lease_seconds or DEFAULT_LEASE_SECONDS,
        )
        return pb.HeartbeatResponse(
            cancel_requested=job.cancel_requested, lease_expires_at=ts(job.lease_expires_at)
        )

    async def CompleteJob(self, r: pb.CompleteJobRequest, _: Ctx) -> pb.CompleteJobResponse:
        job = await self._uc.complete_job.execute(
            current_principal(), r.workspace_id, r.job_id, r.lease_epoch, from_struct(r.output)
        )
        return pb.CompleteJobResponse(job=job_pb(job))

    async def CompleteJobs(self, r: pb.CompleteJobsRequest, _: Ctx) -> pb.CompleteJobsResponse:
        if not r.HasField("claim_next"):
            results = await self._uc.complete_jobs.execute(
                current_principal(), r.workspace_id, completions_from(r)
            )
            return pb.CompleteJobsResponse(results=results_pb(results, r.lean))
        nxt = r.claim_next
        done = await self._uc.complete_and_claim_jobs.execute(
            current_principal(),
            r.workspace_id,
            completions_from(r),
            claim_request(r.workspace_id, nxt, nxt.max_jobs),
        )
        return pb.CompleteJobsResponse(
            results=results_pb(done.results, r.lean), claimed=jobs_pb(done.claimed, nxt.lean)
        )

    async def FailJob(self, r: pb.FailJobRequest, _: Ctx) -> pb.FailJobResponse:
        job = await self._uc.fail_job.execute(
            current_principal(), r.workspace_id, r.job_id, r.lease_epoch, r.error, r.retryable
        )
        return pb.FailJobResponse(job=job_pb(job))

    async def WatchJob(self, r: pb.WatchJobRequest, _: Ctx) -> AsyncIterator[pb.WatchJobResponse]:
        changes = self._uc.watch_job.execute(
            current_principal(), r.workspace_id, r.id, r.starting_after
        )
        async for change in changes:
            yield watch_response_pb(change)
