"""AuditService: protobuf in, use case, protobuf out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from typing import Any

import grpc
from google.protobuf import timestamp_pb2

from domain.audit import reading as uc
from domain.audit.entry import AuditEntry, Outcome
from entrypoints.grpc.context import current_principal
from entrypoints.grpc.convert import struct, ts
from ports.audit import AuditFilter
from strata.v1 import audit_pb2 as pb
from strata.v1 import audit_pb2_grpc

Ctx = grpc.aio.ServicerContext[Any, Any]
_OUTCOMES = {
    Outcome.SUCCESS: pb.AUDIT_OUTCOME_SUCCESS,
    Outcome.ERROR: pb.AUDIT_OUTCOME_ERROR,
    Outcome.PERMISSION_DENIED: pb.AUDIT_OUTCOME_PERMISSION_DENIED,
    Outcome.UNAUTHENTICATED: pb.AUDIT_OUTCOME_UNAUTHENTICATED,
    Outcome.INVALID: pb.AUDIT_OUTCOME_INVALID,
}
_FROM_PROTO = {v: k for k, v in _OUTCOMES.items()}


@dataclass(frozen=True)
class AuditUseCases:
    list_audit_entries: uc.ListAuditEntries
    get_audit_entry: uc.GetAuditEntry
    summarize_audit_actions: uc.SummarizeAuditActions
    get_audit_activity: uc.GetAuditActivity


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


def _filter(r: Any, outcomes: bool = False) -> AuditFilter:
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


class AuditServicer(audit_pb2_grpc.AuditServiceServicer):
    def __init__(self, uc: AuditUseCases) -> None:
        self._uc = uc

    async def ListAuditEntries(
        self, r: pb.ListAuditEntriesRequest, _: Ctx
    ) -> pb.ListAuditEntriesResponse:
        page = await self._uc.list_audit_entries.execute(
            current_principal(), _filter(r, outcomes=True), r.page_size, r.page_token
        )
        return pb.ListAuditEntriesResponse(
            entries=[entry_pb(e) for e in page.items], next_page_token=page.next_token
        )

    async def GetAuditEntry(self, r: pb.GetAuditEntryRequest, _: Ctx) -> pb.GetAuditEntryResponse:
        entry = await self._uc.get_audit_entry.execute(current_principal(), r.id)
        return pb.GetAuditEntryResponse(entry=entry_pb(entry))

    async def SummarizeAuditActions(
        self, r: pb.SummarizeAuditActionsRequest, _: Ctx
    ) -> pb.SummarizeAuditActionsResponse:
        rows = await self._uc.summarize_audit_actions.execute(current_principal(), _filter(r))
        return pb.SummarizeAuditActionsResponse(
            actions=[
                pb.ActionSummary(
                    action=a.action,
                    count=a.count,
                    error_count=a.error_count,
                    avg_duration_ms=a.avg_duration_ms,
                    max_duration_ms=a.max_duration_ms,
                )
                for a in rows
            ]
        )

    async def GetAuditActivity(
        self, r: pb.GetAuditActivityRequest, _: Ctx
    ) -> pb.GetAuditActivityResponse:
        rows = await self._uc.get_audit_activity.execute(current_principal(), _filter(r))
        return pb.GetAuditActivityResponse(
            buckets=[
                pb.ActivityBucket(hour=ts(b.hour), events=b.events, errors=b.errors) for b in rows
            ]
        )
