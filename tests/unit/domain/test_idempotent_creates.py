"""Creates retried with the same request_id return the first result."""

from __future__ import annotations

import pytest

from domain.identity.users import NewUser
from domain.kernel.errors import InvalidArgument
from domain.kernel.roles import Role
from ports.identity import UserFilter


def _request_id_field(exc: pytest.ExceptionInfo[InvalidArgument]) -> str:
    (v,) = exc.value.violations
    return v.field


async def test_create_user_retry_returns_the_first_user(uc, root) -> None:
    cmd = NewUser(email="new@example.com", password="secret1", request_id="req-1")
    first = await uc.create_user.execute(root.principal, cmd)
    again = await uc.create_user.execute(root.principal, cmd)
    assert again.id == first.id
    page = await uc.list_users.execute(root.principal, UserFilter(email_prefix="new@"), 0, "")
    assert page.total_size == 1


async def test_create_user_request_id_reused_for_another_user_is_invalid(uc, root) -> None:
    first, second = (NewUser(email=f"{n}@example.com", request_id="req-1") for n in ("one", "two"))
    await uc.create_user.execute(root.principal, first)
    with pytest.raises(InvalidArgument) as exc:
        await uc.create_user.execute(root.principal, second)
    assert _request_id_field(exc) == "request_id"


async def test_create_workspace_retry_returns_the_first_workspace(uc, alice) -> None:
    first = await uc.create_workspace.execute(alice.principal, "Acme", "acme", "req-ws")
    again = await uc.create_workspace.execute(alice.principal, "Acme", "acme", "req-ws")
    assert again.workspace.id == first.workspace.id and again.role == Role.OWNER
    assert len((await uc.list_workspaces.execute(alice.principal, 0, "")).items) == 1


async def test_create_workspace_request_id_with_another_payload_is_invalid(uc, alice) -> None:
    await uc.create_workspace.execute(alice.principal, "Acme", "acme", "req-ws")
    with pytest.raises(InvalidArgument) as exc:
        await uc.create_workspace.execute(alice.principal, "Acme", "acme-2", "req-ws")
    assert _request_id_field(exc) == "request_id"


async def test_different_callers_do_not_share_request_ids(uc, alice, bob) -> None:
    a = await uc.create_workspace.execute(alice.principal, "A", "ws-a", "same-id")
    b = await uc.create_workspace.execute(bob.principal, "B", "ws-b", "same-id")
    assert a.workspace.id != b.workspace.id
    assert b.workspace.slug == "ws-b"


async def test_add_member_retry_returns_the_first_membership(uc, world, alice, bob) -> None:
    ws = await world.workspace(alice, "acme")
    first = await uc.add_member.execute(alice.principal, ws.id, bob.id, "", Role.ADMIN, "req-m")
    again = await uc.add_member.execute(alice.principal, ws.id, bob.id, "", Role.ADMIN, "req-m")
    assert again.membership.id == first.membership.id
    assert again.email == bob.email
    with pytest.raises(InvalidArgument) as exc:
        await uc.add_member.execute(alice.principal, ws.id, bob.id, "", Role.VIEWER, "req-m")
    assert _request_id_field(exc) == "request_id"


async def test_create_api_key_retry_returns_the_first_key_without_its_secret(uc, alice) -> None:
    first = await uc.create_api_key.execute(alice.principal, "ci", "", None, "req-k")
    again = await uc.create_api_key.execute(alice.principal, "ci", "", None, "req-k")
    assert again.key.id == first.key.id
    assert first.secret.startswith(first.key.prefix + "_") and again.secret == ""
    assert (await uc.authenticate.execute(first.secret)).api_key_id == first.key.id
    with pytest.raises(InvalidArgument) as exc:
        await uc.create_api_key.execute(alice.principal, "deploy", "", None, "req-k")
    assert _request_id_field(exc) == "request_id"


async def test_request_id_longer_than_128_characters_is_invalid(uc, alice) -> None:
    with pytest.raises(InvalidArgument) as exc:
        await uc.create_workspace.execute(alice.principal, "Acme", "acme", "r" * 129)
    assert _request_id_field(exc) == "request_id"
    await uc.create_workspace.execute(alice.principal, "Acme", "acme", "r" * 128)
