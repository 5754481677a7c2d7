"""The audit log on PostgreSQL: appends serialised on the chain's head row, reads by index."""

from __future__ import annotations

from adapters.postgres.audit.purge import AuditPurge
from adapters.postgres.audit.reads import AuditReads


class SqlaAuditLog(AuditPurge, AuditReads):
    """AuditLog and AuditMaintenance. `pool`, when given, serves appends and `get` on the
    driver."""
