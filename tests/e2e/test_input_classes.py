"""Bad input, class by class, is INVALID_ARGUMENT naming the field: never INTERNAL or UNKNOWN."""

from __future__ import annotations

import random
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

import grpc
import pytest
from google.protobuf import struct_pb2

from domain.knowledge.values import MAX_CHUNK_CONTENT
from strata.v1 import audit_pb2 as apb
from strata.v1 import audit_pb2_grpc, knowledge_pb2_grpc
from strata.v1 import identity_pb2 as ipb
from strata.v1 import knowledge_pb2 as kpb
from tests.e2e.harness import Caller, Harness, violations

pytestmark = [pytest.mark.e2e]
DIM = 1536
UNKNOWN_ID = "01920000-0000-7000-8000-00000000dead"
INVALID = grpc.StatusCode.INVALID_ARGUMENT


@dataclass
class Scene:
    h: Harness
    knowledge: knowledge_pb2_grpc.KnowledgeServiceStub
    audit: audit_pb2_grpc.AuditServiceStub
    owner: Caller
    ws: str


@pytest.fixture(scope="module")
async def scene(harness: Harness) -> Scene:
    owner = await harness.new_user("inputs")
    ws = await harness.new_workspace(owner, "inputs")
    return Scene(
        harness,
        knowledge_pb2_grpc.KnowledgeServiceStub(harness.channel),
        audit_pb2_grpc.AuditServiceStub(harness.channel),
        owner,
        ws,
    )


async def refused(call: Awaitable[Any]) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    assert info.value.code() == INVALID, (info.value.code(), info.value.details())
    return info.value


def metadata(value: dict[str, Any]) -> struct_pb2.Struct:
    out = struct_pb2.Struct()
    out.update(value)
    return out


def unit(i: int) -> list[float]:
    return [float(j == i) for j in range(DIM)]


async def new_document(s: Scene) -> kpb.Document:
    r = await s.knowledge.CreateDocument(
        kpb.CreateDocumentRequest(workspace_id=s.ws, title="Inputs"), metadata=s.owner.md
    )
    return r.document


# --- Answered by the domain today ------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://[::1/", "javascript:alert(1)", "https://"])
async def test_malformed_urls_name_the_field(scene: Scene, url: str) -> None:
    create = kpb.CreateDocumentRequest(workspace_id=scene.ws, title="t", source_url=url)
    err = await refused(scene.knowledge.CreateDocument(create, metadata=scene.owner.md))
    assert "source_url" in violations(err)
    check = kpb.CheckDuplicateRequest(workspace_id=scene.ws, url=url)
    err = await refused(scene.knowledge.CheckDuplicate(check, metadata=scene.owner.md))
    assert "url" in violations(err)


async def test_a_title_longer_than_the_column_names_the_title(scene: Scene) -> None:
    create = kpb.CreateDocumentRequest(workspace_id=scene.ws, title="t" * 501)
    err = await refused(scene.knowledge.CreateDocument(create, metadata=scene.owner.md))
    assert "title" in violations(err)


async def test_an_unsigned_page_token_is_refused(scene: Scene) -> None:
    forged = "eyJrIjpbIngiXSwiZiI6IjAwMDAwMDAwMDAwMDAwMDAifQ"  # {"k":["x"],"f":"0000…"}
    request = kpb.ListDocumentsRequest(workspace_id=scene.ws, page_token=forged)
    err = await refused(scene.knowledge.ListDocuments(request, metadata=scene.owner.md))
    assert "page_token" in violations(err)


async def test_a_signed_page_token_walks_on_and_a_foreign_one_is_refused(scene: Scene) -> None:
    for _ in range(2):
        await new_document(scene)
    first = await scene.knowledge.ListDocuments(
        kpb.ListDocumentsRequest(workspace_id=scene.ws, page_size=1), metadata=scene.owner.md
    )
    token = first.next_page_token
    again = kpb.ListDocumentsRequest(workspace_id=scene.ws, page_size=1, page_token=token)
    assert (await scene.knowledge.ListDocuments(again, metadata=scene.owner.md)).documents
    other = kpb.ListDocumentsRequest(
        workspace_id=scene.ws, page_token=token, kinds=[kpb.DOCUMENT_KIND_MODEL]
    )
    err = await refused(scene.knowledge.ListDocuments(other, metadata=scene.owner.md))
    assert "page_token" in violations(err)


async def test_query_text_beyond_its_limits_is_refused_before_the_database(scene: Scene) -> None:
    for text in ("word " * 40_000, " ".join(f"w{i}" for i in range(513))):
        search = kpb.SearchChunksRequest(workspace_id=scene.ws, query_text=text)
        err = await refused(scene.knowledge.SearchChunks(search, metadata=scene.owner.md))
        assert "query_text" in violations(err)


async def test_a_search_with_no_query_says_one_of_the_two_is_required(scene: Scene) -> None:
    search = kpb.SearchChunksRequest(workspace_id=scene.ws)
    err = await refused(scene.knowledge.SearchChunks(search, metadata=scene.owner.md))
    assert "one of query_text or query_embedding" in violations(err)["query_text"]


def _worst_case_content(size: int) -> str:
    """Distinct three-letter words of four-byte letters: the largest tsvector per character
    measured (about 5 bytes each; 100,000 characters make about 500 kB of the 1 MB)."""
    letters = [chr(c) for c in range(0x1D400, 0x1D434)]
    rng = random.Random(5)
    words, total = [], 0
    while total + 4 <= size:
        words.append("".join(rng.choice(letters) for _ in range(3)))
        total += 4
    text = " ".join(words)
    return text + "x" * (size - len(text))


@pytest.mark.postgres
async def test_chunk_content_at_its_limit_is_indexed_and_beyond_it_is_refused(
    scene: Scene,
) -> None:
    doc = await new_document(scene)

    def upsert(content: str) -> Any:
        chunks = [kpb.Chunk(ordinal=0, content=content, embedding=unit(0))]
        request = kpb.UpsertChunksRequest(workspace_id=scene.ws, document_id=doc.id, chunks=chunks)
        return scene.knowledge.UpsertChunks(request, metadata=scene.owner.md)

    assert (await upsert(_worst_case_content(MAX_CHUNK_CONTENT))).chunk_count == 1
    err = await refused(upsert(_worst_case_content(MAX_CHUNK_CONTENT + 1)))
    assert "chunks[0].content" in violations(err)


async def test_a_thousand_bad_chunks_get_invalid_argument_not_oversized_trailers(
    scene: Scene,
) -> None:
    doc = await new_document(scene)
    chunks = [kpb.Chunk(ordinal=i, content="x", embedding=[1.0]) for i in range(1000)]
    request = kpb.UpsertChunksRequest(workspace_id=scene.ws, document_id=doc.id, chunks=chunks)
    err = await refused(scene.knowledge.UpsertChunks(request, metadata=scene.owner.md))
    assert "chunks[0].embedding" in violations(err)


# --- Answered by the request validator (entrypoints/grpc/validation) --------------------------


async def test_many_violations_with_long_keys_still_fit_the_trailers(scene: Scene) -> None:
    request = kpb.CreateDocumentRequest(workspace_id=scene.ws, title="t")
    for i in range(40):
        nested = request.metadata.fields[f"{i:02d}" + "k" * 300].struct_value
        nested.fields["x" * 300].number_value = float("nan")
    err = await refused(scene.knowledge.CreateDocument(request, metadata=scene.owner.md))
    assert all(field.startswith("metadata.") for field in violations(err))


async def test_nul_in_a_string_names_the_field(scene: Scene) -> None:
    create = kpb.CreateDocumentRequest(workspace_id=scene.ws, title="a\x00b")
    err = await refused(scene.knowledge.CreateDocument(create, metadata=scene.owner.md))
    assert "title" in violations(err)
    rename = ipb.CreateWorkspaceRequest(name="n\x00", slug="nul-name")
    err = await refused(scene.h.identity.CreateWorkspace(rename, metadata=scene.owner.md))
    assert "name" in violations(err)


async def test_nul_and_non_finite_numbers_in_metadata_name_the_key(scene: Scene) -> None:
    bad = metadata({"k\x00": 1, "v": "x\x00", "n": float("nan"), "deep": {"i": float("inf")}})
    create = kpb.CreateDocumentRequest(workspace_id=scene.ws, title="t", metadata=bad)
    err = await refused(scene.knowledge.CreateDocument(create, metadata=scene.owner.md))
    found = violations(err)
    assert {"metadata.k\\u0000", "metadata.v", "metadata.n", "metadata.deep.i"} <= set(found)


async def test_a_malformed_id_is_invalid_and_a_well_formed_unknown_one_not_found(
    scene: Scene,
) -> None:
    malformed = kpb.GetDocumentRequest(workspace_id=scene.ws, id="nope")
    err = await refused(scene.knowledge.GetDocument(malformed, metadata=scene.owner.md))
    assert "id" in violations(err)
    unknown = kpb.GetDocumentRequest(workspace_id=scene.ws, id=UNKNOWN_ID)
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await scene.knowledge.GetDocument(unknown, metadata=scene.owner.md)
    assert info.value.code() == grpc.StatusCode.NOT_FOUND


async def test_a_megabyte_id_is_invalid_with_a_short_message(scene: Scene) -> None:
    huge = kpb.GetDocumentRequest(workspace_id=scene.ws, id="x" * 1_000_000)
    err = await refused(scene.knowledge.GetDocument(huge, metadata=scene.owner.md))
    assert len(err.details() or "") < 300


async def test_times_durations_and_integers_out_of_range_name_the_field(scene: Scene) -> None:
    md = scene.owner.md
    year_one_end = apb.ListAuditEntriesRequest(workspace_id=scene.ws, end_time={"nanos": -1})
    assert "end_time" in violations(
        await refused(scene.audit.ListAuditEntries(year_one_end, metadata=md))
    )
    far = kpb.ListEvaluationsRequest(workspace_id=scene.ws, start_time={"seconds": -(10**12)})
    assert "start_time" in violations(
        await refused(scene.knowledge.ListEvaluations(far, metadata=md))
    )
    ttl = ipb.CreateApiKeyRequest(name="k", ttl={"seconds": 100, "nanos": -5})
    assert "ttl" in violations(await refused(scene.h.identity.CreateApiKey(ttl, metadata=md)))
    slow = apb.SummarizeAuditActionsRequest(workspace_id=scene.ws, min_duration_ms=2**31)
    assert "min_duration_ms" in violations(
        await refused(scene.audit.SummarizeAuditActions(slow, metadata=md))
    )


async def test_an_undecodable_request_is_invalid_naming_the_request(scene: Scene) -> None:
    value = b"\x08\x00"  # Value{null_value}, then 200 levels of Struct{"a": value}
    for _ in range(200):
        value = _field(0x2A, _field(0x0A, _field(0x0A, b"a") + _field(0x12, value)))
    payload = _field(0x12, b"t") + _field(
        0x4A, _field(0x0A, _field(0x0A, b"a") + _field(0x12, value))
    )
    raw = scene.h.channel.unary_unary(
        "/strata.v1.KnowledgeService/CreateDocument",
        request_serializer=None,
        response_deserializer=None,
    )
    err = await refused(raw(payload, metadata=scene.owner.md))
    assert "request" in violations(err)


def _field(tag: int, body: bytes) -> bytes:
    size, length = len(body), b""
    while size >= 0x80:
        length, size = length + bytes([size & 0x7F | 0x80]), size >> 7
    return bytes([tag]) + length + bytes([size]) + body
