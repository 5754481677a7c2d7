"""Use cases on memberships: add, change role, remove, list."""

from __future__ import annotations

from domain.identity.deps import IdentityDeps, load_actor
from domain.identity.values import normalize_email
from domain.identity.workspace import Membership, check_grant, check_owner_remains
from domain.kernel.errors import AlreadyExists, InvalidArgument, NotFound, quoted
from domain.kernel.idempotency import Idempotency
from domain.kernel.pagination import Page, PageRequest, build_page
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from ports.identity import IdentityUnitOfWork, MemberView


async def _view(uow: IdentityUnitOfWork, m: Membership) -> MemberView:
    user = await uow.users.get(m.user_id)
    if user is None:
        raise NotFound(f"user {m.user_id} not found")
    return MemberView(m, user.email, user.username, user.name)


async def _membership(uow: IdentityUnitOfWork, workspace_id: str, user_id: str) -> Membership:
    if not user_id:
        raise InvalidArgument.of("user_id", "is required")
    m = await uow.members.get(workspace_id, user_id)
    if m is None:
        who, where = quoted(user_id), quoted(workspace_id)
        raise NotFound(f"user {who} is not a member of workspace {where}")
    return m


class AddMember:
    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        user_id: str,
        email: str,
        role: Role | None,
        request_id: str = "",
    ) -> MemberView:
        if bool(user_id) == bool(email):
            raise InvalidArgument.of("user_id", "give exactly one of user_id or email")
        email = normalize_email(email) if email else ""
        role = role or Role.MEMBER
        now = self._d.clock.now()
        async with self._d.uow() as uow:
            ws, actor = await load_actor(uow, principal, workspace_id, lock=True)
            check_grant(actor, None, role)
            idem = Idempotency(
                uow,
                f"{principal.user_id}:AddMember",
                request_id,
                {"w": ws.id, "u": user_id, "e": email, "r": int(role)},
            )
            if (existing := await idem.replayed_id(self._d.clock)) is not None:
                m = await _membership(uow, ws.id, existing)
                return await _view(uow, m)
            user = await (uow.users.get(user_id) if user_id else uow.users.get_by_email(email))
            if user is None or not user.is_active:
                raise NotFound(f"user {quoted(user_id or email)} not found")
            if await uow.members.get(ws.id, user.id) is not None:
                raise AlreadyExists(f"user {user.id} is already a member of this workspace")
            m = Membership(self._d.ids.new_id(), ws.id, user.id, role, now, now)
            await uow.members.add(m)
            await idem.remember(user.id, self._d.clock)
            await uow.commit()
        return MemberView(m, user.email, user.username, user.name)


class UpdateMemberRole:
    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, user_id: str, role: Role | None
    ) -> MemberView:
        if role is None:
            raise InvalidArgument.of("role", "is required")
        async with self._d.uow() as uow:
            ws, actor = await load_actor(uow, principal, workspace_id, lock=True)
            m = await _membership(uow, ws.id, user_id)
            check_grant(actor, m.role, role)
            check_owner_remains(m.role, role, await uow.members.count_owners(ws.id))
            m.role, m.updated_at = role, self._d.clock.now()
            await uow.members.update_role(m)
            view = await _view(uow, m)
            await uow.commit()
        return view


class RemoveMember:
    """Admins remove others; anyone may leave; the last owner may do neither."""

    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, workspace_id: str, user_id: str) -> None:
        async with self._d.uow() as uow:
            ws, actor = await load_actor(uow, principal, workspace_id, lock=True)
            m = await _membership(uow, ws.id, user_id)
            if user_id != principal.user_id:
                check_grant(actor, m.role, None)
            check_owner_remains(m.role, None, await uow.members.count_owners(ws.id))
            await uow.members.remove(ws.id, user_id)
            await uow.commit()


class ListMembers:
    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        role: Role | None,
        page_size: int,
        page_token: str,
    ) -> Page[MemberView]:
        query = {"w": workspace_id, "r": role}
        req = PageRequest.parse(page_size, page_token, query, self._d.page_tokens)
        async with self._d.uow(read_only=True) as uow:
            ws, _ = await load_actor(uow, principal, workspace_id)
            rows = await uow.members.list(ws.id, role, req.after, req.size + 1)
        return build_page(rows, req, lambda r: (r.membership.id,))
