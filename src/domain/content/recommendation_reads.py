"""ListRecommendations: one user's, best first (score, then newest)."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from domain.content.deps import ContentDeps, reader
from domain.content.recommendation import Recommendation
from domain.kernel.errors import InvalidArgument
from domain.kernel.lookup import required
from domain.kernel.pagination import Page, PageRequest, build_page
from domain.kernel.principal import Principal
from ports.content.interactions import RecommendationKey


class ListRecommendations:
    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        user_id: str,
        unserved_only: bool,
        page_size: int,
        page_token: str,
    ) -> Page[Recommendation]:
        fields = {"w": workspace_id, "u": user_id, "unserved": unserved_only}
        req = PageRequest.parse(page_size, page_token, fields, self._d.page_tokens)
        after = _key(req.after)
        async with self._d.uow(read_only=True) as uow:
            actor = await reader(uow, principal, workspace_id)
            user = user_id or actor.user_id
            required(user, "user_id")
            rows = await uow.recommendations.find(
                workspace_id, user, unserved_only, after, req.size + 1
            )
        return build_page(rows, req, lambda r: (repr(r.score), r.created_at.isoformat(), r.id))


def _key(after: tuple[Any, ...] | None) -> RecommendationKey | None:
    if after is None:
        return None
    try:
        raw_score, moment, rec_id = after
        score, at = float(raw_score), datetime.fromisoformat(moment)
        if not math.isfinite(score) or at.tzinfo is None:
            raise ValueError
        return (score, at, str(rec_id))
    except (TypeError, ValueError):
        raise InvalidArgument.of("page_token", "is not a valid page token") from None
