"""Workspaces: ownership, tenancy by membership and by key, update and delete."""

from __future__ import annotations

import pytest

from domain.kernel.errors import (
    Aborted,
    AlreadyExists,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Unauthenticated,
)
from domain.kernel.roles import Role


async def test_creator_is_the_owner(uc, alice) -> None:
    view = await uc.create_workspace.execute(alice.principal, "  Acme  ", "acme")
    assert (view.workspace.name, view.workspace.slug, view.role) == ("Acme", "acme", Role.OWNER)
    members = await uc.list_members.execute(alice.principal, view.workspace.id, None, 0, "")
    roles = [(m.membership.user_id, m.membership.role) for m in members.items]
    assert roles == [(alice.id, Role.OWNER)]


async def test_slug_is_unique(uc, alice, bob) -> None:
    await uc.create_workspace.execute(alice.principal, "Acme", "acme")
    with pytest.raises(AlreadyExists) as exc:
        await uc.create_workspace.execute(bob.principal, "Other Acme", "acme")
    assert exc.value.field == "slug"


async def test_invalid_name_and_slug_are_both_reported(uc, alice) -> None:
    with pytest.raises(InvalidArgument) as exc:
        await uc.create_workspace.execute(alice.principal, " ", "Bad Slug")
    assert [v.field for v in exc.value.violations] == ["name", "slug"]


@pytest.mark.parametrize("verb", ["get", "list_members", "add_member", "update", "delete"])
async def test_non_member_gets_not_found_not_permission_denied(uc, world, alice, bob, verb) -> None:
    ws = await world.workspace(alice, "acme")
    calls = {
        "get": lambda: uc.get_workspace.execute(bob.principal, ws.id),
        "list_members": lambda: uc.list_members.execute(bob.principal, ws.id, None, 0, ""),
        "add_member": lambda: uc.add_member.execute(bob.principal, ws.id, bob.id, "", Role.VIEWER),
        "update": lambda: uc.update_workspace.execute(bob.principal, ws.id, {"name": "Mine"}),
        "delete": lambda: uc.delete_workspace.execute(bob.principal, ws.id),
    }
    with pytest.raises(NotFound):
        await calls[verb]()
    assert (await uc.get_workspace.execute(alice.principal, ws.id)).workspace.name == "Acme"


async def test_key_limited_to_one_workspace_gets_not_found_on_another(uc, world, alice) -> None:
    a = await world.workspace(alice, "ws-a")
    b = await world.workspace(alice, "ws-b")
    limited = await world.limited(alice, a.id)
    assert (await uc.get_workspace.execute(limited, a.id)).role == Role.OWNER
    with pytest.raises(NotFound):
        await uc.get_workspace.execute(limited, b.id)
    with pytest.raises(NotFound):
        await uc.list_members.execute(limited, b.id, None, 0, "")
    listed = await uc.list_workspaces.execute(limited, 0, "")
    assert [v.workspace.id for v in listed.items] == [a.id]


async def test_key_limited_to_a_workspace_cannot_create_workspaces(uc, world, alice) -> None:
    a = await world.workspace(alice, "ws-a")
    limited = await world.limited(alice, a.id)
    with pytest.raises(PermissionDenied):
        await uc.create_workspace.execute(limited, "New", "new-one")


async def test_superuser_reaches_any_workspace_as_owner(uc, world, alice, root) -> None:
    ws = await world.workspace(alice, "acme")
    assert (await uc.get_workspace.execute(root.principal, ws.id)).role == Role.OWNER


async def test_only_the_owner_deletes_a_workspace(uc, world, alice) -> None:
    ws = await world.workspace(alice, "acme")
    admin = await world.member(ws, alice, "adam", Role.ADMIN)
    with pytest.raises(PermissionDenied):
        await uc.delete_workspace.execute(admin.principal, ws.id)
    assert (await uc.get_workspace.execute(admin.principal, ws.id)).role == Role.ADMIN


async def test_deleting_a_workspace_removes_memberships_and_its_keys(uc, world, alice) -> None:
    ws = await world.workspace(alice, "acme")
    keep = await world.workspace(alice, "keep")
    member = await world.member(ws, alice, "mona", Role.MEMBER)
    ws_key = await uc.create_api_key.execute(member.principal, "ws key", ws.id, None)
    keep_key = await uc.create_api_key.execute(alice.principal, "keep key", keep.id, None)
    await uc.delete_workspace.execute(alice.principal, ws.id)
    with pytest.raises(NotFound):
        await uc.get_workspace.execute(alice.principal, ws.id)
    assert (await uc.list_workspaces.execute(member.principal, 0, "")).items == []
    assert [w.id for w, _ in (await uc.whoami.execute(alice.principal)).memberships] == [keep.id]
    with pytest.raises(Unauthenticated):
        await uc.authenticate.execute(ws_key.secret)
    assert await world.stored_key(ws_key.key.id) is None
    assert (await uc.authenticate.execute(keep_key.secret)).key_workspace_id == keep.id
    assert (await uc.authenticate.execute(member.key)).user_id == member.id


async def test_delete_with_stale_etag_is_aborted(uc, world, alice) -> None:
    ws = await world.workspace(alice, "acme")
    await uc.update_workspace.execute(alice.principal, ws.id, {"name": "Renamed"})
    with pytest.raises(Aborted):
        await uc.delete_workspace.execute(alice.principal, ws.id, ws.etag)
    await uc.get_workspace.execute(alice.principal, ws.id)


async def test_owner_renames_and_reslugs_a_workspace(uc, world, alice) -> None:
    ws = await world.workspace(alice, "acme")
    view = await uc.update_workspace.execute(
        alice.principal, ws.id, {"name": "Acme Corp", "slug": "acme-corp"}, ws.etag
    )
    assert (view.workspace.name, view.workspace.slug) == ("Acme Corp", "acme-corp")
    assert view.workspace.etag != ws.etag
    stored = (await uc.get_workspace.execute(alice.principal, ws.id)).workspace
    assert (stored.name, stored.slug, stored.version) == ("Acme Corp", "acme-corp", 2)


async def test_only_the_owner_updates_a_workspace(uc, world, alice) -> None:
    ws = await world.workspace(alice, "acme")
    admin = await world.member(ws, alice, "adam", Role.ADMIN)
    with pytest.raises(PermissionDenied):
        await uc.update_workspace.execute(admin.principal, ws.id, {"name": "Admin's"})


async def test_update_workspace_with_stale_etag_is_aborted(uc, world, alice) -> None:
    ws = await world.workspace(alice, "acme")
    await uc.update_workspace.execute(alice.principal, ws.id, {"name": "First"}, ws.etag)
    with pytest.raises(Aborted):
        await uc.update_workspace.execute(alice.principal, ws.id, {"name": "Second"}, ws.etag)
    assert (await uc.get_workspace.execute(alice.principal, ws.id)).workspace.name == "First"


@pytest.mark.parametrize(
    ("changes", "field"),
    [({}, "update_mask"), ({"id": "x"}, "update_mask"), ({"slug": "-bad"}, "workspace.slug")],
)
async def test_update_workspace_rejects_bad_masks_and_values(uc, world, alice, changes, field):
    ws = await world.workspace(alice, "acme")
    with pytest.raises(InvalidArgument) as exc:
        await uc.update_workspace.execute(alice.principal, ws.id, changes)
    assert [v.field for v in exc.value.violations] == [field]


async def test_update_to_a_taken_slug_already_exists(uc, world, alice) -> None:
    ws = await world.workspace(alice, "acme")
    await world.workspace(alice, "taken")
    with pytest.raises(AlreadyExists) as exc:
        await uc.update_workspace.execute(alice.principal, ws.id, {"slug": "taken"})
    assert exc.value.field == "slug"
