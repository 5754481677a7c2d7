"""Repositories of the conversations context.

Rules every adapter keeps (the contract suite checks them on every adapter):
- Everything is scoped to one workspace; another workspace's rows are invisible.
- `threads.update` writes only if the stored version is `expected_version` (else Aborted);
  `threads.record_messages` writes the thread's last sequence and activity time whatever
  its version; both give the thread the `updated_at` the store kept.
- `threads.get(..., lock=True)` holds the thread against other writers until the unit of
  work ends (appends to one thread are serialised).
- `threads.delete` removes the thread and its messages.
- `messages.add` keeps a thread's sequences unique (AlreadyExists(field="sequence")).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.conversations.model import Message, Thread
from domain.conversations.values import ThreadRunStatus, ThreadStatus
from ports.uow import UnitOfWork

ThreadKey = tuple[datetime, str]  # (updated_at, id) of the last thread of a page


@dataclass(frozen=True, slots=True)
class RunFacts:
    """What a batch of messages written by a run is checked against."""

    thread_id: str  # "" when the run is on no thread
    writing: bool  # pending or running, and not asked to cancel


@dataclass(frozen=True, slots=True)
class ThreadFilter:
    workspace_id: str
    statuses: tuple[ThreadStatus, ...]
    owner_id: str | None = None
    run_statuses: tuple[ThreadRunStatus, ...] = ()  # empty: any


@dataclass(frozen=True, slots=True)
class ThreadTotals:
    message_count: int = 0
    tokens_used: int = 0


@dataclass(frozen=True, slots=True)
class MessageRange:
    """Messages of one thread with a sequence strictly between the bounds, in order."""

    workspace_id: str
    thread_id: str
    above: int | None = None
    below: int | None = None
    newest_first: bool = False


class ThreadRepository(Protocol):
    async def add(self, thread: Thread) -> None: ...
    async def get(self, workspace_id: str, thread_id: str, lock: bool = False) -> Thread | None: ...
    async def update(self, thread: Thread, expected_version: int) -> None: ...
    async def record_messages(self, thread: Thread) -> None: ...
    async def delete(self, workspace_id: str, thread_id: str) -> bool: ...
    async def totals(self, workspace_id: str, thread_id: str) -> ThreadTotals: ...

    async def find(self, filt: ThreadFilter, after: ThreadKey | None, limit: int) -> list[Thread]:
        """Most recent activity first: updated_at descending, then id descending."""
        ...


class MessageRepository(Protocol):
    async def add(self, messages: Sequence[Message]) -> None:
        """Insert in one statement; NotFound when the thread is not in the workspace."""
        ...

    async def get(self, workspace_id: str, thread_id: str, message_id: str) -> Message | None: ...
    async def find(self, query: MessageRange, limit: int) -> list[Message]: ...

    async def run_of(self, workspace_id: str, run_id: str) -> RunFacts | None:
        """A run (a job of the workspace, read from the jobs' table by name); None when the
        workspace has no such job."""
        ...


class ConversationsUnitOfWork(UnitOfWork, Protocol):
    threads: ThreadRepository
    messages: MessageRepository
