"""RAG evaluation runs in memory, and their daily statistics."""

from __future__ import annotations

import copy
import math
from datetime import UTC, datetime
from typing import Any

from adapters.memory.knowledge.values import Tables, require
from domain.kernel.errors import AlreadyExists, InvalidArgument
from domain.knowledge.model import EvaluationRun
from ports.knowledge import DailyEvaluationStats, EvaluationFilter

FEEDBACK = ("thumbs_up", "thumbs_down")


def _percentile(values: list[float], q: float) -> float:
    """percentile_cont: linear interpolation between the closest ranks."""
    ordered = sorted(values)
    at = q * (len(ordered) - 1)
    low, high = math.floor(at), math.ceil(at)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def _check_run(run: EvaluationRun) -> None:
    if run.feedback is not None and run.feedback not in FEEDBACK:
        raise InvalidArgument.of("feedback", "must be thumbs_up or thumbs_down")
    if run.quality_score is not None and not 0.0 <= run.quality_score <= 1.0:
        raise InvalidArgument.of("quality_score", "must be between 0 and 1")


class InMemoryEvaluationRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t: dict[str, EvaluationRun] = tables["evaluations"]

    async def add(self, run: EvaluationRun) -> None:
        if run.id in self._t:
            raise AlreadyExists("the resource already exists", field="id")
        _check_run(run)
        require(self._tables, "workspaces", run.workspace_id, "workspace")
        require(self._tables, "users", run.user_id, "user")
        self._t[run.id] = copy.deepcopy(run)

    async def get(self, workspace_id: str, run_id: str) -> EvaluationRun | None:
        run = self._t.get(run_id)
        return copy.deepcopy(run) if run and run.workspace_id == workspace_id else None

    async def set_feedback(self, workspace_id: str, run_id: str, feedback: str) -> bool:
        if feedback not in FEEDBACK:
            raise InvalidArgument.of("feedback", "must be thumbs_up or thumbs_down")
        run = self._t.get(run_id)
        if run is None or run.workspace_id != workspace_id:
            return False
        stored = copy.deepcopy(run)
        stored.feedback = feedback
        self._t[run_id] = stored
        return True

    def _filtered(self, f: EvaluationFilter) -> list[EvaluationRun]:
        return [
            r
            for r in self._t.values()
            if r.workspace_id == f.workspace_id
            and (f.user_id is None or r.user_id == f.user_id)
            and (f.feedback is None or r.feedback == f.feedback)
            and (f.start is None or r.created_at >= f.start)
            and (f.end is None or r.created_at < f.end)
        ]

    async def find(
        self, filt: EvaluationFilter, after: tuple[Any, ...] | None, limit: int
    ) -> list[EvaluationRun]:
        rows = sorted(self._filtered(filt), key=lambda r: r.id, reverse=True)
        if after is not None:
            rows = [r for r in rows if r.id < str(after[0])]
        return [copy.deepcopy(r) for r in rows[:limit]]

    async def daily_stats(self, filt: EvaluationFilter) -> list[DailyEvaluationStats]:
        days: dict[datetime, list[EvaluationRun]] = {}
        for r in self._filtered(filt):
            at = r.created_at.astimezone(UTC)
            days.setdefault(datetime(at.year, at.month, at.day, tzinfo=UTC), []).append(r)
        return [_stats(day, runs) for day, runs in sorted(days.items())]


def _stats(day: datetime, runs: list[EvaluationRun]) -> DailyEvaluationStats:
    latencies = [float(r.latency_ms) for r in runs]
    scores = [r.quality_score for r in runs if r.quality_score is not None]
    return DailyEvaluationStats(
        day=day,
        count=len(runs),
        mean_latency_ms=sum(latencies) / len(latencies),
        p50_latency_ms=_percentile(latencies, 0.5),
        p95_latency_ms=_percentile(latencies, 0.95),
        mean_quality=sum(scores) / len(scores) if scores else None,
        thumbs_up=sum(1 for r in runs if r.feedback == "thumbs_up"),
        thumbs_down=sum(1 for r in runs if r.feedback == "thumbs_down"),
    )
