"""GetContentStats in SQL: one aggregate pass for the counts, one for the top tags."""

from __future__ import annotations

import sqlalchemy as sa

from adapters.postgres.content.tables import content_items
from adapters.postgres.infra.repository import Repository, uuid_or_none
from domain.content.values import ContentType, Origin, Visibility
from ports.content import ContentStats

_c = content_items.c
_GROUPS = {
    "t": (_c.content_type, ContentType),
    "o": (_c.origin, Origin),
    "v": (_c.visibility, Visibility),
}


def _counts() -> list[sa.Label[int]]:
    return [
        sa.func.count().filter(column == str(value)).label(f"{prefix}_{value}")
        for prefix, (column, values) in _GROUPS.items()
        for value in values
    ]


async def read_stats(repo: Repository, workspace_id: str, top_tags: int) -> ContentStats:
    mine = _c.workspace_id == uuid_or_none(workspace_id)
    totals = sa.select(
        sa.func.count().label("total"),
        sa.func.count(_c.quality_score).label("rated"),
        sa.func.avg(_c.quality_score).label("mean"),
        *_counts(),
    ).where(mine)
    row = await repo.first(totals)
    assert row is not None
    tag = sa.func.unnest(_c.tags).label("tag")
    tagged = sa.select(tag).where(mine).subquery()
    top = (
        sa.select(tagged.c.tag, sa.func.count().label("n"))
        .group_by(tagged.c.tag)
        .order_by(sa.func.count().desc(), tagged.c.tag.collate("C"))
        .limit(top_tags)
    )
    by = {
        prefix: {str(v): int(row[f"{prefix}_{v}"]) for v in values}
        for prefix, (_, values) in _GROUPS.items()
    }
    return ContentStats(
        total=int(row["total"]),
        by_type=by["t"],
        by_origin=by["o"],
        by_visibility=by["v"],
        rated=int(row["rated"]),
        mean_quality=None if row["mean"] is None else float(row["mean"]),
        top_tags=[(str(r["tag"]), int(r["n"])) for r in await repo.all(top)],
    )
