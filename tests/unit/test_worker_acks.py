"""The worker's completion buffer against a fake JobService: batches by size, by time,
on close; each job gets its own result, a lost lease None."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from google.protobuf import struct_pb2

from entrypoints.worker.acks import CompletionAcks, CompletionRefused
from entrypoints.worker.options import WorkerOptions
from strata.v1 import jobs_pb2 as pb

pytestmark = pytest.mark.asyncio
STALE = {"stale"}
FOREIGN = {"foreign"}


class FakeJobs:
    """Completes every job but the stale (FAILED_PRECONDITION) and foreign (PERMISSION_DENIED)."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.sent = asyncio.Event()

    async def CompleteJobs(self, req: pb.CompleteJobsRequest, **_: Any) -> pb.CompleteJobsResponse:
        self.calls.append([c.job_id for c in req.completions])
        self.sent.set()
        return pb.CompleteJobsResponse(results=[_result(c.job_id) for c in req.completions])


def _result(job_id: str) -> pb.CompletionResult:
    if job_id in STALE:
        return pb.CompletionResult(refusal=pb.CompletionRefusal(code=9, reason="STALE_LEASE"))
    if job_id in FOREIGN:
        return pb.CompletionResult(refusal=pb.CompletionRefusal(code=7, reason="NOT_SERVED"))
    return pb.CompletionResult(job=pb.Job(id=job_id, status=pb.JOB_STATUS_COMPLETED))


def _acks(fake: FakeJobs, **options: Any) -> CompletionAcks:
    opts = WorkerOptions("", "key", ("echo",), "ws", **options)
    return CompletionAcks(fake, "ws", opts)  # type: ignore[arg-type]


def _done(acks: CompletionAcks, job_id: str) -> asyncio.Task[pb.Job | None]:
    job = pb.Job(id=job_id, lease_epoch=1)
    return asyncio.create_task(acks.complete(job, struct_pb2.Struct()))


async def test_a_full_buffer_goes_in_one_call_with_each_result_to_its_job() -> None:
    fake = FakeJobs()
    acks = _acks(fake, concurrency=3, ack_batch=3, ack_millis=60_000)
    waiting = [_done(acks, i) for i in ("a", "stale", "c")]
    got = await asyncio.wait_for(asyncio.gather(*waiting), 5)
    assert fake.calls == [["a", "stale", "c"]]
    assert [j.id if j else None for j in got] == ["a", None, "c"]


async def test_a_lone_completion_goes_after_the_wait_and_close_sends_the_rest() -> None:
    fake = FakeJobs()
    acks = _acks(fake, concurrency=10, ack_batch=10, ack_millis=10)
    first = _done(acks, "a")
    await asyncio.wait_for(fake.sent.wait(), 5)
    assert (await first) is not None and fake.calls == [["a"]]
    slow = _acks(fake, concurrency=10, ack_batch=10, ack_millis=60_000)
    second = _done(slow, "b")
    await asyncio.sleep(0)  # it waits in the buffer
    await asyncio.wait_for(slow.close(), 5)
    assert (await second) is not None and fake.calls == [["a"], ["b"]]


async def test_another_refusal_fails_its_job_only() -> None:
    fake = FakeJobs()
    acks = _acks(fake, concurrency=2, ack_batch=2)
    foreign, fine = _done(acks, "foreign"), _done(acks, "b")
    with pytest.raises(CompletionRefused):
        await asyncio.wait_for(foreign, 5)
    assert (await fine) is not None


async def test_the_wait_stays_a_small_part_of_the_lease() -> None:
    assert WorkerOptions("", "k", ("e",), lease_seconds=3, ack_millis=1000).ack_wait == 0.3
    assert WorkerOptions("", "k", ("e",)).ack_wait == 0.02
