"""Replacing a document's chunks in bulk: every field reads back exactly, all or nothing."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from domain.kernel.errors import AlreadyExists, DomainError, InvalidArgument, NotFound
from domain.knowledge.model import Chunk, Document
from domain.knowledge.search import ChunkFilter
from domain.knowledge.text_query import TextQuery
from ports.uow import UnitOfWorkFactory
from tests.contract.test_knowledge_repositories import (
    D,
    Kit,
    add_chunks,
    add_documents,
    random_vector,
)

# Characters a text COPY would have to escape, and some beyond ASCII.
AWKWARD = "tab\there, new\nline, back\\slash, naïve café, 東京, 🙂"


@pytest.fixture
async def kit(make: Any, seed: Any) -> Kit:
    k = Kit(make)
    await seed(k.user, k.ws, k.other_ws)
    return k


def batch(kit: Kit, doc: Document, n: int, word: str = "chunk", seed: int = 1) -> list[Chunk]:
    """`n` chunks with `word` that differ in every field, sent out of ordinal order; a few
    have no embedding, a few no creation time (the store sets it)."""
    base = random_vector(random.Random(seed))
    out = []
    for i in range(n):
        turned = base[i % D :] + base[: i % D]  # single precision, so it reads back equal
        out.append(
            kit.chunk(
                doc,
                (i * 7919) % n,
                f"{word} {i}: {AWKWARD}",
                embedding=None if i % 400 == 3 else [-x for x in turned] if i >= D else turned,
                token_count=2**31 - 1 if i == 5 else i * 3,
                metadata={
                    "n": i,
                    "big": 2**53 + i,
                    "ratio": i / 8,
                    "nested": {"list": [i, "ü", None, True, {"deep": [1.5, "東京"]}], "no": {}},
                    "ключ": AWKWARD,
                },
                created_at=None if i % 700 == 1 else kit.make.t0 + timedelta(microseconds=i),
            )
        )
    return out


async def stored(uow_factory: UnitOfWorkFactory, doc: Document, word: str) -> dict[str, Chunk]:
    """The document's chunks with `word`, as a text search returns them, by id."""
    async with uow_factory(read_only=True) as uow:
        filt = ChunkFilter(doc.workspace_id, document_ids=(doc.id,))
        hits = await uow.chunks.text_search(
            filt, TextQuery.parse(word), 100_000, with_embeddings=True
        )
    return {h.chunk.id: h.chunk for h in hits}


def assert_stored_as_sent(got: dict[str, Chunk], sent: list[Chunk], kit: Kit) -> None:
    assert sorted(got) == sorted(c.id for c in sent)
    for c in sent:
        read = got[c.id]
        if c.created_at is None:  # stamped when written: now, long after the fixed times
            assert read.created_at is not None and read.created_at > kit.make.t0 + kit.make.hour
            c = replace(c, created_at=read.created_at)
        assert read == c


async def test_a_large_batch_reads_back_field_for_field(uow_factory, kit):
    doc = kit.document()
    await add_documents(uow_factory, doc)
    sent = batch(kit, doc, 2000)
    await add_chunks(uow_factory, doc, sent)
    assert_stored_as_sent(await stored(uow_factory, doc, "chunk"), sent, kit)
    async with uow_factory() as uow:
        assert await uow.chunks.count(kit.ws.id, doc.id) == 2000


async def test_replacing_again_with_the_same_chunks_changes_nothing(uow_factory, kit):
    doc, neighbour = kit.document(), kit.document()
    await add_documents(uow_factory, doc, neighbour)
    theirs = batch(kit, neighbour, 50, seed=2)
    await add_chunks(uow_factory, neighbour, theirs)
    sent = batch(kit, doc, 300)
    for _ in range(3):
        await add_chunks(uow_factory, doc, sent)
        assert_stored_as_sent(await stored(uow_factory, doc, "chunk"), sent, kit)
    assert_stored_as_sent(await stored(uow_factory, neighbour, "chunk"), theirs, kit)


async def test_a_refused_replace_keeps_the_previous_chunks(uow_factory, kit):
    doc = kit.document()
    await add_documents(uow_factory, doc)
    before = batch(kit, doc, 200)
    await add_chunks(uow_factory, doc, before)
    refused = batch(kit, doc, 500, "fresh")
    refused[450] = replace(refused[450], ordinal=refused[10].ordinal)
    async with uow_factory() as uow:
        with pytest.raises(AlreadyExists) as info:
            await uow.chunks.replace(kit.ws.id, doc.id, refused)
    assert info.value.field == "ordinal"
    assert await stored(uow_factory, doc, "fresh") == {}
    assert_stored_as_sent(await stored(uow_factory, doc, "chunk"), before, kit)


BAD = {
    "wrong length": ("embedding", [0.5] * (D - 1)),
    "NaN": ("embedding", [float("nan")] + [0.5] * (D - 1)),
    "infinity": ("embedding", [0.5] * (D - 1) + [float("inf")]),
    "beyond single precision": ("embedding", [1e39] * D),
    "too long to encode": ("embedding", [0.5] * 70_000),
    "not numbers": ("embedding", ["0.5"] * D),
    "ordinal beyond int32": ("chunks", 2**31),
}


@pytest.mark.parametrize(
    "uow_factory", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
@pytest.mark.parametrize("case", list(BAD))
async def test_a_value_postgres_refuses_fails_the_whole_replace(uow_factory, kit, case):
    """PostgreSQL's own refusals (the memory adapter trusts the use cases' checks)."""
    field, value = BAD[case]
    doc = kit.document()
    await add_documents(uow_factory, doc)
    before = batch(kit, doc, 100)
    await add_chunks(uow_factory, doc, before)
    refused = batch(kit, doc, 400, "fresh")
    refused[300] = replace(refused[300], **{"ordinal" if field == "chunks" else field: value})
    async with uow_factory() as uow:
        with pytest.raises(InvalidArgument) as info:
            await uow.chunks.replace(kit.ws.id, doc.id, refused)
        with contextlib.suppress(DomainError):
            await uow.commit()  # a caller going on regardless still keeps nothing of it
    assert [v.field for v in info.value.violations] == [field]
    assert await stored(uow_factory, doc, "fresh") == {}
    assert_stored_as_sent(await stored(uow_factory, doc, "chunk"), before, kit)


async def test_a_replace_written_in_parts_commits_or_leaves_the_old_chunks(uow_factory, kit):
    doc = kit.document()
    await add_documents(uow_factory, doc)
    before = batch(kit, doc, 50)
    await add_chunks(uow_factory, doc, before)
    fresh = batch(kit, doc, 300, "fresh", seed=2)
    parts = [fresh[:100], fresh[100:200], fresh[200:]]
    async with uow_factory() as uow:  # not committed: nothing of it stays
        await uow.chunks.replace(kit.ws.id, doc.id, parts[0])
        await uow.chunks.append(kit.ws.id, doc.id, parts[1])
    assert await stored(uow_factory, doc, "fresh") == {}
    async with uow_factory() as uow:
        await uow.chunks.replace(kit.ws.id, doc.id, parts[0])
        for part in parts[1:]:
            await uow.chunks.append(kit.ws.id, doc.id, part)
        await uow.commit()
    assert_stored_as_sent(await stored(uow_factory, doc, "fresh"), fresh, kit)
    assert await stored(uow_factory, doc, "chunk") == {}


async def test_append_refuses_an_ordinal_the_document_has_and_another_workspace(uow_factory, kit):
    doc = kit.document()
    await add_documents(uow_factory, doc)
    first = batch(kit, doc, 10)
    await add_chunks(uow_factory, doc, first)
    again = replace(batch(kit, doc, 1, "fresh", seed=3)[0], ordinal=first[4].ordinal)
    async with uow_factory() as uow:
        with pytest.raises(AlreadyExists) as info:
            await uow.chunks.append(kit.ws.id, doc.id, [again])
    assert info.value.field == "ordinal"
    async with uow_factory() as uow:
        with pytest.raises(NotFound):
            await uow.chunks.append(kit.other_ws.id, doc.id, batch(kit, doc, 1, "fresh", 4))
    assert await stored(uow_factory, doc, "fresh") == {}
    assert_stored_as_sent(await stored(uow_factory, doc, "chunk"), first, kit)


async def test_chunks_made_as_they_are_read_and_failing_midway_leave_nothing(uow_factory, kit):
    doc = kit.document()
    await add_documents(uow_factory, doc)
    before = batch(kit, doc, 20)
    await add_chunks(uow_factory, doc, before)

    def made() -> Iterator[Chunk]:
        yield from batch(kit, doc, 300, "fresh", seed=5)
        raise RuntimeError("the source failed")

    async with uow_factory() as uow:
        with pytest.raises(RuntimeError, match="the source failed"):
            await uow.chunks.replace(kit.ws.id, doc.id, made())
    assert await stored(uow_factory, doc, "fresh") == {}
    assert_stored_as_sent(await stored(uow_factory, doc, "chunk"), before, kit)
    fresh = batch(kit, doc, 300, "fresh", seed=5)
    async with uow_factory() as uow:  # and a generator that ends well is written whole
        await uow.chunks.replace(kit.ws.id, doc.id, iter(fresh))
        await uow.commit()
    assert_stored_as_sent(await stored(uow_factory, doc, "fresh"), fresh, kit)
