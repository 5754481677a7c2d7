"""RAG evaluation runs and their daily statistics."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from adapters.postgres.infra.repository import after_key, uuid_or_none
from adapters.postgres.knowledge.sql import KnowledgeRepository
from adapters.postgres.knowledge.tables import evaluation_runs
from domain.kernel.errors import InvalidArgument
from domain.knowledge.model import EvaluationRun
from ports.knowledge import DailyEvaluationStats, EvaluationFilter

FEEDBACK = ("thumbs_up", "thumbs_down")

_RUN_COLUMNS = {
    "id": "id",
    "workspace_id": "workspace_id",
    "user_id": "user_id",
    "query": "query",
    "response": "response",
    "created_at": "created_at",
    "sources": "sources",
    "latency_ms": "latency_ms",
    "token_count": "token_count",
    "quality_score": "quality_score",
    "feedback": "user_feedback",
    "metadata": "metadata",
}


def _run(row: Mapping[str, Any]) -> EvaluationRun:
    return EvaluationRun(**{f: row[c] for f, c in _RUN_COLUMNS.items()})


class SqlaEvaluationRepository(KnowledgeRepository):
    async def add(self, run: EvaluationRun) -> None:
        values = {c: getattr(run, f) for f, c in _RUN_COLUMNS.items()}
        await self.execute(evaluation_runs.insert().values(values))

    async def get(self, workspace_id: str, run_id: str) -> EvaluationRun | None:
        ws, key = uuid_or_none(workspace_id), uuid_or_none(run_id)
        if ws is None or key is None:
            return None
        e = evaluation_runs.c
        rows = await self.all(sa.select(evaluation_runs).where(e.id == key, e.workspace_id == ws))
        return _run(rows[0]) if rows else None

    async def set_feedback(self, workspace_id: str, run_id: str, feedback: str) -> bool:
        if feedback not in FEEDBACK:
            raise InvalidArgument.of("feedback", "must be thumbs_up or thumbs_down")
        e = evaluation_runs.c
        stmt = (
            evaluation_runs.update()
            .where(e.id == uuid_or_none(run_id), e.workspace_id == uuid_or_none(workspace_id))
            .values(user_feedback=feedback)
            .returning(e.id)
        )
        return bool(await self.all(stmt))

    @staticmethod
    def _where(filt: EvaluationFilter) -> list[sa.ColumnElement[bool]]:
        e = evaluation_runs.c
        where = [e.workspace_id == uuid_or_none(filt.workspace_id)]
        if filt.user_id is not None:
            where.append(e.user_id == uuid_or_none(filt.user_id))
        if filt.feedback is not None:
            where.append(e.user_feedback == filt.feedback)
        if filt.start is not None:
            where.append(e.created_at >= filt.start)
        if filt.end is not None:
            where.append(e.created_at < filt.end)
        return where

    async def find(
        self, filt: EvaluationFilter, after: tuple[Any, ...] | None, limit: int
    ) -> list[EvaluationRun]:
        e = evaluation_runs.c
        stmt = sa.select(evaluation_runs).where(*self._where(filt))
        if (key := after_key(after)) is not None:
            stmt = stmt.where(e.id < key)
        return [_run(r) for r in await self.all(stmt.order_by(e.id.desc()).limit(limit))]

    async def daily_stats(self, filt: EvaluationFilter) -> list[DailyEvaluationStats]:
        e = evaluation_runs.c
        day = sa.func.date_trunc("day", sa.func.timezone("UTC", e.created_at))
        latency = sa.cast(e.latency_ms, sa.Double)
        stmt = (
            sa.select(
                sa.func.timezone("UTC", day).label("day"),
                sa.func.count().label("count"),
                sa.func.avg(latency).label("mean_latency_ms"),
                sa.func.percentile_cont(0.5).within_group(latency).label("p50_latency_ms"),
                sa.func.percentile_cont(0.95).within_group(latency).label("p95_latency_ms"),
                sa.func.avg(e.quality_score).label("mean_quality"),
                sa.func.count().filter(e.user_feedback == "thumbs_up").label("thumbs_up"),
                sa.func.count().filter(e.user_feedback == "thumbs_down").label("thumbs_down"),
            )
            .where(*self._where(filt))
            .group_by(day)
            .order_by(day)
        )
        return [DailyEvaluationStats(**dict(r)) for r in await self.all(stmt)]
