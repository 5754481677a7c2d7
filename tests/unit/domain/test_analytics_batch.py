"""Events as columns: they give back the events they were made of, and the column-wise
screen never passes a batch that the event-by-event check refuses."""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.analytics import screening, values
from domain.analytics.batch import NewEvent, NewEvents, to_ms
from domain.analytics.columns import EventColumns
from domain.analytics.model import Event, Metric
from domain.kernel.errors import Validator

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
U = str(uuid.UUID(int=7))


def good(rng: random.Random) -> NewEvent:
    metrics = tuple(
        Metric(f"m{i}", rng.uniform(-1e6, 1e6), rng.choice(["", "ms"]))
        for i in range(rng.randint(0, 3))
    )
    return NewEvent(
        event_type=rng.choice(["start", "stop"]),
        event_id=rng.choice(["", str(uuid.UUID(int=rng.getrandbits(128)))]),
        timestamp=rng.choice([None, NOW - timedelta(microseconds=rng.randrange(10**12))]),
        event_category=rng.choice(["", "compute"]),
        workload_id=rng.choice(["", "w1"]),
        user_id=rng.choice(["", U.upper()]),
        metrics=metrics,
        dimensions={f"k{i}": "v" * rng.randint(0, 20) for i in range(rng.randint(0, 3))},
        metadata=rng.choice([{}, {"n": rng.randint(0, 9), "s": "x", "ok": True}]),
    )


def _metric(rng: random.Random) -> Metric:
    return rng.choice(
        [
            Metric("", 1.0),
            Metric("n" * 129, 1.0),
            Metric("a\x00", 1.0),
            Metric("m", 1.0, "u" * 33),
            Metric("m", float("nan")),
            Metric("m", float("inf")),
            Metric("m", -float("inf")),
            Metric("m", 1e308),  # finite: sums of several overflow, which is no violation
        ]
    )


BAD: list[Any] = [
    lambda r: {"event_type": ""},
    lambda r: {"event_type": "t" * 129},
    lambda r: {"event_type": "a\x00b"},
    lambda r: {"event_category": "c" * 129},
    lambda r: {"workload_id": "w\x00"},
    lambda r: {"event_id": "not-a-uuid"},
    lambda r: {"event_id": f"{U}\n{U}"},  # two ids in one: the joined text must not pass
    lambda r: {"event_id": U[:-1] + "g"},
    lambda r: {"user_id": U + " "},
    lambda r: {"timestamp": datetime(1899, 12, 31, 23, 59, tzinfo=UTC)},
    lambda r: {"timestamp": datetime(2300, 1, 1, tzinfo=UTC)},
    lambda r: {"timestamp": NOW + timedelta(days=1, milliseconds=1)},
    lambda r: {"timestamp": NOW + timedelta(days=1)},  # the edge: allowed
    lambda r: {"metrics": tuple(Metric("m", 1.0) for _ in range(65))},
    lambda r: {"metrics": (Metric("m", 1e308), _metric(r))},
    lambda r: {"dimensions": {f"k{i}": "v" for i in range(65)}},
    lambda r: {"dimensions": {"": "v"}},
    lambda r: {"dimensions": {"k" * 129: "v"}},
    lambda r: {"dimensions": {"k": "v" * 1025}},
    lambda r: {"dimensions": {"k": "\x00"}},
    lambda r: {"metadata": {"x": float("nan")}},
    lambda r: {"metadata": {"x\x00": 1}},
    lambda r: {"metadata": {"x": {"y": "\x00"}}},
    lambda r: {"metadata": {"x": "y" * 70_000}},
]


def violations(batch: list[NewEvent]) -> list[str]:
    v = Validator()
    for i, e in enumerate(batch):
        values.check_event(v, e, f"events[{i}]", NOW)
    return [x.field for x in v.violations]


@pytest.mark.parametrize("seed", range(300))
def test_the_screen_never_passes_a_batch_the_event_check_refuses(seed: int) -> None:
    rng = random.Random(seed)
    batch = [good(rng) for _ in range(rng.randint(1, 6))]
    for _ in range(rng.choice([0, 1, 1, 2])):
        at = rng.randrange(len(batch))
        batch[at] = replace(batch[at], **rng.choice(BAD)(rng))
    if screening.passes(NewEvents.of(batch), to_ms(NOW)):
        assert violations(batch) == []


def test_batches_without_a_violation_pass_the_screen() -> None:
    rng = random.Random(1)
    for _ in range(50):
        batch = [good(rng) for _ in range(20)]
        assert violations(batch) == []
        assert screening.passes(NewEvents.of(batch), to_ms(NOW))


def test_columns_give_back_the_events_they_were_made_of_to_the_millisecond() -> None:
    rng = random.Random(2)
    batch = [good(rng) for _ in range(40)]
    columns = NewEvents.of(batch)
    expected = [
        replace(e, timestamp=e.timestamp and values.to_millisecond(e.timestamp)) for e in batch
    ]
    assert list(columns) == expected
    assert [columns[i] for i in range(len(batch))] == expected
    assert columns[5:8] == expected[5:8]
    assert list(NewEvents.joined([NewEvents.of(batch[:10]), NewEvents.of(batch[10:])])) == (
        expected
    )


def test_settled_columns_read_as_events_and_join_in_order() -> None:
    sent = NewEvents.of([good(random.Random(3)) for _ in range(5)])
    stamps = [to_ms(NOW) - i for i in range(5)]
    ids = [str(uuid.UUID(int=i)) for i in range(5)]
    columns = EventColumns("ws", sent, ids, [U] * 5, stamps, [t + 1000 for t in stamps])
    events = list(columns)
    assert [e.event_id for e in events] == ids
    assert all(isinstance(e, Event) and e.workspace_id == "ws" for e in events)
    assert [e.metrics for e in events] == [s.metrics for s in sent]
    assert [e.dimensions for e in events] == [s.dimensions for s in sent]
    assert [e.expires_at - e.timestamp for e in events] == [timedelta(seconds=1)] * 5
    assert list(reversed(columns)) == events[::-1]
    joined = EventColumns.joined([columns, columns])
    assert list(joined) == events + events
    with pytest.raises(ValueError, match="several workspaces"):
        EventColumns.joined([columns, replace(columns, workspace_id="other")])
