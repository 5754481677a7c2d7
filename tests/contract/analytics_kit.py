"""The analytics store contract's legs (memory, chDB, a server when CLICKHOUSE_URL_TEST is
set) and builders of random events with what they should add up to."""

from __future__ import annotations

import math
import random
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from domain.analytics.model import Event, Metric
from ports.analytics import AnalyticsStore
from tests.support.clickhouse import SERVER_URL

# chDB in this process, and in the session's chDB host process (`strata serve`'s default).
LEGS = ["memory", "chdb", "chdb-process", *(["server"] if SERVER_URL else [])]


@dataclass
class Leg:
    name: str
    store: AnalyticsStore
    merge: Callable[[], Awaitable[None]]  # forced merges where the store has any


async def nothing_to_merge() -> None:
    return None


def recent_hour() -> datetime:
    """A whole hour two days back: events around it are inside any retention."""
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    return now - timedelta(days=2)


def user() -> str:
    return str(uuid.uuid4())


def event(workspace_id: str, at: datetime, **kw: object) -> Event:
    fields: dict[str, object] = {
        "event_id": str(uuid.uuid4()),
        "workspace_id": workspace_id,
        "timestamp": at,
        "event_type": "metric",
    }
    fields.update(kw)
    return Event(**fields)  # type: ignore[arg-type]


def random_events(
    rng: random.Random, workspace_id: str, start: datetime, n: int, workloads: Sequence[str]
) -> list[Event]:
    """Events over 30 hours, each with a latency and sometimes a cost metric."""
    out = []
    for _ in range(n):
        at = start + timedelta(milliseconds=rng.randrange(30 * 3600 * 1000))
        metrics = [Metric("latency_ms", round(rng.uniform(1, 500), 3), "ms")]
        if rng.random() < 0.5:
            metrics.append(Metric("cost", round(rng.uniform(0, 2), 4), "usd"))
        out.append(
            event(workspace_id, at, workload_id=rng.choice(workloads), metrics=tuple(metrics))
        )
    return out


def expected_series(
    events: Sequence[Event], metric: str, day: bool, workload_id: str = ""
) -> dict[datetime, list[float]]:
    series: dict[datetime, list[float]] = defaultdict(list)
    for e in events:
        if workload_id and e.workload_id != workload_id:
            continue
        start = e.timestamp.replace(minute=0, second=0, microsecond=0)
        start = start.replace(hour=0) if day else start
        series[start] += [m.value for m in e.metrics if m.name == metric]
    return {k: sorted(v) for k, v in series.items() if v}


def within_one_rank(value: float, ordered: Sequence[float], level: float) -> bool:
    """The tolerance for p50/p95: between the values one rank either side of the exact
    position (ClickHouse's quantile states interpolate, and sample beyond 8192 values)."""
    position = level * (len(ordered) - 1)
    low = ordered[max(0, math.floor(position) - 1)]
    high = ordered[min(len(ordered) - 1, math.ceil(position) + 1)]
    return low - 1e-9 <= value <= high + 1e-9
