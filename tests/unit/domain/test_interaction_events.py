"""The relay's mapping of an interaction's outbox row to an analytics event."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.analytics.interaction_events import interaction_event_of
from domain.analytics.model import Metric
from ports.analytics import OutboxItem

AT = datetime(2026, 1, 1, tzinfo=UTC)


def _row(**data: object) -> OutboxItem:
    base = {"user_id": "u1", "content_item_id": "c1", "interaction_type": "like"}
    return OutboxItem(1, "interactions", "e1", "ws", AT, base | data)


def test_an_interaction_is_an_event_of_its_item_with_its_rating_and_duration() -> None:
    meta = {"source": "mobile_app", "device": "phone", "session_id": "s", "n": 1}
    event = interaction_event_of(_row(rating=4, duration_ms=1500, metadata=meta))
    assert (event.event_id, event.workspace_id, event.timestamp) == ("e1", "ws", AT)
    assert (event.event_type, event.event_category) == ("interaction.like", "content")
    assert (event.workload_id, event.user_id) == ("c1", "u1")
    assert event.metrics == (Metric("rating", 4.0), Metric("duration_ms", 1500.0, "ms"))
    assert event.dimensions == {"source": "mobile_app", "device": "phone"}
    assert event.metadata == meta


def test_an_interaction_without_rating_duration_or_text_dimensions_has_none() -> None:
    event = interaction_event_of(_row(rating=None, duration_ms=None, metadata={"source": 3}))
    assert event.metrics == () and event.dimensions == {}
