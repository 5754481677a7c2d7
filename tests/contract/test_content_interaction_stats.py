"""GetInteractionStats on the memory and PostgreSQL adapters: counts equal to a
computation here, over ranges that must run forwards and stay bounded."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, timedelta
from typing import Any

import pytest

from domain.content.interaction import InteractionType
from domain.kernel.errors import InvalidArgument
from tests.contract.engagement_kit import NOW, Engagement, principal

SOURCES = ("mobile_app", "web", "email")


@pytest.fixture
async def e(uow_factory, make, seed) -> Engagement:
    return await Engagement(make, uow_factory).seed(seed)


async def test_statistics_equal_a_count_made_here(e) -> None:
    items = await e.items(4)
    rnd = random.Random(11)
    given = []
    for _ in range(60):
        metadata: dict[str, Any] = {}
        if rnd.random() < 0.8:
            metadata["source"] = rnd.choice(SOURCES) if rnd.random() < 0.9 else 7
        given.append(
            e.new(
                rnd.choice(items),
                rnd.choice(list(InteractionType)),
                occurred_at=NOW - timedelta(hours=rnd.randrange(24 * 20)),
                metadata=metadata,
            )
        )
    await e.record.execute(principal(e.alice), e.ws.id, given)
    start, end = NOW - timedelta(days=12), NOW - timedelta(days=2)
    inside = [g for g in given if start <= g.occurred_at < end]
    stats, from_analytics = await e.stats.execute(principal(e.bob), e.ws.id, start, end, "source")
    assert not from_analytics
    assert stats.total == len(inside)
    types = Counter(str(g.interaction_type) for g in inside)
    assert stats.by_type == {str(t): types.get(str(t), 0) for t in InteractionType}
    values = Counter(
        g.metadata["source"] if isinstance(g.metadata.get("source"), str) else "" for g in inside
    )
    assert stats.by_metadata == dict(values)
    days = Counter(g.occurred_at.astimezone(UTC).date() for g in inside)
    assert stats.by_day == sorted(days.items())
    other, _ = await e.stats.execute(principal(e.stranger), e.other_ws.id, start, end)
    assert other.total == 0 and other.by_metadata == {}


async def test_a_range_must_run_forwards_and_stay_bounded(e) -> None:
    for start, end in ((NOW, NOW), (NOW - timedelta(days=3661), NOW)):
        with pytest.raises(InvalidArgument):
            await e.stats.execute(principal(e.bob), e.ws.id, start, end)
