"""A key limited to one workspace acts only inside it: no account changes, no superuser powers."""

from __future__ import annotations

import pytest

from domain.identity.oauth import OAuthProfile, UpsertOAuthUser
from domain.identity.users import NewUser
from domain.kernel.errors import NotFound, PermissionDenied, Unauthenticated
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from ports.identity import UserFilter
from tests.unit.domain.conftest import PASSWORD


def _principal(superuser: bool, workspace_id: str | None) -> Principal:
    return Principal("u", "u@example.com", None, superuser, "k", key_workspace_id=workspace_id)


def test_only_an_unlimited_key_of_a_superuser_acts_as_superuser() -> None:
    assert _principal(True, None).is_superuser
    assert not _principal(True, "ws-a").is_superuser
    assert not _principal(False, None).is_superuser
    with pytest.raises(PermissionDenied, match="limited to a workspace"):
        _principal(True, "ws-a").require_superuser("listing users")
    _principal(True, None).require_superuser("listing users")


def test_ensure_unlimited_refuses_only_limited_keys() -> None:
    _principal(False, None).ensure_unlimited("changing an account")
    with pytest.raises(PermissionDenied, match="changing an account needs a key"):
        _principal(True, "ws-a").ensure_unlimited("changing an account")


def test_a_limited_key_reaches_nothing_outside_its_workspace() -> None:
    limited = _principal(False, "ws-a")
    assert limited.can_reach_workspace("ws-a")
    assert not limited.can_reach_workspace("ws-b")
    assert not limited.can_reach_workspace(None)
    assert _principal(False, None).can_reach_workspace(None)


@pytest.fixture
async def root_in_a(world, root):
    """The superuser's key limited to a workspace the superuser owns."""
    a = await world.workspace(root, "ws-a")
    return a, await world.limited(root, a.id)


async def test_limited_key_cannot_change_the_password_and_login_keeps_the_old_one(
    uc, world, alice
) -> None:
    a = await world.workspace(alice, "ws-a")
    limited = await world.limited(alice, a.id)
    with pytest.raises(PermissionDenied):
        await uc.update_user.execute(limited, alice.id, {"password": "a-new-password-1"})
    assert (await uc.login.execute(alice.email, PASSWORD, "peer")).user.id == alice.id
    with pytest.raises(Unauthenticated):
        await uc.login.execute(alice.email, "a-new-password-1", "peer")


@pytest.mark.parametrize(
    "changes", [{"name": "Mallory"}, {"email": "m@example.com"}, {"preferences": {"a": 1}}]
)
async def test_limited_key_changes_nothing_of_the_account(uc, world, alice, changes) -> None:
    a = await world.workspace(alice, "ws-a")
    limited = await world.limited(alice, a.id)
    with pytest.raises(PermissionDenied):
        await uc.update_user.execute(limited, alice.id, changes)
    with pytest.raises(PermissionDenied):
        await uc.deactivate_user.execute(limited, alice.id)
    stored = await world.stored_user(alice.id)
    assert (stored.name, stored.email, stored.is_active) == ("", alice.email, True)


async def test_limited_key_reads_its_own_user(uc, world, alice) -> None:
    a = await world.workspace(alice, "ws-a")
    limited = await world.limited(alice, a.id)
    assert (await uc.get_user.execute(limited, alice.id)).id == alice.id


async def test_superusers_limited_key_has_no_superuser_powers(
    uc, deps, root, root_in_a, alice
) -> None:
    _, limited = root_in_a
    oauth = UpsertOAuthUser(deps)
    attempts = [
        lambda: uc.list_users.execute(limited, UserFilter(), 0, ""),
        lambda: uc.create_user.execute(limited, NewUser(email="new@example.com")),
        lambda: uc.get_user.execute(limited, alice.id),
        lambda: uc.update_user.execute(limited, alice.id, {"is_active": False}),
        lambda: uc.deactivate_user.execute(limited, alice.id),
        lambda: oauth.execute(limited, OAuthProfile("github", "1", "gh@example.com")),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            await attempt()
    assert (await uc.get_user.execute(root.principal, alice.id)).is_active
    assert (await uc.list_users.execute(root.principal, UserFilter(), 0, "")).total_size == 2


async def test_superusers_limited_key_creates_no_workspace(uc, root_in_a) -> None:
    _, limited = root_in_a
    with pytest.raises(PermissionDenied, match="creating a workspace"):
        await uc.create_workspace.execute(limited, "New", "new-one")


async def test_superusers_limited_key_sees_other_workspaces_as_not_found(
    uc, world, root_in_a, alice
) -> None:
    a, limited = root_in_a
    b = await world.workspace(alice, "ws-b")
    assert (await uc.get_workspace.execute(limited, a.id)).role == Role.OWNER
    with pytest.raises(NotFound):
        await uc.get_workspace.execute(limited, b.id)
    with pytest.raises(NotFound):
        await uc.list_members.execute(limited, b.id, None, 0, "")


async def test_superusers_key_limited_to_a_workspace_without_membership_reaches_nothing(
    uc, world, root, alice
) -> None:
    b = await world.workspace(alice, "ws-b")
    limited = await world.limited(root, b.id)
    with pytest.raises(NotFound):
        await uc.get_workspace.execute(limited, b.id)
    assert (await uc.get_workspace.execute(root.principal, b.id)).role == Role.OWNER
