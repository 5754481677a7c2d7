"""Reading the audit log: by id, by filter (keyset pages), per action, per hour, in order."""

from __future__ import annotations

from datetime import UTC
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import asyncpg as postgresql_asyncpg

from adapters.postgres.audit.connections import AuditConnections
from adapters.postgres.audit.rows import entry_of
from adapters.postgres.audit.tables import audit_chain_head, audit_entries
from adapters.postgres.infra.errors import translated
from domain.audit.entry import AuditEntry, Outcome
from domain.audit.normal_form import canonical_uuid
from domain.kernel.pagination import sequence_below
from ports.audit import PURGE_ACTION, ActionSummary, ActivityBucket, AuditFilter

_e = audit_entries.c
_HEAD = sa.select(audit_chain_head.c.last_sequence, audit_chain_head.c.last_hash)
_HOUR = sa.func.date_trunc(sa.literal_column("'hour'"), _e.occurred_at, sa.literal_column("'UTC'"))
_GET = sa.select(audit_entries).where(_e.id == sa.bindparam("id"))
_GET_SQL = str(_GET.compile(dialect=postgresql_asyncpg.dialect()))  # type: ignore[no-untyped-call]


def _where(filt: AuditFilter) -> list[sa.ColumnElement[bool]] | None:
    """The filter's conditions; None when nothing can match (a malformed id)."""
    clauses: list[sa.ColumnElement[bool]] = []
    for name in ("user_id", "workspace_id"):
        if value := getattr(filt, name):
            if (key := canonical_uuid(value)) is None:
                return None
            clauses.append(_e[name] == key)
    for name in ("username", "action", "request_id"):
        if value := getattr(filt, name):
            clauses.append(_e[name] == value)
    if filt.outcomes:
        clauses.append(_e.outcome.in_([str(o) for o in filt.outcomes]))
    if filt.start is not None:
        clauses.append(_e.occurred_at >= filt.start)
    if filt.end is not None:
        clauses.append(_e.occurred_at < filt.end)
    if filt.min_duration_ms is not None:
        clauses.append(_e.duration_ms >= filt.min_duration_ms)
    return clauses


class AuditReads(AuditConnections):
    async def get(self, entry_id: str) -> AuditEntry | None:
        key = canonical_uuid(entry_id)
        if key is None:
            return None
        if self._pool is None:
            rows = await self._rows(_GET.params(id=key))
        else:
            with translated():
                driver = await self._pool.acquire()
                try:
                    rows = list(await driver.fetch(_GET_SQL, key))
                finally:
                    await self._pool.release(driver)
        return entry_of(rows[0]) if rows else None

    async def find(
        self, filt: AuditFilter, after: tuple[Any, ...] | None, limit: int
    ) -> list[AuditEntry]:
        below = sequence_below(after)
        clauses = _where(filt)
        if clauses is None:
            return []
        if below is not None:
            clauses.append(_e.sequence < below)
        stmt = sa.select(audit_entries).where(*clauses).order_by(_e.sequence.desc()).limit(limit)
        return [entry_of(row) for row in await self._rows(stmt)]

    async def summarize(self, filt: AuditFilter) -> list[ActionSummary]:
        clauses = _where(filt)
        if clauses is None:
            return []
        avg = sa.func.avg(_e.duration_ms)
        stmt = (
            sa.select(
                _e.action,
                sa.func.count().label("count"),
                sa.func.count().filter(_e.outcome != str(Outcome.SUCCESS)).label("errors"),
                avg.label("avg"),
                sa.func.max(_e.duration_ms).label("max"),
            )
            .where(*clauses)
            .group_by(_e.action)
            .order_by(avg.desc(), _e.action)
        )
        return [
            ActionSummary(r["action"], r["count"], r["errors"], float(r["avg"]), r["max"])
            for r in await self._rows(stmt)
        ]

    async def activity(self, filt: AuditFilter) -> list[ActivityBucket]:
        clauses = _where(filt)
        if clauses is None:
            return []
        hour = _HOUR.label("hour")
        stmt = (
            sa.select(
                hour,
                sa.func.count().label("events"),
                sa.func.count().filter(_e.outcome == str(Outcome.ERROR)).label("errors"),
            )
            .where(*clauses)
            .group_by(_HOUR)
            .order_by(_HOUR)
        )
        return [
            ActivityBucket(r["hour"].astimezone(UTC), r["events"], r["errors"])
            for r in await self._rows(stmt)
        ]

    async def scan(self, after_sequence: int, limit: int) -> list[AuditEntry]:
        stmt = (
            sa.select(audit_entries)
            .where(_e.sequence > after_sequence)
            .order_by(_e.sequence)
            .limit(limit)
        )
        return [entry_of(row) for row in await self._rows(stmt)]

    async def head(self) -> tuple[int, str]:
        row = (await self._rows(_HEAD))[0]
        return int(row["last_sequence"]), str(row["last_hash"])

    async def purge_anchors(self) -> dict[int, str]:
        stmt = sa.select(_e.request).where(_e.action == PURGE_ACTION).order_by(_e.sequence)
        anchors: dict[int, str] = {}
        for row in await self._rows(stmt):
            request = row["request"]
            if isinstance(request, dict) and request.get("anchor_sequence") is not None:
                anchors[int(request["anchor_sequence"])] = str(request["anchor_hash"])
        return anchors
