"""Documents: create, duplicates, update through a mask, status moves, delete, roles."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from adapters.system.basics import Uuid7Generator
from domain.kernel.errors import (
    Aborted,
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
)
from domain.kernel.roles import Role
from domain.knowledge import document_reads as reads
from domain.knowledge import documents as docs
from domain.knowledge.deps import KnowledgeDeps
from domain.knowledge.duplicates import CheckDuplicate, DuplicateKind, FindSimilarDocuments
from domain.knowledge.values import DocumentKind, DocumentStatus
from ports.knowledge import DocumentFilter
from tests.unit.domain.conftest import PAGE_TOKENS

DIM = 4


@dataclass
class K:
    create: docs.CreateDocument
    get: reads.GetDocument
    list: reads.ListDocuments
    update: docs.UpdateDocument
    status: docs.SetDocumentStatus
    delete: docs.DeleteDocument
    check: CheckDuplicate
    similar: FindSimilarDocuments


@pytest.fixture
def k(uow, clock) -> K:
    d = KnowledgeDeps(
        uow=uow, clock=clock, ids=Uuid7Generator(), page_tokens=PAGE_TOKENS, embedding_dim=DIM
    )
    return K(
        docs.CreateDocument(d),
        reads.GetDocument(d),
        reads.ListDocuments(d),
        docs.UpdateDocument(d),
        docs.SetDocumentStatus(d),
        docs.DeleteDocument(d),
        CheckDuplicate(d),
        FindSimilarDocuments(d),
    )


@pytest.fixture
async def ws(world, alice):
    return await world.workspace(alice, "knowledge")


def _fields(exc: pytest.ExceptionInfo[InvalidArgument]) -> list[str]:
    return [v.field for v in exc.value.violations]


async def test_create_generates_a_storage_key_and_canonical_url(k, alice, ws) -> None:
    doc = await k.create.execute(
        alice.principal,
        docs.NewDocument(ws.id, "Guide", source_url="https://Example.com:443/a/?utm_source=x#f"),
    )
    assert doc.storage_key == f"{ws.id}/{doc.id}"
    assert doc.canonical_url == "https://example.com/a"
    assert doc.kind == DocumentKind.DOCUMENT and doc.status == DocumentStatus.PENDING
    got, chunks = await k.get.execute(alice.principal, ws.id, doc.id)
    assert got.id == doc.id and chunks == 0


async def test_create_reports_every_bad_field_at_once(k, alice, ws) -> None:
    with pytest.raises(InvalidArgument) as exc:
        await k.create.execute(
            alice.principal,
            docs.NewDocument(
                ws.id,
                " ",
                source_url="ftp://x",
                size_bytes=-1,
                embedding=[1.0, float("nan"), 0.0, 0.0],
                duplicate_threshold=2.0,
            ),
        )
    assert set(_fields(exc)) == {
        "title",
        "source_url",
        "size_bytes",
        "embedding",
        "duplicate_threshold",
    }


async def test_url_and_semantic_duplicates_are_refused_naming_the_document(k, alice, ws) -> None:
    first = await k.create.execute(
        alice.principal,
        docs.NewDocument(ws.id, "A", source_url="https://example.com/a", embedding=[1, 0, 0, 0]),
    )
    again = docs.NewDocument(
        ws.id, "B", source_url="HTTPS://EXAMPLE.COM/a/#top", refuse_duplicates=True
    )
    with pytest.raises(AlreadyExists) as exc:
        await k.create.execute(alice.principal, again)
    assert first.id in exc.value.message and exc.value.field == "source_url"
    near = docs.NewDocument(ws.id, "C", embedding=[1, 0.1, 0, 0], refuse_duplicates=True)
    with pytest.raises(AlreadyExists) as exc:
        await k.create.execute(alice.principal, near)
    assert first.id in exc.value.message and exc.value.field == "embedding"
    far = docs.NewDocument(ws.id, "D", embedding=[0, 1, 0, 0], refuse_duplicates=True)
    assert (await k.create.execute(alice.principal, far)).id != first.id


async def test_check_duplicate_looks_at_the_url_first(k, alice, ws) -> None:
    doc = await k.create.execute(
        alice.principal,
        docs.NewDocument(ws.id, "A", source_url="https://example.com/a", embedding=[1, 0, 0, 0]),
    )
    by_url = await k.check.execute(
        alice.principal, ws.id, "https://example.com/a/", [0, 1, 0, 0], None
    )
    assert by_url and by_url.kind == DuplicateKind.URL and by_url.document.id == doc.id
    semantic = await k.check.execute(alice.principal, ws.id, "", [1, 0.05, 0, 0], 0.9)
    assert semantic and semantic.kind == DuplicateKind.SEMANTIC and semantic.similarity > 0.99
    assert await k.check.execute(alice.principal, ws.id, "https://other.org", [], None) is None
    similar = await k.similar.execute(alice.principal, ws.id, [1, 0, 0, 0], 0.5, 0)
    assert [s.document.id for s in similar] == [doc.id]


async def test_idempotent_create_returns_the_first_document(k, alice, ws) -> None:
    cmd = docs.NewDocument(ws.id, "A", request_id="r-1")
    first = await k.create.execute(alice.principal, cmd)
    assert (await k.create.execute(alice.principal, cmd)).id == first.id


async def test_update_merges_metadata_and_checks_the_etag(k, alice, ws) -> None:
    doc = await k.create.execute(
        alice.principal, docs.NewDocument(ws.id, "A", metadata={"a": 1, "b": {"c": 2}})
    )
    changes = {"title": "B", "metadata": {"a": None, "b": {"d": 3}}, "embedding": [0, 0, 1, 0]}
    updated = await k.update.execute(alice.principal, ws.id, doc.id, changes, doc.etag)
    assert updated.title == "B" and updated.metadata == {"b": {"c": 2, "d": 3}}
    assert updated.embedding == [0, 0, 1, 0]
    with pytest.raises(Aborted):
        await k.update.execute(alice.principal, ws.id, doc.id, {"title": "C"}, doc.etag)
    with pytest.raises(InvalidArgument) as exc:
        await k.update.execute(alice.principal, ws.id, doc.id, {"status": "completed"})
    assert _fields(exc) == ["update_mask"]


async def test_status_moves_follow_the_rules(k, alice, ws) -> None:
    doc = await k.create.execute(alice.principal, docs.NewDocument(ws.id, "A"))
    with pytest.raises(FailedPrecondition):
        await k.status.execute(alice.principal, ws.id, doc.id, DocumentStatus.COMPLETED)
    await k.status.execute(alice.principal, ws.id, doc.id, DocumentStatus.PROCESSING)
    failed = await k.status.execute(alice.principal, ws.id, doc.id, DocumentStatus.FAILED, "boom")
    assert failed.error_message == "boom"
    listed = await k.list.execute(
        alice.principal, DocumentFilter(ws.id, statuses=(DocumentStatus.FAILED,)), 10, ""
    )
    assert [d.id for d in listed.items] == [doc.id]


async def test_members_write_their_own_admins_anyones_viewers_none(k, world, alice, ws) -> None:
    member = await world.member(ws, alice, "mem", Role.MEMBER)
    other = await world.member(ws, alice, "oth", Role.MEMBER)
    admin = await world.member(ws, alice, "adm", Role.ADMIN)
    viewer = await world.member(ws, alice, "vie", Role.VIEWER)
    doc = await k.create.execute(member.principal, docs.NewDocument(ws.id, "Mine"))
    with pytest.raises(PermissionDenied):
        await k.create.execute(viewer.principal, docs.NewDocument(ws.id, "No"))
    with pytest.raises(PermissionDenied):
        await k.update.execute(other.principal, ws.id, doc.id, {"title": "x"})
    await k.get.execute(viewer.principal, ws.id, doc.id)
    await k.update.execute(admin.principal, ws.id, doc.id, {"title": "By admin"})
    await k.delete.execute(member.principal, ws.id, doc.id)
    with pytest.raises(NotFound):
        await k.get.execute(member.principal, ws.id, doc.id)


async def test_another_workspaces_document_is_not_found(k, world, alice, bob, ws) -> None:
    doc = await k.create.execute(alice.principal, docs.NewDocument(ws.id, "A"))
    bobs = await world.workspace(bob, "bobs")
    with pytest.raises(NotFound):
        await k.get.execute(bob.principal, ws.id, doc.id)
    with pytest.raises(NotFound):
        await k.get.execute(bob.principal, bobs.id, doc.id)
