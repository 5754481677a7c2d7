"""Use cases on API keys: issue, list, revoke."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from domain.identity.api_key import ApiKey
from domain.identity.deps import IdentityDeps, load_actor
from domain.identity.issuing import IssuedKey, check_ttl, new_key, within_caller
from domain.identity.values import validate_name
from domain.kernel.errors import InvalidArgument, NotFound, quoted
from domain.kernel.idempotency import Idempotency
from domain.kernel.lookup import found
from domain.kernel.pagination import Page, PageRequest, build_page
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from domain.kernel.worker_kinds import check_key_kinds, narrowed
from ports.identity import IdentityUnitOfWork


class CreateApiKey:
    """Keys limited to a workspace need a standing there; limited keys issue only those.

    `job_kinds` makes a worker key (domain.kernel.worker_kinds); a worker key issues only
    worker keys of its kinds or fewer (none named: all of its own)."""

    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        name: str,
        workspace_id: str,
        ttl: timedelta | None,
        request_id: str = "",
        job_kinds: Sequence[str] = (),
    ) -> IssuedKey:
        name = validate_name(name, "name")
        check_ttl(ttl, self._d)
        kinds = narrowed(check_key_kinds(job_kinds), principal.job_kinds)
        limited_to = workspace_id or None
        async with self._d.uow() as uow:
            if limited_to:
                await load_actor(uow, principal, limited_to)
            else:
                principal.ensure_unlimited("creating a key for every workspace")
            request: dict[str, object] = {
                "name": name,
                "ws": limited_to,
                "ttl": ttl.total_seconds() if ttl else None,
                "kinds": list(kinds),
            }
            idem = Idempotency(uow, f"{principal.user_id}:CreateApiKey", request_id, request)
            if (existing := await idem.replayed_id(self._d.clock)) is not None:
                key = await uow.api_keys.get(existing)
                if key is None:
                    raise NotFound(f"API key {existing} not found")
                return IssuedKey(key, "")
            ttl = await within_caller(uow, principal, ttl, self._d.clock.now())
            issued = new_key(self._d, principal.user_id, name, ttl, limited_to, kinds)
            await uow.api_keys.add(issued.key)
            await idem.remember(issued.key.id, self._d.clock)
            await uow.commit()
        return issued


class ListApiKeys:
    """Without a workspace: the caller's keys. With one: every key limited to it (admins).

    A limited key's own keys are those limited to its workspace.
    """

    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        include_revoked: bool,
        page_size: int,
        page_token: str,
    ) -> Page[ApiKey]:
        req = PageRequest.parse(
            page_size,
            page_token,
            {
                "w": workspace_id,
                "r": include_revoked,
                "u": principal.user_id,
                "l": principal.key_workspace_id,
            },
            self._d.page_tokens,
        )
        async with self._d.uow(read_only=True) as uow:
            user_id: str | None = principal.user_id
            if workspace_id:
                _, actor = await load_actor(uow, principal, workspace_id)
                actor.require(Role.ADMIN, "listing a workspace's keys")
                user_id = None
            rows = await uow.api_keys.list(
                user_id,
                workspace_id or principal.key_workspace_id,
                include_revoked,
                self._d.clock.now(),
                req.after,
                req.size + 1,
            )
        return build_page(rows, req, lambda k: (k.id,))


async def _can_manage(uow: IdentityUnitOfWork, principal: Principal, key: ApiKey) -> bool:
    """Owners of a key, superusers, and admins of the workspace a key is limited to.

    A limited key reaches only keys limited to its own workspace.
    """
    if not principal.can_reach_workspace(key.workspace_id):
        return False
    if key.user_id == principal.user_id or principal.is_superuser:
        return True
    if key.workspace_id is None:
        return False
    membership = await uow.members.get(key.workspace_id, principal.user_id)
    return membership is not None and membership.role >= Role.ADMIN


class RevokeApiKey:
    """Revoking a revoked key changes nothing and answers the key as it is."""

    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, key_id: str) -> ApiKey:
        if not key_id:
            raise InvalidArgument.of("id", "is required")
        async with self._d.uow() as uow:
            key = await uow.api_keys.get(key_id)
            if key is None or not await _can_manage(uow, principal, key):
                raise NotFound(f"API key {quoted(key_id)} not found")
            if not key.revoke(self._d.clock.now()):
                return key
            await uow.api_keys.save(key)
            await uow.commit()
        self._d.forget_verified_keys()
        return key


class IssueSystemKey:
    """For operators (CLI): a key for a user without an authenticated caller."""

    def __init__(self, deps: IdentityDeps) -> None:
        self._d = deps

    async def execute(self, user_id: str, name: str, ttl: timedelta | None = None) -> IssuedKey:
        check_ttl(ttl, self._d)
        async with self._d.uow() as uow:
            found(await uow.users.get(user_id), "user", user_id)
            issued = new_key(self._d, user_id, validate_name(name, "name"), ttl, None)
            await uow.api_keys.add(issued.key)
            await uow.commit()
        return issued
