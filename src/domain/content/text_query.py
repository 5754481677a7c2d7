"""The title query: web search syntax read as PostgreSQL's `websearch_to_tsquery` reads it
over plain words, and the rank a matching title gets.

Words are runs of letters and digits, lower-cased (the `simple` configuration). Terms are
ANDed; `or` between two terms joins them; `-term` excludes; `"a phrase"` wants its words
in a row. A title's rank is the share of its words that are positive words of the query:
a short title naming the query ranks above a long one that mentions it in passing.
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


def positive_words(query: str) -> tuple[str, ...]:
    """The words the query asks for (not those it excludes), sorted, without repeats."""
    return tuple(sorted({w for c in clauses(query) for t in c if not t.negated for w in t.words}))


def title_rank(title: str, wanted: tuple[str, ...]) -> float:
    said = words(title)
    return sum(w in wanted for w in said) / max(len(said), 1)
