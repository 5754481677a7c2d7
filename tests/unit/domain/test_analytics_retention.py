"""A workspace's analytics retention: admins set it, reads apply it at once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.analytics.model import EventFilter
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


async def test_a_workspace_keeps_the_default_until_an_admin_sets_its_own(a, alice, ws) -> None:
    before = await a.get_retention.execute(alice.principal, ws.id)
    assert (before.days, before.is_default) == (DEFAULT_DAYS, True)
    await a.set_retention.execute(alice.principal, ws.id, 30)
    after = await a.get_retention.execute(alice.principal, ws.id)
    assert (after.days, after.is_default) == (30, False)


@pytest.mark.parametrize("days", [0, 3651, -1])
async def test_retention_is_one_to_3650_days(a, alice, ws, days) -> None:
    with pytest.raises(InvalidArgument) as refused:
        await a.set_retention.execute(alice.principal, ws.id, days)
    assert refused.value.violations[0].field == "days"


async def test_only_admins_set_retention_and_strangers_see_no_workspace(
    a, world, alice, bob, ws
) -> None:
    member = await world.member(ws, alice, "mia", Role.MEMBER)
    with pytest.raises(PermissionDenied):
        await a.set_retention.execute(member.principal, ws.id, 10)
    assert (await a.get_retention.execute(member.principal, ws.id)).is_default
    admin = await world.member(ws, alice, "adam", Role.ADMIN)
    assert (await a.set_retention.execute(admin.principal, ws.id, 10)).days == 10
    for call in (
        a.get_retention.execute(bob.principal, ws.id),
        a.set_retention.execute(bob.principal, ws.id, 10),
    ):
        with pytest.raises(NotFound):
            await call


async def test_shortening_retention_hides_older_events_at_once(a, alice, ws) -> None:
    at = [START - timedelta(days=d) for d in (1, 10, 40)]
    await a.ingest.execute(alice.principal, ws.id, [event(at=t) for t in at])
    page = await a.events.execute(alice.principal, EventFilter(ws.id), 50, "")
    assert len(page.items) == 3
    await a.set_retention.execute(alice.principal, ws.id, 5)
    page = await a.events.execute(alice.principal, EventFilter(ws.id), 50, "")
    assert [e.timestamp for e in page.items] == at[:1]
    assert [w.workload_id for w in await a.recent.execute(alice.principal, ws.id)] == ["w1"]


async def test_events_are_gone_once_their_expiry_passes(a, clock, alice, ws) -> None:
    await a.set_retention.execute(alice.principal, ws.id, 2)
    await a.ingest.execute(alice.principal, ws.id, [event(at=START)])
    await a.set_retention.execute(alice.principal, ws.id, 30)
    clock.advance(timedelta(days=3).total_seconds())
    page = await a.events.execute(alice.principal, EventFilter(ws.id), 50, "")
    assert page.items == []
