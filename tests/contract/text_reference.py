"""A reference Okapi BM25 for the contract tests, written apart from both adapters.

Plain words, PostgreSQL's English stop words among those the test corpora use, Snowball
English stems; idf = ln(1 + (N - df + 0.5) / (df + 0.5)) over the workspace's chunks, each query
term weighted by how often the query says it.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import Stemmer

STOP = {"a", "an", "and", "the", "of", "is", "to", "in", "how", "do", "does", "what", "it"}
STOP |= {"about", "with", "for", "on", "by", "are", "this", "that", "which", "can", "or"}
STOP |= {"again", "all", "at", "here", "more", "own", "so", "their", "they", "until"}
_STEM = Stemmer.Stemmer("english")


def terms(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [_STEM.stemWord(w) for w in words if w not in STOP]


def bm25(corpus: dict[str, str], query: str, k1: float = 1.2, b: float = 0.75) -> dict[str, float]:
    """Each chunk id of `corpus` (id → content) holding a query term, with its score."""
    docs = {cid: terms(text) for cid, text in corpus.items()}
    n = len(docs)
    avg = sum(len(d) for d in docs.values()) / n
    wanted = Counter(terms(query))
    scores: dict[str, float] = {}
    for cid, doc in docs.items():
        found = wanted.keys() & set(doc)
        if not found:
            continue
        total = 0.0
        for t in found:
            df = sum(1 for d in docs.values() if t in d)
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            tf = doc.count(t)
            total += wanted[t] * idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(doc) / avg))
        scores[cid] = total
    return scores


def ranked(scores: dict[str, float]) -> list[tuple[str, float]]:
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
