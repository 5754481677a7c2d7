"""Which chunks a full-text query matches, as a tsquery built from its parsed pieces.

Each piece goes through plainto_tsquery / phraseto_tsquery, so that stemming and stop
words are the text search configuration's, as in the chunks' tsvectors.
"""

from __future__ import annotations

from adapters.postgres.infra.statements import Sql
from domain.knowledge.text_query import TextQuery


def tsquery_sql(query: TextQuery, p: Sql, config: str) -> str:
    """websearch_to_tsquery with any word matching: the words ORed (or, when the query has
    phrases with lexemes, the phrases ANDed), and no excluded word or phrase."""
    any_word = " || ".join(f"plainto_tsquery({config}, {p(w)})" for w in query.words)
    phrases = " && ".join(f"phraseto_tsquery({config}, {p(' '.join(f))})" for f in query.phrases)
    wanted = any_word or "''::tsquery"
    if phrases:
        wanted = (
            f"(SELECT CASE WHEN numnode(x.f) > 0 THEN x.f ELSE {wanted} END"
            f" FROM (SELECT {phrases} AS f) x)"
        )
    excluded = "".join(
        f" && !! phraseto_tsquery({config}, {p(' '.join(e))})" for e in query.excluded
    )
    return f"({wanted}){excluded}"
