"""Interactions reach the analytics store through the outbox: the outbox row commits with
the interaction and not without it, and long-range statistics from the analytics store
(memory beside memory storage, ClickHouse beside PostgreSQL) equal the transactional
store's once the relay has run."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import pytest

from adapters.clickhouse.interaction_history import ClickHouseInteractionHistory
from adapters.memory.analytics.store import InMemoryAnalyticsStore
from adapters.memory.content.interaction_history import StoreInteractionHistory
from adapters.system.basics import SystemClock, Uuid7Generator
from adapters.system.page_tokens import HmacTokenSigner
from domain.analytics.deps import AnalyticsDeps
from domain.analytics.relaying import RelayOutbox
from domain.content.interaction import Interaction, InteractionType
from ports.content.interactions import InteractionQuery, StatsRange
from tests.contract.engagement_kit import NOW, Engagement, principal

SOURCES = ("mobile_app", "web")


@pytest.fixture
async def e(uow_factory, make, seed) -> Engagement:
    return await Engagement(make, uow_factory).seed(seed)


async def _pinned(e: Engagement) -> list[Any]:
    async with e.uow() as uow:
        batch = await uow.analytics_outbox.pin("interactions", 1000)
        await uow.commit()
    return list(batch.items) if batch else []


async def test_the_outbox_row_commits_with_the_interaction_and_not_without(e) -> None:
    (a,) = await e.items(1)
    given = e.new(a, InteractionType.LIKE, rating=4, duration_ms=900, metadata={"source": "web"})
    (stored,) = await e.record.execute(principal(e.bob), e.ws.id, [given])
    ghost = Interaction(
        e.make.id(), e.ws.id, e.bob.id, a.id, InteractionType.VIEW, NOW, NOW, e.make.id()
    )
    async with e.uow() as uow:
        await uow.interactions.add_all([ghost])  # never committed
    async with e.uow(read_only=True) as uow:
        rows = await uow.interactions.find(InteractionQuery(e.ws.id, user_id=e.bob.id), None, 9)
    assert [i.id for i in rows] == [stored.id]
    (row,) = await _pinned(e)
    assert (row.event_id, row.workspace_id, row.occurred_at) == (
        stored.id,
        e.ws.id,
        stored.occurred_at,
    )
    assert row.data["content_item_id"] == a.id and row.data["interaction_type"] == "like"
    assert (row.data["rating"], row.data["duration_ms"]) == (4, 900)
    assert row.data["metadata"] == {"source": "web"}


@pytest.fixture
def analytics(uow_factory, request) -> Any:
    """The analytics store beside the unit of work's storage, and its interaction history."""
    if request.node.callspec.params["uow_factory"] == "postgres":
        store = request.getfixturevalue("clickhouse_store")
        return store, ClickHouseInteractionHistory(store.client)
    store = InMemoryAnalyticsStore()
    return store, StoreInteractionHistory(store)


async def test_long_ranges_from_the_analytics_store_equal_the_transactional_counts(
    e, analytics
) -> None:
    store, history = analytics
    items = await e.items(3)
    rnd = random.Random(2)
    given = [
        e.new(
            rnd.choice(items),
            rnd.choice(list(InteractionType)),
            occurred_at=NOW - timedelta(hours=rnd.randrange(24 * 50)),
            metadata={"source": rnd.choice(SOURCES)} if rnd.random() < 0.7 else {"source": 1},
            rating=rnd.choice([None, 3]),
        )
        for _ in range(40)
    ]
    await e.record.execute(principal(e.alice), e.ws.id, given)
    deps = AnalyticsDeps(e.uow, store, SystemClock(), Uuid7Generator(), HmacTokenSigner(b"r"))
    relayed = await RelayOutbox(deps).execute(1000)
    assert relayed.delivered.get("interactions") == len(given)
    span = StatsRange(e.ws.id, NOW - timedelta(days=45), NOW + timedelta(days=1), "source")
    async with e.uow(read_only=True) as uow:
        here = await uow.interactions.stats(span)
    there = await history.stats(span)
    assert there == here and 0 < here.total < len(given)
    e.stats._history = history
    answered, from_analytics = await e.stats.execute(
        principal(e.bob), e.ws.id, span.start, span.end, "source"
    )
    assert from_analytics and answered == here
    plain = StatsRange(e.ws.id, span.start, span.end)
    async with e.uow(read_only=True) as uow:
        assert await history.stats(plain) == await uow.interactions.stats(plain)


async def test_long_ranges_start_no_earlier_than_a_shortened_retention(e, analytics) -> None:
    store, history = analytics
    (a,) = await e.items(1)
    ages = (2, 8, 15, 40)  # days before NOW
    given = [e.new(a, occurred_at=NOW - timedelta(days=d, hours=1)) for d in ages]
    await e.record.execute(principal(e.alice), e.ws.id, given)
    deps = AnalyticsDeps(e.uow, store, SystemClock(), Uuid7Generator(), HmacTokenSigner(b"r"))
    await RelayOutbox(deps).execute(1000)
    async with e.uow() as uow:
        await uow.analytics_retention.put(e.ws.id, 10)  # shortened after those were stored
        await uow.commit()
    e.stats._history = history
    start, end = NOW - timedelta(days=60), NOW + timedelta(days=1)
    answered, from_analytics = await e.stats.execute(principal(e.bob), e.ws.id, start, end)
    assert from_analytics and answered.total == 2  # 2 and 8 days old; 15 and 40 are past it
    assert (await history.stats(StatsRange(e.ws.id, start, end))).total == len(ages)
    old_end = NOW - timedelta(days=12)
    answered, _ = await e.stats.execute(principal(e.bob), e.ws.id, start, old_end)
    assert answered.total == 0 and answered.by_day == [] and set(answered.by_type.values()) == {0}
