"""Agent runs on a thread end to end, on PostgreSQL and on memory: REJECT refuses a busy
thread, ROLLBACK removes the cancelled run's messages, the thread shows its run status,
and a retried AppendMessages writes its batch once."""

from __future__ import annotations

import uuid

import grpc
import pytest

from strata.v1 import conversations_pb2 as cpb
from strata.v1 import conversations_pb2_grpc, jobs_pb2_grpc
from strata.v1 import jobs_pb2 as pb
from tests.e2e.harness import Caller, Harness, error_info


@pytest.fixture
def jobs(harness: Harness) -> jobs_pb2_grpc.JobServiceStub:
    return jobs_pb2_grpc.JobServiceStub(harness.channel)


@pytest.fixture
def talk(harness: Harness) -> conversations_pb2_grpc.ConversationServiceStub:
    return conversations_pb2_grpc.ConversationServiceStub(harness.channel)


@pytest.fixture
async def owner(harness: Harness) -> Caller:
    return await harness.new_user("runs")


@pytest.fixture
async def ws(harness: Harness, owner: Caller) -> str:
    return await harness.new_workspace(owner, "runs")


@pytest.fixture
async def thread(talk, owner, ws) -> str:
    made = await talk.CreateThread(cpb.CreateThreadRequest(workspace_id=ws), metadata=owner.md)
    return str(made.thread.id)


def _kind() -> str:
    return f"agent.{uuid.uuid4().hex[:8]}"


def _submit(ws: str, thread: str, kind: str, policy: int = 0) -> pb.SubmitJobRequest:
    return pb.SubmitJobRequest(workspace_id=ws, kind=kind, thread_id=thread, run_policy=policy)


async def _run_status(talk, owner, ws, thread) -> int:
    got = await talk.GetThread(cpb.GetThreadRequest(workspace_id=ws, id=thread), metadata=owner.md)
    return int(got.thread.run_status)


async def test_reject_refuses_a_busy_thread_and_writes_nothing(
    jobs, talk, owner, ws, thread
) -> None:
    kind = _kind()
    assert await _run_status(talk, owner, ws, thread) == cpb.THREAD_RUN_STATUS_IDLE
    await jobs.SubmitJob(_submit(ws, thread, kind), metadata=owner.md)
    assert await _run_status(talk, owner, ws, thread) == cpb.THREAD_RUN_STATUS_BUSY
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await jobs.SubmitJob(_submit(ws, thread, kind, pb.RUN_POLICY_REJECT), metadata=owner.md)
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert error_info(err.value).reason == "THREAD_BUSY"
    listed = await jobs.ListJobs(
        pb.ListJobsRequest(workspace_id=ws, thread_id=thread), metadata=owner.md
    )
    assert len(listed.jobs) == 1


async def test_rollback_cancels_the_run_and_removes_its_messages(
    jobs, talk, owner, ws, thread
) -> None:
    kind = _kind()
    await jobs.SubmitJob(_submit(ws, thread, kind), metadata=owner.md)
    claim = pb.ClaimJobsRequest(workspace_id=ws, worker_id="w", kinds=[kind])
    [run] = (await jobs.ClaimJobs(claim, metadata=owner.md)).jobs
    said = [
        cpb.NewMessage(role=cpb.MESSAGE_ROLE_USER, content="question"),
        cpb.NewMessage(role=cpb.MESSAGE_ROLE_ASSISTANT, content="half an answer", run_id=run.id),
    ]
    await talk.AppendMessages(
        cpb.AppendMessagesRequest(workspace_id=ws, thread_id=thread, messages=said),
        metadata=owner.md,
    )
    new = await jobs.SubmitJob(_submit(ws, thread, kind, pb.RUN_POLICY_ROLLBACK), metadata=owner.md)
    assert new.job.status == pb.JOB_STATUS_PENDING
    left = await talk.ListMessages(
        cpb.ListMessagesRequest(workspace_id=ws, thread_id=thread), metadata=owner.md
    )
    assert [m.content for m in left.messages] == ["question"]
    beat = await jobs.Heartbeat(
        pb.HeartbeatRequest(workspace_id=ws, job_id=run.id, lease_epoch=run.lease_epoch),
        metadata=owner.md,
    )
    assert beat.cancel_requested
    assert (await jobs.ClaimJobs(claim, metadata=owner.md)).jobs == []
    await jobs.FailJob(
        pb.FailJobRequest(workspace_id=ws, job_id=run.id, lease_epoch=run.lease_epoch),
        metadata=owner.md,
    )
    [next_run] = (await jobs.ClaimJobs(claim, metadata=owner.md)).jobs
    assert next_run.id == new.job.id


async def test_a_retried_append_writes_its_batch_once(talk, owner, ws, thread) -> None:
    req = cpb.AppendMessagesRequest(
        workspace_id=ws,
        thread_id=thread,
        messages=[cpb.NewMessage(role=cpb.MESSAGE_ROLE_USER, content="once")],
        request_id="append-1",
    )
    first = await talk.AppendMessages(req, metadata=owner.md)
    again = await talk.AppendMessages(req, metadata=owner.md)
    assert [m.id for m in again.messages] == [m.id for m in first.messages]
    left = await talk.ListMessages(
        cpb.ListMessagesRequest(workspace_id=ws, thread_id=thread), metadata=owner.md
    )
    assert [m.content for m in left.messages] == ["once"]
