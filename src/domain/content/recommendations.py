"""Recommendations written by an algorithm, and marking them served."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.content.deps import ContentDeps
from domain.content.people import acting_for
from domain.content.recommendation import (
    MAX_BATCH,
    Recommendation,
    check_algorithm_version,
    check_score,
)
from domain.kernel.errors import InvalidArgument, NotFound, quoted
from domain.kernel.lookup import required
from domain.kernel.principal import Principal
from domain.kernel.roles import Role


@dataclass(frozen=True, slots=True)
class NewRecommendation:
    user_id: str
    content_item_id: str
    score: float
    algorithm_version: str
    metadata: dict[str, Any] = field(default_factory=dict)


class UpsertRecommendations:
    """An admin's (an algorithm's key) batch; one row per (user, item, algorithm_version),
    which a repeat updates (score, metadata), keeping when it was served."""

    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, given: list[NewRecommendation]
    ) -> list[Recommendation]:
        _check(given)
        d, now = self._d, self._d.clock.now()
        async with d.uow() as uow:
            users = {g.user_id for g in given}
            await acting_for(uow, principal, workspace_id, users, "recommending", Role.ADMIN)
            wanted = sorted({g.content_item_id for g in given})
            missing = sorted(set(wanted) - await uow.interactions.known_items(workspace_id, wanted))
            if missing:
                raise NotFound(f"content item {quoted(missing[0])} not found")
            rows = [
                Recommendation(
                    d.ids.new_id(),
                    workspace_id,
                    g.user_id,
                    g.content_item_id,
                    g.score,
                    g.algorithm_version,
                    now,
                    now,
                    dict(g.metadata),
                )
                for g in given
            ]
            stored = await uow.recommendations.upsert(rows)
            await uow.commit()
        return stored


def _check(given: list[NewRecommendation]) -> None:
    if not given:
        raise InvalidArgument.of("recommendations", "must hold at least one recommendation")
    if len(given) > MAX_BATCH:
        raise InvalidArgument.of("recommendations", f"must hold at most {MAX_BATCH}")
    keys = set()
    for n, g in enumerate(given):
        at = f"recommendations[{n}]"
        required(g.user_id, f"{at}.user_id")
        required(g.content_item_id, f"{at}.content_item_id")
        check_score(g.score, f"{at}.score")
        check_algorithm_version(g.algorithm_version, f"{at}.algorithm_version")
        key = (g.user_id, g.content_item_id, g.algorithm_version)
        if key in keys:
            raise InvalidArgument.of(at, "repeats a (user, item, algorithm_version) of the batch")
        keys.add(key)


class MarkServed:
    """Sets served_at once: recommendations already served keep their time, and the
    answer says which of the given ones this call marked. The user they are for marks
    them (a member), or an admin."""

    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, ids: list[str]
    ) -> tuple[list[Recommendation], set[str]]:
        if not ids:
            raise InvalidArgument.of("ids", "must name at least one recommendation")
        if len(ids) > MAX_BATCH:
            raise InvalidArgument.of("ids", f"must name at most {MAX_BATCH}")
        for n, rec_id in enumerate(ids):
            required(rec_id, f"ids[{n}]")
        d = self._d
        async with d.uow() as uow:
            unique = sorted(set(ids))
            found = await uow.recommendations.get_many(workspace_id, unique)
            users = {r.user_id for r in found}
            await acting_for(uow, principal, workspace_id, users, "marking served", Role.MEMBER)
            missing = sorted(set(unique) - {r.id for r in found})
            if missing:
                raise NotFound(f"recommendation {quoted(missing[0])} not found")
            marked = set(await uow.recommendations.mark_served(workspace_id, unique, d.clock.now()))
            after = await uow.recommendations.get_many(workspace_id, unique)
            await uow.commit()
        return after, marked
