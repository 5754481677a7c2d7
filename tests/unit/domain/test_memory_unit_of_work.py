"""The in-memory unit of work: nothing survives unless committed."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from domain.identity.user import User
from domain.identity.users import NewUser
from domain.identity.workspace import Workspace
from domain.kernel.errors import Aborted, AlreadyExists


def _user(clock, email: str = "temp@example.com") -> User:
    return User(id=f"id-{email}", email=email, created_at=clock.now(), updated_at=clock.now())


async def test_leaving_without_commit_rolls_back_every_change(uow, clock, alice) -> None:
    async with uow() as tx:
        await tx.users.add(_user(clock))
        await tx.workspaces.add(Workspace("ws-1", "Temp", "temp", clock.now(), clock.now()))
        await tx.api_keys.touch(alice.principal.api_key_id, clock.now() + timedelta(hours=1))
        await tx.api_keys.revoke_all_for_user(alice.id, clock.now())
        await tx.users.set_last_login(alice.id, clock.now())
    async with uow() as tx:
        assert await tx.users.get("id-temp@example.com") is None
        assert await tx.workspaces.get("ws-1") is None
        key = await tx.api_keys.get(alice.principal.api_key_id)
        assert key.last_used_at == clock.now() and key.revoked_at is None
        assert (await tx.users.get(alice.id)).last_login_at is None


async def test_an_exception_rolls_back_and_propagates(uow, clock) -> None:
    with pytest.raises(RuntimeError):
        async with uow() as tx:
            await tx.users.add(_user(clock))
            raise RuntimeError("boom")
    async with uow() as tx:
        assert await tx.users.get("id-temp@example.com") is None


async def test_only_what_was_committed_survives(uow, clock) -> None:
    async with uow() as tx:
        await tx.users.add(_user(clock, "kept@example.com"))
        await tx.commit()
        await tx.users.add(_user(clock, "lost@example.com"))
    async with uow() as tx:
        assert await tx.users.get("id-kept@example.com") is not None
        assert await tx.users.get("id-lost@example.com") is None


async def test_changing_a_read_entity_does_not_change_the_store(uow, clock, alice) -> None:
    async with uow() as tx:
        user = await tx.users.get(alice.id)
        user.name = "mutated"
        user.preferences["x"] = 1
        await tx.commit()
    async with uow() as tx:
        stored = await tx.users.get(alice.id)
        assert stored.name == "" and stored.preferences == {}


async def test_concurrent_creates_of_one_email_are_serialised(uc, root) -> None:
    results = await asyncio.gather(
        *(
            uc.create_user.execute(root.principal, NewUser(email=f"{c}@example.com"))
            for c in ("same", "SAME", "Same")
        ),
        return_exceptions=True,
    )
    assert sum(isinstance(r, User) for r in results) == 1
    assert sum(isinstance(r, AlreadyExists) for r in results) == 2


async def test_update_with_a_stale_expected_version_is_aborted(uow, clock, alice) -> None:
    async with uow() as tx:
        user = await tx.users.get(alice.id)
        user.touch(clock.now())
        with pytest.raises(Aborted):
            await tx.users.update(user, expected_version=user.version)
        await tx.users.update(user, expected_version=user.version - 1)
        await tx.commit()
    async with uow() as tx:
        assert (await tx.users.get(alice.id)).version == 2
