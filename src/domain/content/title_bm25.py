"""Okapi BM25 over titles, with weights a page token can carry.

idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)); a title scores Σ over the query's words
qtf(t) · idf(t) · tf · (k1 + 1) / (tf + k1 · (1 - b + b · len / avglen)), where qtf is how
often the query asks for t, N the workspace's item count, df how many of its titles hold t,
avglen their mean length and len the title's, both in words (`TitleCorpus`). A score
depends on the corpus, which changes between the pages of one list: the first page reads
it, and its token carries it to the next pages, which rank with the same weights.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from domain.content.text_query import clauses, words


@dataclass(frozen=True, slots=True)
class TitleRanking:
    """BM25's k1 (term frequency saturation) and b (length normalisation): the knowledge
    search's defaults."""

    k1: float = 1.2
    b: float = 0.75


DEFAULT_TITLE_RANKING = TitleRanking()


@dataclass(frozen=True, slots=True)
class QueryTerms:
    """The words the query asks for (not those it excludes), sorted, with how often."""

    words: tuple[str, ...]
    counts: tuple[int, ...]

    @classmethod
    def of(cls, query: str) -> QueryTerms:
        said = Counter(w for c in clauses(query) for t in c if not t.negated for w in t.words)
        ordered = tuple(sorted(said))
        return cls(ordered, tuple(said[w] for w in ordered))


@dataclass(frozen=True, slots=True)
class TitleCorpus:
    """A workspace's titles as BM25 sees them: how many, their total length in words, and
    how many hold each query word (in `QueryTerms.words` order)."""

    items: int
    length: int
    doc_freq: tuple[int, ...]

    def carried(self) -> tuple[str, ...]:
        return tuple(str(n) for n in (self.items, self.length, *self.doc_freq))

    @classmethod
    def from_carried(cls, raw: tuple[str, ...], terms: QueryTerms) -> TitleCorpus:
        """The corpus a page token carries; ValueError unless it fits the query."""
        items, length, *doc_freq = (int(n) for n in raw)
        fits = len(doc_freq) == len(terms.words) and min(items, length, *doc_freq) >= 0
        if not fits or max(doc_freq, default=0) > items:
            raise ValueError("the carried corpus does not fit the query")
        return cls(items, length, tuple(doc_freq))


@dataclass(frozen=True, slots=True)
class TitleWeights:
    """What scores a title: each query word's weight (qtf · idf), the mean title length,
    k1 and b."""

    words: tuple[str, ...]
    idf: tuple[float, ...]
    avglen: float
    k1: float
    b: float

    @classmethod
    def of(cls, terms: QueryTerms, corpus: TitleCorpus, ranking: TitleRanking) -> TitleWeights:
        n = corpus.items
        idf = tuple(
            q * math.log(1 + (n - df + 0.5) / (df + 0.5))
            for q, df in zip(terms.counts, corpus.doc_freq, strict=True)
        )
        avglen = corpus.length / n if n and corpus.length else 1.0
        return cls(terms.words, idf, avglen, ranking.k1, ranking.b)

    def score(self, title: str) -> float:
        said = Counter(words(title))
        length = sum(said.values())
        norm = self.k1 * (1 - self.b + self.b * length / self.avglen)
        return sum(
            w * said[t] * (self.k1 + 1) / (said[t] + norm)
            for t, w in zip(self.words, self.idf, strict=True)
            if said[t]
        )
