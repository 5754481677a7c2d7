"""The statistics BM25 ranks titles with, read from the rows 0016's triggers keep: the
workspace's row and one row per query word, never its items."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

from adapters.postgres.content.tables import content_items
from adapters.postgres.content.tables_titles import content_title_stats, content_title_terms
from adapters.postgres.infra.repository import Repository, uuid_or_none
from domain.content.title_bm25 import TitleCorpus, TitleWeights

_s, _t = content_title_stats.c, content_title_terms.c


async def read_title_corpus(
    repo: Repository, workspace_id: str, words: tuple[str, ...]
) -> TitleCorpus:
    ws = uuid_or_none(workspace_id)
    row = await repo.first(sa.select(_s.item_count, _s.total_length).where(_s.workspace_id == ws))
    held = await repo.all(
        sa.select(_t.lexeme, _t.doc_freq).where(_t.workspace_id == ws, _t.lexeme.in_(list(words)))
    )
    df = {r["lexeme"]: int(r["doc_freq"]) for r in held}
    items, length = (int(row["item_count"]), int(row["total_length"])) if row else (0, 0)
    return TitleCorpus(items, length, tuple(df.get(w, 0) for w in words))


def title_score(w: TitleWeights) -> sa.ColumnElement[float]:
    """TitleWeights.score in SQL (`content_title_bm25`, 0016), from the title's tsvector."""
    return sa.type_coerce(
        sa.func.content_title_bm25(
            content_items.c.title_tsv,
            sa.literal(list(w.words), ARRAY(sa.Text)),
            sa.literal(list(w.idf), ARRAY(sa.Double)),
            sa.literal(w.avglen, sa.Double),
            sa.literal(w.k1, sa.Double),
            sa.literal(w.b, sa.Double),
        ),
        sa.Double,
    )
