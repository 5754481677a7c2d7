"""The audit entry each RPC of AuditService leaves."""

from __future__ import annotations

import uuid
from typing import Any

from strata.v1 import audit_pb2 as A
from tests.e2e.audited.scene import OK, Call, Row, Scene


def _audit(rpc: str, **fields: Any) -> Call:
    async def call(s: Scene, rid: str) -> Any:
        request = getattr(A, f"{rpc}Request")(**fields)
        return await getattr(s.audit, rpc)(request, metadata=s.md(s.h.root, rid))

    return call


ROWS: dict[str, Row] = {
    "AuditService/ListAuditEntries": (_audit("ListAuditEntries", page_size=1), OK),
    "AuditService/GetAuditEntry": (
        _audit("GetAuditEntry", id=str(uuid.uuid4())),
        "AUDIT_OUTCOME_ERROR",
    ),
    "AuditService/SummarizeAuditActions": (_audit("SummarizeAuditActions"), OK),
    "AuditService/GetAuditActivity": (_audit("GetAuditActivity"), OK),
}
