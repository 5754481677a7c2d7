"""Fakes and fixtures for domain unit tests: memory adapters and a clock that moves when told."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory.rate_limit import InMemoryRateLimiter
from adapters.memory.store import InMemoryUnitOfWorkFactory
from adapters.system.basics import TokenSecretGenerator, Uuid7Generator
from adapters.system.hashing import HmacKeyHasher
from adapters.system.page_tokens import HmacTokenSigner
from domain.identity import api_keys, auth, members, users, workspaces
from domain.identity.api_key import ApiKey
from domain.identity.deps import IdentityDeps
from domain.identity.user import User
from domain.identity.users import NewUser
from domain.identity.workspace import Workspace
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from entrypoints.storage import memory_unit_of_work

START = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


class FakeClock:
    """A Clock that stands still until a test advances it; `monotonic` feeds the rate limiter."""

    def __init__(self, start: datetime = START) -> None:
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)

    def monotonic(self) -> float:
        return (self._now - START).total_seconds()


def _digest(salt: str, password: str) -> str:
    return hashlib.sha256(f"{salt}:{password}".encode()).hexdigest()


class Sha256PasswordHasher:
    """Salted SHA-256: honours the PasswordHasher port without argon2's cost."""

    async def hash(self, password: str) -> str:
        salt = secrets.token_hex(8)
        return f"{salt}${_digest(salt, password)}"

    async def verify(self, password_hash: str | None, password: str) -> bool:
        if password_hash is None:
            _digest("", password)
            return False
        salt, _, digest = password_hash.partition("$")
        return hmac.compare_digest(digest, _digest(salt, password))


@dataclass(frozen=True)
class UseCases:
    create_user: users.CreateUser
    get_user: users.GetUser
    update_user: users.UpdateUser
    deactivate_user: users.DeactivateUser
    list_users: users.ListUsers
    authenticate: auth.Authenticate
    login: auth.Login
    whoami: auth.WhoAmI
    create_workspace: workspaces.CreateWorkspace
    get_workspace: workspaces.GetWorkspace
    list_workspaces: workspaces.ListWorkspaces
    update_workspace: workspaces.UpdateWorkspace
    delete_workspace: workspaces.DeleteWorkspace
    add_member: members.AddMember
    update_member_role: members.UpdateMemberRole
    remove_member: members.RemoveMember
    list_members: members.ListMembers
    create_api_key: api_keys.CreateApiKey
    list_api_keys: api_keys.ListApiKeys
    revoke_api_key: api_keys.RevokeApiKey
    issue_system_key: api_keys.IssueSystemKey

    @classmethod
    def build(cls, d: IdentityDeps) -> UseCases:
        return cls(
            users.CreateUser(d),
            users.GetUser(d),
            users.UpdateUser(d),
            users.DeactivateUser(d),
            users.ListUsers(d),
            auth.Authenticate(d),
            auth.Login(d),
            auth.WhoAmI(d),
            workspaces.CreateWorkspace(d),
            workspaces.GetWorkspace(d),
            workspaces.ListWorkspaces(d),
            workspaces.UpdateWorkspace(d),
            workspaces.DeleteWorkspace(d),
            members.AddMember(d),
            members.UpdateMemberRole(d),
            members.RemoveMember(d),
            members.ListMembers(d),
            api_keys.CreateApiKey(d),
            api_keys.ListApiKeys(d),
            api_keys.RevokeApiKey(d),
            api_keys.IssueSystemKey(d),
        )


@dataclass(frozen=True)
class Person:
    """A user, signed in through a real API key."""

    user: User
    principal: Principal
    key: str

    @property
    def id(self) -> str:
        return self.user.id

    @property
    def email(self) -> str:
        return self.user.email


class World:
    """Builds people, workspaces and keys through the use cases themselves."""

    def __init__(self, uc: UseCases, uow: InMemoryUnitOfWorkFactory) -> None:
        self.uc = uc
        self.uow = uow

    async def person(
        self, name: str, *, superuser: bool = False, password: str = PASSWORD
    ) -> Person:
        user = await self.uc.create_user.execute(
            None,
            NewUser(
                email=f"{name}@example.com",
                username=name,
                password=password,
                is_superuser=superuser,
            ),
        )
        issued = await self.uc.issue_system_key.execute(user.id, f"{name}'s key")
        return Person(user, await self.uc.authenticate.execute(issued.secret), issued.secret)

    async def workspace(self, owner: Person, slug: str) -> Workspace:
        view = await self.uc.create_workspace.execute(owner.principal, slug.title(), slug)
        return view.workspace

    async def member(self, ws: Workspace, owner: Person, name: str, role: Role) -> Person:
        person = await self.person(name)
        await self.uc.add_member.execute(owner.principal, ws.id, person.id, "", role)
        return person

    async def limited(self, person: Person, workspace_id: str) -> Principal:
        """The principal of a new key limited to `workspace_id`."""
        issued = await self.uc.create_api_key.execute(
            person.principal, "limited", workspace_id, None
        )
        return await self.uc.authenticate.execute(issued.secret)

    async def stored_key(self, key_id: str) -> ApiKey | None:
        async with self.uow() as uow:
            return await uow.api_keys.get(key_id)

    async def stored_user(self, user_id: str) -> User | None:
        async with self.uow() as uow:
            return await uow.users.get(user_id)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def limiter(clock: FakeClock) -> InMemoryRateLimiter:
    return InMemoryRateLimiter(max_failures=5, window_seconds=300.0, clock=clock.monotonic)


PAGE_TOKENS = HmacTokenSigner(b"unit-test-page-tokens")


@pytest.fixture
def uow() -> InMemoryUnitOfWorkFactory:
    return memory_unit_of_work()


@pytest.fixture
def deps(
    uow: InMemoryUnitOfWorkFactory, clock: FakeClock, limiter: InMemoryRateLimiter
) -> IdentityDeps:
    return IdentityDeps(
        uow=uow,
        clock=clock,
        ids=Uuid7Generator(),
        secrets=TokenSecretGenerator(),
        passwords=Sha256PasswordHasher(),
        key_hasher=HmacKeyHasher("unit-test-pepper"),
        login_limiter=limiter,
        page_tokens=PAGE_TOKENS,
    )


@pytest.fixture
def uc(deps: IdentityDeps) -> UseCases:
    return UseCases.build(deps)


@pytest.fixture
def world(uc: UseCases, uow: InMemoryUnitOfWorkFactory) -> World:
    return World(uc, uow)


@pytest.fixture
async def root(world: World) -> Person:
    return await world.person("root", superuser=True)


@pytest.fixture
async def alice(world: World) -> Person:
    return await world.person("alice")


@pytest.fixture
async def bob(world: World) -> Person:
    return await world.person("bob")
