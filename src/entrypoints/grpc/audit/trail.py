"""Writes one audit entry per call: writes durably before the reply, the rest in batches."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import ipaddress
import logging
import uuid
from collections import deque
from collections.abc import Sequence
from typing import Any

from google.protobuf import json_format
from google.protobuf.message import Message

from domain.audit.entry import AuditEntry, Outcome
from domain.audit.redaction import BULK_KEY, MAX_ITEMS, redact
from domain.kernel import standing
from domain.kernel.errors import DomainError, Unavailable
from entrypoints import call_scope
from entrypoints.grpc.calls import CallFacts
from entrypoints.grpc.errors import code_for
from ports.audit import AuditLog
from ports.system import IdGenerator

log = logging.getLogger("strata.audit")
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
UNAUDITED = ("/grpc.health.v1.", "/grpc.reflection.")
RESOURCE_FIELDS = ("id", "user_id", "workspace_id")
MAX_ATTEMPTS = 5


def client_ip(peer: str, forwarded_for: str, trusted: Sequence[Network]) -> str | None:
    """The peer's address; behind a trusted proxy, the first untrusted hop of x-forwarded-for."""
    address = _ip(peer)
    if address is None or not forwarded_for or not _trusted(address, trusted):
        return address
    for hop in reversed([h.strip() for h in forwarded_for.split(",")]):
        hop_ip = _ip(hop)
        if hop_ip is None:
            break
        if not _trusted(hop_ip, trusted):
            return hop_ip
        address = hop_ip
    return address


@functools.lru_cache(maxsize=4096)
def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip("[]")))
    except ValueError:
        return None


def _trusted(address: str, trusted: Sequence[Network]) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in net for net in trusted)


def resource_of(request: Any, response: Any) -> str | None:
    """The id the request names (directly or in its resource message); for a create, the new id."""
    for message in (request, response):
        if not isinstance(message, Message):
            continue
        for name in RESOURCE_FIELDS:
            if name in message.DESCRIPTOR.fields_by_name and getattr(message, name):
                return str(getattr(message, name))
        for field in message.DESCRIPTOR.fields:
            if field.message_type is not None and not field.is_repeated:
                inner = getattr(message, field.name)
                if "id" in field.message_type.fields_by_name and inner.id:
                    return str(inner.id)
    return None


def request_json(request: Any) -> dict[str, Any]:
    """The request as JSON, redacted; bulk repeated fields (chunks, embeddings) are counted,
    never converted: turning 1,000 embeddings into JSON only to cut them costs more than
    the call itself."""
    if not isinstance(request, Message):
        return {}
    slim = type(request)()
    counted: dict[str, str] = {}
    for field, value in request.ListFields():
        if field.is_repeated and (len(value) > MAX_ITEMS or BULK_KEY.search(field.name)):
            counted[field.name] = f"[{len(value)} items]"
        elif field.is_repeated:
            getattr(slim, field.name).extend(value)
        elif field.message_type is not None:
            getattr(slim, field.name).CopyFrom(value)
        else:
            setattr(slim, field.name, value)
    cleaned: dict[str, Any] = redact({**_as_json(slim), **counted})
    return cleaned


def _as_json(message: Message) -> dict[str, Any]:
    """The message as JSON; a field JSON cannot express (a Timestamp before year 1, a
    Duration with nanos of the wrong sign, a Struct too deep) is kept as its text form."""
    try:
        data: dict[str, Any] = json_format.MessageToDict(message, preserving_proto_field_name=True)
        return data
    except (json_format.Error, ValueError, TypeError, RecursionError, OverflowError):
        pass
    data = {}
    for field, value in message.ListFields():
        kind = field.message_type
        if kind is not None and not field.is_repeated and kind.file.package != "google.protobuf":
            data[field.name] = _as_json(value)
            continue
        one = type(message)()
        if field.is_repeated or field.message_type is not None:
            getattr(one, field.name).MergeFrom(value)
        else:
            setattr(one, field.name, value)
        try:
            data.update(json_format.MessageToDict(one, preserving_proto_field_name=True))
        except (json_format.Error, ValueError, TypeError, RecursionError, OverflowError):
            data[field.name] = "[not expressible as JSON]"
    return data


class BatchWriter:
    """Appends queued entries every `flush_seconds` or `batch_size` entries, off the request path.

    A crash loses what is queued (at most one flush interval of reads and failed
    calls); a graceful stop flushes it. While the store is down entries wait, up to
    `max_pending`, then the oldest are dropped with a warning.
    """

    def __init__(
        self,
        audit_log: AuditLog,
        flush_seconds: float = 0.2,
        batch_size: int = 500,
        max_pending: int = 100_000,
    ) -> None:
        self._log = audit_log
        self._flush_seconds = flush_seconds
        self._batch = batch_size
        self._pending: deque[AuditEntry] = deque(maxlen=max_pending)
        self._wake = asyncio.Event()
        self._flushing = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._attempts: dict[str, int] = {}

    @property
    def pending(self) -> int:
        """Entries queued and not yet stored."""
        return len(self._pending)

    def submit(self, entry: AuditEntry) -> None:
        if len(self._pending) == self._pending.maxlen:
            log.warning("audit queue full: dropping the oldest entry")
        self._pending.append(entry)
        if len(self._pending) >= self._batch:
            self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="audit-batch-writer")

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._flush_seconds)
            self._wake.clear()
            await self.flush()

    async def flush(self) -> None:
        """Write what is queued; returns once everything queued before the call is stored
        (or, with the store down, put back to wait)."""
        async with self._flushing:
            await self._flush_pending()

    async def _flush_pending(self) -> None:
        """Each entry is its own append: the log writes them in one transaction and, when
        that fails for anything but Unavailable, retries each alone (see AuditLog.append),
        so only the entries it could not store come back here to wait."""
        while self._pending:
            batch = [self._pending.popleft() for _ in range(min(self._batch, len(self._pending)))]
            outcomes = await asyncio.gather(
                *(self._log.append([entry], durable=False) for entry in batch),
                return_exceptions=True,
            )
            failed = [(e, o) for e, o in zip(batch, outcomes, strict=True) if o is not None]
            if self._attempts:
                for entry, outcome in zip(batch, outcomes, strict=True):
                    if outcome is None:
                        self._attempts.pop(entry.id, None)
            if failed:
                self._wait(failed)
                return

    def _wait(self, failed: list[tuple[AuditEntry, BaseException]]) -> None:
        """Put the entries back to be written at the next flush. Entries are always storable
        (see domain.audit.normal_form), so a failure means the store is unreachable; an
        entry refused MAX_ATTEMPTS times all the same is logged and dropped."""
        retry: list[AuditEntry] = []
        for entry, exc in failed:
            attempts = self._attempts.get(entry.id, 0) + 1
            if attempts < MAX_ATTEMPTS or isinstance(exc, Unavailable):
                self._attempts[entry.id] = attempts
                retry.append(entry)
            else:
                self._attempts.pop(entry.id, None)
                log.error("audit entry %s of %s dropped: %s", entry.id, entry.action, exc)
        self._pending.extendleft(reversed(retry))
        log.warning("audit store unavailable; %d entries wait", len(self._pending))

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.flush()


class AuditRecorder:
    """A CallObserver: builds the call's entry; commits it with the call's writes, or
    queues it (reads, failures, calls that changed nothing)."""

    def __init__(
        self,
        writer: BatchWriter,
        ids: IdGenerator,
        trusted: Sequence[Network] = (),
        include_health: bool = False,
    ) -> None:
        self._writer = writer
        self._ids = ids
        self._trusted = list(trusted)
        self._include_health = include_health

    def started(self, method: str) -> None:
        standing.begin()
        scope = call_scope.current()
        if scope is not None:
            scope.entry_id = self._ids.new_id()

    async def finished(self, facts: CallFacts) -> None:
        """A call that wrote commits its entry in its own transaction; every other entry
        is queued. Raises what the commit raised: the call then fails with it."""
        if facts.method.startswith(UNAUDITED) and not self._include_health:
            return
        scope = call_scope.current()
        if scope is not None:
            if scope.recorded:
                return
            scope.recorded = True
        entry = self.entry(facts)
        if not (facts.ok and scope is not None and scope.wrote):
            self._writer.submit(entry)
            return
        try:
            await asyncio.shield(scope.commit_with(entry))
        except asyncio.CancelledError:
            self._writer.submit(_failed(entry, "CANCELLED", "the call was cancelled"))
            raise
        except DomainError as exc:
            self._writer.submit(_failed(entry, code_for(exc).name, exc.message))
            raise
        except Exception:
            self._writer.submit(_failed(entry, "INTERNAL", "internal error"))
            raise

    def entry(self, facts: CallFacts) -> AuditEntry:
        seen = standing.current()
        principal = facts.principal
        roles = (["superuser"] if principal and principal.is_superuser else []) + seen.roles
        user_id, username = _who(facts)
        workspace = seen.workspace_id or _field(facts.request, "workspace_id")
        scope = call_scope.current()
        return AuditEntry(
            id=(scope.entry_id if scope else None) or self._ids.new_id(),
            occurred_at=facts.started_at,
            action=facts.method,
            outcome=Outcome.of_status(facts.code),
            status_code=facts.code,
            duration_ms=facts.duration_ms,
            user_id=user_id,
            username=username,
            roles=roles,
            workspace_id=workspace,
            resource=resource_of(facts.request, facts.response),
            peer_ip=client_ip(facts.peer, facts.forwarded_for, self._trusted),
            user_agent=facts.user_agent or None,
            request_id=facts.request_id or None,
            request=request_json(facts.request),
            error_message=None if facts.ok else facts.message,
        )


def _failed(entry: AuditEntry, code: str, message: str) -> AuditEntry:
    """The entry of a call whose commit failed, or whose outcome is unknown: same id, so
    at most one of the two is ever stored."""
    return dataclasses.replace(
        entry, outcome=Outcome.of_status(code), status_code=code, error_message=message
    )


def _who(facts: CallFacts) -> tuple[str | None, str | None]:
    """The caller; for a call without a key (Login), who it logged in or tried to."""
    if facts.principal is not None:
        return facts.principal.user_id, facts.principal.username or facts.principal.email
    user: Any = getattr(facts.response, "user", None)
    user_id = getattr(user, "id", None) if isinstance(user, Message) else None
    if user_id:
        return str(user_id), str(getattr(user, "username", None) or getattr(user, "email", None))
    email = getattr(facts.request, "email", "") if isinstance(facts.request, Message) else ""
    return None, (str(email).strip().lower()[:255] or None)


def _field(message: Any, name: str) -> str | None:
    """A workspace id the request names, when it is one (the column holds UUIDs)."""
    if isinstance(message, Message) and name in message.DESCRIPTOR.fields_by_name:
        try:
            return str(uuid.UUID(getattr(message, name)))
        except ValueError:
            return None
    return None
