"""Use cases that change threads: create, update, archive, delete (soft or purged)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.conversations.deps import ConversationDeps, must_get, writable_thread, writer
from domain.conversations.model import Thread
from domain.conversations.thread_changes import apply_thread_changes
from domain.conversations.values import MAX_TITLE, ThreadStatus
from domain.kernel.idempotency import Idempotency
from domain.kernel.masks import check_text
from domain.kernel.principal import Principal
from domain.kernel.roles import Role


@dataclass(frozen=True, slots=True)
class NewThread:
    workspace_id: str
    title: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    request_id: str = ""


class CreateThread:
    def __init__(self, deps: ConversationDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, cmd: NewThread) -> Thread:
        d, ws = self._d, cmd.workspace_id
        title = check_text(cmd.title, "title", MAX_TITLE)
        async with d.uow() as uow:
            actor = await writer(uow, principal, ws, "creating threads")
            scope = f"{principal.user_id}:CreateThread:{ws}"
            fingerprint: dict[str, object] = {"title": cmd.title, "metadata": cmd.metadata}
            idem = Idempotency(uow, scope, cmd.request_id, fingerprint)
            if (existing := await idem.replayed_id(d.clock)) is not None:
                return await must_get(uow, ws, existing)
            now = d.clock.now()
            thread = Thread(d.ids.new_id(), ws, actor.user_id, title, now, now)
            thread.metadata = dict(cmd.metadata)
            await uow.threads.add(thread)
            await idem.remember(thread.id, d.clock)
            await uow.commit()
        return thread


class UpdateThread:
    """`changes` maps update_mask paths to new values; see thread_changes."""

    def __init__(self, deps: ConversationDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        thread_id: str,
        changes: dict[str, Any],
        etag: str = "",
    ) -> Thread:
        async with self._d.uow() as uow:
            _, thread = await writable_thread(
                uow, principal, workspace_id, thread_id, "changing threads", "thread.id"
            )
            thread.check_etag(etag)
            version = thread.version
            apply_thread_changes(thread, changes)
            thread.touch(self._d.clock.now())
            await uow.threads.update(thread, version)
            await uow.commit()
        return thread


class ArchiveThread:
    def __init__(self, deps: ConversationDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, thread_id: str, etag: str = ""
    ) -> Thread:
        async with self._d.uow() as uow:
            _, thread = await writable_thread(
                uow, principal, workspace_id, thread_id, "archiving threads"
            )
            thread.check_etag(etag)
            if thread.status != ThreadStatus.ARCHIVED:
                version = thread.version
                thread.move_to(ThreadStatus.ARCHIVED, self._d.clock.now())
                await uow.threads.update(thread, version)
                await uow.commit()
        return thread


class DeleteThread:
    """Soft: the thread is marked deleted. Purge: it and its messages go (admins only)."""

    def __init__(self, deps: ConversationDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        thread_id: str,
        etag: str = "",
        purge: bool = False,
    ) -> None:
        async with self._d.uow() as uow:
            actor, thread = await writable_thread(
                uow, principal, workspace_id, thread_id, "deleting threads"
            )
            thread.check_etag(etag)
            if purge:
                actor.require(Role.ADMIN, "purging threads")
                await uow.threads.delete(workspace_id, thread_id)
            elif thread.status != ThreadStatus.DELETED:
                version = thread.version
                thread.move_to(ThreadStatus.DELETED, self._d.clock.now())
                await uow.threads.update(thread, version)
            await uow.commit()
