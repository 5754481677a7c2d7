"""The operator flows the CLI offers: the demo seed and create-superuser."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.identity.user import User
from domain.identity.users import NewUser
from domain.kernel.errors import AlreadyExists, FailedPrecondition
from domain.kernel.principal import Principal
from entrypoints.runtime.calls import OPERATOR, use_case
from entrypoints.runtime.demo import (
    DEMO_EMAIL,
    DEMO_NAME,
    DEMO_PASSWORD,
    DEMO_USERNAME,
    demo_workspace,
)


@dataclass(frozen=True)
class SeedResult:
    user: User
    user_created: bool
    workspace_id: str
    workspace_created: bool
    api_key: str


@dataclass(frozen=True)
class SuperuserResult:
    user: User
    created: bool
    api_key: str


async def find_user_by_email(container: Any, email: str) -> User | None:
    found: User | None = await (await use_case(container.identity.find_user_by_email)).execute(
        OPERATOR, email
    )
    return found


def _principal_for(user: User) -> Principal:
    return Principal(
        user_id=user.id,
        email=user.email,
        username=user.username,
        user_is_superuser=user.is_superuser,
        api_key_id="",
    )


async def seed_demo(container: Any) -> SeedResult:
    """The seeds' demo account and workspace, idempotently, and a fresh API key."""
    ident = container.identity
    user = await find_user_by_email(container, DEMO_EMAIL)
    created = False
    if user is None:
        new = NewUser(
            email=DEMO_EMAIL, password=DEMO_PASSWORD, username=DEMO_USERNAME, name=DEMO_NAME
        )
        try:
            user = await (await use_case(ident.create_user)).execute(None, new)
            created = True
        except AlreadyExists:  # a concurrent seed created it
            user = await find_user_by_email(container, DEMO_EMAIL)
            if user is None:
                raise
    owner = _principal_for(user)
    workspace_id, ws_created = await demo_workspace(ident, owner)
    issued = await (await use_case(ident.issue_system_key)).execute(user.id, "demo seed")
    return SeedResult(user, created, workspace_id, ws_created, issued.secret)


async def create_superuser(
    container: Any, email: str, password: str = "", name: str = ""
) -> SuperuserResult:
    """Create a superuser (or find the existing one) and issue it a new key."""
    ident = container.identity
    user = await find_user_by_email(container, email)
    created = False
    if user is None:
        new = NewUser(email=email, password=password, name=name, is_superuser=True)
        user = await (await use_case(ident.create_user)).execute(None, new)
        created = True
    elif not user.is_superuser:
        raise FailedPrecondition(
            f"user {user.email} exists and is not a superuser; not promoting it from the CLI"
        )
    issued = await (await use_case(ident.issue_system_key)).execute(user.id, "create-superuser")
    return SuperuserResult(user, created, issued.secret)
