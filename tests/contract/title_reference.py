"""A reference Okapi BM25 over titles for the contract tests, written apart from both
adapters: words are lower-cased runs of letters and digits (PostgreSQL's `simple`
configuration), idf = ln(1 + (N - df + 0.5) / (df + 0.5)) over the workspace's titles,
each query word weighted by how often the query says it."""

from __future__ import annotations

import math
import re
from collections import Counter


def title_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def title_bm25(
    titles: dict[str, str], query: str, k1: float = 1.2, b: float = 0.75
) -> dict[str, float]:
    """Each id of `titles` (id → title) holding a query word, with its score."""
    docs = {i: title_words(t) for i, t in titles.items()}
    n = len(docs)
    avg = sum(len(d) for d in docs.values()) / n
    wanted = Counter(title_words(query))
    scores: dict[str, float] = {}
    for i, doc in docs.items():
        found = wanted.keys() & set(doc)
        if not found:
            continue
        total = 0.0
        for t in found:
            df = sum(1 for d in docs.values() if t in d)
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            tf = doc.count(t)
            total += wanted[t] * idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(doc) / avg))
        scores[i] = total
    return scores
