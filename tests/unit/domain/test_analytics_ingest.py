"""Ingesting events: refused whole by index and field, stored once by id, with an expiry."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from domain.analytics.model import EventFilter, Metric
from domain.analytics.values import MAX_EVENTS
from domain.kernel.errors import InvalidArgument, NotFound, PermissionDenied
from domain.kernel.roles import Role
from tests.unit.domain.analytics_kit import DEFAULT_DAYS, A, event
from tests.unit.domain.conftest import START


@pytest.fixture
def a(uow, clock) -> A:
    return A.over(uow, clock)


@pytest.fixture
async def ws(world, alice):
    return await world.workspace(alice, "analytics")


def _ids(n: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(n)]


async def _stored(a, ws) -> list:
    return await a.store.events(EventFilter(ws.id), None, 100)


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"metrics": (Metric("m", float("nan")),)}, "events[1].metrics[0].value"),
        ({"metrics": (Metric("m", float("inf")),)}, "events[1].metrics[0].value"),
        ({"metrics": (Metric("", 1.0),)}, "events[1].metrics[0].name"),
        ({"metrics": (Metric("m", 1.0, "u" * 33),)}, "events[1].metrics[0].unit"),
        ({"metrics": tuple(Metric("m", 1.0) for _ in range(65))}, "events[1].metrics"),
        ({"event_type": ""}, "events[1].event_type"),
        ({"event_type": "t" * 129}, "events[1].event_type"),
        ({"event_category": "c\x00"}, "events[1].event_category"),
        ({"workload_id": "w" * 129}, "events[1].workload_id"),
        ({"event_id": "not-a-uuid"}, "events[1].event_id"),
        ({"user_id": "nobody"}, "events[1].user_id"),
        ({"dimensions": {"k": "v" * 1025}}, "events[1].dimensions.k"),
        ({"dimensions": {"k" * 129: "v"}}, "events[1].dimensions"),
        ({"dimensions": {str(i): "v" for i in range(65)}}, "events[1].dimensions"),
        ({"metadata": {"x": "y" * 65_537}}, "events[1].metadata"),
        ({"metadata": {"x": "\x00"}}, "events[1].metadata"),
        ({"timestamp": START + timedelta(days=2)}, "events[1].timestamp"),
    ],
)
async def test_a_bad_event_is_refused_by_index_and_field_and_nothing_is_stored(
    a, alice, ws, bad, field
) -> None:
    good, other = event(), replace(event(), **bad)
    with pytest.raises(InvalidArgument) as refused:
        await a.ingest.execute(alice.principal, ws.id, [good, other])
    assert field in [v.field for v in refused.value.violations]
    assert await _stored(a, ws) == []


async def test_metadata_nested_too_deep_is_refused(a, alice, ws) -> None:
    deep: dict = {}
    for _ in range(17):
        deep = {"x": deep}
    with pytest.raises(InvalidArgument) as refused:
        await a.ingest.execute(alice.principal, ws.id, [event(metadata=deep)])
    assert [v.field for v in refused.value.violations] == ["events[0].metadata"]


async def test_a_stream_offset_names_events_by_their_place_in_the_stream(a, alice, ws) -> None:
    bad = replace(event(), event_type="")
    with pytest.raises(InvalidArgument) as refused:
        await a.ingest.execute(alice.principal, ws.id, [event(), bad], offset=5000)
    assert [v.field for v in refused.value.violations] == ["events[5001].event_type"]


async def test_batches_are_between_one_and_ten_thousand_events(a, alice, ws) -> None:
    for batch in ([], [event()] * (MAX_EVENTS + 1)):
        with pytest.raises(InvalidArgument) as refused:
            await a.ingest.execute(alice.principal, ws.id, batch)
        assert refused.value.violations[0].field == "events"


async def test_re_ingesting_the_same_ids_stores_nothing_new(a, alice, ws) -> None:
    batch = [event(i) for i in _ids(3)]
    first = await a.ingest.execute(alice.principal, ws.id, batch)
    again = await a.ingest.execute(alice.principal, ws.id, [*batch, batch[0]])
    assert (first.accepted, first.duplicates) == (3, 0)
    assert (again.accepted, again.duplicates) == (0, 4)
    assert len(await _stored(a, ws)) == 3


async def test_events_without_an_id_get_one_each_and_are_not_idempotent(a, alice, ws) -> None:
    await a.ingest.execute(alice.principal, ws.id, [event(), event()])
    done = await a.ingest.execute(alice.principal, ws.id, [event()])
    assert done.accepted == 1
    assert len({e.event_id for e in await _stored(a, ws)}) == 3


async def test_stored_events_expire_after_the_workspaces_retention(a, alice, ws) -> None:
    await a.set_retention.execute(alice.principal, ws.id, 7)
    [given] = _ids(1)
    await a.ingest.execute(alice.principal, ws.id, [event(given, START - timedelta(days=1))])
    [stored] = await _stored(a, ws)
    assert stored.expires_at == START + timedelta(days=6)
    assert stored.user_id == alice.id and stored.workspace_id == ws.id


async def test_without_a_setting_events_keep_the_default_retention(a, alice, ws) -> None:
    await a.ingest.execute(alice.principal, ws.id, [event(at=START)])
    [stored] = await _stored(a, ws)
    assert stored.expires_at == START + timedelta(days=DEFAULT_DAYS)


async def test_viewers_cannot_ingest_and_strangers_do_not_see_the_workspace(
    a, world, alice, bob, ws
) -> None:
    viewer = await world.member(ws, alice, "vera", Role.VIEWER)
    with pytest.raises(PermissionDenied):
        await a.ingest.execute(viewer.principal, ws.id, [event()])
    with pytest.raises(NotFound):
        await a.ingest.execute(bob.principal, ws.id, [event()])
    member = await world.member(ws, alice, "mia", Role.MEMBER)
    assert (await a.ingest.execute(member.principal, ws.id, [event()])).accepted == 1


async def test_timestamps_are_kept_to_the_millisecond(a, alice, ws) -> None:
    at = START - timedelta(microseconds=1_234_567)
    await a.ingest.execute(alice.principal, ws.id, [event(at=at)])
    [stored] = await _stored(a, ws)
    assert stored.timestamp == START - timedelta(microseconds=1_235_000)
