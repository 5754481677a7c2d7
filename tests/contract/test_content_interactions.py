"""Interactions through their use cases, on the memory and PostgreSQL adapters: batches
all or nothing and idempotent, lists newest first on keyset pages, statistics equal to a
computation here, and the roles that may record them."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.content.interaction import InteractionType
from domain.kernel.errors import InvalidArgument, NotFound, PermissionDenied
from ports.content.interactions import InteractionQuery
from tests.contract.engagement_kit import NOW, Engagement, principal

SOURCES = ("mobile_app", "web", "email")


@pytest.fixture
async def e(uow_factory, make, seed) -> Engagement:
    return await Engagement(make, uow_factory).seed(seed)


async def _all(e: Engagement, query: InteractionQuery, size: int = 3, who: Any = None) -> list[str]:
    ids, token = [], ""
    while True:
        page = await e.list.execute(principal(who or e.alice), query, size, token)
        ids += [i.id for i in page.items]
        if not (token := page.next_token):
            return ids


async def test_a_batch_is_stored_whole_and_listed_newest_first_by_user_and_by_item(e) -> None:
    a, b = await e.items(2)
    given = [
        e.new(a, rating=5, duration_ms=1200, metadata={"source": "web"}, occurred_at=NOW),
        e.new(b, InteractionType.LIKE, occurred_at=NOW + timedelta(seconds=1)),
        e.new(a, InteractionType.SHARE, user_id=e.alice.id, occurred_at=NOW - timedelta(hours=1)),
    ]
    stored = await e.record.execute(principal(e.alice), e.ws.id, given)
    assert [(i.user_id, i.rating, i.duration_ms) for i in stored] == [
        (e.alice.id, 5, 1200),
        (e.alice.id, None, None),
        (e.alice.id, None, None),
    ]
    by_user = await _all(e, InteractionQuery(e.ws.id, user_id=e.alice.id), 2)
    assert by_user == [stored[1].id, stored[0].id, stored[2].id]
    assert await _all(e, InteractionQuery(e.ws.id, content_item_id=a.id)) == [
        stored[0].id,
        stored[2].id,
    ]
    assert await _all(e, InteractionQuery(e.other_ws.id, user_id=e.alice.id), who=e.stranger) == []


async def test_a_retry_with_the_same_request_id_returns_the_first_batch(e) -> None:
    (a,) = await e.items(1)
    first = await e.record.execute(principal(e.bob), e.ws.id, [e.new(a)], "r1")
    again = await e.record.execute(principal(e.bob), e.ws.id, [e.new(a)], "r1")
    assert [i.id for i in again] == [i.id for i in first]
    assert len(await _all(e, InteractionQuery(e.ws.id, user_id=e.bob.id))) == 1
    with pytest.raises(InvalidArgument):
        await e.record.execute(principal(e.bob), e.ws.id, [e.new(a, InteractionType.LIKE)], "r1")


async def test_a_batch_with_an_unknown_or_foreign_item_stores_nothing(e) -> None:
    (a,) = await e.items(1)
    (foreign,) = await e.items(1, ws=e.other_ws)
    for bad in (foreign.id, e.make.id()):
        with pytest.raises(NotFound):
            await e.record.execute(principal(e.alice), e.ws.id, [e.new(a), e.new(bad)])
    assert await _all(e, InteractionQuery(e.ws.id, content_item_id=a.id)) == []


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"rating": 0}, "interactions[0].rating"),
        ({"rating": 6}, "interactions[0].rating"),
        ({"duration_ms": -1}, "interactions[0].duration_ms"),
        ({"duration_ms": 86_400_001}, "interactions[0].duration_ms"),
        ({"interaction_type": None}, "interactions[0].interaction_type"),
        ({"occurred_at": NOW + timedelta(days=2)}, "interactions[0].occurred_at"),
        ({"occurred_at": datetime(1999, 12, 31, tzinfo=UTC)}, "interactions[0].occurred_at"),
    ],
)
async def test_bad_fields_are_refused_by_name_before_anything_is_stored(e, kw, field) -> None:
    (a,) = await e.items(1)
    with pytest.raises(InvalidArgument) as exc:
        await e.record.execute(principal(e.alice), e.ws.id, [e.new(a, **kw)])
    assert [v.field for v in exc.value.violations] == [field]
    assert await _all(e, InteractionQuery(e.ws.id, content_item_id=a.id)) == []


async def test_a_viewer_records_their_own_only_an_admin_records_for_members(e) -> None:
    (a,) = await e.items(1)
    await e.record.execute(principal(e.viewer), e.ws.id, [e.new(a)])
    with pytest.raises(PermissionDenied):
        await e.record.execute(principal(e.bob), e.ws.id, [e.new(a, user_id=e.alice.id)])
    stored = await e.record.execute(principal(e.admin), e.ws.id, [e.new(a, user_id=e.bob.id)])
    assert stored[0].user_id == e.bob.id
    with pytest.raises(NotFound):
        await e.record.execute(principal(e.admin), e.ws.id, [e.new(a, user_id=e.stranger.id)])
    with pytest.raises(NotFound):
        await e.record.execute(principal(e.stranger), e.ws.id, [e.new(a)])


async def test_keyset_pages_never_skip_or_repeat_while_interactions_arrive(e) -> None:
    items = await e.items(3)
    rnd = random.Random(5)

    def batch(n: int) -> list[Any]:
        return [
            e.new(rnd.choice(items), occurred_at=NOW - timedelta(minutes=rnd.randrange(600)))
            for _ in range(n)
        ]

    before = await e.record.execute(principal(e.alice), e.ws.id, batch(20))
    query, seen, token = InteractionQuery(e.ws.id, user_id=e.alice.id), [], ""
    while True:
        page = await e.list.execute(principal(e.alice), query, 4, token)
        seen += [(i.occurred_at, i.id) for i in page.items]
        await e.record.execute(principal(e.alice), e.ws.id, batch(2))
        if not (token := page.next_token):
            break
    assert len(seen) == len(set(seen)) and seen == sorted(seen, reverse=True)
    assert {i.id for i in before} <= {key[1] for key in seen}
