"""GetFeed's statements, written once with `$n` parameters and arrays so that each has
one text (the page size aside), prepared once per connection: a page reads its
recommendations with their items and its fresh items in one statement, and writes its
ledger and its served marks in another."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import UUID

from adapters.postgres.content.items import ITEM_SELECT
from adapters.postgres.content.tables_interactions import content_recommendations

REC_PREFIX = "r_"


def _columns(alias: str, columns: Any, prefix: str = "") -> str:
    """uuid columns come as text, as SQLAlchemy gives them."""
    return ", ".join(
        f"{alias}.{c.name}{'::text' if isinstance(c.type, UUID) else ''} AS {prefix}{c.name}"
        for c in columns
    )


_ITEM = _columns("i", ITEM_SELECT)
_REC = _columns("r", content_recommendations.c, REC_PREFIX)
_NO_REC = ", ".join(f"NULL AS {REC_PREFIX}{c.name}" for c in content_recommendations.c)
_UNSEEN = """NOT EXISTS (SELECT 1 FROM content_interactions x
        WHERE x.user_id = $1 AND x.content_item_id = {item})
    AND NOT EXISTS (SELECT 1 FROM content_feed_served l
        WHERE l.session_id = $3 AND l.content_item_id = {item})"""

# $1 user, $2 workspace, $3 session, $4 $5 the bound, $6 $7 the position (when there is one)
RECOMMENDED = f"""SELECT 'r' AS source, {_REC}, {_ITEM}
FROM content_recommendations r JOIN content_items i ON i.id = r.content_item_id
WHERE r.user_id = $1 AND r.workspace_id = $2 AND r.served_at IS NULL
    AND {_UNSEEN.format(item="r.content_item_id")}
ORDER BY r.score DESC, r.created_at DESC, r.id DESC LIMIT {{limit}}"""
FRESH = f"""SELECT 'f' AS source, {_NO_REC}, {_ITEM}
FROM content_items i
WHERE i.workspace_id = $2 AND i.visibility = 'public' AND (i.created_at, i.id) <= ($4, $5)
    {{after}}AND {_UNSEEN.format(item="i.id")}
ORDER BY i.created_at DESC, i.id DESC LIMIT {{limit}}"""
_AFTER = "AND (i.created_at, i.id) < ($6, $7)\n    "


def candidates_sql(limit: int, after: bool) -> str:
    """Both reads in one: each branch walks its own index in order (the page size is
    written in, so that each plan knows how far it walks)."""
    recommended = RECOMMENDED.format(limit=int(limit))
    fresh = FRESH.format(limit=int(limit), after=_AFTER if after else "")
    return f"({recommended})\nUNION ALL\n({fresh})"


START = """INSERT INTO content_feed_sessions
    (id, workspace_id, user_id, bound_created_at, bound_id, created_at)
SELECT $1, $2, $3, top.created_at, top.id, $4
FROM (SELECT 1) AS one LEFT JOIN LATERAL (
    SELECT created_at, id FROM content_items
    WHERE workspace_id = $2 AND visibility = 'public'
    ORDER BY created_at DESC, id DESC LIMIT 1) AS top ON true
RETURNING bound_created_at, bound_id::text"""

SESSION = """SELECT bound_created_at, bound_id::text, created_at FROM content_feed_sessions
WHERE id = $1 AND workspace_id = $2 AND user_id = $3 FOR UPDATE"""

# $1 session, $2 user, $3 workspace, $4 now, $5 the items shown
RECORD = """WITH ledger AS (
    INSERT INTO content_feed_served (session_id, content_item_id, served_at)
    SELECT $1, item, $4 FROM unnest($5::uuid[]) AS item
    ON CONFLICT DO NOTHING)
UPDATE content_recommendations SET served_at = $4
WHERE user_id = $2 AND workspace_id = $3 AND served_at IS NULL
    AND content_item_id = ANY($5::uuid[])"""

# The ledger's rows go with their session (ON DELETE CASCADE).
PURGE = """WITH gone AS (
    DELETE FROM content_feed_sessions WHERE id IN (
        SELECT id FROM content_feed_sessions WHERE created_at < $1
        ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
    RETURNING 1)
SELECT count(*) AS purged FROM gone"""
