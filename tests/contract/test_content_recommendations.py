"""Recommendations through their use cases, on the memory and PostgreSQL adapters: one per
(user, item, algorithm version), listed best first, served once."""

from __future__ import annotations

import asyncio

import pytest

from domain.kernel.errors import InvalidArgument, NotFound, PermissionDenied
from tests.contract.engagement_kit import Engagement, principal


@pytest.fixture
async def e(uow_factory, make, seed) -> Engagement:
    return await Engagement(make, uow_factory).seed(seed)


async def _ids(e: Engagement, user: object, unserved_only: bool = False) -> list[str]:
    ids, token = [], ""
    while True:
        page = await e.list_recs.execute(
            principal(e.admin),
            e.ws.id,
            user.id,
            unserved_only,
            2,
            token,  # type: ignore[attr-defined]
        )
        ids += [r.content_item_id for r in page.items]
        if not (token := page.next_token):
            return ids


async def test_a_repeat_updates_score_and_metadata_and_keeps_id_and_serve_time(e) -> None:
    a, b = await e.items(2)
    (first, _) = await e.upsert.execute(
        principal(e.admin), e.ws.id, [e.rec(e.bob, a, 0.5), e.rec(e.bob, a, 0.4, "v2")]
    )
    marked = await e.mark.execute(principal(e.bob), e.ws.id, [first.id])
    served_at = marked[0][0].served_at
    (again,) = await e.upsert.execute(
        principal(e.admin), e.ws.id, [e.rec(e.bob, a, 0.9, metadata={"why": "x"})]
    )
    assert (again.id, again.created_at, again.served_at) == (first.id, first.created_at, served_at)
    assert (again.score, again.metadata) == (0.9, {"why": "x"})
    await e.upsert.execute(principal(e.admin), e.ws.id, [e.rec(e.bob, b, 0.7)])
    assert await _ids(e, e.bob) == [a.id, b.id, a.id]
    assert await _ids(e, e.bob, unserved_only=True) == [b.id, a.id]
    assert await _ids(e, e.alice) == []


async def test_ties_in_score_list_newest_first_across_pages(e) -> None:
    items = await e.items(5)
    for item in items:
        await e.upsert.execute(principal(e.admin), e.ws.id, [e.rec(e.alice, item, 0.5)])
    assert await _ids(e, e.alice) == [i.id for i in reversed(items)]


async def test_mark_served_sets_the_time_once_and_says_so(e) -> None:
    (a,) = await e.items(1)
    (rec,) = await e.upsert.execute(principal(e.admin), e.ws.id, [e.rec(e.bob, a, 0.5)])
    found, marked = await e.mark.execute(principal(e.bob), e.ws.id, [rec.id])
    assert marked == {rec.id} and found[0].served_at is not None
    again, marked_again = await e.mark.execute(principal(e.bob), e.ws.id, [rec.id])
    assert marked_again == set() and again[0].served_at == found[0].served_at


async def test_only_an_admin_writes_and_only_their_user_or_an_admin_marks(e) -> None:
    (a,) = await e.items(1)
    with pytest.raises(PermissionDenied):
        await e.upsert.execute(principal(e.alice), e.ws.id, [e.rec(e.alice, a, 0.5)])
    (rec,) = await e.upsert.execute(principal(e.admin), e.ws.id, [e.rec(e.bob, a, 0.5)])
    with pytest.raises(PermissionDenied):
        await e.mark.execute(principal(e.alice), e.ws.id, [rec.id])
    with pytest.raises(NotFound):
        await e.mark.execute(principal(e.stranger), e.other_ws.id, [rec.id])
    with pytest.raises(NotFound):
        await e.upsert.execute(principal(e.admin), e.ws.id, [e.rec(e.stranger, a, 0.5)])


@pytest.mark.parametrize(
    ("score", "version", "field"),
    [
        (1.5, "v1", "recommendations[0].score"),
        (float("nan"), "v1", "recommendations[0].score"),
        (0.5, "", "recommendations[0].algorithm_version"),
        (0.5, "v" * 65, "recommendations[0].algorithm_version"),
    ],
)
async def test_bad_recommendations_are_refused_by_field_and_nothing_is_stored(
    e, score, version, field
) -> None:
    (a,) = await e.items(1)
    with pytest.raises(InvalidArgument) as exc:
        await e.upsert.execute(principal(e.admin), e.ws.id, [e.rec(e.bob, a, score, version)])
    assert [v.field for v in exc.value.violations] == [field]
    assert await _ids(e, e.bob) == []


async def test_racing_marks_set_the_time_once(e) -> None:
    (a,) = await e.items(1)
    (rec,) = await e.upsert.execute(principal(e.admin), e.ws.id, [e.rec(e.bob, a, 0.5)])
    results = await asyncio.gather(
        *(e.mark.execute(principal(e.bob), e.ws.id, [rec.id]) for _ in range(4))
    )
    assert sorted(len(marked) for _, marked in results) == [0, 0, 0, 1]
    assert len({found[0].served_at for found, _ in results}) == 1
