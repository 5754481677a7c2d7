"""Builders for contract tests: valid entities with fresh UUIDv7 ids, and seeding."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from adapters.clickhouse.store import ClickHouseAnalyticsStore
from adapters.memory.analytics.store import InMemoryAnalyticsStore
from adapters.memory.audit.log import InMemoryAuditLog
from adapters.postgres.audit.log import SqlaAuditLog
from adapters.system.basics import Uuid7Generator
from domain.identity.api_key import ApiKey
from domain.identity.user import User
from domain.identity.workspace import Membership, Workspace
from domain.kernel.roles import Role
from ports.uow import UnitOfWorkFactory
from tests.contract.analytics_kit import LEGS
from tests.support import clickhouse

T0 = datetime(2025, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)
HOUR = timedelta(hours=1)


class Builders:
    """Each call makes a distinct, valid entity; keyword arguments override fields."""

    t0 = T0
    hour = HOUR

    def __init__(self) -> None:
        self._ids = Uuid7Generator()
        self._n = itertools.count(1)

    def id(self) -> str:
        return self._ids.new_id()

    def user(self, **kw: Any) -> User:
        n = next(self._n)
        fields: dict[str, Any] = {
            "id": self.id(),
            "email": f"user{n}@example.com",
            "username": f"user{n}",
            "name": f"User {n}",
            "created_at": T0,
            "updated_at": T0,
        }
        return User(**(fields | kw))

    def workspace(self, **kw: Any) -> Workspace:
        n = next(self._n)
        fields = {
            "id": self.id(),
            "name": f"Workspace {n}",
            "slug": f"ws-{n}",
            "created_at": T0,
            "updated_at": T0,
        }
        return Workspace(**(fields | kw))

    def membership(self, ws: Workspace, user: User, role: Role = Role.MEMBER) -> Membership:
        return Membership(self.id(), ws.id, user.id, role, T0, T0)

    def key(self, user: User, ws: Workspace | None = None, **kw: Any) -> ApiKey:
        n = next(self._n)
        fields: dict[str, Any] = {
            "id": self.id(),
            "user_id": user.id,
            "name": f"key {n}",
            "public_id": f"pub{n:09d}",
            "key_hash": f"{n:064x}",
            "created_at": T0,
            "workspace_id": ws.id if ws else None,
        }
        return ApiKey(**(fields | kw))


Seed = Callable[..., Awaitable[None]]


@pytest.fixture
def make() -> Builders:
    return Builders()


@pytest.fixture
def seed(uow_factory: UnitOfWorkFactory) -> Seed:
    """`await seed(user, ws, membership, key)`: add in order and commit."""

    async def add_all(*entities: Any) -> None:
        async with uow_factory() as uow:
            for e in entities:
                repo: Any = {
                    User: uow.users,
                    Workspace: uow.workspaces,
                    Membership: uow.members,
                    ApiKey: uow.api_keys,
                }[type(e)]
                await repo.add(e)
            await uow.commit()

    return add_all


@pytest.fixture(params=["memory", pytest.param("postgres", marks=pytest.mark.postgres)])
def audit_log(request: pytest.FixtureRequest) -> Any:
    """An empty audit log (AuditLog and AuditMaintenance) over every adapter."""
    if request.param == "memory":
        return InMemoryAuditLog()
    return SqlaAuditLog(request.getfixturevalue("clean_db"), request.getfixturevalue("driver_pool"))


@pytest.fixture(params=LEGS)
async def analytics_store(request: pytest.FixtureRequest, chdb_dir: Path) -> AsyncIterator[Any]:
    """Each analytics store in turn: memory, chDB (inline and in its host process), and a
    ClickHouse server when CLICKHOUSE_URL_TEST is set."""
    if request.param == "memory":
        yield InMemoryAnalyticsStore()
        return
    client = await clickhouse.leg_database(request, chdb_dir)
    try:
        yield ClickHouseAnalyticsStore(client)
    finally:
        await clickhouse.drop_database(client)
