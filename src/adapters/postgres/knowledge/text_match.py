"""Which chunks a full-text query matches, and which of them hold its phrases, as tsqueries
built from its parsed pieces.

Each piece goes through plainto_tsquery / phraseto_tsquery, so that stemming and stop
words are the text search configuration's, as in the chunks' tsvectors.
"""

from __future__ import annotations

from adapters.postgres.infra.statements import Sql
from domain.knowledge.text_query import TextQuery

EMPTY = "''::tsquery"


def match_sql(query: TextQuery, p: Sql, config: str) -> str:
    """Any of the query's words (those of its phrases too), and no excluded word or phrase."""
    any_word = " || ".join(f"plainto_tsquery({config}, {p(w)})" for w in query.positive_words)
    excluded = "".join(
        f" && !! phraseto_tsquery({config}, {p(' '.join(e))})" for e in query.excluded
    )
    return f"({any_word or EMPTY}){excluded}"


def phrases_sql(query: TextQuery, p: Sql, config: str) -> str:
    """Every phrase of the query, ANDed; NULL when it has none with a lexeme (PostgreSQL
    ignores a phrase of stop words)."""
    if not query.phrases:
        return "NULL::tsquery"
    phrases = " && ".join(f"phraseto_tsquery({config}, {p(' '.join(f))})" for f in query.phrases)
    return f"(SELECT CASE WHEN numnode(x.f) > 0 THEN x.f END FROM (SELECT {phrases} AS f) x)"
