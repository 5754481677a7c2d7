"""What a key limited to workspace A gets from each RPC of AuditService."""

from __future__ import annotations

from strata.v1 import audit_pb2 as apb
from tests.e2e.limited.requests import (
    Case,
    audit_read,
    entry_of,
    in_a_not_b,
)

AU = "/strata.v1.AuditService/"

ROWS: dict[str, list[Case]] = {
    AU + "ListAuditEntries": audit_read(apb.ListAuditEntriesRequest),
    AU + "GetAuditEntry": in_a_not_b(entry_of),
    AU + "SummarizeAuditActions": audit_read(apb.SummarizeAuditActionsRequest),
    AU + "GetAuditActivity": audit_read(apb.GetAuditActivityRequest),
}
