"""The people and workspaces of the demo content, through the identity use cases and
idempotently: demo authors (password as the demo account's) who are members of the demo
workspace and of two more the demo account owns."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from domain.identity.users import NewUser
from domain.kernel.errors import AlreadyExists
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from entrypoints.runtime.calls import use_case
from entrypoints.runtime.demo import DEMO_PASSWORD, find_workspace
from entrypoints.runtime.operator_flows import SeedResult, find_user_by_email

AUTHORS = 6
MORE_WORKSPACES = (("Demo Lab", "demo-lab"), ("Demo Studio", "demo-studio"))


@dataclass(frozen=True)
class DemoPeople:
    owner_id: str
    author_ids: list[str]  # the demo account first
    workspace_ids: list[str]  # the demo workspace first


def _owner(seed: SeedResult) -> Principal:
    u = seed.user
    return Principal(
        user_id=u.id, email=u.email, username=u.username, user_is_superuser=False, api_key_id=""
    )


async def _author(container: Any, n: int) -> str:
    email = f"demo-author-{n}@example.com"
    if (found := await find_user_by_email(container, email)) is not None:
        return str(found.id)
    new = NewUser(
        email=email, password=DEMO_PASSWORD, username=f"demo-author-{n}", name=f"Demo Author {n}"
    )
    return str((await (await use_case(container.identity.create_user)).execute(None, new)).id)


async def _workspace(container: Any, owner: Principal, name: str, slug: str) -> str:
    ident = container.identity
    if (found := await find_workspace(ident, owner, slug)) is not None:
        return found
    made = await (await use_case(ident.create_workspace)).execute(owner, name, slug)
    return str(made.workspace.id)


async def demo_people(
    container: Any,
    seed: SeedResult,
    authors: int = AUTHORS,
    more_workspaces: tuple[tuple[str, str], ...] = MORE_WORKSPACES,
) -> DemoPeople:
    owner = _owner(seed)
    people = [str(seed.user.id)] + [await _author(container, n) for n in range(1, authors + 1)]
    workspaces = [seed.workspace_id] + [
        await _workspace(container, owner, name, slug) for name, slug in more_workspaces
    ]
    add = await use_case(container.identity.add_member)
    for ws in workspaces:
        for author in people[1:]:
            with contextlib.suppress(AlreadyExists):
                await add.execute(owner, ws, author, "", Role.MEMBER)
    return DemoPeople(str(seed.user.id), people, workspaces)
