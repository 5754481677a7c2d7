"""A content interaction from the outbox as an analytics event of its item."""

from __future__ import annotations

from domain.analytics.model import NO_USER, Event, Metric
from ports.analytics import OutboxItem

DIMENSIONS = ("source", "device", "device_type")  # metadata keys kept when text


def interaction_event_of(item: OutboxItem) -> Event:
    """`interaction.<type>` in category `content`, the workload being the content item;
    metrics `rating` and `duration_ms` when the interaction has them; the metadata's
    text `source`, `device` and `device_type` as dimensions, the whole metadata as the event's."""
    d = item.data
    metadata = d.get("metadata") or {}
    metrics = [
        Metric(name, float(d[name]), unit)
        for name, unit in (("rating", ""), ("duration_ms", "ms"))
        if d.get(name) is not None
    ]
    return Event(
        event_id=item.event_id,
        workspace_id=item.workspace_id,
        timestamp=item.occurred_at,
        event_type=f"interaction.{d['interaction_type']}",
        event_category="content",
        workload_id=str(d["content_item_id"]),
        user_id=str(d.get("user_id") or NO_USER),
        metrics=tuple(metrics),
        dimensions={k: metadata[k] for k in DIMENSIONS if isinstance(metadata.get(k), str)},
        metadata=dict(metadata),
    )
