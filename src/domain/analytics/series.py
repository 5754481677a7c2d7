"""A metric's series: points in hour or day buckets, kept column by column."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import overload

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class MetricPoint:
    bucket_start: datetime
    count: int
    sum: float
    min: float
    max: float
    avg: float
    p50: float
    p95: float


def seconds_of(moment: datetime) -> int:
    """Whole seconds since the epoch (bucket starts are whole hours or days)."""
    delta = moment - EPOCH
    return delta.days * 86400 + delta.seconds


@dataclass(frozen=True, slots=True)
class MetricSeries(Sequence[MetricPoint]):
    """A series kept column by column (a year by hour is 8,784 buckets): read as points
    one at a time, or handed over whole as columns. Bucket starts are kept as seconds
    since the epoch, as a store answers them and as a client is sent them; a point
    read makes its start a datetime."""

    start_seconds: tuple[int, ...] = ()
    counts: tuple[int, ...] = ()
    sums: tuple[float, ...] = ()
    mins: tuple[float, ...] = ()
    maxs: tuple[float, ...] = ()
    avgs: tuple[float, ...] = ()
    p50s: tuple[float, ...] = ()
    p95s: tuple[float, ...] = ()

    @classmethod
    def of(cls, points: Iterable[MetricPoint]) -> MetricSeries:
        rows = [
            (seconds_of(p.bucket_start), p.count, p.sum, p.min, p.max, p.avg, p.p50, p.p95)
            for p in points
        ]
        return cls(*map(tuple, zip(*rows, strict=True))) if rows else cls()

    def __len__(self) -> int:
        return len(self.start_seconds)

    @overload
    def __getitem__(self, i: int) -> MetricPoint: ...
    @overload
    def __getitem__(self, i: slice) -> list[MetricPoint]: ...
    def __getitem__(self, i: int | slice) -> MetricPoint | list[MetricPoint]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return MetricPoint(
            EPOCH + timedelta(seconds=self.start_seconds[i]),
            self.counts[i],
            self.sums[i],
            self.mins[i],
            self.maxs[i],
            self.avgs[i],
            self.p50s[i],
            self.p95s[i],
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]
