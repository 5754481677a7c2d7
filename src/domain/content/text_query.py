"""The title query: web search syntax read as PostgreSQL's `websearch_to_tsquery` reads it
over plain words (a matching title's rank: domain.content.title_bm25).

Words are runs of letters and digits, lower-cased (the `simple` configuration). Terms are
ANDed; `or` between two terms joins them; `-term` excludes; `"a phrase"` wants its words
in a row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+")
_TERM = re.compile(r'-?"[^"]*"?|\S+')


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]
    negated: bool = False


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def clauses(query: str) -> list[list[Term]]:
    """The query's clauses, all of which must hold; each holds when one of its terms does."""
    out: list[list[Term]] = []
    joining = False
    for raw in _TERM.findall(query):
        negated = raw.startswith("-")
        said = tuple(words(raw[1:] if negated else raw))
        if raw.lower() == "or" and out:
            joining = True
            continue
        if said:
            if joining:
                out[-1].append(Term(said, negated))
            else:
                out.append([Term(said, negated)])
        joining = False
    return out
