"""AppendMessages: run ids must name a run of the thread, and a retried batch (same
request_id) returns the first one instead of writing it twice."""

from __future__ import annotations

import pytest

from domain.conversations.message_batches import NewMessage
from domain.conversations.threads import NewThread
from domain.conversations.values import MessageRole
from domain.jobs.run_values import RunPolicy
from domain.kernel.errors import FailedPrecondition, InvalidArgument, NotFound
from tests.unit.domain.thread_runs_kit import Runs, build_runs


@pytest.fixture
async def runs(uow, clock, world, alice) -> Runs:
    return await build_runs(uow, clock, world, alice)


def _said(*texts: str, run_id: str = "") -> list[NewMessage]:
    return [NewMessage(MessageRole.ASSISTANT, t, run_id=run_id) for t in texts]


async def _append(runs: Runs, batch: list[NewMessage], request_id: str = "") -> list[str]:
    written = await runs.c.append.execute(
        runs.person.principal, runs.ws, runs.thread, batch, request_id
    )
    return [m.id for m in written]


async def test_a_retried_batch_returns_the_first_one_and_writes_nothing(runs: Runs) -> None:
    first = await _append(runs, _said("a", "b"), request_id="r1")
    again = await _append(runs, _said("a", "b"), request_id="r1")
    assert again == first
    assert await runs.texts() == ["a", "b"]


async def test_a_request_id_reused_for_other_messages_is_refused(runs: Runs) -> None:
    await _append(runs, _said("a"), request_id="r1")
    with pytest.raises(InvalidArgument) as refused:
        await _append(runs, _said("other"), request_id="r1")
    assert refused.value.violations[0].field == "request_id"
    assert await runs.texts() == ["a"]


async def test_a_run_of_another_thread_cannot_write_here(runs: Runs) -> None:
    other = await runs.c.create.execute(runs.person.principal, NewThread(runs.ws, "other"))
    theirs = await runs.submit(thread=other.id)
    with pytest.raises(InvalidArgument) as refused:
        await _append(runs, _said("ok", "mine?", run_id=theirs.id))
    assert refused.value.violations[0].field == "messages[0].run_id"
    assert await runs.texts() == []


async def test_an_unknown_run_is_not_found_and_a_known_one_is_kept(runs: Runs) -> None:
    with pytest.raises(NotFound):
        await _append(runs, _said("x", run_id="01900000-0000-7000-8000-000000000000"))
    run = await runs.submit()
    await _append(runs, _said("y", run_id=run.id))
    assert await runs.texts() == ["y"]


@pytest.mark.parametrize("ending", ["rolled back", "completed", "asked to cancel"])
async def test_a_run_that_ended_or_was_asked_to_cancel_writes_nothing_more(
    runs: Runs, ending: str
) -> None:
    run = await runs.submit()
    if ending == "rolled back":
        await runs.submit(RunPolicy.ROLLBACK)
    else:
        (claimed,) = await runs.claim(1)
        await (runs.complete(claimed) if ending == "completed" else runs.cancel(claimed))
    with pytest.raises(FailedPrecondition) as refused:
        await _append(runs, _said("late", run_id=run.id))
    assert refused.value.reason == "RUN_ENDED"
    assert await runs.texts() == []
