"""Every request is checked against its protos' limits before any use case runs."""

from __future__ import annotations

from typing import Any

import pytest
from google.protobuf import struct_pb2
from google.protobuf.message import Message

from domain.kernel.errors import InvalidArgument
from entrypoints.grpc.validation import Undecodable, check_request, check_stream, tolerant
from entrypoints.grpc.validation.found import MAX_VIOLATIONS
from strata.v1 import audit_pb2 as apb
from strata.v1 import identity_pb2 as ipb
from strata.v1 import knowledge_pb2 as kpb

ID = "01920000-0000-7000-8000-000000000001"


def violations(request: object) -> dict[str, str]:
    with pytest.raises(InvalidArgument) as info:
        check_request(request)
    return {v.field: v.description for v in info.value.violations}


def metadata(value: dict[str, Any]) -> struct_pb2.Struct:
    out = struct_pb2.Struct()
    out.update(value)
    return out


def test_a_valid_request_passes() -> None:
    check_request(ipb.GetUserRequest(id=ID))
    check_request(kpb.SearchChunksRequest(workspace_id=ID, query_text="vacation", top_k=5))


def test_nul_in_any_string_names_the_field_however_deep() -> None:
    found = violations(
        kpb.UpsertChunksRequest(
            workspace_id=ID, chunks=[kpb.Chunk(content="fine"), kpb.Chunk(content="a\x00b")]
        )
    )
    assert list(found) == ["chunks[1].content"]
    assert "NUL" in found["chunks[1].content"]
    assert "user.name" in violations(ipb.UpdateUserRequest(user=ipb.User(id=ID, name="\x00")))
    assert "request_id" in violations(apb.ListAuditEntriesRequest(request_id="r\x00"))


def test_nul_in_struct_keys_and_values_names_the_key() -> None:
    found = violations(kpb.CreateDocumentRequest(metadata=metadata({"foo": "a\x00", "k\x00": 1})))
    assert set(found) == {"metadata.foo", "metadata.k\\u0000"}


def test_strings_longer_than_declared_name_the_field() -> None:
    assert "title" in violations(kpb.CreateDocumentRequest(title="t" * 501))
    assert "query_text" in violations(kpb.SearchChunksRequest(query_text="w " * 2001))
    assert "content_hash" in violations(kpb.CreateDocumentRequest(content_hash="h" * 129))
    check_request(kpb.CreateDocumentRequest(title="t" * 500, content_hash="h" * 128))
    check_request(kpb.SearchChunksRequest(query_text="w " * 2000))


def test_indexed_strings_are_bounded_in_utf8_bytes_too() -> None:
    four_byte_letters = "\U00020000" * 600  # 600 characters, 2,400 bytes
    assert "storage_key" in violations(kpb.CreateDocumentRequest(storage_key=four_byte_letters))
    check_request(kpb.CreateDocumentRequest(storage_key="\U00020000" * 512))


def test_repeated_fields_longer_than_declared_are_refused_without_walking_them() -> None:
    chunks = [kpb.Chunk(content="\x00")] * 1001
    assert list(violations(kpb.UpsertChunksRequest(chunks=chunks))) == ["chunks"]


def test_malformed_ids_are_invalid_and_well_formed_ones_pass() -> None:
    assert "id" in violations(kpb.GetDocumentRequest(workspace_id=ID, id="nope"))
    assert "document_ids[1]" in violations(kpb.SearchChunksRequest(document_ids=[ID, "x" * 36]))
    assert "user.id" in violations(ipb.UpdateUserRequest(user=ipb.User(id="1; DROP")))
    check_request(kpb.GetDocumentRequest(workspace_id=ID, id=ID.upper()))


def test_a_huge_id_is_refused_with_a_short_message() -> None:
    with pytest.raises(InvalidArgument) as info:
        check_request(kpb.GetDocumentRequest(workspace_id=ID, id="x" * 1_000_000))
    assert len(info.value.message) < 200


@pytest.mark.parametrize("url", ["http://[::1/", "javascript:alert(1)", "https://", "http://a b/"])
def test_malformed_urls_name_the_field(url: str) -> None:
    assert "source_url" in violations(kpb.CreateDocumentRequest(source_url=url))
    assert "url" in violations(kpb.CheckDuplicateRequest(workspace_id=ID, url=url))


def test_timestamps_outside_years_1_to_9999_or_with_bad_nanos_are_refused() -> None:
    assert "end_time" in violations(apb.ListAuditEntriesRequest(end_time={"seconds": -(10**12)}))
    too_late = kpb.ListEvaluationsRequest(start_time={"seconds": 253_402_300_800})
    assert "start_time" in violations(too_late)
    assert "created_after" in violations(kpb.ListDocumentsRequest(created_after={"nanos": -1}))
    bad_output_time = kpb.UpdateDocumentRequest(document=kpb.Document(create_time={"nanos": -5}))
    assert "document.create_time" in violations(bad_output_time)
    check_request(apb.ListAuditEntriesRequest(start_time={"seconds": -62_135_596_800}))


def test_durations_beyond_protobufs_range_or_with_mixed_signs_are_refused() -> None:
    assert "ttl" in violations(ipb.CreateApiKeyRequest(ttl={"seconds": 2**62}))
    assert "ttl" in violations(ipb.LoginRequest(ttl={"seconds": 100, "nanos": -5}))
    assert "ttl" in violations(ipb.LoginRequest(ttl={"seconds": 0, "nanos": 1_000_000_000}))
    check_request(ipb.LoginRequest(ttl={"seconds": -1, "nanos": -5}))


def test_integers_outside_their_declared_range_name_the_field() -> None:
    assert "min_duration_ms" in violations(apb.ListAuditEntriesRequest(min_duration_ms=2**31))
    assert "min_duration_ms" in violations(apb.SummarizeAuditActionsRequest(min_duration_ms=-1))
    assert "top_k" in violations(kpb.SearchChunksRequest(top_k=1001))
    check_request(apb.ListAuditEntriesRequest(min_duration_ms=2**31 - 1))


def test_enum_values_the_enum_does_not_define_are_refused() -> None:
    assert "outcomes[0]" in violations(apb.ListAuditEntriesRequest(outcomes=[99]))  # type: ignore[list-item]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_are_refused_in_fields_and_structs(bad: float) -> None:
    assert "min_similarity" in violations(kpb.SearchChunksRequest(min_similarity=bad))
    assert "quality_score" in violations(kpb.RecordEvaluationRequest(quality_score=bad))
    nested = ipb.CreateUserRequest(preferences=metadata({"a": {"b": [1, bad]}}))
    assert "preferences.a.b[1]" in violations(nested)


def test_floats_outside_their_declared_range_are_refused() -> None:
    assert "threshold" in violations(kpb.CheckDuplicateRequest(threshold=1.5))


def test_embeddings_are_bounded_in_length_and_left_to_the_domain_value_by_value() -> None:
    check_request(kpb.SearchChunksRequest(query_embedding=[float("nan")] * 4))
    assert "query_embedding" in violations(kpb.SearchChunksRequest(query_embedding=[1.0] * 4001))


def test_structs_nested_deeper_than_32_levels_are_refused() -> None:
    request = kpb.CreateDocumentRequest()
    level = request.metadata
    for _ in range(33):
        level = level.fields["a"].struct_value
    level.fields["leaf"].number_value = 1
    found = violations(request)
    assert len(found) == 1
    assert next(iter(found)).startswith("metadata.a.a")
    assert "32" in next(iter(found.values()))


def test_structs_larger_than_declared_are_refused() -> None:
    big = metadata({"k": "v" * 20_000})
    assert "document_metadata" in violations(kpb.SearchChunksRequest(document_metadata=big))
    check_request(kpb.CreateDocumentRequest(metadata=big))


def test_field_mask_paths_are_bounded() -> None:
    request = kpb.UpdateDocumentRequest()
    request.update_mask.paths.append("metadata." + "k" * 300)
    assert "update_mask.paths[0]" in violations(request)


def test_every_violation_is_reported_up_to_a_bound() -> None:
    chunks = [kpb.Chunk(content="\x00") for _ in range(100)]
    found = violations(kpb.UpsertChunksRequest(chunks=chunks))
    assert len(found) == MAX_VIOLATIONS


def test_paths_are_bounded_however_long_or_deep_the_keys() -> None:
    request = kpb.CreateDocumentRequest()
    level = request.metadata
    for _ in range(20):
        level = level.fields["k" * 500].struct_value
    level.fields["n"].number_value = float("nan")
    (path,) = violations(request)
    assert path.startswith("metadata.kkk")
    assert len(path) <= 81


def test_an_undecodable_payload_is_a_marker_refused_as_the_request() -> None:
    decode = tolerant(kpb.CreateDocumentRequest.FromString)
    assert decode is not None
    invalid_utf8 = b"\x12\x02\xff\xfe"  # title (field 2) holding bytes that are not UTF-8
    marker = decode(invalid_utf8)
    assert isinstance(marker, Undecodable)
    assert list(violations(marker)) == ["request"]
    assert decode(kpb.CreateDocumentRequest(title="ok").SerializeToString()).title == "ok"
    assert tolerant(None) is None


def _field(tag: int, body: bytes) -> bytes:
    size, length = len(body), b""
    while size >= 0x80:
        length, size = length + bytes([size & 0x7F | 0x80]), size >> 7
    return bytes([tag]) + length + bytes([size]) + body


def test_a_struct_nested_200_levels_is_undecodable_not_an_error() -> None:
    value = b"\x08\x00"  # Value{null_value: NULL_VALUE}
    for _ in range(200):  # Value{struct_value: Struct{fields: {"a": value}}}
        entry = _field(0x0A, b"a") + _field(0x12, value)
        value = _field(0x2A, _field(0x0A, entry))
    metadata = _field(0x0A, _field(0x0A, b"a") + _field(0x12, value))  # Struct{"a": value}
    payload = _field(0x4A, metadata)  # CreateDocumentRequest{metadata}
    decode = tolerant(kpb.CreateDocumentRequest.FromString)
    assert decode is not None
    assert isinstance(decode(payload), Undecodable)


async def test_a_stream_yields_good_messages_and_stops_at_the_first_bad_one() -> None:
    async def messages() -> Any:
        yield kpb.UpsertChunksStreamRequest(workspace_id=ID, document_id=ID)
        yield kpb.UpsertChunksStreamRequest(chunks=[kpb.Chunk(content="ok\x00")])

    seen = []
    with pytest.raises(InvalidArgument) as info:
        async for message in check_stream(messages()):
            seen.append(message)
    assert len(seen) == 1
    assert [v.field for v in info.value.violations] == ["chunks[0].content"]


def test_non_messages_are_left_alone() -> None:
    check_request(None)
    check_request(b"raw")
    assert isinstance(ipb.WhoAmIRequest(), Message)
