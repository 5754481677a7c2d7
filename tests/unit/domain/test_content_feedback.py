"""Feedback: a rating or thumb on an item, recorded with the interaction it maps onto."""

from __future__ import annotations

import pytest

from domain.content.digest_values import NewDigestItem
from domain.content.feedback import NewFeedback
from domain.content.feedback_model import Thumbs
from domain.content.interaction import InteractionType
from domain.content.items import NewContent
from domain.kernel.errors import InvalidArgument, NotFound, PermissionDenied
from domain.kernel.roles import Role
from ports.content.interactions import InteractionQuery
from tests.unit.domain.content_kit import C
from tests.unit.domain.digests_kit import D


@pytest.fixture
def d(uow, clock) -> D:
    return D.over(uow, clock)


@pytest.fixture
async def ws(world, alice):
    return await world.workspace(alice, "studio")


@pytest.fixture
async def item(uow, clock, alice, ws) -> str:
    return (await C.over(uow, clock).create.execute(alice.principal, NewContent(ws.id, "T"))).id


async def _interaction(uow, ws: str, user: str):
    async with uow(read_only=True) as u:
        found = await u.interactions.find(InteractionQuery(ws, user_id=user), None, 10)
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize(
    ("given", "kind", "rating", "label"),
    [
        ({"thumbs": Thumbs.UP}, InteractionType.LIKE, None, "thumbs_up"),
        ({"thumbs": Thumbs.DOWN}, InteractionType.VIEW, 1, "thumbs_down"),
        ({"rating": 4}, InteractionType.VIEW, 4, "rating"),
    ],
)
async def test_feedback_is_also_an_interaction(d, uow, alice, ws, item, given, kind, rating, label):
    fb = await d.feedback.execute(
        alice.principal, NewFeedback(ws.id, content_item_id=item, **given)
    )
    recorded = await _interaction(uow, ws.id, alice.principal.user_id)
    assert recorded.id == fb.interaction_id
    assert (recorded.interaction_type, recorded.rating, recorded.content_item_id) == (
        kind,
        rating,
        item,
    )
    assert recorded.metadata == {"source": "feedback", "feedback": label}


async def test_feedback_on_a_digest_item_is_about_its_content_and_only_the_digests_user_gives_it(
    d, uow, world, alice, ws, item
) -> None:
    bob = await world.member(ws, alice, "bob", Role.MEMBER)
    digest = (await d.create.execute(alice.principal, ws.id, "", "2026-11-30")).digest
    added = await d.add_items.execute(alice.principal, ws.id, digest.id, (NewDigestItem(item, 1),))
    on = added.items[0].id
    fb = await d.feedback.execute(alice.principal, NewFeedback(ws.id, digest_item_id=on, rating=5))
    assert (fb.content_item_id, fb.digest_item_id) == (item, on)
    assert (await _interaction(uow, ws.id, alice.principal.user_id)).metadata["source"] == "digest"
    with pytest.raises(PermissionDenied):
        await d.feedback.execute(bob.principal, NewFeedback(ws.id, digest_item_id=on, rating=1))


async def test_a_retried_feedback_returns_the_first_and_records_one_interaction(
    d, uow, alice, ws, item
) -> None:
    cmd = NewFeedback(ws.id, content_item_id=item, thumbs=Thumbs.UP, request_id="r1")
    first = await d.feedback.execute(alice.principal, cmd)
    again = await d.feedback.execute(alice.principal, cmd)
    assert again == first
    await _interaction(uow, ws.id, alice.principal.user_id)


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"rating": 4}, "content_item_id"),
        ({"content_item_id": "x", "digest_item_id": "y", "rating": 4}, "content_item_id"),
        ({"content_item_id": "x"}, "rating"),
        ({"content_item_id": "x", "rating": 4, "thumbs": Thumbs.UP}, "rating"),
        ({"content_item_id": "x", "rating": 6}, "rating"),
        ({"content_item_id": "x", "rating": 0}, "rating"),
        ({"content_item_id": "x", "rating": 3, "comment": "c" * 2001}, "comment"),
    ],
)
async def test_bad_feedback_is_refused_naming_the_field(d, alice, ws, given, field) -> None:
    with pytest.raises(InvalidArgument) as err:
        await d.feedback.execute(alice.principal, NewFeedback(ws.id, **given))
    assert err.value.violations[0].field == field


async def test_feedback_on_an_unknown_item_is_not_found(d, alice, ws) -> None:
    unknown = "0190a000-0000-7000-8000-000000000000"
    for cmd in (
        NewFeedback(ws.id, content_item_id=unknown, rating=3),
        NewFeedback(ws.id, digest_item_id=unknown, rating=3),
    ):
        with pytest.raises(NotFound):
            await d.feedback.execute(alice.principal, cmd)
