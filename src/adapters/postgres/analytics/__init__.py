"""Analytics repositories on PostgreSQL: the outbox and the workspaces' retention."""

from __future__ import annotations

from adapters.postgres.analytics.outbox import SqlaAnalyticsOutbox
from adapters.postgres.analytics.retention import SqlaRetentionSettings
from adapters.postgres.infra.session import Session
from adapters.postgres.uow import PostgresRepositories, State


def _repositories(session: Session, state: State) -> dict[str, object]:
    return {
        "analytics_outbox": SqlaAnalyticsOutbox(session),
        "analytics_retention": SqlaRetentionSettings(session),
    }


POSTGRES = PostgresRepositories(_repositories)
