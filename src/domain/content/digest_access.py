"""Whose digests, feedback and weights a caller reaches: their own, or (admins) anyone's."""

from __future__ import annotations

from domain.content.deps import reader, writer
from domain.content.digest_model import Digest
from domain.content.people import acting_for
from domain.kernel.lookup import found, required
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from ports.content import ContentUnitOfWork


async def member_for(
    uow: ContentUnitOfWork,
    principal: Principal,
    workspace_id: str,
    user_id: str,
    what: str,
    *,
    write: bool,
) -> str:
    """The member a call is for: `user_id`, or the caller when empty. Any member reads
    anyone's; members write their own, admins anyone's (`people.acting_for`)."""
    if write:
        caller = await acting_for(uow, principal, workspace_id, {user_id}, what, Role.MEMBER)
    else:
        caller = (await reader(uow, principal, workspace_id)).user_id
    return user_id or caller


async def writable_digest(
    uow: ContentUnitOfWork,
    principal: Principal,
    workspace_id: str,
    digest_id: str,
    what: str,
    field: str = "id",
) -> Digest:
    """The digest, locked until the unit of work ends, when the caller may change it."""
    actor = await writer(uow, principal, workspace_id, what)
    digest = await must_get_digest(uow, workspace_id, digest_id, field, lock=True)
    if digest.user_id != actor.user_id:
        actor.require(Role.ADMIN, f"{what} of another member")
    return digest


async def must_get_digest(
    uow: ContentUnitOfWork,
    workspace_id: str,
    digest_id: str,
    field: str = "id",
    *,
    lock: bool = False,
) -> Digest:
    digest = await uow.digests.get(workspace_id, required(digest_id, field), lock=lock)
    return found(digest, "digest", digest_id)
