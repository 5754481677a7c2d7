"""Reference rankings for bench/retrieval_quality.py: exact dense cosine, BM25 and their fusion.

BM25 is rank_bm25's BM25Okapi over lowercase [a-z0-9]+ tokens without PostgreSQL's English
stopwords, stemmed by PyStemmer (Snowball's `porter`, the original Porter algorithm, by
default; `english` is Porter2, the stemmer of PostgreSQL's `english` configuration).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

# PostgreSQL's share/tsearch_data/english.stop, in its order.
_POSTGRES_ENGLISH_STOP_FILE = """
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
she her hers herself it its itself they them their theirs themselves what which who whom
this that these those am is are was were be been being have has had having do does did
doing a an the and but if or because as until while of at by for with about against between
into through during before after above below to from up down in out on off over under again
further then once here there when where why how all any both each few more most other some
such no nor not only own same so than too very s t can will just don should now
"""
POSTGRES_ENGLISH_STOPWORDS = frozenset(_POSTGRES_ENGLISH_STOP_FILE.split())
_TOKEN = re.compile(r"[a-z0-9]+")


class Analyzer:
    """Text to index terms: lowercase [a-z0-9]+ tokens, stopwords dropped, then stemmed."""

    def __init__(self, stemmer: str = "porter", keep_stopwords: bool = False) -> None:
        import Stemmer

        self._stemmer = Stemmer.Stemmer(stemmer)
        self._stopwords = frozenset() if keep_stopwords else POSTGRES_ENGLISH_STOPWORDS

    def terms(self, text: str) -> list[str]:
        tokens = [t for t in _TOKEN.findall(text.lower()) if t not in self._stopwords]
        return list(self._stemmer.stemWords(tokens))


class Bm25Reference:
    """rank_bm25's BM25Okapi over `docs` (their ids in the same order)."""

    def __init__(
        self, docs: Sequence[str], ids: Sequence[int], analyzer: Analyzer, k1: float, b: float
    ) -> None:
        from rank_bm25 import BM25Okapi

        self.analyzer, self.ids = analyzer, np.asarray(ids)
        corpus = [analyzer.terms(text) for text in docs]
        self.vocabulary = {term for terms in corpus for term in terms}
        self._bm25 = BM25Okapi(corpus, k1=k1, b=b)

    def has_indexed_term(self, query: str) -> bool:
        return any(term in self.vocabulary for term in self.analyzer.terms(query))

    def rank(self, query: str, k: int) -> list[int]:
        """The ids of the k best-scoring documents with a score above zero, best first."""
        scores = self._bm25.get_scores(self.analyzer.terms(query))
        order = np.argsort(-scores, kind="stable")[:k]
        return [int(self.ids[i]) for i in order if scores[i] > 0]


def dense_rank(docs: np.ndarray, ids: Sequence[int], query: np.ndarray, k: int) -> list[int]:
    """The ids of the k documents of highest cosine to `query` (rows are unit vectors)."""
    scores = docs @ query
    order = np.argsort(-scores, kind="stable")[:k]
    return [int(ids[i]) for i in order]


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], k: int = 60) -> list[int]:
    """Ids by the sum of 1 / (k + rank) over the rankings they appear in (rank from 1)."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, doc in enumerate(ranking, start=1):
            fused[doc] = fused.get(doc, 0.0) + 1 / (k + rank)
    return sorted(fused, key=lambda doc: -fused[doc])
