"""RecordInteractions: a batch of interactions, stored together or not at all."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

from domain.content.deps import ContentDeps
from domain.content.interaction import (
    MAX_BATCH,
    Interaction,
    InteractionType,
    check_duration,
    check_occurred,
    check_rating,
)
from domain.content.people import acting_for
from domain.kernel.errors import InvalidArgument, NotFound, quoted
from domain.kernel.idempotency import Idempotency
from domain.kernel.lookup import required
from domain.kernel.principal import Principal
from ports.content.interactions import InteractionRepository


@dataclass(frozen=True, slots=True)
class NewInteraction:
    content_item_id: str
    interaction_type: InteractionType | None
    user_id: str = ""  # "": the caller
    rating: int | None = None
    duration_ms: int | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    occurred_at: datetime | None = None  # None: now


class RecordInteractions:
    """The caller's own interactions need the viewer role (reading is what they record);
    other members' need an admin. A retry with the same request id returns the first
    attempt's interactions."""

    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        given: list[NewInteraction],
        request_id: str = "",
    ) -> list[Interaction]:
        d, now = self._d, self._d.clock.now()
        checked = _checked(given, now)
        async with d.uow() as uow:
            users = {g.user_id for g in checked}
            caller = await acting_for(uow, principal, workspace_id, users, "recording interactions")
            scope = f"{principal.user_id}:RecordInteractions:{workspace_id}"
            idem = Idempotency(uow, scope, request_id, {"i": [asdict(g) for g in given]})
            if (batch_id := await idem.replayed_id(d.clock)) is not None:
                return await uow.interactions.in_batch(workspace_id, batch_id)
            await _items_exist(uow.interactions, workspace_id, checked)
            batch_id = d.ids.new_id()
            stored = [
                Interaction(
                    d.ids.new_id(),
                    workspace_id,
                    g.user_id or caller,
                    g.content_item_id,
                    g.interaction_type or InteractionType.VIEW,
                    g.occurred_at or now,
                    now,
                    batch_id,
                    g.rating,
                    g.duration_ms,
                    dict(g.metadata),
                )
                for g in checked
            ]
            await uow.interactions.add_all(stored)
            await idem.remember(batch_id, d.clock)
            await uow.commit()
        return stored


def _checked(given: list[NewInteraction], now: datetime) -> list[NewInteraction]:
    if not given:
        raise InvalidArgument.of("interactions", "must hold at least one interaction")
    if len(given) > MAX_BATCH:
        raise InvalidArgument.of("interactions", f"must hold at most {MAX_BATCH}")
    out = []
    for n, g in enumerate(given):
        at = f"interactions[{n}]"
        required(g.content_item_id, f"{at}.content_item_id")
        if g.interaction_type is None:
            raise InvalidArgument.of(f"{at}.interaction_type", "is required")
        check_rating(g.rating, f"{at}.rating")
        check_duration(g.duration_ms, f"{at}.duration_ms")
        occurred = check_occurred(g.occurred_at, now, f"{at}.occurred_at")
        out.append(replace(g, occurred_at=occurred))
    return out


async def _items_exist(
    repo: InteractionRepository, workspace_id: str, given: list[NewInteraction]
) -> None:
    wanted = {g.content_item_id for g in given}
    missing = sorted(wanted - await repo.known_items(workspace_id, sorted(wanted)))
    if missing:
        raise NotFound(f"content item {quoted(missing[0])} not found")
