"""Checked events handed to the store as columns (what IngestEvents stores) on every
analytics store: kept as the same events would be, idempotently by id, and written
together with batches of events in a list."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from domain.analytics.batch import NewEvent, NewEvents, to_ms
from domain.analytics.columns import EventColumns
from domain.analytics.model import Event, EventFilter, MetricsQuery
from tests.contract.analytics_kit import random_events, recent_hour, user

WS = "ws-columns"


@pytest.fixture
def store(analytics_store: Any) -> Any:
    return analytics_store


def as_columns(events: Sequence[Event]) -> EventColumns:
    """Events of one workspace, as the use case settles them (times to the millisecond)."""
    sent = NewEvents.of(
        [
            NewEvent(
                event_type=e.event_type,
                event_category=e.event_category,
                workload_id=e.workload_id,
                metrics=e.metrics,
                dimensions=e.dimensions,
                metadata=e.metadata,
            )
            for e in events
        ]
    )
    stamps = [to_ms(e.timestamp) for e in events]
    return EventColumns(
        events[0].workspace_id,
        sent,
        [e.event_id for e in events],
        [e.user_id for e in events],
        stamps,
        [(t // 1000 + 7 * 86_400) * 1000 for t in stamps],  # ClickHouse keeps seconds
    )


def varied(n: int, seed: int) -> list[Event]:
    """Events with metrics, dimensions, users and (for half) nested metadata."""
    rng = random.Random(seed)
    return [
        replace(
            e,
            dimensions={"region": rng.choice(["eu", "us"])},
            user_id=user(),
            metadata=rng.choice([{}, {"n": rng.randint(0, 9), "deep": {"k": [1, "two"]}}]),
        )
        for e in random_events(rng, WS, recent_hour(), n, ["w1", "w2"])
    ]


async def latencies(store: Any) -> int:
    t0 = recent_hour()
    points = await store.metrics(MetricsQuery(WS, "latency_ms", t0, t0 + timedelta(days=2)))
    return sum(p.count for p in points)


async def stored(store: Any) -> dict[str, Event]:
    return {e.event_id: e for e in await store.events(EventFilter(WS), None, 1000)}


async def test_columns_are_stored_as_the_events_they_hold(store: Any) -> None:
    columns = as_columns(varied(60, 1))
    assert await store.ingest(columns) == 60
    assert await stored(store) == {e.event_id: e for e in columns}
    assert await latencies(store) == 60


async def test_columns_repeating_ids_stored_before_or_within_are_kept_once(store: Any) -> None:
    events = varied(30, 2)
    assert await store.ingest(as_columns(events[:10])) == 10
    again = as_columns([*events[5:20], events[12], events[12]])
    assert await store.ingest(again) == 10
    assert sorted(await stored(store)) == sorted(e.event_id for e in events[:20])


async def test_columns_and_lists_written_together_keep_each_id_once(store: Any) -> None:
    events = varied(40, 3)
    rows = list(as_columns(events))  # the same events, as a list
    counts = await asyncio.gather(
        store.ingest(as_columns(events[:25])),
        store.ingest(rows[15:]),
        store.ingest(as_columns(events[30:])),
    )
    assert sum(counts) == 40
    assert await stored(store) == {e.event_id: e for e in rows}
    assert await latencies(store) == 40
