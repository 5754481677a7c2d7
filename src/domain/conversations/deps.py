"""What conversation use cases are built from, and the access rules they share."""

from __future__ import annotations

from dataclasses import dataclass

from domain.conversations.model import Thread
from domain.kernel.access import Actor, actor_in
from domain.kernel.lookup import found, required
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from ports.conversations import ConversationsUnitOfWork
from ports.system import Clock, IdGenerator, TokenSigner
from ports.uow import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class ConversationDeps:
    uow: UnitOfWorkFactory[ConversationsUnitOfWork]
    clock: Clock
    ids: IdGenerator
    page_tokens: TokenSigner


async def reader(uow: ConversationsUnitOfWork, principal: Principal, workspace_id: str) -> Actor:
    """Any member reads; NOT_FOUND for everyone else."""
    return await actor_in(uow, principal, workspace_id)


async def writer(
    uow: ConversationsUnitOfWork, principal: Principal, workspace_id: str, what: str
) -> Actor:
    actor = await reader(uow, principal, workspace_id)
    actor.require(Role.MEMBER, what)
    return actor


def check_owns(actor: Actor, owner_id: str, what: str) -> None:
    """Members change their own threads; admins (and superusers) anyone's."""
    if owner_id != actor.user_id:
        actor.require(Role.ADMIN, f"{what} of another member")


async def readable_thread(
    uow: ConversationsUnitOfWork,
    principal: Principal,
    workspace_id: str,
    thread_id: str,
    field: str = "id",
) -> Thread:
    await reader(uow, principal, workspace_id)
    return await must_get(uow, workspace_id, thread_id, field)


async def writable_thread(
    uow: ConversationsUnitOfWork,
    principal: Principal,
    workspace_id: str,
    thread_id: str,
    what: str,
    field: str = "id",
) -> tuple[Actor, Thread]:
    """The caller (a member at least) and the thread, held until the unit of work ends."""
    actor = await writer(uow, principal, workspace_id, what)
    thread = await must_get(uow, workspace_id, thread_id, field, lock=True)
    check_owns(actor, thread.owner_id, what)
    return actor, thread


async def must_get(
    uow: ConversationsUnitOfWork,
    workspace_id: str,
    thread_id: str,
    field: str = "id",
    lock: bool = False,
) -> Thread:
    thread = await uow.threads.get(workspace_id, required(thread_id, field), lock=lock)
    return found(thread, "thread", thread_id)
