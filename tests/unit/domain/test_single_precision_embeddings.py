"""Embeddings as single-precision arrays: checked like lists, kept as float4, sized in bulk."""

from __future__ import annotations

import math
from array import array

import pytest

from domain.kernel.errors import InvalidArgument
from domain.knowledge.chunk_intake import ChunkIntake, NewChunk
from domain.knowledge.values import F32_MAX, check_vector, single_precision

DIM = 4
F32_LARGEST = array("f", [F32_MAX])[0]


def _refusal(values: array[float]) -> str:
    with pytest.raises(InvalidArgument) as info:
        check_vector(values, DIM, "chunks[2].embedding")
    (violation,) = info.value.violations
    assert violation.field == "chunks[2].embedding"
    return violation.description


@pytest.mark.parametrize(
    "values",
    [
        [0.5, -0.25, 1.0, 0.0],
        [F32_LARGEST, -F32_LARGEST, F32_LARGEST, -F32_LARGEST],
        [0, 0, 0, 1e-45],
    ],
)
def test_float4_arrays_within_range_and_not_all_zero_are_accepted(values) -> None:
    check_vector(array("f", values), DIM, "embedding")


@pytest.mark.parametrize("position", range(DIM))
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nan_or_infinity_anywhere_in_a_float4_array_is_refused(position, bad) -> None:
    values = array("f", [0.5] * DIM)
    values[position] = bad
    assert _refusal(values) == "must not contain NaN or infinity"


def test_infinities_of_both_signs_in_a_float4_array_are_refused() -> None:
    assert _refusal(array("f", [math.inf, -math.inf, 0.5, 0.5])) == (
        "must not contain NaN or infinity"
    )


def test_an_all_zero_float4_array_and_a_wrong_length_are_refused() -> None:
    assert _refusal(array("f", [0.0, -0.0, 0.0, 0.0])) == (
        "must not be all zeros (cosine is undefined)"
    )
    assert _refusal(array("f", [0.5] * (DIM - 1))) == f"must have {DIM} dimensions, not {DIM - 1}"


def test_single_precision_keeps_a_float4_array_and_rounds_anything_else() -> None:
    given = array("f", [0.1, 0.2])
    assert single_precision(given) is given
    rounded = single_precision([0.1, 1, True])
    assert rounded.typecode == "f"
    assert list(rounded) == [array("f", [0.1])[0], 1.0, 1.0]
    assert rounded[0] != 0.1  # float4, as a vector column keeps it


def _chunk(ordinal: int, text: str, metadata: dict[str, str] | None = None) -> NewChunk:
    return NewChunk(ordinal, text, array("f", [0.5] * DIM), metadata=metadata or {})


def test_a_batch_over_its_byte_budget_is_refused_as_a_whole_and_not_counted() -> None:
    # Each chunk: 10 bytes of text, 16 of embedding, 16 for its numbers; metadata as JSON.
    chunks = [_chunk(i, "x" * 10) for i in range(3)]
    exact = 3 * (10 + 4 * DIM + 16)
    ChunkIntake(DIM, max_chunks=10, max_bytes=exact, max_violations=10).add(chunks)
    intake = ChunkIntake(DIM, max_chunks=10, max_bytes=exact - 1, max_violations=10)
    with pytest.raises(InvalidArgument) as info:
        intake.add(chunks)
    assert [v.field for v in info.value.violations] == ["chunks"]
    assert intake.count == 0


def _fits(chunks: list[NewChunk], max_bytes: int) -> bool:
    try:
        ChunkIntake(DIM, max_chunks=10, max_bytes=max_bytes, max_violations=10).add(chunks)
    except InvalidArgument:
        return False
    return True


@pytest.mark.parametrize(
    ("chunks", "size"),
    [
        ([_chunk(0, "ab")], 2 + 4 * DIM + 16),
        ([_chunk(0, "äb")], 3 + 4 * DIM + 16),  # text in UTF-8
        ([_chunk(0, "ab", {"k": "v"})], 2 + 4 * DIM + 16 + len('{"k":"v"}')),
        (
            [_chunk(0, "ab", {"k": "v"}), _chunk(1, "ab"), _chunk(2, "ab", {"k": "vv"})],
            3 * (2 + 4 * DIM + 16) + len('{"k":"v"}') + len('{"k":"vv"}'),
        ),
    ],
)
def test_each_chunks_metadata_counts_as_its_compact_json(chunks, size) -> None:
    assert _fits(chunks, size)
    assert not _fits(chunks, size - 1)
