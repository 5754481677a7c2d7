"""Audit entries and filters between protobuf and the domain."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from google.protobuf import timestamp_pb2

from domain.audit.entry import AuditEntry, Outcome
from entrypoints.grpc.convert import struct, ts
from ports.audit import AuditFilter
from strata.v1 import audit_pb2 as pb

_OUTCOMES = {
    Outcome.SUCCESS: pb.AUDIT_OUTCOME_SUCCESS,
    Outcome.ERROR: pb.AUDIT_OUTCOME_ERROR,
    Outcome.PERMISSION_DENIED: pb.AUDIT_OUTCOME_PERMISSION_DENIED,
    Outcome.UNAUTHENTICATED: pb.AUDIT_OUTCOME_UNAUTHENTICATED,
    Outcome.INVALID: pb.AUDIT_OUTCOME_INVALID,
}
_FROM_PROTO = {v: k for k, v in _OUTCOMES.items()}


def entry_pb(e: AuditEntry) -> pb.AuditEntry:
    return pb.AuditEntry(
        id=e.id,
        sequence=e.sequence or 0,
        occur_time=ts(e.occurred_at),
        user_id=e.user_id or "",
        username=e.username or "",
        roles=e.roles,
        workspace_id=e.workspace_id or "",
        action=e.action,
        resource=e.resource or "",
        outcome=_OUTCOMES[e.outcome],
        peer_ip=e.peer_ip or "",
        user_agent=e.user_agent or "",
        request_id=e.request_id or "",
        request=struct(e.request),
        status_code=e.status_code,
        error_message=e.error_message or "",
        duration_ms=e.duration_ms,
        prev_hash=e.prev_hash or "",
        hash=e.hash or "",
    )


def _time(message: Any, name: str) -> Any:
    if not message.HasField(name):
        return None
    value: timestamp_pb2.Timestamp = getattr(message, name)
    return value.ToDatetime(tzinfo=UTC)


def filter_from(r: Any, outcomes: bool = False) -> AuditFilter:
    fields = r.DESCRIPTOR.fields_by_name
    return AuditFilter(
        user_id=r.user_id or None,
        username=r.username or None,
        workspace_id=r.workspace_id or None,
        action=(r.action or None) if "action" in fields else None,
        outcomes=tuple(_FROM_PROTO[o] for o in r.outcomes if o in _FROM_PROTO) if outcomes else (),
        start=_time(r, "start_time"),
        end=_time(r, "end_time"),
        request_id=(r.request_id or None) if "request_id" in fields else None,
        min_duration_ms=(r.min_duration_ms or None) if "min_duration_ms" in fields else None,
    )
