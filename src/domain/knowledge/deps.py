"""What knowledge use cases are built from, and the access rules they share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from domain.kernel.access import Actor, actor_in
from domain.kernel.errors import InvalidArgument, Validator
from domain.kernel.lookup import found, required
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from domain.knowledge.model import Document
from domain.knowledge.text_query import DEFAULT_RANKING, TextRanking
from ports.knowledge import KnowledgeUnitOfWork
from ports.system import Clock, IdGenerator, TokenSigner
from ports.uow import UnitOfWorkFactory

T = TypeVar("T")
DEFAULT_THRESHOLD = 0.85
MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class KnowledgeLimits:
    """How much one call may carry; documented on the RPCs in knowledge.proto."""

    max_batch_chunks: int = 1_000
    max_batch_bytes: int = 32 * MIB
    max_stream_chunks: int = 100_000
    max_stream_bytes: int = 256 * MIB
    max_stream_pause_seconds: float = (
        10.0  # between messages, while the stream's transaction is open
    )
    max_violations: int = 20  # a bad batch reports at most this many fields (trailers < 8 KiB)


@dataclass(frozen=True, slots=True)
class KnowledgeDeps:
    uow: UnitOfWorkFactory[KnowledgeUnitOfWork]
    clock: Clock
    ids: IdGenerator
    page_tokens: TokenSigner
    embedding_dim: int = 1536
    limits: KnowledgeLimits = KnowledgeLimits()
    ranking: TextRanking = DEFAULT_RANKING


async def reader(uow: KnowledgeUnitOfWork, principal: Principal, workspace_id: str) -> Actor:
    """Any member reads and searches; NOT_FOUND for everyone else."""
    return await actor_in(uow, principal, workspace_id)


async def writer(
    uow: KnowledgeUnitOfWork, principal: Principal, workspace_id: str, what: str
) -> Actor:
    actor = await reader(uow, principal, workspace_id)
    actor.require(Role.MEMBER, what)
    return actor


def check_owns(actor: Actor, owner_id: str, what: str) -> None:
    """Members change their own; admins (and superusers) anyone's in the workspace."""
    if owner_id != actor.user_id:
        actor.require(Role.ADMIN, f"{what} of another member")


async def readable_document(
    uow: KnowledgeUnitOfWork, principal: Principal, workspace_id: str, document_id: str
) -> Document:
    await reader(uow, principal, workspace_id)
    return await must_get(uow, workspace_id, document_id)


async def writable_document(
    uow: KnowledgeUnitOfWork,
    principal: Principal,
    workspace_id: str,
    document_id: str,
    what: str,
    field: str = "id",
) -> Document:
    actor = await writer(uow, principal, workspace_id, what)
    document = await must_get(uow, workspace_id, document_id, field)
    check_owns(actor, document.owner_id, what)
    return document


async def must_get(
    uow: KnowledgeUnitOfWork, workspace_id: str, document_id: str, field: str = "id"
) -> Document:
    document = await uow.documents.get(workspace_id, required(document_id, field))
    return found(document, "document", document_id)


def check_threshold(value: float | None, field: str) -> float:
    """A cosine similarity bound: -1..1; None means the default 0.85."""
    if value is None:
        return DEFAULT_THRESHOLD
    if not -1.0 <= value <= 1.0:
        raise InvalidArgument.of(field, "must be between -1 and 1")
    return value


def check_limit(value: int, field: str, default: int, maximum: int) -> int:
    if value < 0 or value > maximum:
        raise InvalidArgument.of(field, f"must be between 1 and {maximum} (0: {default})")
    return value or default


def collect(v: Validator, check: Callable[[], T]) -> T | None:
    """Run one value check, collecting its violations instead of raising them."""
    try:
        return check()
    except InvalidArgument as exc:
        v.violations.extend(exc.violations)
        return None
