"""Embeddings: the length, NaN and infinity anywhere, float4's range, all zeros, numbers only."""

from __future__ import annotations

import math

import pytest

from domain.kernel.errors import InvalidArgument
from domain.knowledge.chunks import ChunkIntake, NewChunk
from domain.knowledge.values import F32_MAX, check_embedding, check_vector

DIM = 4
NAN, INF = math.nan, math.inf


def _refusal(values: list[float]) -> tuple[str, str]:
    with pytest.raises(InvalidArgument) as info:
        check_vector(values, DIM, "chunks[3].embedding")
    (violation,) = info.value.violations
    return violation.field, violation.description


@pytest.mark.parametrize(
    "values",
    [
        [0.5, -0.25, 1.0, 0.0],
        [F32_MAX, -F32_MAX, F32_MAX, -F32_MAX],
        [1e38] * DIM,
        [0.0, 0.0, 0.0, 1e-45],
        [1, 0, 0, 0],
    ],
)
def test_vectors_within_float4_and_not_all_zero_are_accepted(values) -> None:
    check_vector(values, DIM, "embedding")


@pytest.mark.parametrize("position", range(DIM))
@pytest.mark.parametrize("bad", [NAN, INF, -INF])
def test_nan_or_infinity_anywhere_is_refused(position, bad) -> None:
    values = [0.5] * DIM
    values[position] = bad
    assert _refusal(values) == ("chunks[3].embedding", "must not contain NaN or infinity")


def test_nan_or_infinity_is_named_before_a_value_beyond_float4() -> None:
    assert _refusal([1e39, NAN, 0.5, 0.5])[1] == "must not contain NaN or infinity"
    assert _refusal([INF, -INF, 0.5, 0.5])[1] == "must not contain NaN or infinity"


@pytest.mark.parametrize(
    "values",
    [
        [1e39, 0.5, 0.5, 0.5],
        [0.5, 0.5, 0.5, -1e39],
        [F32_MAX * 1.0001, 0.0, 0.0, 0.0],
        [1e308, 1e308, 1e308, 1e308],  # their norm and their sum overflow a float
    ],
)
def test_a_value_beyond_float4_is_refused_naming_the_field(values) -> None:
    field, description = _refusal(values)
    assert field == "chunks[3].embedding"
    assert "3.4028235e38" in description


@pytest.mark.parametrize("values", [[0.0] * DIM, [0.0, -0.0, 0.0, -0.0], [0] * DIM])
def test_all_zeros_are_refused(values) -> None:
    assert _refusal(values)[1] == "must not be all zeros (cosine is undefined)"


def test_a_wrong_length_and_non_numbers_are_refused() -> None:
    assert _refusal([0.5] * (DIM + 1))[1] == f"must have {DIM} dimensions, not {DIM + 1}"
    assert _refusal(["0.5", 0.5, 0.5, 0.5])[1] == "must hold only numbers"  # type: ignore[list-item]


def test_check_embedding_returns_a_new_list_of_floats() -> None:
    given = (1, 0, 0.5, True)
    got = check_embedding(given, DIM, "embedding")
    assert got == [1.0, 0.0, 0.5, 1.0]
    assert all(type(v) is float for v in got)
    with pytest.raises(InvalidArgument):
        check_embedding([1e39, 0.5, 0.5, 0.5], DIM, "embedding")


def test_intake_names_each_chunk_whose_vector_is_refused() -> None:
    intake = ChunkIntake(DIM, max_chunks=10, max_bytes=10_000, max_violations=10)
    vectors = [[0.5] * DIM, [1e39, 0.5, 0.5, 0.5], [0.5, 0.5, NAN, 0.5], [0.0] * DIM]
    with pytest.raises(InvalidArgument) as info:
        intake.add([NewChunk(i, f"chunk {i}", v) for i, v in enumerate(vectors)])
    assert [v.field for v in info.value.violations] == [
        "chunks[1].embedding",
        "chunks[2].embedding",
        "chunks[3].embedding",
    ]
    assert intake.count == 0
