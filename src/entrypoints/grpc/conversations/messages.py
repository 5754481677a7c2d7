"""Threads and messages rendered as protobuf messages, and the enums both ways."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from domain.conversations.message_batches import NewMessage
from domain.conversations.model import Message, Thread
from domain.conversations.values import MessageRole, ThreadRunStatus, ThreadStatus
from domain.kernel.errors import InvalidArgument
from entrypoints.grpc.convert import from_struct, struct, ts
from strata.v1 import conversations_pb2 as pb

_STATUSES = {s: pb.ThreadStatus.Value(f"THREAD_STATUS_{s.name}") for s in ThreadStatus}
_ROLES = {r: pb.MessageRole.Value(f"MESSAGE_ROLE_{r.name}") for r in MessageRole}
_RUN_STATUSES = {
    s: pb.ThreadRunStatus.Value(f"THREAD_RUN_STATUS_{s.name}") for s in ThreadRunStatus
}


def _from_proto(table: dict[Any, int], value: int, field: str) -> Any:
    """The domain value of a proto enum; None for UNSPECIFIED."""
    if value == 0:
        return None
    for domain_value, proto_value in table.items():
        if proto_value == value:
            return domain_value
    raise InvalidArgument.of(field, f"unknown value {value}")


def status_from(value: int, field: str = "status") -> ThreadStatus | None:
    return cast("ThreadStatus | None", _from_proto(_STATUSES, value, field))


def statuses_from(values: Iterable[int], field: str) -> tuple[ThreadStatus, ...]:
    return tuple(s for s in (status_from(v, field) for v in values) if s is not None)


def run_statuses_from(values: Iterable[int], field: str) -> tuple[ThreadRunStatus, ...]:
    found = (_from_proto(_RUN_STATUSES, v, field) for v in values)
    return tuple(sorted({s for s in found if s is not None}))


def new_messages(items: Iterable[pb.NewMessage]) -> list[NewMessage]:
    return [
        NewMessage(
            role=cast("MessageRole | None", _from_proto(_ROLES, m.role, f"messages[{i}].role")),
            content=m.content,
            tokens_used=m.tokens_used,
            model=m.model,
            metadata=from_struct(m.metadata),
            run_id=m.run_id,
        )
        for i, m in enumerate(items)
    ]


def thread_pb(thread: Thread) -> pb.Thread:
    return pb.Thread(
        id=thread.id,
        workspace_id=thread.workspace_id,
        owner_id=thread.owner_id,
        title=thread.title,
        status=cast("pb.ThreadStatus", _STATUSES[thread.status]),
        metadata=struct(thread.metadata),
        create_time=ts(thread.created_at),
        update_time=ts(thread.updated_at),
        etag=thread.etag,
        run_status=cast("pb.ThreadRunStatus", _RUN_STATUSES[thread.run_status]),
    )


def message_pb(message: Message) -> pb.Message:
    return pb.Message(
        id=message.id,
        thread_id=message.thread_id,
        role=cast("pb.MessageRole", _ROLES[message.role]),
        content=message.content,
        tokens_used=message.tokens_used,
        model=message.model,
        metadata=struct(message.metadata),
        run_id=message.run_id or "",
        sequence=message.sequence,
        create_time=ts(message.created_at),
    )
