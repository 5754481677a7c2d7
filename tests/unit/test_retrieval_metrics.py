"""The ranking metrics of bench/retrieval_quality.py on hand-made rankings."""

import math

import pytest

from bench.retrieval_metrics import (
    average_precision_at,
    mean_scores,
    ndcg_at,
    recall_at,
    reciprocal_rank_at,
)


def test_ndcg_is_one_when_every_relevant_document_leads():
    assert ndcg_at(10, [3, 1, 2, 9], {1, 3}) == pytest.approx(1.0)


def test_ndcg_discounts_a_relevant_document_by_its_position():
    # One relevant document, found second: 1/log2(3) against the ideal 1/log2(2).
    assert ndcg_at(10, [5, 7, 8], {7}) == pytest.approx(1 / math.log2(3))


def test_ndcg_ideal_is_capped_at_k_relevant_documents():
    relevant = set(range(100, 120))
    ranking = [*range(100, 110)]
    assert ndcg_at(10, ranking, relevant) == pytest.approx(1.0)


def test_ndcg_ignores_hits_below_the_cutoff():
    assert ndcg_at(2, [1, 2, 3], {3}) == 0.0


def test_average_precision_averages_precision_at_each_hit():
    # Hits at ranks 1 and 3 of two relevant: (1/1 + 2/3) / 2.
    assert average_precision_at(100, [4, 5, 6], {4, 6}) == pytest.approx((1 + 2 / 3) / 2)


def test_average_precision_counts_relevant_documents_never_found():
    # One of four relevant found, first: 1 / 4.
    assert average_precision_at(100, [1, 2], {1, 7, 8, 9}) == pytest.approx(0.25)


def test_average_precision_divides_by_the_cutoff_when_more_are_relevant():
    assert average_precision_at(2, [1, 2, 3], {1, 2, 3, 4}) == pytest.approx(1.0)


def test_recall_is_the_share_of_relevant_documents_in_the_top_k():
    assert recall_at(3, [1, 2, 3, 4], {2, 4, 6, 8}) == pytest.approx(0.25)


def test_reciprocal_rank_is_one_over_the_first_hit_position():
    assert reciprocal_rank_at(10, [9, 8, 7, 1, 2], {1, 2}) == pytest.approx(0.25)


def test_reciprocal_rank_is_zero_when_the_first_hit_is_below_the_cutoff():
    assert reciprocal_rank_at(3, [9, 8, 7, 1], {1}) == 0.0


def test_mean_scores_count_a_query_without_ranking_as_zero():
    scores = mean_scores({1: [10, 11]}, {1: {10}, 2: {20}})
    assert scores == pytest.approx(
        {"nDCG@10": 0.5, "MAP@100": 0.5, "Recall@100": 0.5, "MRR@10": 0.5}
    )
