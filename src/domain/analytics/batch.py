"""A batch of events as a client sends it, kept column by column: a thousand events are a
few lists, not a thousand objects. Row `i` of every column is event `i`; the metrics and
dimensions of all events are flat lists cut by per-event counts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from itertools import accumulate, pairwise
from typing import Any, overload

from domain.analytics.model import Metric

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MILLISECOND = timedelta(milliseconds=1)


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event as a client sends it: an empty event_id is made by the server (such an
    event is not idempotent), no timestamp is now, an empty user_id is the caller."""

    event_type: str
    event_id: str = ""
    timestamp: datetime | None = None
    event_category: str = ""
    workload_id: str = ""
    user_id: str = ""
    metrics: tuple[Metric, ...] = ()
    dimensions: dict[str, str] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)


def to_ms(moment: datetime) -> int:
    """Milliseconds since the epoch, the sub-millisecond part dropped (as ClickHouse's
    DateTime64(3) keeps it)."""
    return (moment - EPOCH) // MILLISECOND


def from_ms(ms: int) -> datetime:
    return EPOCH + ms * MILLISECOND


@dataclass(frozen=True, slots=True)
class NewEvents(Sequence[NewEvent]):
    """Events as sent, as columns; `timestamps` in milliseconds since the epoch (None:
    not sent). Indexing gives one event back, for the rare walk that names violations."""

    event_ids: list[str]
    timestamps: list[int | None]
    event_types: list[str]
    event_categories: list[str]
    workload_ids: list[str]
    user_ids: list[str]
    metric_counts: list[int]
    metric_names: list[str]
    metric_values: list[float]
    metric_units: list[str]
    dimension_counts: list[int]
    dimension_keys: list[str]
    dimension_values: list[str]
    metadata: list[dict[str, Any]]

    @classmethod
    def of(cls, events: Sequence[NewEvent]) -> NewEvents:
        if isinstance(events, NewEvents):
            return events
        metrics = [m for e in events for m in e.metrics]
        return cls(
            event_ids=[e.event_id for e in events],
            timestamps=[None if e.timestamp is None else to_ms(e.timestamp) for e in events],
            event_types=[e.event_type for e in events],
            event_categories=[e.event_category for e in events],
            workload_ids=[e.workload_id for e in events],
            user_ids=[e.user_id for e in events],
            metric_counts=[len(e.metrics) for e in events],
            metric_names=[m.name for m in metrics],
            metric_values=[m.value for m in metrics],
            metric_units=[m.unit for m in metrics],
            dimension_counts=[len(e.dimensions) for e in events],
            dimension_keys=[k for e in events for k in e.dimensions],
            dimension_values=[v for e in events for v in e.dimensions.values()],
            metadata=[e.metadata for e in events],
        )

    @classmethod
    def joined(cls, parts: Sequence[NewEvents]) -> NewEvents:
        if len(parts) == 1:
            return parts[0]
        names = [f.name for f in fields(cls)]
        return cls(*([x for p in parts for x in getattr(p, name)] for name in names))

    def __len__(self) -> int:
        return len(self.event_types)

    def __iter__(self) -> Iterator[NewEvent]:
        return map(self._row, range(len(self)), *walk(self))

    def __reversed__(self) -> Iterator[NewEvent]:
        return reversed(list(self))

    @overload
    def __getitem__(self, i: int) -> NewEvent: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[NewEvent]: ...
    def __getitem__(self, i: int | slice) -> NewEvent | Sequence[NewEvent]:
        if isinstance(i, slice):
            return [self[j] for j in range(len(self))[i]]
        return self._row(i, *spans(self, i))

    def _row(self, i: int, metrics: tuple[int, int], dimensions: tuple[int, int]) -> NewEvent:
        (m0, m1), (d0, d1) = metrics, dimensions
        stamp = self.timestamps[i]
        return NewEvent(
            event_type=self.event_types[i],
            event_id=self.event_ids[i],
            timestamp=None if stamp is None else from_ms(stamp),
            event_category=self.event_categories[i],
            workload_id=self.workload_ids[i],
            user_id=self.user_ids[i],
            metrics=tuple(
                map(
                    Metric,
                    self.metric_names[m0:m1],
                    self.metric_values[m0:m1],
                    self.metric_units[m0:m1],
                )
            ),
            dimensions=dict(
                zip(self.dimension_keys[d0:d1], self.dimension_values[d0:d1], strict=True)
            ),
            metadata=self.metadata[i],
        )


def spans(batch: NewEvents, i: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """Where row `i`'s metrics and dimensions begin and end in their flat columns."""
    return _span(batch.metric_counts, i), _span(batch.dimension_counts, i)


def _span(counts: Sequence[int], i: int) -> tuple[int, int]:
    start = sum(counts[:i])
    return start, start + counts[i]


def walk(batch: NewEvents) -> tuple[Iterator[tuple[int, int]], Iterator[tuple[int, int]]]:
    """Each row's spans in turn, as `spans` gives them one by one."""
    return _pairs(batch.metric_counts), _pairs(batch.dimension_counts)


def _pairs(counts: Sequence[int]) -> Iterator[tuple[int, int]]:
    bounds = offsets(counts)
    return pairwise(bounds)


def offsets(counts: Sequence[int]) -> list[int]:
    """Each row's start in a flat column, and the end: what Arrow's list arrays take."""
    return [0, *accumulate(counts)]
