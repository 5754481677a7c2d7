"""Okapi BM25 over a workspace's chunks, with the formula the PostgreSQL search uses.

idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)) (always positive, as in Lucene);
score = Σ qtf(t) · idf(t) · tf · (k1 + 1) / (tf + k1 · (1 - b + b · len / avglen)), qtf
being how often the query says t (a long question's repeated words weigh more), lengths in
lexeme positions, N, df and avglen over every chunk of the workspace.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from adapters.memory.knowledge.full_text import Positions
from domain.knowledge.text_query import TextRanking


def length(doc: Positions) -> int:
    return sum(len(p) for p in doc.values())


@dataclass(frozen=True, slots=True)
class CorpusStats:
    chunk_count: int
    average_length: float
    doc_freq: dict[str, int]

    @classmethod
    def of(cls, docs: Iterable[Positions], terms: set[str]) -> CorpusStats:
        count, total, freq = 0, 0, dict.fromkeys(terms, 0)
        for doc in docs:
            count, total = count + 1, total + length(doc)
            for t in terms & doc.keys():
                freq[t] += 1
        return cls(count, total / count if count else 0.0, freq)

    def idf(self, term: str) -> float:
        df = self.doc_freq.get(term, 0)
        return math.log(1 + (self.chunk_count - df + 0.5) / (df + 0.5))

    def score(self, doc: Positions, terms: Mapping[str, int], r: TextRanking) -> float:
        norm = r.k1 * (1 - r.b + r.b * length(doc) / self.average_length)
        return sum(
            terms[t] * self.idf(t) * len(doc[t]) * (r.k1 + 1) / (len(doc[t]) + norm)
            for t in sorted(terms.keys() & doc.keys())
        )
