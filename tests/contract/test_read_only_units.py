"""Read-only units of work see exactly what read-write ones see, on every adapter."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.kernel.roles import Role
from ports.identity import UserFilter
from ports.uow import UnitOfWorkFactory
from tests.contract.conftest import Builders, Seed


async def _reads(uow_factory: UnitOfWorkFactory, read_only: bool, ids: dict[str, str]) -> Any:
    async with uow_factory(read_only=read_only) as uow:
        found = await uow.api_keys.get_with_user(ids["public_id"])
        assert found is not None
        key, user = found
        membership = await uow.members.get(ids["ws"], ids["user"])
        return (
            asdict(await uow.users.get(ids["user"])),  # type: ignore[arg-type]
            asdict(await uow.workspaces.get(ids["ws"])),  # type: ignore[arg-type]
            asdict(membership),  # type: ignore[arg-type]
            asdict(await uow.api_keys.get(ids["key"])),  # type: ignore[arg-type]
            asdict(key),
            asdict(user),
            [asdict(u) for u in await uow.users.list(UserFilter(), None, 10)],
        )


async def test_read_only_lookups_match_read_write_ones(
    uow_factory: UnitOfWorkFactory, make: Builders, seed: Seed
) -> None:
    user = make.user(preferences={"theme": "dark", "nested": {"a": [1, 2]}}, username="reader")
    ws = make.workspace()
    expires = datetime.now(UTC) + timedelta(days=1)
    key = make.key(user, ws, expires_at=expires)
    await seed(user, ws, make.membership(ws, user, Role.ADMIN), key)
    ids = {"user": user.id, "ws": ws.id, "key": key.id, "public_id": key.public_id}
    written = await _reads(uow_factory, False, ids)
    assert await _reads(uow_factory, True, ids) == written
    assert written[0]["preferences"] == {"theme": "dark", "nested": {"a": [1, 2]}}
    assert written[2]["role"] == Role.ADMIN


async def test_read_only_lookups_of_unknown_or_malformed_ids_are_none(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory(read_only=True) as uow:
        for bad in ("", "not-a-uuid", "01a205d3-62b3-7743-b6f8-c35e072e69de"):
            assert await uow.users.get(bad) is None
            assert await uow.workspaces.get(bad) is None
            assert await uow.api_keys.get(bad) is None
            assert await uow.members.get(bad, bad) is None
        assert await uow.api_keys.get_with_user("nosuchkey123") is None
