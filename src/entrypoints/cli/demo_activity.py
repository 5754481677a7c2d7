"""The demo's interactions and recommendations: for each demo user, over the newest items
of each demo workspace, by COPY in the seed's transaction. Loaded once: when the users
already have interactions in these workspaces, a rerun adds none (nor recommendations)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime

import asyncpg

from adapters.postgres.content import demo_activity
from adapters.postgres.content.bulk import copy_records, table_exists
from entrypoints.cli.progress import Progress

POOL = 20_000  # the newest items of each workspace that people interact with
MAX_INTERACTIONS = 20_000  # a user's; an item in a hundred otherwise
MAX_RECOMMENDATIONS = 2_000  # a user's; an item in a thousand otherwise

_POOL_SQL = """
SELECT id, workspace_id::text, created_at FROM content_items
WHERE workspace_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2
"""
_HAS_ANY = """
SELECT EXISTS (SELECT 1 FROM content_interactions
               WHERE workspace_id = ANY($1::uuid[]) AND user_id = ANY($2::uuid[]))
"""


async def load_demo_activity(
    conn: asyncpg.Connection, workspaces: Sequence[str], users: Sequence[str], items: int
) -> tuple[int, int]:
    """(interactions, recommendations) added."""
    tables = ("content_interactions", "content_recommendations")
    if not all([await table_exists(conn, t) for t in tables]):
        return 0, 0
    if await conn.fetchval(_HAS_ANY, list(workspaces), list(users)):
        return 0, 0
    pool = [tuple(r) for ws in workspaces for r in await conn.fetch(_POOL_SQL, ws, POOL)]
    if not pool:
        return 0, 0
    rng, now = random.Random(13), datetime.now(UTC)
    each = min(max(items // 100, 100), MAX_INTERACTIONS)
    best = min(max(items // 1000, 50), MAX_RECOMMENDATIONS, len(pool))
    for table, columns, make, count in (
        (tables[0], demo_activity.INTERACTION_COLUMNS, demo_activity.interactions, each),
        (tables[1], demo_activity.RECOMMENDATION_COLUMNS, demo_activity.recommendations, best),
    ):
        progress = Progress(table.removeprefix("content_"), count * len(users))
        for user in users:
            records = make(rng, user, pool, count, now)
            await copy_records(conn, table, columns, records)
            progress.advance(len(records))
        progress.close()
    await conn.execute(f"ANALYZE {', '.join(tables)}")
    return each * len(users), best * len(users)
