"""AuditService: protobuf in, use case, protobuf out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import grpc

from domain.audit import reading as uc
from entrypoints.grpc.audit.messages import entry_pb, filter_from
from entrypoints.grpc.context import current_principal
from entrypoints.grpc.convert import ts
from strata.v1 import audit_pb2 as pb
from strata.v1 import audit_pb2_grpc

Ctx = grpc.aio.ServicerContext[Any, Any]


@dataclass(frozen=True)
class AuditUseCases:
    list_audit_entries: uc.ListAuditEntries
    get_audit_entry: uc.GetAuditEntry
    summarize_audit_actions: uc.SummarizeAuditActions
    get_audit_activity: uc.GetAuditActivity


class AuditServicer(audit_pb2_grpc.AuditServiceServicer):
    def __init__(self, uc: AuditUseCases) -> None:
        self._uc = uc

    async def ListAuditEntries(
        self, r: pb.ListAuditEntriesRequest, _: Ctx
    ) -> pb.ListAuditEntriesResponse:
        page = await self._uc.list_audit_entries.execute(
            current_principal(), filter_from(r, outcomes=True), r.page_size, r.page_token
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
        rows = await self._uc.summarize_audit_actions.execute(current_principal(), filter_from(r))
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
        rows = await self._uc.get_audit_activity.execute(current_principal(), filter_from(r))
        return pb.GetAuditActivityResponse(
            buckets=[
                pb.ActivityBucket(hour=ts(b.hour), events=b.events, errors=b.errors) for b in rows
            ]
        )
