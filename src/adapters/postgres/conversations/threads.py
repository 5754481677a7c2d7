"""Threads on PostgreSQL: Core statements, keyset pages by latest activity."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID

from adapters.postgres.conversations.tables import messages, threads
from adapters.postgres.infra.repository import Repository, after_key, uuid_or_none
from domain.conversations.model import Thread
from domain.conversations.values import ThreadRunStatus, ThreadStatus
from domain.kernel.errors import Aborted, NotFound
from ports.conversations import ThreadFilter, ThreadKey, ThreadTotals

_FIELDS = [c.name for c in threads.c]
# run_status is the jobs context's to write, with the state changes of the thread's runs.
_FIXED = ("id", "workspace_id", "owner_id", "created_at", "run_status")
_MUTABLE = [f for f in _FIELDS if f not in _FIXED]
_t = threads.c


def _thread(row: Mapping[str, Any]) -> Thread:
    values = {f: row[f] for f in _FIELDS}
    values["status"] = ThreadStatus(row["status"])
    values["run_status"] = ThreadRunStatus(row["run_status"])
    if isinstance(values["metadata"], str):
        values["metadata"] = json.loads(values["metadata"])
    return Thread(**values)


def _where(workspace_id: str, thread_id: str) -> sa.ColumnElement[bool]:
    return sa.and_(_t.id == uuid_or_none(thread_id), _t.workspace_id == uuid_or_none(workspace_id))


class SqlaThreadRepository(Repository):
    async def add(self, thread: Thread) -> None:
        await self.execute(threads.insert().values({f: getattr(thread, f) for f in _FIELDS}))

    async def get(self, workspace_id: str, thread_id: str, lock: bool = False) -> Thread | None:
        if uuid_or_none(workspace_id) is None or uuid_or_none(thread_id) is None:
            return None
        stmt = sa.select(threads).where(_where(workspace_id, thread_id))
        row = await self.first(stmt.with_for_update() if lock else stmt)
        return _thread(row) if row else None

    async def update(self, thread: Thread, expected_version: int) -> None:
        stmt = (
            threads.update()
            .where(_where(thread.workspace_id, thread.id), _t.version == expected_version)
            .values({f: getattr(thread, f) for f in _MUTABLE})
            .returning(_t.updated_at)
        )
        row = await self.first(stmt)
        if row is None:
            raise Aborted("the thread changed concurrently; read it again")
        thread.updated_at = row["updated_at"]

    async def record_messages(self, thread: Thread) -> None:
        stmt = (
            threads.update()
            .where(_where(thread.workspace_id, thread.id))
            .values(last_sequence=thread.last_sequence, updated_at=thread.updated_at)
            .returning(_t.updated_at)
        )
        row = await self.first(stmt)
        if row is None:
            raise NotFound("the referenced thread was not found")
        thread.updated_at = row["updated_at"]

    async def delete(self, workspace_id: str, thread_id: str) -> bool:
        # Its messages go by ON DELETE CASCADE.
        stmt = threads.delete().where(_where(workspace_id, thread_id)).returning(_t.id)
        return bool(await self.all(stmt))

    async def totals(self, workspace_id: str, thread_id: str) -> ThreadTotals:
        m = messages.c
        stmt = sa.select(
            sa.func.count().label("n"), sa.func.coalesce(sa.func.sum(m.tokens_used), 0).label("t")
        ).where(
            m.workspace_id == uuid_or_none(workspace_id), m.thread_id == uuid_or_none(thread_id)
        )
        row = await self.first(stmt)
        return ThreadTotals(int(row["n"]), int(row["t"])) if row else ThreadTotals()

    async def find(self, filt: ThreadFilter, after: ThreadKey | None, limit: int) -> list[Thread]:
        stmt = sa.select(threads).where(
            _t.workspace_id == uuid_or_none(filt.workspace_id),
            _t.status.in_([str(s) for s in filt.statuses]),
        )
        if filt.owner_id is not None:
            stmt = stmt.where(_t.owner_id == uuid_or_none(filt.owner_id))
        if filt.run_statuses:
            stmt = stmt.where(_t.run_status.in_([str(s) for s in filt.run_statuses]))
        if after is not None:
            key = sa.literal(after_key((after[1],)), UUID(as_uuid=False))
            stmt = stmt.where(sa.tuple_(_t.updated_at, _t.id) < sa.tuple_(after[0], key))
        rows = await self.all(stmt.order_by(_t.updated_at.desc(), _t.id.desc()).limit(limit))
        return [_thread(r) for r in rows]
