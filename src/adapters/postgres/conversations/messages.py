"""Messages on PostgreSQL: a batch in one statement, ranges by sequence either way."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID

from adapters.postgres.conversations.tables import messages
from adapters.postgres.infra.repository import Repository, uuid_or_none
from domain.conversations.model import Message
from domain.conversations.values import MessageRole
from ports.conversations import MessageRange, RunFacts

_FIELDS = [c.name for c in messages.c]
_m = messages.c
_UUID = UUID(as_uuid=False)
# The jobs context's table, by name: the runs that write messages.
_runs = sa.table(
    "jobs",
    sa.column("id", _UUID),
    sa.column("workspace_id", _UUID),
    sa.column("thread_id", _UUID),
    sa.column("status", sa.Text),
    sa.column("cancel_requested", sa.Boolean),
)


def _message(row: Mapping[str, Any]) -> Message:
    values = {f: row[f] for f in _FIELDS}
    values["role"] = MessageRole(row["role"])
    if isinstance(values["metadata"], str):
        values["metadata"] = json.loads(values["metadata"])
    return Message(**values)


def _in_thread(workspace_id: str, thread_id: str) -> sa.ColumnElement[bool]:
    return sa.and_(
        _m.workspace_id == uuid_or_none(workspace_id), _m.thread_id == uuid_or_none(thread_id)
    )


class SqlaMessageRepository(Repository):
    async def add(self, batch: Sequence[Message]) -> None:
        rows = [{f: getattr(m, f) for f in _FIELDS} for m in batch]
        if rows:
            await self.execute(messages.insert(), *rows)

    async def get(self, workspace_id: str, thread_id: str, message_id: str) -> Message | None:
        key = uuid_or_none(message_id)
        if key is None or uuid_or_none(workspace_id) is None or uuid_or_none(thread_id) is None:
            return None
        stmt = sa.select(messages).where(_m.id == key, _in_thread(workspace_id, thread_id))
        row = await self.first(stmt)
        return _message(row) if row else None

    async def find(self, query: MessageRange, limit: int) -> list[Message]:
        if uuid_or_none(query.workspace_id) is None or uuid_or_none(query.thread_id) is None:
            return []
        stmt = sa.select(messages).where(_in_thread(query.workspace_id, query.thread_id))
        if query.above is not None:
            stmt = stmt.where(_m.sequence > query.above)
        if query.below is not None:
            stmt = stmt.where(_m.sequence < query.below)
        order = _m.sequence.desc() if query.newest_first else _m.sequence.asc()
        rows = await self.all(stmt.order_by(order).limit(limit))
        return [_message(r) for r in rows]

    async def run_of(self, workspace_id: str, run_id: str) -> RunFacts | None:
        ws, key = uuid_or_none(workspace_id), uuid_or_none(run_id)
        if ws is None or key is None:
            return None
        r = _runs.c
        writing = r.status.in_(("pending", "running")) & sa.not_(r.cancel_requested)
        stmt = sa.select(r.thread_id, writing.label("writing")).where(
            r.id == key, r.workspace_id == ws
        )
        row = await self.first(stmt)
        if row is None:
            return None
        return RunFacts(str(row["thread_id"] or ""), bool(row["writing"]))
