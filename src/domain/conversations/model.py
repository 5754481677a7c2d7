"""Threads and their messages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.conversations.values import MessageRole, ThreadRunStatus, ThreadStatus
from domain.kernel.errors import FailedPrecondition
from domain.kernel.versions import check_etag, etag_for


@dataclass(slots=True)
class Message:
    id: str
    thread_id: str
    workspace_id: str
    sequence: int
    role: MessageRole
    content: str
    created_at: datetime
    tokens_used: int = 0
    model: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    run_id: str | None = None


@dataclass(slots=True)
class Thread:
    id: str
    workspace_id: str
    owner_id: str
    title: str
    created_at: datetime
    updated_at: datetime
    status: ThreadStatus = ThreadStatus.ACTIVE
    metadata: dict[str, Any] = field(default_factory=dict)
    last_sequence: int = 0  # the sequence of the thread's last message ever; never reused
    version: int = 1
    run_status: ThreadRunStatus = ThreadRunStatus.IDLE

    @property
    def etag(self) -> str:
        return etag_for(self.id, self.version)

    def check_etag(self, etag: str) -> None:
        check_etag(self.id, self.version, etag)

    def touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1

    def move_to(self, status: ThreadStatus, now: datetime) -> None:
        self.status.check_move_to(status)
        self.status = status
        self.touch(now)

    def number(self, messages: Sequence[Message], now: datetime) -> None:
        """Give new messages the next sequences, in order; only an active thread takes them.

        Messages move `updated_at` but not the version: they change no field an etag guards."""
        if self.status != ThreadStatus.ACTIVE:
            raise FailedPrecondition(
                f"a {self.status} thread accepts no messages", reason="THREAD_NOT_ACTIVE"
            )
        for message in messages:
            self.last_sequence += 1
            message.sequence = self.last_sequence
        self.updated_at = now
