"""Content items: create (idempotent), read, update by mask and etag, delete, roles."""

from __future__ import annotations

import math

import pytest

from domain.content.items import NewContent
from domain.content.listing import content_filter
from domain.content.values import ContentSort, ContentType, Origin, Visibility
from domain.kernel.errors import Aborted, InvalidArgument, NotFound, PermissionDenied
from domain.kernel.roles import Role
from tests.unit.domain.content_kit import C


@pytest.fixture
def c(uow, clock) -> C:
    return C.over(uow, clock)


@pytest.fixture
async def ws(world, alice):
    return await world.workspace(alice, "studio")


async def test_a_new_item_is_private_text_by_its_creator_with_sorted_unique_tags(
    c, alice, ws
) -> None:
    item = await c.create.execute(alice.principal, NewContent(ws.id, " Hi ", tags=("b", "a", "b")))
    assert (item.title, item.creator_id, item.tags) == ("Hi", alice.principal.user_id, ("a", "b"))
    assert (item.content_type, item.origin, item.visibility) == (
        ContentType.TEXT,
        Origin.USER,
        Visibility.PRIVATE,
    )


async def test_a_retried_create_with_the_same_request_id_returns_the_first_item(
    c, alice, ws
) -> None:
    first = await c.create.execute(alice.principal, NewContent(ws.id, "Hi", request_id="r1"))
    again = await c.create.execute(alice.principal, NewContent(ws.id, "Hi", request_id="r1"))
    assert again.id == first.id
    with pytest.raises(InvalidArgument):
        await c.create.execute(alice.principal, NewContent(ws.id, "Other", request_id="r1"))


@pytest.mark.parametrize(
    ("cmd", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 256}, "title"),
        ({"content_data": "x" * 100_001}, "content_data"),
        ({"tags": tuple(f"t{i}" for i in range(33))}, "tags"),
        ({"tags": ("x" * 65,)}, "tags"),
        ({"tags": (" ",)}, "tags"),
        ({"quality_score": 1.5}, "quality_score"),
        ({"quality_score": -0.1}, "quality_score"),
        ({"quality_score": math.nan}, "quality_score"),
    ],
)
async def test_bad_input_is_refused_naming_the_field_and_stores_nothing(
    c, alice, ws, cmd, field
) -> None:
    given = {"title": "T"} | cmd
    with pytest.raises(InvalidArgument) as exc:
        await c.create.execute(alice.principal, NewContent(ws.id, **given))
    assert [v.field for v in exc.value.violations] == [field]
    page = await c.list.execute(
        alice.principal, content_filter(ws.id), ContentSort.NEWEST, 0, "", include_total=True
    )
    assert page.total_size == 0


async def test_viewers_read_but_cannot_create(c, world, alice, ws) -> None:
    viewer = await world.member(ws, alice, "vic", Role.VIEWER)
    item = await c.create.execute(alice.principal, NewContent(ws.id, "T"))
    assert (await c.get.execute(viewer.principal, ws.id, item.id)).id == item.id
    with pytest.raises(PermissionDenied):
        await c.create.execute(viewer.principal, NewContent(ws.id, "V"))


async def test_members_change_their_own_items_and_admins_anyones(c, world, alice, ws) -> None:
    member = await world.member(ws, alice, "mia", Role.MEMBER)
    admin = await world.member(ws, alice, "ada", Role.ADMIN)
    theirs = await c.create.execute(alice.principal, NewContent(ws.id, "Alice's"))
    mine = await c.create.execute(member.principal, NewContent(ws.id, "Mia's"))
    with pytest.raises(PermissionDenied):
        await c.update.execute(member.principal, ws.id, theirs.id, {"title": "Taken"})
    with pytest.raises(PermissionDenied):
        await c.delete.execute(member.principal, ws.id, theirs.id)
    renamed = await c.update.execute(member.principal, ws.id, mine.id, {"title": "Mine"})
    assert renamed.title == "Mine"
    await c.delete.execute(admin.principal, ws.id, mine.id)
    with pytest.raises(NotFound):
        await c.get.execute(alice.principal, ws.id, mine.id)


async def test_update_applies_the_mask_and_refuses_a_stale_etag(c, alice, ws) -> None:
    item = await c.create.execute(
        alice.principal, NewContent(ws.id, "T", metadata={"a": 1}, quality_score=0.5)
    )
    changes = {
        "metadata.b": 2,
        "tags": ["x"],
        "quality_score": None,
        "visibility": Visibility.PUBLIC,
    }
    updated = await c.update.execute(alice.principal, ws.id, item.id, changes, item.etag)
    assert (updated.metadata, updated.tags, updated.quality_score, updated.visibility) == (
        {"a": 1, "b": 2},
        ("x",),
        None,
        Visibility.PUBLIC,
    )
    with pytest.raises(Aborted):
        await c.update.execute(alice.principal, ws.id, item.id, {"title": "U"}, item.etag)
    with pytest.raises(InvalidArgument) as exc:
        await c.update.execute(alice.principal, ws.id, item.id, {"origin": Origin.AUTO})
    assert [v.field for v in exc.value.violations] == ["update_mask"]


async def test_another_workspace_item_is_not_found(c, world, alice, bob, ws) -> None:
    item = await c.create.execute(alice.principal, NewContent(ws.id, "T"))
    theirs = await world.workspace(bob, "theirs")
    with pytest.raises(NotFound):
        await c.get.execute(bob.principal, theirs.id, item.id)
    with pytest.raises(NotFound):
        await c.delete.execute(bob.principal, ws.id, item.id)
