"""Embeddings from protobuf to float4 arrays, and from arrays to pgvector's binary form."""

from __future__ import annotations

import struct
from array import array

import pytest

from adapters.postgres.knowledge.chunk_copy import _vector
from domain.kernel.errors import InvalidArgument
from entrypoints.grpc.knowledge.embeddings import single_precision_rows
from strata.v1 import knowledge_pb2 as pb


def _chunks(*embeddings: list[float]) -> list[pb.Chunk]:
    request = pb.UpsertChunksRequest(chunks=[pb.Chunk(embedding=e) for e in embeddings])
    return list(pb.UpsertChunksRequest.FromString(request.SerializeToString()).chunks)


def test_embeddings_of_one_length_are_read_as_float4_arrays_holding_their_values() -> None:
    rows = single_precision_rows(_chunks([0.1, -2.5, 3e38], [1.0, 0.0, -0.0]))
    assert [r.typecode for r in rows] == ["f", "f"]
    assert rows[0] == array("f", [0.1, -2.5, 3e38]) and rows[1] == array("f", [1, 0, 0])


def test_embeddings_of_different_lengths_keep_each_its_own_length() -> None:
    rows = single_precision_rows(_chunks([1.0, 2.0], [], [3.0, 4.0, 5.0]))
    assert [list(r) for r in rows] == [[1.0, 2.0], [], [3.0, 4.0, 5.0]]


def test_no_chunks_and_chunks_without_embeddings_give_empty_rows() -> None:
    assert single_precision_rows([]) == []
    assert single_precision_rows(_chunks([], [])) == [array("f"), array("f")]


def test_non_finite_values_pass_through_for_the_domain_to_refuse() -> None:
    (row,) = single_precision_rows(_chunks([float("nan"), float("inf")]))
    assert row[0] != row[0] and row[1] == float("inf")


@pytest.mark.parametrize("values", [[0.5, -1.25, 3.0], [3.4028234e38, -1e-45, 0.0], []])
def test_a_float4_array_encodes_as_the_same_values_packed_one_by_one(values) -> None:
    packed = struct.pack(f">HH{len(values)}f", len(values), 0, *values)
    assert _vector(array("f", values)) == packed == _vector(values)


def test_a_value_beyond_float4_in_a_list_is_still_refused_when_encoded() -> None:
    with pytest.raises(InvalidArgument):
        _vector([1e39, 0.0])
