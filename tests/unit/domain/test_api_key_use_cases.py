"""API keys: issue, list (own or a workspace's), revoke."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.kernel.errors import InvalidArgument, NotFound, PermissionDenied, Unauthenticated
from domain.kernel.roles import Role


async def _ids(uc, principal, workspace_id: str = "", include_revoked: bool = False) -> set[str]:
    page = await uc.list_api_keys.execute(principal, workspace_id, include_revoked, 0, "")
    return {k.id for k in page.items}


async def test_issued_key_is_shown_once_and_stored_as_a_hash(uc, world, alice) -> None:
    issued = await uc.create_api_key.execute(alice.principal, "ci", "", None)
    stored = await world.stored_key(issued.key.id)
    assert issued.secret.startswith(f"sk_{stored.public_id}_")
    assert issued.secret.split("_", 2)[2] not in stored.key_hash
    assert stored.expires_at is None and stored.user_id == alice.id


async def test_user_lists_only_their_own_keys(uc, alice, bob) -> None:
    mine = await uc.create_api_key.execute(alice.principal, "ci", "", None)
    await uc.create_api_key.execute(bob.principal, "bob's", "", None)
    assert await _ids(uc, alice.principal) == {alice.principal.api_key_id, mine.key.id}


async def test_revoked_and_expired_keys_are_listed_only_when_asked(uc, clock, alice) -> None:
    revoked = await uc.create_api_key.execute(alice.principal, "old", "", None)
    await uc.revoke_api_key.execute(alice.principal, revoked.key.id)
    expiring = await uc.create_api_key.execute(alice.principal, "brief", "", timedelta(minutes=5))
    clock.advance(301)
    assert await _ids(uc, alice.principal) == {alice.principal.api_key_id}
    assert await _ids(uc, alice.principal, include_revoked=True) == {
        alice.principal.api_key_id,
        revoked.key.id,
        expiring.key.id,
    }


async def test_listing_a_workspaces_keys_needs_admin(uc, world, alice) -> None:
    ws = await world.workspace(alice, "acme")
    member = await world.member(ws, alice, "mona", Role.MEMBER)
    admin = await world.member(ws, alice, "adam", Role.ADMIN)
    ws_key = await uc.create_api_key.execute(member.principal, "mona ws", ws.id, None)
    with pytest.raises(PermissionDenied):
        await _ids(uc, member.principal, ws.id)
    assert await _ids(uc, admin.principal, ws.id) == {ws_key.key.id}


async def test_non_member_listing_a_workspaces_keys_gets_not_found(uc, world, alice, bob) -> None:
    ws = await world.workspace(alice, "acme")
    with pytest.raises(NotFound):
        await _ids(uc, bob.principal, ws.id)


async def test_user_revokes_their_own_key_and_revoking_again_changes_nothing(
    uc, clock, alice
) -> None:
    issued = await uc.create_api_key.execute(alice.principal, "ci", "", None)
    revoked = await uc.revoke_api_key.execute(alice.principal, issued.key.id)
    assert revoked.revoked_at is not None
    with pytest.raises(Unauthenticated):
        await uc.authenticate.execute(issued.secret)
    clock.advance(60)
    again = await uc.revoke_api_key.execute(alice.principal, issued.key.id)
    assert again.revoked_at == revoked.revoked_at


async def test_admin_revokes_a_members_workspace_key(uc, world, alice) -> None:
    ws = await world.workspace(alice, "acme")
    member = await world.member(ws, alice, "mona", Role.MEMBER)
    admin = await world.member(ws, alice, "adam", Role.ADMIN)
    ws_key = await uc.create_api_key.execute(member.principal, "mona ws", ws.id, None)
    await uc.revoke_api_key.execute(admin.principal, ws_key.key.id)
    assert (await world.stored_key(ws_key.key.id)).revoked_at is not None


async def test_others_revoking_a_key_get_not_found(uc, world, alice, bob) -> None:
    ws = await world.workspace(alice, "acme")
    member = await world.member(ws, alice, "mona", Role.MEMBER)
    admin = await world.member(ws, alice, "adam", Role.ADMIN)
    ws_key = await uc.create_api_key.execute(admin.principal, "adam ws", ws.id, None)
    attempts = [
        (bob, ws_key.key.id),  # outsider, workspace key
        (member, ws_key.key.id),  # member, not admin
        (admin, member.principal.api_key_id),  # admin, but the key is not limited to the workspace
        (alice, "no-such-key"),
    ]
    for person, key_id in attempts:
        with pytest.raises(NotFound):
            await uc.revoke_api_key.execute(person.principal, key_id)
    assert (await world.stored_key(ws_key.key.id)).revoked_at is None
    assert (await uc.authenticate.execute(member.key)).user_id == member.id


async def test_superuser_revokes_any_key(uc, world, root, alice) -> None:
    await uc.revoke_api_key.execute(root.principal, alice.principal.api_key_id)
    with pytest.raises(Unauthenticated):
        await uc.authenticate.execute(alice.key)


@pytest.mark.parametrize("ttl", [timedelta(0), timedelta(seconds=-1), timedelta(days=3651)])
async def test_key_ttl_must_be_positive_and_at_most_ten_years(uc, alice, ttl) -> None:
    with pytest.raises(InvalidArgument) as exc:
        await uc.create_api_key.execute(alice.principal, "ci", "", ttl)
    assert exc.value.violations[0].field == "ttl"


async def test_key_expires_after_its_ttl(uc, clock, alice) -> None:
    issued = await uc.create_api_key.execute(alice.principal, "ci", "", timedelta(days=1))
    assert issued.key.expires_at == clock.now() + timedelta(days=1)


async def test_limited_key_creates_keys_only_for_its_workspace(uc, world, alice) -> None:
    a = await world.workspace(alice, "ws-a")
    b = await world.workspace(alice, "ws-b")
    limited = await world.limited(alice, a.id)
    with pytest.raises(PermissionDenied):
        await uc.create_api_key.execute(limited, "unlimited", "", None)
    with pytest.raises(NotFound):
        await uc.create_api_key.execute(limited, "other", b.id, None)
    again = await uc.create_api_key.execute(limited, "same ws", a.id, None)
    assert again.key.workspace_id == a.id


async def test_non_member_cannot_create_a_key_for_a_workspace(uc, world, alice, bob) -> None:
    ws = await world.workspace(alice, "acme")
    with pytest.raises(NotFound):
        await uc.create_api_key.execute(bob.principal, "sneaky", ws.id, None)
