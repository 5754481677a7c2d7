"""Use cases on workspaces: create, read, list, update, delete."""

from __future__ import annotations

from typing import Any

from domain.identity.deps import IdentityDeps, load_actor
from domain.identity.values import validate_name, validate_slug
from domain.identity.workspace import Membership, Workspace
from domain.kernel.errors import InvalidArgument, Validator, quoted
from domain.kernel.idempotency import Idempotency
from domain.kernel.pagination import Page, PageRequest, build_page
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from ports.identity import WorkspaceView


def _validated(name: str | None, slug: str | None, prefix: str = "") -> tuple[str, str]:
    v = Validator()
    valid_name = v.parse(validate_name, name, prefix + "name") if name is not None else None
    valid_slug = v.parse(validate_slug, slug, prefix + "slug") if slug is not None else None
    v.raise_if_any()
    return valid_name or "", valid_slug or ""


class CreateWorkspace:
    """The caller becomes the workspace's first owner."""

    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, name: str, slug: str, request_id: str = ""
    ) -> WorkspaceView:
        principal.ensure_unlimited("creating a workspace")
        name, slug = _validated(name, slug)
        now = self._d.clock.now()
        async with self._d.uow() as uow:
            idem = Idempotency(
                uow, f"{principal.user_id}:CreateWorkspace", request_id, {"n": name, "s": slug}
            )
            if (existing := await idem.replayed_id(self._d.clock)) is not None:
                ws, actor = await load_actor(uow, principal, existing)
                return WorkspaceView(ws, actor.effective_role)
            ws = Workspace(self._d.ids.new_id(), name, slug, now, now)
            await uow.workspaces.add(ws)
            owner = Membership(self._d.ids.new_id(), ws.id, principal.user_id, Role.OWNER, now, now)
            await uow.members.add(owner)
            await idem.remember(ws.id, self._d.clock)
            await uow.commit()
        return WorkspaceView(ws, Role.OWNER)


class GetWorkspace:
    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, workspace_id: str) -> WorkspaceView:
        async with self._d.uow(read_only=True) as uow:
            ws, actor = await load_actor(uow, principal, workspace_id)
        return WorkspaceView(ws, actor.effective_role)


class ListWorkspaces:
    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, page_size: int, page_token: str
    ) -> Page[WorkspaceView]:
        query = {"u": principal.user_id}
        req = PageRequest.parse(page_size, page_token, query, self._d.page_tokens)
        async with self._d.uow(read_only=True) as uow:
            rows = await uow.workspaces.list_for_user(principal.user_id, req.after, req.size + 1)
        rows = [r for r in rows if principal.can_reach_workspace(r.workspace.id)]
        return build_page(rows, req, lambda r: (r.workspace.id,))


class UpdateWorkspace:
    """Owners rename a workspace or change its slug (mask paths `name`, `slug`)."""

    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, changes: dict[str, Any], etag: str = ""
    ) -> WorkspaceView:
        unknown = sorted(set(changes) - {"name", "slug"})
        if not changes or unknown:
            named = f"unknown or read-only fields {quoted(unknown)}"
            detail = named if unknown else "must name a field"
            raise InvalidArgument.of("update_mask", detail)
        name, slug = _validated(changes.get("name"), changes.get("slug"), "workspace.")
        async with self._d.uow() as uow:
            ws, actor = await load_actor(uow, principal, workspace_id)
            actor.require(Role.OWNER, "changing the workspace")
            ws.check_etag(etag)
            version = ws.version
            ws.name = name or ws.name
            ws.slug = slug or ws.slug
            ws.touch(self._d.clock.now())
            await uow.workspaces.update(ws, version)
            await uow.commit()
        return WorkspaceView(ws, actor.effective_role)


class DeleteWorkspace:
    """Owners only; memberships and keys limited to the workspace go with it."""

    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, workspace_id: str, etag: str = "") -> None:
        async with self._d.uow() as uow:
            ws, actor = await load_actor(uow, principal, workspace_id, lock=True)
            actor.require(Role.OWNER, "deleting the workspace")
            ws.check_etag(etag)
            await uow.workspaces.delete(ws.id)
            await uow.commit()
        self._d.forget_verified_keys()
