"""Feedback in memory: each row names the interaction it was recorded as."""

from __future__ import annotations

from typing import Any

from domain.content.feedback_model import Feedback
from domain.kernel.errors import AlreadyExists, NotFound

Tables = dict[str, dict[Any, Any]]


class InMemoryFeedbackRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t: dict[str, Feedback] = tables["content_feedback"]

    async def add(self, feedback: Feedback) -> None:
        if feedback.id in self._t:
            raise AlreadyExists("the resource already exists", field="id")
        references = (
            ("content_interactions", feedback.interaction_id),
            ("content_items", feedback.content_item_id),
            ("digest_items", feedback.digest_item_id),
        )
        for table, key in references:
            if key is not None and key not in self._tables[table]:
                raise NotFound(f"the referenced {table.removesuffix('s')} was not found")
        self._t[feedback.id] = feedback

    async def get(self, workspace_id: str, feedback_id: str) -> Feedback | None:
        found = self._t.get(feedback_id)
        return found if found is not None and found.workspace_id == workspace_id else None
