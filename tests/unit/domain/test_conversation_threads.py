"""Threads: create (idempotent), read with totals, list by activity, update, archive, delete."""

from __future__ import annotations

import pytest

from domain.conversations.threads import NewThread
from domain.conversations.values import ThreadStatus
from domain.kernel.errors import (
    Aborted,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
)
from domain.kernel.roles import Role
from tests.unit.domain.conversations_kit import C, said


@pytest.fixture
def c(uow, clock) -> C:
    return C.over(uow, clock)


@pytest.fixture
async def ws(world, alice):
    return await world.workspace(alice, "talks")


async def test_a_retried_create_with_the_same_request_id_returns_the_first_thread(
    c, alice, ws
) -> None:
    first = await c.create.execute(alice.principal, NewThread(ws.id, "Hi", request_id="r1"))
    again = await c.create.execute(alice.principal, NewThread(ws.id, "Hi", request_id="r1"))
    assert again.id == first.id
    with pytest.raises(InvalidArgument):
        await c.create.execute(alice.principal, NewThread(ws.id, "Other", request_id="r1"))


async def test_a_title_over_255_characters_is_refused_naming_it(c, alice, ws) -> None:
    with pytest.raises(InvalidArgument) as exc:
        await c.create.execute(alice.principal, NewThread(ws.id, "x" * 256))
    assert [v.field for v in exc.value.violations] == ["title"]


async def test_viewers_read_but_cannot_create_threads(c, world, alice, ws) -> None:
    viewer = await world.member(ws, alice, "vic", Role.VIEWER)
    thread = await c.create.execute(alice.principal, NewThread(ws.id, "T"))
    got, _ = await c.get.execute(viewer.principal, ws.id, thread.id)
    assert got.id == thread.id
    with pytest.raises(PermissionDenied):
        await c.create.execute(viewer.principal, NewThread(ws.id, "V"))


async def test_another_workspace_thread_is_not_found(c, world, alice, bob, ws) -> None:
    thread = await c.create.execute(alice.principal, NewThread(ws.id, "T"))
    theirs = await world.workspace(bob, "theirs")
    with pytest.raises(NotFound):
        await c.get.execute(bob.principal, theirs.id, thread.id)
    with pytest.raises(NotFound):
        await c.get.execute(bob.principal, ws.id, thread.id)


async def test_get_counts_messages_and_sums_their_tokens(c, alice, ws) -> None:
    thread = await c.create.execute(alice.principal, NewThread(ws.id, "T"))
    await c.append.execute(alice.principal, ws.id, thread.id, said("a", "b", tokens=7))
    _, totals = await c.get.execute(alice.principal, ws.id, thread.id)
    assert (totals.message_count, totals.tokens_used) == (2, 14)


async def test_threads_list_by_latest_activity_and_a_message_moves_one_up(
    c, clock, alice, ws
) -> None:
    older = await c.create.execute(alice.principal, NewThread(ws.id, "old"))
    clock.advance(1)
    newer = await c.create.execute(alice.principal, NewThread(ws.id, "new"))
    page = await c.list.execute(alice.principal, ws.id, (), "", 0, "")
    assert [t.id for t in page.items] == [newer.id, older.id]
    clock.advance(1)
    await c.append.execute(alice.principal, ws.id, older.id, said("again"))
    page = await c.list.execute(alice.principal, ws.id, (), "", 0, "")
    assert [t.id for t in page.items] == [older.id, newer.id]


async def test_pages_of_threads_cover_every_thread_once(c, clock, alice, ws) -> None:
    made = []
    for i in range(5):
        made.append((await c.create.execute(alice.principal, NewThread(ws.id, f"{i}"))).id)
        clock.advance(i % 2)  # ties in updated_at are broken by id
    seen, token = [], ""
    while True:
        page = await c.list.execute(alice.principal, ws.id, (), "", 2, token)
        seen += [t.id for t in page.items]
        if not (token := page.next_token):
            break
    assert sorted(seen) == sorted(made) and len(seen) == 5


async def test_a_page_token_is_refused_with_other_filters(c, alice, ws) -> None:
    for i in range(3):
        await c.create.execute(alice.principal, NewThread(ws.id, f"{i}"))
    token = (await c.list.execute(alice.principal, ws.id, (), "", 1, "")).next_token
    with pytest.raises(InvalidArgument) as exc:
        await c.list.execute(alice.principal, ws.id, (ThreadStatus.ARCHIVED,), "", 1, token)
    assert exc.value.violations[0].field == "page_token"


async def test_deleted_threads_are_listed_only_when_asked_for(c, alice, ws) -> None:
    kept = await c.create.execute(alice.principal, NewThread(ws.id, "kept"))
    gone = await c.create.execute(alice.principal, NewThread(ws.id, "gone"))
    await c.delete.execute(alice.principal, ws.id, gone.id)
    default = await c.list.execute(alice.principal, ws.id, (), "", 0, "")
    deleted = await c.list.execute(alice.principal, ws.id, (ThreadStatus.DELETED,), "", 0, "")
    assert [t.id for t in default.items] == [kept.id]
    assert [t.id for t in deleted.items] == [gone.id]


async def test_a_member_cannot_change_another_members_thread_but_an_admin_can(
    c, world, alice, ws
) -> None:
    bob = await world.member(ws, alice, "bobby", Role.MEMBER)
    admin = await world.member(ws, alice, "ada", Role.ADMIN)
    thread = await c.create.execute(alice.principal, NewThread(ws.id, "T"))
    with pytest.raises(PermissionDenied):
        await c.update.execute(bob.principal, ws.id, thread.id, {"title": "mine"})
    with pytest.raises(PermissionDenied):
        await c.append.execute(bob.principal, ws.id, thread.id, said("hi"))
    changed = await c.update.execute(admin.principal, ws.id, thread.id, {"title": "admin's"})
    assert changed.title == "admin's"


async def test_update_with_a_stale_etag_aborts(c, alice, ws) -> None:
    thread = await c.create.execute(alice.principal, NewThread(ws.id, "T"))
    await c.update.execute(alice.principal, ws.id, thread.id, {"title": "T2"}, thread.etag)
    with pytest.raises(Aborted):
        await c.update.execute(alice.principal, ws.id, thread.id, {"title": "T3"}, thread.etag)


async def test_update_merges_metadata_and_rejects_unknown_paths(c, alice, ws) -> None:
    thread = await c.create.execute(alice.principal, NewThread(ws.id, "T", {"a": 1, "b": 2}))
    changed = await c.update.execute(
        alice.principal, ws.id, thread.id, {"metadata": {"b": None, "c": 3}}
    )
    assert changed.metadata == {"a": 1, "c": 3}
    with pytest.raises(InvalidArgument) as exc:
        await c.update.execute(alice.principal, ws.id, thread.id, {"owner_id": "x"})
    assert exc.value.violations[0].field == "update_mask"


async def test_a_deleted_thread_can_be_restored_but_not_archived(c, alice, ws) -> None:
    thread = await c.create.execute(alice.principal, NewThread(ws.id, "T"))
    await c.delete.execute(alice.principal, ws.id, thread.id)
    with pytest.raises(FailedPrecondition):
        await c.archive.execute(alice.principal, ws.id, thread.id)
    back = await c.update.execute(
        alice.principal, ws.id, thread.id, {"status": ThreadStatus.ACTIVE}
    )
    assert back.status == ThreadStatus.ACTIVE


async def test_an_archived_thread_takes_no_messages(c, alice, ws) -> None:
    thread = await c.create.execute(alice.principal, NewThread(ws.id, "T"))
    archived = await c.archive.execute(alice.principal, ws.id, thread.id)
    assert archived.status == ThreadStatus.ARCHIVED
    with pytest.raises(FailedPrecondition):
        await c.append.execute(alice.principal, ws.id, thread.id, said("late"))


async def test_purge_needs_an_admin_and_removes_the_messages(c, world, alice, ws) -> None:
    bob = await world.member(ws, alice, "bobby", Role.MEMBER)
    thread = await c.create.execute(bob.principal, NewThread(ws.id, "T"))
    [message] = await c.append.execute(bob.principal, ws.id, thread.id, said("x"))
    with pytest.raises(PermissionDenied):
        await c.delete.execute(bob.principal, ws.id, thread.id, purge=True)
    await c.delete.execute(alice.principal, ws.id, thread.id, purge=True)
    with pytest.raises(NotFound):
        await c.get.execute(alice.principal, ws.id, thread.id)
    async with c.get._d.uow() as uow:
        assert await uow.messages.get(ws.id, thread.id, message.id) is None
