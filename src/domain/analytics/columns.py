"""Checked events of one workspace, ready to store, column by column: the columns as
sent, and those the server settled (ids, users, times, expiry)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from domain.analytics.batch import NewEvents, from_ms, spans, walk
from domain.analytics.model import Event, Metric


@dataclass(frozen=True, slots=True)
class EventColumns(Sequence[Event]):
    """Times are milliseconds since the epoch. Indexing gives one `Event`, for stores
    that keep events one by one."""

    workspace_id: str
    sent: NewEvents  # types, categories, workloads, metrics, dimensions, metadata
    event_ids: list[str]  # lowercase; the server's where none was sent
    user_ids: list[str]  # lowercase; the caller's where none was sent
    timestamps: list[int]  # now where none was sent
    expires: list[int]

    @classmethod
    def joined(cls, parts: Sequence[EventColumns]) -> EventColumns:
        """Parts of one workspace (a stream's messages), in order, as one."""
        if len(parts) == 1:
            return parts[0]
        if len({p.workspace_id for p in parts}) > 1:
            raise ValueError("columns of several workspaces cannot be joined")
        return cls(
            parts[0].workspace_id,
            NewEvents.joined([p.sent for p in parts]),
            [x for p in parts for x in p.event_ids],
            [x for p in parts for x in p.user_ids],
            [x for p in parts for x in p.timestamps],
            [x for p in parts for x in p.expires],
        )

    def __len__(self) -> int:
        return len(self.event_ids)

    def __iter__(self) -> Iterator[Event]:
        return map(self._row, range(len(self)), *walk(self.sent))

    def __reversed__(self) -> Iterator[Event]:
        return reversed(list(self))

    @overload
    def __getitem__(self, i: int) -> Event: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Event]: ...
    def __getitem__(self, i: int | slice) -> Event | Sequence[Event]:
        if isinstance(i, slice):
            return [self[j] for j in range(len(self))[i]]
        return self._row(i, *spans(self.sent, i))

    def _row(self, i: int, metrics: tuple[int, int], dimensions: tuple[int, int]) -> Event:
        s = self.sent
        (m0, m1), (d0, d1) = metrics, dimensions
        return Event(
            event_id=self.event_ids[i],
            workspace_id=self.workspace_id,
            timestamp=from_ms(self.timestamps[i]),
            event_type=s.event_types[i],
            event_category=s.event_categories[i],
            workload_id=s.workload_ids[i],
            user_id=self.user_ids[i],
            metrics=tuple(
                map(Metric, s.metric_names[m0:m1], s.metric_values[m0:m1], s.metric_units[m0:m1])
            ),
            dimensions=dict(zip(s.dimension_keys[d0:d1], s.dimension_values[d0:d1], strict=True)),
            metadata=s.metadata[i],
            expires_at=from_ms(self.expires[i]),
        )
