"""Use cases on chunks: replace a document's chunks, from one batch or a stream of them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass

from domain.kernel.errors import DeadlineExceeded, InvalidArgument
from domain.kernel.principal import Principal
from domain.knowledge.chunk_intake import ChunkIntake, NewChunk
from domain.knowledge.deps import KnowledgeDeps, writable_document
from domain.knowledge.model import Chunk
from domain.knowledge.stream_quota import StreamQuota
from domain.knowledge.values import single_precision

WHAT = "writing chunks"


@dataclass(frozen=True, slots=True)
class ChunkBatch:
    """One message of a stream: the first names the document, later ones may repeat it."""

    workspace_id: str
    document_id: str
    chunks: Sequence[NewChunk]


class _Replace:
    def __init__(self, deps: KnowledgeDeps) -> None:
        self._d = deps

    def _intake(self, max_chunks: int, max_bytes: int) -> ChunkIntake:
        limits = self._d.limits
        return ChunkIntake(self._d.embedding_dim, max_chunks, max_bytes, limits.max_violations)

    def _rows(
        self, workspace_id: str, document_id: str, chunks: Sequence[NewChunk]
    ) -> Iterator[Chunk]:
        """Made as the repository reads them, so that its write overlaps their making."""
        now = self._d.clock.now()
        return (
            Chunk(
                id=self._d.ids.new_id(),
                document_id=document_id,
                workspace_id=workspace_id,
                ordinal=c.ordinal,
                content=c.content,
                embedding=single_precision(c.embedding),
                token_count=c.token_count,
                metadata=dict(c.metadata),
                created_at=now,
            )
            for c in chunks
        )


class UpsertChunks(_Replace):
    """Replaces every chunk of the document with these; the same batch again is a no-op."""

    async def execute(
        self, principal: Principal, workspace_id: str, document_id: str, chunks: Sequence[NewChunk]
    ) -> int:
        limits = self._d.limits
        self._intake(limits.max_batch_chunks, limits.max_batch_bytes).add(chunks)
        async with self._d.uow() as uow:
            await writable_document(uow, principal, workspace_id, document_id, WHAT, "document_id")
            await uow.chunks.replace(
                workspace_id, document_id, self._rows(workspace_id, document_id, chunks)
            )
            await uow.commit()
        return len(chunks)


class UpsertChunksStream(_Replace):
    """All or nothing, written batch by batch in one transaction: the document is checked
    (and locked) at the first message, each batch is checked and written as it arrives,
    and the whole commits when the stream ends; a bad batch leaves the old chunks.

    A client that pauses longer than `limits.max_stream_pause_seconds` ends the call
    (DEADLINE_EXCEEDED, rolled back); `quota` bounds how many streams hold a transaction."""

    def __init__(self, deps: KnowledgeDeps, quota: StreamQuota | None = None) -> None:
        super().__init__(deps)
        self._quota = quota or StreamQuota(per_caller=2, total=8)

    async def execute(
        self, principal: Principal, batches: AsyncIterator[ChunkBatch]
    ) -> tuple[str, int]:
        """The document's id and how many chunks it now has."""
        batch = await self._next(batches)
        if batch is None or not batch.document_id:
            raise InvalidArgument.of("document_id", "the first message must name the document")
        with self._quota.admit(principal.user_id):
            return await self._write(principal, batch, batches)

    async def _write(
        self, principal: Principal, batch: ChunkBatch, batches: AsyncIterator[ChunkBatch]
    ) -> tuple[str, int]:
        ws, doc_id = batch.workspace_id, batch.document_id
        intake = self._intake(self._d.limits.max_stream_chunks, self._d.limits.max_stream_bytes)
        async with self._d.uow() as uow:
            await writable_document(uow, principal, ws, doc_id, WHAT, "document_id")
            intake.add(batch.chunks)
            await uow.chunks.replace(ws, doc_id, self._rows(ws, doc_id, batch.chunks))
            while (more := await self._next(batches)) is not None:
                if more.workspace_id not in ("", ws):
                    raise InvalidArgument.of("workspace_id", "must not change within the stream")
                if more.document_id not in ("", doc_id):
                    raise InvalidArgument.of("document_id", "must not change within the stream")
                intake.add(more.chunks)
                await uow.chunks.append(ws, doc_id, self._rows(ws, doc_id, more.chunks))
            await uow.commit()
        return doc_id, intake.count

    async def _next(self, batches: AsyncIterator[ChunkBatch]) -> ChunkBatch | None:
        """The next message; a caller pausing longer (the transaction is open) fails the call."""
        pause = self._d.limits.max_stream_pause_seconds
        try:
            return await asyncio.wait_for(anext(batches, None), pause)
        except TimeoutError:
            raise DeadlineExceeded(
                f"no message for {pause:g} s (STRATA_STREAM_IDLE_SECONDS): the stream was "
                "abandoned and nothing was written"
            ) from None
