"""Value rules of conversations: thread statuses and their moves, message roles, limits."""

from __future__ import annotations

import enum

from domain.kernel.errors import FailedPrecondition

# One limit per field, the same in the protos (field_limits.proto options) and the columns.
MAX_TITLE = 255  # threads.title varchar(255)
MAX_MODEL = 100  # messages.model varchar(100)
MAX_CONTENT = 100_000
MAX_BATCH = 1_000
MAX_TOKENS = 2**31 - 1  # messages.tokens_used integer


class ThreadStatus(enum.StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"
    DELETED = "deleted"

    def check_move_to(self, new: ThreadStatus) -> None:
        """Staying put is allowed; a deleted thread comes back only as active."""
        if new != self and new not in _MOVES[self]:
            raise FailedPrecondition(
                f"a {self} thread cannot become {new}", reason="ILLEGAL_TRANSITION"
            )


_MOVES = {
    ThreadStatus.ACTIVE: {ThreadStatus.ARCHIVED, ThreadStatus.DELETED},
    ThreadStatus.ARCHIVED: {ThreadStatus.ACTIVE, ThreadStatus.DELETED},
    ThreadStatus.DELETED: {ThreadStatus.ACTIVE},
}
LISTED_BY_DEFAULT = (ThreadStatus.ACTIVE, ThreadStatus.ARCHIVED)


class ThreadRunStatus(enum.StrEnum):
    """What a thread's agent runs leave it in; the jobs context keeps it."""

    IDLE = "idle"
    BUSY = "busy"
    INTERRUPTED = "interrupted"
    ERROR = "error"


class MessageRole(enum.StrEnum):
    USER = "user"
    ASSISTANT = "assistant"
    SYSTEM = "system"
    TOOL = "tool"
