"""Memberships: the role ladder and the rule that a workspace keeps an owner."""

from __future__ import annotations

import pytest

from domain.kernel.errors import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
)
from domain.kernel.roles import Role


@pytest.fixture
async def acme(world, alice):
    return await world.workspace(alice, "acme")


async def _role_of(uc, owner, ws, user_id) -> Role | None:
    page = await uc.list_members.execute(owner.principal, ws.id, None, 0, "")
    return next((m.membership.role for m in page.items if m.membership.user_id == user_id), None)


async def test_viewer_reads_workspace_and_members_but_cannot_add(uc, world, acme, alice, bob):
    viewer = await world.member(acme, alice, "vera", Role.VIEWER)
    assert (await uc.get_workspace.execute(viewer.principal, acme.id)).role == Role.VIEWER
    assert len((await uc.list_members.execute(viewer.principal, acme.id, None, 0, "")).items) == 2
    with pytest.raises(PermissionDenied):
        await uc.add_member.execute(viewer.principal, acme.id, bob.id, "", Role.VIEWER)


async def test_member_cannot_add_members(uc, world, acme, alice, bob) -> None:
    member = await world.member(acme, alice, "mona", Role.MEMBER)
    with pytest.raises(PermissionDenied):
        await uc.add_member.execute(member.principal, acme.id, bob.id, "", Role.VIEWER)
    assert await _role_of(uc, alice, acme, bob.id) is None


async def test_admin_adds_members_and_admins(uc, world, acme, alice, bob) -> None:
    admin = await world.member(acme, alice, "adam", Role.ADMIN)
    carol = await world.person("carol")
    await uc.add_member.execute(admin.principal, acme.id, bob.id, "", None)
    await uc.add_member.execute(admin.principal, acme.id, "", " CAROL@example.com", Role.ADMIN)
    assert await _role_of(uc, alice, acme, bob.id) == Role.MEMBER
    assert await _role_of(uc, alice, acme, carol.id) == Role.ADMIN


async def test_admin_cannot_grant_owner(uc, world, acme, alice, bob) -> None:
    admin = await world.member(acme, alice, "adam", Role.ADMIN)
    with pytest.raises(PermissionDenied):
        await uc.add_member.execute(admin.principal, acme.id, bob.id, "", Role.OWNER)
    with pytest.raises(PermissionDenied):
        await uc.update_member_role.execute(admin.principal, acme.id, admin.id, Role.OWNER)
    assert await _role_of(uc, alice, acme, admin.id) == Role.ADMIN


async def test_admin_cannot_demote_or_remove_an_owner(uc, world, acme, alice) -> None:
    admin = await world.member(acme, alice, "adam", Role.ADMIN)
    with pytest.raises(PermissionDenied):
        await uc.update_member_role.execute(admin.principal, acme.id, alice.id, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        await uc.remove_member.execute(admin.principal, acme.id, alice.id)
    assert await _role_of(uc, alice, acme, alice.id) == Role.OWNER


async def test_admin_changes_and_removes_non_owners(uc, world, acme, alice) -> None:
    admin = await world.member(acme, alice, "adam", Role.ADMIN)
    member = await world.member(acme, alice, "mona", Role.MEMBER)
    view = await uc.update_member_role.execute(admin.principal, acme.id, member.id, Role.VIEWER)
    assert view.membership.role == Role.VIEWER and view.email == member.email
    await uc.remove_member.execute(admin.principal, acme.id, member.id)
    with pytest.raises(NotFound):
        await uc.get_workspace.execute(member.principal, acme.id)


async def test_owner_grants_owner(uc, acme, alice, bob) -> None:
    view = await uc.add_member.execute(alice.principal, acme.id, bob.id, "", Role.OWNER)
    assert view.membership.role == Role.OWNER
    assert (await uc.get_workspace.execute(bob.principal, acme.id)).role == Role.OWNER


async def test_last_owner_cannot_be_demoted(uc, acme, alice) -> None:
    with pytest.raises(FailedPrecondition) as exc:
        await uc.update_member_role.execute(alice.principal, acme.id, alice.id, Role.ADMIN)
    assert exc.value.reason == "LAST_OWNER"
    assert await _role_of(uc, alice, acme, alice.id) == Role.OWNER


async def test_last_owner_cannot_leave_workspace(uc, acme, alice) -> None:
    with pytest.raises(FailedPrecondition):
        await uc.remove_member.execute(alice.principal, acme.id, alice.id)
    assert await _role_of(uc, alice, acme, alice.id) == Role.OWNER


async def test_last_owner_cannot_be_removed_even_by_a_superuser(uc, acme, alice, root) -> None:
    with pytest.raises(FailedPrecondition):
        await uc.remove_member.execute(root.principal, acme.id, alice.id)


async def test_one_of_two_owners_may_leave(uc, acme, alice, bob) -> None:
    await uc.add_member.execute(alice.principal, acme.id, bob.id, "", Role.OWNER)
    await uc.remove_member.execute(alice.principal, acme.id, alice.id)
    with pytest.raises(NotFound):
        await uc.get_workspace.execute(alice.principal, acme.id)
    with pytest.raises(FailedPrecondition):
        await uc.remove_member.execute(bob.principal, acme.id, bob.id)


async def test_one_of_two_owners_may_step_down_to_admin(uc, acme, alice, bob) -> None:
    await uc.add_member.execute(alice.principal, acme.id, bob.id, "", Role.OWNER)
    view = await uc.update_member_role.execute(alice.principal, acme.id, alice.id, Role.ADMIN)
    assert view.membership.role == Role.ADMIN


async def test_viewer_may_leave_but_not_remove_others(uc, world, acme, alice) -> None:
    viewer = await world.member(acme, alice, "vera", Role.VIEWER)
    other = await world.member(acme, alice, "otto", Role.VIEWER)
    with pytest.raises(PermissionDenied):
        await uc.remove_member.execute(viewer.principal, acme.id, other.id)
    await uc.remove_member.execute(viewer.principal, acme.id, viewer.id)
    assert await _role_of(uc, alice, acme, viewer.id) is None


async def test_adding_an_existing_member_already_exists(uc, acme, alice, bob) -> None:
    await uc.add_member.execute(alice.principal, acme.id, bob.id, "", Role.VIEWER)
    with pytest.raises(AlreadyExists):
        await uc.add_member.execute(alice.principal, acme.id, "", bob.email, Role.ADMIN)
    assert await _role_of(uc, alice, acme, bob.id) == Role.VIEWER


async def test_adding_an_unknown_or_inactive_user_is_not_found(uc, acme, alice, bob) -> None:
    with pytest.raises(NotFound):
        await uc.add_member.execute(alice.principal, acme.id, "", "ghost@example.com", None)
    await uc.deactivate_user.execute(bob.principal, bob.id)
    with pytest.raises(NotFound):
        await uc.add_member.execute(alice.principal, acme.id, bob.id, "", None)


@pytest.mark.parametrize(("user_id", "email"), [("", ""), ("some-id", "x@example.com")])
async def test_add_member_needs_exactly_one_of_user_id_or_email(uc, acme, alice, user_id, email):
    with pytest.raises(InvalidArgument) as exc:
        await uc.add_member.execute(alice.principal, acme.id, user_id, email, None)
    assert exc.value.violations[0].field == "user_id"


async def test_changing_the_role_of_a_non_member_is_not_found(uc, acme, alice, bob) -> None:
    with pytest.raises(NotFound):
        await uc.update_member_role.execute(alice.principal, acme.id, bob.id, Role.ADMIN)


async def test_list_members_filters_by_role(uc, world, acme, alice) -> None:
    await world.member(acme, alice, "vera", Role.VIEWER)
    admin = await world.member(acme, alice, "adam", Role.ADMIN)
    page = await uc.list_members.execute(alice.principal, acme.id, Role.ADMIN, 0, "")
    assert [m.membership.user_id for m in page.items] == [admin.id]
