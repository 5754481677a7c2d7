"""The two hybrid fusions on hand-made lists: exact scores, orders, ties and explanations."""

from __future__ import annotations

import pytest

from domain.knowledge.fusion import (
    Fusion,
    convex_combination,
    explained,
    reciprocal_rank_fusion,
)
from domain.knowledge.model import Chunk
from domain.knowledge.search import ChunkHit, FusionKind, HitExplanation, ListMatch


def hit(chunk_id: str, score: float, rank: int) -> ChunkHit:
    return ChunkHit(Chunk(chunk_id, "doc", "ws", 0, chunk_id, None), "Doc", score, rank)


# Vector finds a, b, c; full text finds c, d, a: a and c are in both, b and d in one only.
VECTOR = [hit("a", 0.9, 1), hit("b", 0.7, 2), hit("c", 0.5, 3)]
TEXT = [hit("c", 12.0, 1), hit("d", 6.0, 2), hit("a", 3.0, 3)]


def ids_and_scores(hits: list[ChunkHit]) -> list[tuple[str, float]]:
    return [(h.chunk.id, h.score) for h in hits]


def test_rrf_sums_weight_over_k_plus_rank_and_breaks_ties_by_chunk_id() -> None:
    fused = reciprocal_rank_fusion(VECTOR, TEXT, 60, 1.0, 1.0, 10)
    both, one = 1 / 61 + 1 / 63, 1 / 62
    assert ids_and_scores(fused) == [("a", both), ("c", both), ("b", one), ("d", one)]
    assert [h.rank for h in fused] == [1, 2, 3, 4]


def test_rrf_weights_scale_each_list_and_zero_keeps_its_chunks_last() -> None:
    fused = reciprocal_rank_fusion(VECTOR, TEXT, 10, 2.0, 0.0, 10)
    assert ids_and_scores(fused) == [("a", 2 / 11), ("b", 2 / 12), ("c", 2 / 13), ("d", 0.0)]


def test_rrf_of_one_empty_list_ranks_the_other_and_of_two_is_empty() -> None:
    fused = reciprocal_rank_fusion([], TEXT, 60, 1.0, 1.0, 2)
    assert ids_and_scores(fused) == [("c", 1 / 61), ("d", 1 / 62)]
    assert reciprocal_rank_fusion([], [], 60, 1.0, 1.0, 10) == []


def test_convex_combines_min_max_normalised_scores_with_alpha() -> None:
    # vector normalised: a 1, b 0.5, c 0; text: c 1, d 1/3, a 0; a missing list counts 0
    fused = convex_combination(VECTOR, TEXT, 0.75, 10)
    expected = [("a", 0.75), ("b", 0.375), ("c", 0.25), ("d", 0.25 / 3)]
    assert [h.chunk.id for h in fused] == [cid for cid, _ in expected]
    assert [h.score for h in fused] == pytest.approx([s for _, s in expected])
    assert [h.rank for h in fused] == [1, 2, 3, 4]


def test_convex_ties_go_by_chunk_id() -> None:
    fused = convex_combination(VECTOR, TEXT, 0.5, 10)
    assert ids_and_scores(fused)[:2] == [("a", 0.5), ("c", 0.5)]


@pytest.mark.parametrize(
    ("alpha", "order"),
    [(1.0, ["a", "b", "c", "d"]), (0.0, ["c", "d", "a", "b"])],
)
def test_convex_alpha_at_either_end_follows_one_list(alpha: float, order: list[str]) -> None:
    fused = convex_combination(VECTOR, TEXT, alpha, 10)
    assert [h.chunk.id for h in fused] == order
    assert [h.score for h in fused][2:] == [0.0, 0.0]


def test_convex_gives_a_list_of_equal_scores_full_credit() -> None:
    fused = convex_combination([hit("x", 0.4, 1)], [hit("y", 2.0, 1), hit("z", 2.0, 2)], 0.3, 10)
    assert [h.chunk.id for h in fused] == ["y", "z", "x"]
    assert [h.score for h in fused] == pytest.approx([0.7, 0.7, 0.3])
    assert convex_combination([], [], 0.5, 10) == []


def test_both_fusions_cut_at_top_k() -> None:
    assert [h.chunk.id for h in reciprocal_rank_fusion(VECTOR, TEXT, 60, 1, 1, 1)] == ["a"]
    assert [h.chunk.id for h in convex_combination(VECTOR, TEXT, 0.75, 2)] == ["a", "b"]


def test_explanations_give_each_lists_rank_and_score_and_the_fused_score() -> None:
    fused = Fusion(FusionKind.RRF, rrf_k=60).fuse(VECTOR, TEXT, 10, explain=True)
    why = {h.chunk.id: h.explanation for h in fused}
    assert why["a"] == HitExplanation(ListMatch(1, 0.9), ListMatch(3, 3.0), 1 / 61 + 1 / 63)
    assert why["b"] == HitExplanation(ListMatch(2, 0.7), None, 1 / 62)
    assert why["d"] == HitExplanation(None, ListMatch(2, 6.0), 1 / 62)
    convex = Fusion(FusionKind.CONVEX, alpha=0.75).fuse(VECTOR, TEXT, 10, explain=True)
    assert convex[0].explanation == HitExplanation(ListMatch(1, 0.9), ListMatch(3, 3.0), 0.75)


def test_hits_carry_no_explanation_unless_asked() -> None:
    assert all(h.explanation is None for h in Fusion().fuse(VECTOR, TEXT, 10))


def test_a_single_list_explains_itself_on_its_own_side() -> None:
    only_text = explained(TEXT[:2], vector_list=False)
    assert [h.explanation for h in only_text] == [
        HitExplanation(None, ListMatch(1, 12.0), 12.0),
        HitExplanation(None, ListMatch(2, 6.0), 6.0),
    ]
    assert explained(VECTOR[:1], vector_list=True)[0].explanation == HitExplanation(
        ListMatch(1, 0.9), None, 0.9
    )
