"""Use cases on RAG evaluation runs (seed 002): record, feedback, list, daily statistics."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from domain.kernel.errors import InvalidArgument, Validator
from domain.kernel.idempotency import Idempotency
from domain.kernel.lookup import found, required
from domain.kernel.pagination import Page, PageRequest, build_page
from domain.kernel.principal import Principal
from domain.knowledge.deps import KnowledgeDeps, check_owns, reader, writer
from domain.knowledge.model import EvaluationRun
from ports.knowledge import DailyEvaluationStats, EvaluationFilter, KnowledgeUnitOfWork

FEEDBACK = ("thumbs_up", "thumbs_down")
MAX_SOURCES = 1000
MAX_TEXT = 1_000_000


@dataclass(frozen=True, slots=True)
class NewEvaluation:
    workspace_id: str
    query: str
    response: str = ""
    sources: list[dict[str, Any]] = field(default_factory=list)
    latency_ms: int = 0
    token_count: int = 0
    quality_score: float | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    request_id: str = ""

    def check(self) -> None:
        v = Validator()
        v.check(bool(self.query.strip()), "query", "is required")
        v.check(len(self.query) <= MAX_TEXT, "query", f"must be at most {MAX_TEXT} characters")
        v.check(len(self.response) <= MAX_TEXT, "response", f"must be at most {MAX_TEXT} chars")
        v.check(len(self.sources) <= MAX_SOURCES, "sources", f"must be at most {MAX_SOURCES}")
        v.check(self.latency_ms >= 0, "latency_ms", "must not be negative")
        v.check(self.token_count >= 0, "token_count", "must not be negative")
        score = self.quality_score
        if score is not None:
            ok = math.isfinite(score) and 0.0 <= score <= 1.0
            v.check(ok, "quality_score", "must be between 0 and 1")
        v.raise_if_any()


async def _must_get(uow: KnowledgeUnitOfWork, workspace_id: str, run_id: str) -> EvaluationRun:
    run = await uow.evaluations.get(workspace_id, required(run_id))
    return found(run, "evaluation", run_id)


class RecordEvaluation:
    def __init__(self, deps: KnowledgeDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, cmd: NewEvaluation) -> EvaluationRun:
        cmd.check()
        ws = cmd.workspace_id
        async with self._d.uow() as uow:
            actor = await writer(uow, principal, ws, "recording evaluations")
            scope = f"{principal.user_id}:RecordEvaluation:{ws}"
            idem = Idempotency(uow, scope, cmd.request_id, {"cmd": cmd})
            if (existing := await idem.replayed_id(self._d.clock)) is not None:
                return await _must_get(uow, ws, existing)
            run = EvaluationRun(
                id=self._d.ids.new_id(),
                workspace_id=ws,
                user_id=actor.user_id,
                query=cmd.query,
                response=cmd.response,
                created_at=self._d.clock.now(),
                sources=list(cmd.sources),
                latency_ms=cmd.latency_ms,
                token_count=cmd.token_count,
                quality_score=cmd.quality_score,
                metadata=dict(cmd.metadata),
            )
            await uow.evaluations.add(run)
            await idem.remember(run.id, self._d.clock)
            await uow.commit()
        return run


class SetEvaluationFeedback:
    """Whoever recorded the run gives its feedback; admins may give anyone's."""

    def __init__(self, deps: KnowledgeDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, run_id: str, feedback: str | None
    ) -> EvaluationRun:
        if feedback not in FEEDBACK:
            raise InvalidArgument.of("feedback", "must be THUMBS_UP or THUMBS_DOWN")
        async with self._d.uow() as uow:
            actor = await writer(uow, principal, workspace_id, "giving feedback")
            run = await _must_get(uow, workspace_id, run_id)
            check_owns(actor, run.user_id, "giving feedback on the run")
            await uow.evaluations.set_feedback(workspace_id, run_id, feedback)
            await uow.commit()
        run.feedback = feedback
        return run


def _check_range(filt: EvaluationFilter) -> None:
    if filt.feedback is not None and filt.feedback not in FEEDBACK:
        raise InvalidArgument.of("feedback", "is not a known feedback")
    if filt.start and filt.end and filt.start >= filt.end:
        raise InvalidArgument.of("end_time", "must be after start_time")


class ListEvaluations:
    def __init__(self, deps: KnowledgeDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, filt: EvaluationFilter, page_size: int, page_token: str
    ) -> Page[EvaluationRun]:
        _check_range(filt)
        query = {
            "w": filt.workspace_id,
            "u": filt.user_id,
            "f": filt.feedback,
            "s": filt.start,
            "e": filt.end,
        }
        req = PageRequest.parse(page_size, page_token, query, self._d.page_tokens)
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, filt.workspace_id)
            rows = await uow.evaluations.find(filt, req.after, req.size + 1)
        return build_page(rows, req, lambda run: (run.id,))


def thumbs_up_ratio(day: DailyEvaluationStats) -> float | None:
    rated = day.thumbs_up + day.thumbs_down
    return day.thumbs_up / rated if rated else None


class GetEvaluationStats:
    def __init__(self, deps: KnowledgeDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, filt: EvaluationFilter
    ) -> list[DailyEvaluationStats]:
        _check_range(filt)
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, filt.workspace_id)
            return await uow.evaluations.daily_stats(filt)
