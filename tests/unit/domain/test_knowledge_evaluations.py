"""RAG evaluation runs: record, feedback, list, daily statistics."""

from __future__ import annotations

import pytest

from adapters.system.basics import Uuid7Generator
from domain.kernel.errors import InvalidArgument, PermissionDenied
from domain.kernel.roles import Role
from domain.knowledge import evaluations as ev
from domain.knowledge.deps import KnowledgeDeps
from ports.knowledge import EvaluationFilter
from tests.unit.domain.conftest import PAGE_TOKENS


@pytest.fixture
def d(uow, clock) -> KnowledgeDeps:
    return KnowledgeDeps(uow, clock, Uuid7Generator(), PAGE_TOKENS, embedding_dim=3)


@pytest.fixture
async def ws(world, alice):
    return await world.workspace(alice, "evals")


async def test_record_feedback_list_and_stats(d, alice, ws, clock) -> None:
    record = ev.RecordEvaluation(d)
    runs = []
    for latency, score in ((100, 0.5), (200, 1.0), (300, None)):
        cmd = ev.NewEvaluation(ws.id, "q?", "a.", [{"id": "s1"}], latency, 10, score)
        runs.append(await record.execute(alice.principal, cmd))
    await ev.SetEvaluationFeedback(d).execute(alice.principal, ws.id, runs[0].id, "thumbs_up")
    await ev.SetEvaluationFeedback(d).execute(alice.principal, ws.id, runs[1].id, "thumbs_down")
    page = await ev.ListEvaluations(d).execute(alice.principal, EvaluationFilter(ws.id), 2, "")
    assert len(page.items) == 2 and page.next_token
    up = await ev.ListEvaluations(d).execute(
        alice.principal, EvaluationFilter(ws.id, feedback="thumbs_up"), 10, ""
    )
    assert [r.id for r in up.items] == [runs[0].id]
    (day,) = await ev.GetEvaluationStats(d).execute(alice.principal, EvaluationFilter(ws.id))
    assert day.count == 3 and day.mean_latency_ms == pytest.approx(200)
    assert day.mean_quality == pytest.approx(0.75)
    assert (day.thumbs_up, day.thumbs_down, ev.thumbs_up_ratio(day)) == (1, 1, 0.5)


async def test_bad_runs_are_refused(d, alice, ws) -> None:
    with pytest.raises(InvalidArgument) as exc:
        await ev.RecordEvaluation(d).execute(
            alice.principal, ev.NewEvaluation(ws.id, "", latency_ms=-1, quality_score=1.5)
        )
    assert {v.field for v in exc.value.violations} == {"query", "latency_ms", "quality_score"}


async def test_only_the_recorder_or_an_admin_gives_feedback(d, world, alice, ws) -> None:
    member = await world.member(ws, alice, "member", Role.MEMBER)
    run = await ev.RecordEvaluation(d).execute(alice.principal, ev.NewEvaluation(ws.id, "q"))
    with pytest.raises(PermissionDenied):
        await ev.SetEvaluationFeedback(d).execute(member.principal, ws.id, run.id, "thumbs_up")
    with pytest.raises(InvalidArgument):
        await ev.SetEvaluationFeedback(d).execute(alice.principal, ws.id, run.id, None)
