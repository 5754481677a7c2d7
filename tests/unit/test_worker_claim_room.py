"""A worker's claims against a fake JobService: each acknowledgement asks for as many jobs
as it frees room for and hands them over; claims in flight count against the room; a
stopping worker, a closing buffer or a failed call claims nothing more."""

from __future__ import annotations

import asyncio
from typing import Any

import grpc
import pytest
from google.protobuf import struct_pb2

from entrypoints.worker.acks import CompletionAcks
from entrypoints.worker.options import WorkerOptions
from entrypoints.worker.room import ClaimRoom
from strata.v1 import jobs_pb2 as pb

pytestmark = pytest.mark.asyncio


class FakeQueue:
    """Completes every job; claims from `pending`; refuses everything once `down`."""

    def __init__(self, pending: int) -> None:
        self.pending = [f"job-{i}" for i in range(pending)]
        self.asked: list[int] = []
        self.down = False

    async def CompleteJobs(self, req: pb.CompleteJobsRequest, **_: Any) -> pb.CompleteJobsResponse:
        if self.down:
            raise grpc.aio.AioRpcError(grpc.StatusCode.INTERNAL, None, None, "down")
        results = [pb.CompletionResult(job=pb.Job(id=c.job_id)) for c in req.completions]
        if not req.HasField("claim_next"):
            return pb.CompleteJobsResponse(results=results)
        n = req.claim_next.max_jobs
        self.asked.append(n)
        taken, self.pending = self.pending[:n], self.pending[n:]
        return pb.CompleteJobsResponse(results=results, claimed=[pb.Job(id=i) for i in taken])


class Holder:
    """Jobs a worker holds until their completions are answered."""

    def __init__(self, concurrency: int, batch: int) -> None:
        self.options = WorkerOptions(
            "", "key", ("echo",), "ws", concurrency, batch, ack_batch=batch, ack_millis=60_000
        )
        self.held: set[str] = set()
        self.stopping = asyncio.Event()
        self.room = ClaimRoom(self.options, lambda: len(self.held), self.start, self.stopping)

    def start(self, job: pb.Job) -> None:
        self.held.add(job.id)

    def acks(self, fake: FakeQueue) -> CompletionAcks:
        return CompletionAcks(fake, "ws", self.options, next_jobs=self.room)  # type: ignore[arg-type]


async def _complete(acks: CompletionAcks, holder: Holder, job_ids: list[str]) -> None:
    async def one(job_id: str) -> None:
        await acks.complete(pb.Job(id=job_id, lease_epoch=1), struct_pb2.Struct())
        holder.held.discard(job_id)

    await asyncio.wait_for(asyncio.gather(*(one(i) for i in job_ids)), 5)


async def test_each_acknowledgement_claims_the_room_it_frees() -> None:
    fake, holder = FakeQueue(pending=5), Holder(concurrency=4, batch=2)
    holder.held |= {"a", "b", "c"}
    acks = holder.acks(fake)
    await _complete(acks, holder, ["a", "b"])
    assert fake.asked == [2] and holder.held == {"c", "job-0", "job-1"}
    assert holder.room.in_flight == 0 and holder.room.free() == 1


async def test_claims_in_flight_count_against_the_room() -> None:
    holder = Holder(concurrency=4, batch=4)
    holder.room.ask(3)
    assert holder.room.free() == 1 and holder.room.free(finishing=2) == 3
    holder.room.answered(3, [pb.Job(id="x")])
    assert holder.held == {"x"} and holder.room.free() == 3


async def test_a_stopping_worker_or_a_closing_buffer_claims_nothing_more() -> None:
    fake, holder = FakeQueue(pending=5), Holder(concurrency=2, batch=2)
    holder.held |= {"a", "b"}
    acks = holder.acks(fake)
    holder.stopping.set()
    await _complete(acks, holder, ["a", "b"])
    holder.stopping.clear()
    holder.held.add("c")
    waiting = asyncio.create_task(_complete(acks, holder, ["c"]))
    await asyncio.sleep(0)  # in the buffer, not full
    await asyncio.wait_for(acks.close(), 5)
    await waiting
    assert fake.asked == [] and holder.held == set()


async def test_a_failed_call_gives_its_asked_room_back() -> None:
    fake, holder = FakeQueue(pending=5), Holder(concurrency=2, batch=2)
    holder.held |= {"a", "b"}
    fake.down = True
    with pytest.raises(grpc.aio.AioRpcError):
        await _complete(holder.acks(fake), holder, ["a", "b"])
    assert holder.room.in_flight == 0 and fake.pending[0] == "job-0"
