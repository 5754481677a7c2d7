"""Writes one audit entry per call: writes durably before the reply, the rest in batches."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from domain.audit.entry import AuditEntry, Outcome
from domain.kernel import standing
from domain.kernel.errors import DomainError
from entrypoints import call_scope
from entrypoints.grpc.audit.call_entries import (
    Network,
    client_ip,
    failed_entry,
    field_of,
    request_json,
    resource_of,
    who_called,
)
from entrypoints.grpc.audit.writer import BatchWriter
from entrypoints.grpc.calls import CallFacts
from entrypoints.grpc.errors import code_for
from ports.system import IdGenerator

log = logging.getLogger("strata.audit")
UNAUDITED = ("/grpc.health.v1.", "/grpc.reflection.")


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
            self._writer.submit(failed_entry(entry, "CANCELLED", "the call was cancelled"))
            raise
        except DomainError as exc:
            self._writer.submit(failed_entry(entry, code_for(exc).name, exc.message))
            raise
        except Exception:
            self._writer.submit(failed_entry(entry, "INTERNAL", "internal error"))
            raise

    def entry(self, facts: CallFacts) -> AuditEntry:
        seen = standing.current()
        principal = facts.principal
        roles = (["superuser"] if principal and principal.is_superuser else []) + seen.roles
        user_id, username = who_called(facts)
        workspace = seen.workspace_id or field_of(facts.request, "workspace_id")
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
