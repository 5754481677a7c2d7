"""Protobuf ⇄ domain for CompleteJobs: each result the job, or its refusal."""

from __future__ import annotations

from collections.abc import Callable

from domain.jobs.completing import Completed, Completion
from domain.jobs.model import Job
from entrypoints.grpc.convert import from_struct
from entrypoints.grpc.errors import code_for
from entrypoints.grpc.jobs.lean_messages import completed_pb
from entrypoints.grpc.jobs.messages import job_pb
from strata.v1 import jobs_pb2 as pb


def completions_from(r: pb.CompleteJobsRequest) -> list[Completion]:
    return [Completion(c.job_id, c.lease_epoch, from_struct(c.output)) for c in r.completions]


def results_pb(results: list[Completed], lean: bool) -> list[pb.CompletionResult]:
    form = completed_pb if lean else job_pb
    return [result_pb(x, form) for x in results]


def result_pb(result: Completed, job_form: Callable[[Job], pb.Job] = job_pb) -> pb.CompletionResult:
    if result.job is not None:
        return pb.CompletionResult(job=job_form(result.job))
    refusal = result.refusal
    assert refusal is not None
    code: int = code_for(refusal).value[0]
    return pb.CompletionResult(
        refusal=pb.CompletionRefusal(code=code, reason=refusal.reason, message=refusal.message)
    )
