"""A workspace with people, items and the interaction, recommendation and feed use cases
over any unit of work, for the content engagement contract suites."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from adapters.system.basics import Uuid7Generator
from adapters.system.page_tokens import HmacTokenSigner
from domain.content import feed, interaction_reads, interactions, recommendation_reads
from domain.content import recommendations as recs
from domain.content.deps import ContentDeps
from domain.content.interaction import InteractionType
from domain.content.model import ContentItem
from domain.content.values import Visibility
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from ports.content.interactions import InteractionHistory
from tests.contract.conftest import Builders

NOW = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)


class StepClock:
    """A clock that moves a millisecond each time it is read, from NOW."""

    def __init__(self) -> None:
        self.at = NOW

    def now(self) -> datetime:
        self.at += timedelta(milliseconds=1)
        return self.at

    def monotonic(self) -> float:
        return self.at.timestamp()


class NoHistory:
    async def stats(self, span: Any) -> Any:
        raise AssertionError("short ranges are counted in the transactional store")


def principal(user: Any) -> Principal:
    return Principal(user.id, user.email, user.username, False, "key")


@dataclass
class Engagement:
    make: Builders
    uow: Any
    clock: StepClock = field(default_factory=StepClock)
    history: InteractionHistory = field(default_factory=NoHistory)

    def __post_init__(self) -> None:
        d = ContentDeps(self.uow, self.clock, Uuid7Generator(), HmacTokenSigner(b"engagement"))
        self.record = interactions.RecordInteractions(d)
        self.list = interaction_reads.ListInteractions(d)
        self.stats = interaction_reads.GetInteractionStats(d, self.history)
        self.upsert = recs.UpsertRecommendations(d)
        self.list_recs = recommendation_reads.ListRecommendations(d)
        self.mark = recs.MarkServed(d)
        self.feed = feed.GetFeed(d)
        m = self.make
        self.ws, self.other_ws = m.workspace(), m.workspace()
        self.admin, self.alice, self.bob, self.viewer = m.user(), m.user(), m.user(), m.user()
        self.stranger = m.user()
        self.n = 0

    async def seed(self, seed: Any) -> Engagement:
        m = self.make
        await seed(
            self.admin,
            self.alice,
            self.bob,
            self.viewer,
            self.stranger,
            self.ws,
            self.other_ws,
            m.membership(self.ws, self.admin, Role.ADMIN),
            m.membership(self.ws, self.alice, Role.MEMBER),
            m.membership(self.ws, self.bob, Role.MEMBER),
            m.membership(self.ws, self.viewer, Role.VIEWER),
            m.membership(self.other_ws, self.stranger, Role.OWNER),
        )
        return self

    async def items(self, n: int, ws: Any = None, **kw: Any) -> list[ContentItem]:
        """`n` items, each newer than every earlier one."""
        made = []
        async with self.uow() as uow:
            for _ in range(n):
                self.n += 1
                at = self.clock.now()
                fields: dict[str, Any] = {
                    "visibility": Visibility.PUBLIC,
                    "title": f"Item {self.n}",
                } | kw
                item = ContentItem(
                    self.make.id(),
                    (ws or self.ws).id,
                    self.alice.id,
                    created_at=at,
                    updated_at=at,
                    **fields,
                )
                await uow.content_items.add(item)
                made.append(item)
            await uow.commit()
        return made

    def new(self, item: Any, kind: InteractionType = InteractionType.VIEW, **kw: Any) -> Any:
        item_id = item if isinstance(item, str) else item.id
        return interactions.NewInteraction(item_id, kw.pop("interaction_type", kind), **kw)

    def rec(self, user: Any, item: Any, score: float, version: str = "v1", **kw: Any) -> Any:
        return recs.NewRecommendation(user.id, item.id, score, version, **kw)
