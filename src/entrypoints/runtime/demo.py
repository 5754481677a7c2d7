"""The seeds' demo account and its workspace (development and demos only)."""

from __future__ import annotations

from typing import Any

from domain.kernel.errors import AlreadyExists, FailedPrecondition
from domain.kernel.principal import Principal
from entrypoints.runtime.calls import use_case

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo123"  # the seeds' demo account: development and demos only
DEMO_NAME = "Demo User"
DEMO_USERNAME = "demo"
DEMO_WORKSPACE_NAME = "Demo Workspace"
DEMO_WORKSPACE_SLUG = "demo-workspace"


async def find_workspace(ident: Any, owner: Principal, slug: str) -> str | None:
    token = ""
    while True:
        page = await (await use_case(ident.list_workspaces)).execute(owner, 100, token)
        for view in page.items:
            if view.workspace.slug == slug:
                return str(view.workspace.id)
        if not page.next_token:
            return None
        token = page.next_token


async def demo_workspace(ident: Any, owner: Principal) -> tuple[str, bool]:
    """The demo workspace's id, and whether it was created now."""
    existing = await find_workspace(ident, owner, DEMO_WORKSPACE_SLUG)
    if existing is not None:
        return existing, False
    try:
        view = await (await use_case(ident.create_workspace)).execute(
            owner, DEMO_WORKSPACE_NAME, DEMO_WORKSPACE_SLUG
        )
    except AlreadyExists:
        existing = await find_workspace(ident, owner, DEMO_WORKSPACE_SLUG)
        if existing is None:
            raise FailedPrecondition(
                f"the slug {DEMO_WORKSPACE_SLUG} belongs to a workspace {DEMO_EMAIL} is not in"
            ) from None
        return existing, False
    return str(view.workspace.id), True
