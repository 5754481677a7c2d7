"""Feedback on PostgreSQL: each row names the interaction it was recorded as."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from adapters.postgres.content.tables_digests import content_feedback
from adapters.postgres.infra.repository import Repository, uuid_or_none
from domain.content.feedback_model import Feedback, Thumbs

_f = content_feedback.c
_FIELDS = [c.name for c in content_feedback.c]


def _feedback(row: Mapping[str, Any]) -> Feedback:
    values = {f: row[f] for f in _FIELDS}
    values["thumbs"] = Thumbs(row["thumbs"]) if row["thumbs"] else None
    return Feedback(**values)


class SqlaFeedbackRepository(Repository):
    async def add(self, feedback: Feedback) -> None:
        values = {f: getattr(feedback, f) for f in _FIELDS}
        await self.execute(content_feedback.insert().values(values))

    async def get(self, workspace_id: str, feedback_id: str) -> Feedback | None:
        ws, key = uuid_or_none(workspace_id), uuid_or_none(feedback_id)
        if ws is None or key is None:
            return None
        row = await self.first(
            sa.select(content_feedback).where(_f.id == key, _f.workspace_id == ws)
        )
        return _feedback(row) if row else None
