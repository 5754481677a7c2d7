"""Ranking quality with binary relevance: nDCG@k, average precision, recall and reciprocal rank.

Each function takes one query's ranking (document ids, best first) and the set of its relevant
ids, and returns a number in [0, 1]; `mean_scores` averages them over queries.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Collection, Mapping, Sequence

Ranking = Sequence[int]
Metric = Callable[[Ranking, Collection[int]], float]


def ndcg_at(k: int, ranking: Ranking, relevant: Collection[int]) -> float:
    """Discounted cumulative gain of the top k over the best possible (all relevant first)."""
    gain = sum(1 / math.log2(i + 2) for i, doc in enumerate(ranking[:k]) if doc in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return gain / ideal if ideal else 0.0


def average_precision_at(k: int, ranking: Ranking, relevant: Collection[int]) -> float:
    """Precision at each relevant hit of the top k, summed over min(k, |relevant|)."""
    hits, total = 0, 0.0
    for i, doc in enumerate(ranking[:k]):
        if doc in relevant:
            hits += 1
            total += hits / (i + 1)
    best = min(k, len(relevant))
    return total / best if best else 0.0


def recall_at(k: int, ranking: Ranking, relevant: Collection[int]) -> float:
    """Share of the relevant documents found in the top k."""
    if not relevant:
        return 0.0
    return len(set(ranking[:k]) & set(relevant)) / len(relevant)


def reciprocal_rank_at(k: int, ranking: Ranking, relevant: Collection[int]) -> float:
    """1 / the position of the first relevant document in the top k; 0 when none is there."""
    for i, doc in enumerate(ranking[:k]):
        if doc in relevant:
            return 1 / (i + 1)
    return 0.0


METRICS: dict[str, Metric] = {
    "nDCG@10": lambda r, rel: ndcg_at(10, r, rel),
    "MAP@100": lambda r, rel: average_precision_at(100, r, rel),
    "Recall@100": lambda r, rel: recall_at(100, r, rel),
    "MRR@10": lambda r, rel: reciprocal_rank_at(10, r, rel),
}


def mean_scores(
    rankings: Mapping[int, Ranking], qrels: Mapping[int, Collection[int]]
) -> dict[str, float]:
    """Each metric of METRICS averaged over the judged queries (a query not ranked scores 0)."""
    return {
        name: statistics.fmean(metric(rankings.get(q, ()), qrels[q]) for q in qrels)
        for name, metric in METRICS.items()
    }
