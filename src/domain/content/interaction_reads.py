"""Reading interactions: a user's or an item's, newest first, and their statistics."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from domain.content.deps import ContentDeps, reader
from domain.content.interaction import Interaction, every_type
from domain.content.values import MAX_KEY
from domain.kernel.errors import InvalidArgument
from domain.kernel.masks import check_text
from domain.kernel.pagination import Page, PageRequest, build_page
from domain.kernel.principal import Principal
from ports.content.interactions import (
    InteractionHistory,
    InteractionKey,
    InteractionQuery,
    InteractionStats,
    StatsRange,
)

RECENT = timedelta(days=31)  # ranges up to this long are counted in PostgreSQL
DEFAULT_RANGE = timedelta(days=30)
MAX_RANGE = timedelta(days=3660)


class ListInteractions:
    """One user's interactions or one item's (exactly one is named), newest first."""

    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        query: InteractionQuery,
        page_size: int,
        page_token: str,
    ) -> Page[Interaction]:
        if bool(query.user_id) == bool(query.content_item_id):
            raise InvalidArgument.of("user_id", "name a user or a content item (not both)")
        fields = {"w": query.workspace_id, "u": query.user_id, "c": query.content_item_id}
        req = PageRequest.parse(page_size, page_token, fields, self._d.page_tokens)
        after = _key(req.after)
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, query.workspace_id)
            rows = await uow.interactions.find(query, after, req.size + 1)
        return build_page(rows, req, lambda i: (i.occurred_at.isoformat(), i.id))


def _key(after: tuple[Any, ...] | None) -> InteractionKey | None:
    if after is None:
        return None
    try:
        moment, interaction_id = after
        at = datetime.fromisoformat(moment)
        if at.tzinfo is None:
            raise ValueError
        return (at, str(interaction_id))
    except (TypeError, ValueError):
        raise InvalidArgument.of("page_token", "is not a valid page token") from None


class GetInteractionStats:
    """Counts over [start, end): ranges up to RECENT from PostgreSQL, longer ones from the
    analytics store, which has the interactions the outbox has relayed, from no earlier
    than the workspace's current analytics retention."""

    def __init__(self, deps: ContentDeps, history: InteractionHistory) -> None:
        self._d = deps
        self._history = history

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        start: datetime | None,
        end: datetime | None,
        metadata_key: str = "",
    ) -> tuple[InteractionStats, bool]:
        """The counts, and whether they came from the analytics store."""
        key = check_text(metadata_key, "metadata_key", MAX_KEY)
        end = end or self._d.clock.now()
        start = start or end - DEFAULT_RANGE
        if start >= end:
            raise InvalidArgument.of("start_time", "must be before end_time")
        if end - start > MAX_RANGE:
            raise InvalidArgument.of("start_time", f"the range is at most {MAX_RANGE.days} days")
        span = StatsRange(workspace_id, start, end, key)
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, workspace_id)
            if end - start <= RECENT:
                return await uow.interactions.stats(span), False
            days = await uow.analytics_retention.get(workspace_id)
        kept = self._d.analytics_retention_days if days is None else days
        retained = self._d.clock.now() - timedelta(days=kept)
        if retained >= end:
            return InteractionStats(0, every_type({}), {}, []), True
        return await self._history.stats(replace(span, start=max(start, retained))), True
