"""Interaction statistics from ClickHouse: the `interaction.<type>` events the outbox
relayed into `workload_events`, each counted once by event_id, grouped in one pass."""

from __future__ import annotations

from collections import Counter
from typing import Any

from adapters.clickhouse.client import ClickHouseClient
from adapters.clickhouse.rows import day
from domain.content.interaction import every_type
from ports.content.interactions import InteractionStats, StatsRange

PREFIX = "interaction."

STATS = """
SELECT event_type, toDate(timestamp) AS day, {value} AS value, count() AS n
FROM (
    SELECT event_id, event_type, timestamp, metadata FROM workload_events
    WHERE workspace_id = {workspace_id:String} AND event_category = 'content'
        AND startsWith(event_type, 'interaction.')
        AND timestamp >= {start:DateTime64(3)} AND timestamp < {end:DateTime64(3)}
        AND expires_at > now()
    LIMIT 1 BY event_id
)
GROUP BY event_type, day, value
"""
# The metadata key's value when it is text, else '' (as PostgreSQL's adapter reads it).
TEXT_VALUE = (
    "if(JSONType(metadata, {key:String}) = 'String', JSONExtractString(metadata, {key:String}), '')"
)


class ClickHouseInteractionHistory:
    def __init__(self, client: ClickHouseClient) -> None:
        self._client = client

    async def stats(self, span: StatsRange) -> InteractionStats:
        params: dict[str, Any] = {
            "workspace_id": span.workspace_id,
            "start": span.start,
            "end": span.end,
        }
        value = "''"
        if span.metadata_key:
            value, params["key"] = TEXT_VALUE, span.metadata_key
        sql = STATS.replace("{value}", value)
        by_type, by_value, by_day = Counter[str](), Counter[str](), Counter[Any]()
        for r in await self._client.query(sql, params):
            n = int(r["n"])
            by_type[str(r["event_type"]).removeprefix(PREFIX)] += n
            by_value[str(r["value"])] += n
            by_day[day(r["day"])] += n
        return InteractionStats(
            total=sum(by_type.values()),
            by_type=every_type(by_type),
            by_metadata=dict(by_value) if span.metadata_key else {},
            by_day=sorted(by_day.items()),
        )
