"""WatchJob end to end, on PostgreSQL and on memory: every event in order until the job
ends, a resumed stream with no gap and no repeat, heartbeats and tenancy."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
import pytest

from strata.v1 import common_pb2, jobs_pb2_grpc
from strata.v1 import jobs_pb2 as pb
from tests.e2e.harness import Caller, Harness, violations
from tests.e2e.instances import serving
from tests.e2e.job_watch_kit import (
    beat,
    claim,
    complete,
    job_stub,
    submit,
    watch,
    watch_settings,
)

# Quiet streams beat this rarely: what a watcher sees within the kit's WAIT was woken, not polled.
QUIET_SECONDS = 60
P, R, C = pb.JOB_STATUS_PENDING, pb.JOB_STATUS_RUNNING, pb.JOB_STATUS_COMPLETED
X = pb.JOB_STATUS_CANCELLED


@pytest.fixture(scope="module")
async def harness(storage: tuple[str, str | None]) -> AsyncIterator[Harness]:
    async with serving(watch_settings(storage[0], QUIET_SECONDS), storage[1]) as h:
        yield h


@pytest.fixture
def stub(harness: Harness) -> jobs_pb2_grpc.JobServiceStub:
    return jobs_pb2_grpc.JobServiceStub(harness.channel)


@pytest.fixture
async def owner(harness: Harness) -> Caller:
    return await harness.new_user("watch")


@pytest.fixture
async def ws(harness: Harness, owner: Caller) -> str:
    return await harness.new_workspace(owner, "watch")


async def test_a_watcher_sees_every_transition_in_order_and_the_stream_ends(
    stub, owner, ws
) -> None:
    job = await submit(stub, owner, ws)
    w = watch(stub, owner, job)
    await w.until(events=1)
    claimed = await claim(stub, owner, job)
    await w.until(events=2)
    await beat(stub, owner, claimed, 0.5)
    await beat(stub, owner, claimed, 0.75)
    await complete(stub, owner, claimed)
    assert await w.ended() == grpc.StatusCode.OK
    assert w.seqs() == [1, 2, 3, 4, 5]
    moves = [(e.from_status, e.to_status, e.progress) for e in w.events]
    assert moves == [
        (pb.JOB_STATUS_UNSPECIFIED, P, 0.0),
        (P, R, 0.0),
        (R, R, 0.5),
        (R, R, 0.75),
        (R, C, 1.0),
    ]
    assert w.events[1].detail["worker_id"] == "w"
    assert all(e.job_id == job.id and e.HasField("at") for e in w.events)
    assert w.beats == []


async def test_a_resumed_watch_gets_exactly_the_remaining_events(stub, owner, ws) -> None:
    job = await submit(stub, owner, ws)
    claimed = await claim(stub, owner, job)
    first = watch(stub, owner, job)
    await first.until(events=2)
    first.call.cancel()  # the stream drops after seq 2
    assert await first.ended() == grpc.StatusCode.CANCELLED
    await beat(stub, owner, claimed, 0.5)
    resumed = watch(stub, owner, job, after=first.seqs()[-1])
    await resumed.until(events=1)
    await complete(stub, owner, claimed)
    assert await resumed.ended() == grpc.StatusCode.OK
    assert first.seqs() + resumed.seqs() == [1, 2, 3, 4]
    assert resumed.events[-1].to_status == C


async def test_a_finished_job_replays_its_events_then_ends(stub, owner, ws) -> None:
    job = await submit(stub, owner, ws)
    await stub.CancelJob(pb.CancelJobRequest(workspace_id=ws, id=job.id), metadata=owner.md)
    everything = watch(stub, owner, job)
    assert await everything.ended() == grpc.StatusCode.OK
    assert [(e.seq, e.to_status) for e in everything.events] == [(1, P), (2, X)]
    nothing_left = watch(stub, owner, job, after=2)
    assert await nothing_left.ended() == grpc.StatusCode.OK
    assert nothing_left.events == [] and nothing_left.beats == []


async def test_a_quiet_watch_sends_heartbeats_with_the_last_seq(harness, storage) -> None:
    root = harness.root if storage[1] else None  # on PostgreSQL both servers share a root
    async with serving(watch_settings(storage[0], 0.2), storage[1], root) as beating:
        stub, owner = job_stub(beating), await beating.new_user("watch")
        job = await submit(stub, owner, await beating.new_workspace(owner))
        w = watch(stub, owner, job)
        await w.until(events=1, beats=3)
        resumed = watch(stub, owner, job, after=1)
        await resumed.until(beats=1)
        for each in (w, resumed):
            each.call.cancel()
            assert await each.ended() == grpc.StatusCode.CANCELLED
    assert w.seqs() == [1] and resumed.seqs() == []
    assert all(b.last_seq == 1 and b.HasField("server_time") for b in w.beats + resumed.beats)


async def test_a_viewer_watches_and_another_workspace_gets_not_found(
    harness, stub, owner, ws
) -> None:
    job = await submit(stub, owner, ws)
    viewer, stranger = await harness.new_user("viewer"), await harness.new_user("stranger")
    await harness.add(owner, ws, viewer, common_pb2.ROLE_VIEWER)
    seen = watch(stub, viewer, job)
    await seen.until(events=1)
    seen.call.cancel()
    await seen.ended()
    elsewhere = await harness.new_workspace(stranger)
    for who, where in ((stranger, ws), (stranger, elsewhere), (owner, elsewhere)):
        req = pb.WatchJobRequest(workspace_id=where, id=job.id)
        with pytest.raises(grpc.aio.AioRpcError) as err:
            async for _ in stub.WatchJob(req, metadata=who.md):
                pass
        assert err.value.code() == grpc.StatusCode.NOT_FOUND


async def test_a_negative_starting_after_is_invalid(stub, owner, ws) -> None:
    job = await submit(stub, owner, ws)
    req = pb.WatchJobRequest(workspace_id=ws, id=job.id, starting_after=-1)
    with pytest.raises(grpc.aio.AioRpcError) as err:
        async for _ in stub.WatchJob(req, metadata=owner.md):
            pass
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "starting_after" in violations(err.value)
