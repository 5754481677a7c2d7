"""The test collection on disk, and the gRPC client that loads and searches it for
bench/retrieval_quality.py."""

from __future__ import annotations

import asyncio
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

_LIMIT = re.compile(r"at most ([\d,]+) (words|characters)")
_WORD = re.compile(r"\w+")
_LAST_WORD = re.compile(r"\w+$")


def note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@dataclass
class Collection:
    doc_ids: list[int]
    titles: list[str]
    chunk_texts: list[str]  # title + ". " + text, as embedded
    doc_vectors: np.ndarray
    queries: dict[int, str]  # every query, by id
    query_rows: dict[int, int]  # query id -> its row of the query embeddings
    query_vectors: np.ndarray
    qrels: dict[int, set[int]]  # judged queries only

    def query_vector(self, query: int) -> np.ndarray:
        row: np.ndarray = self.query_vectors[self.query_rows[query]]
        return row


def load_collection(folder: Path) -> Collection:
    docs = [json.loads(line) for line in (folder / "docs.jsonl").read_text().splitlines()]
    queries = [json.loads(line) for line in (folder / "queries.jsonl").read_text().splitlines()]
    qrels: dict[int, set[int]] = {}
    for line in (folder / "qrels.tsv").read_text().splitlines()[1:]:
        query, doc = map(int, line.split())
        qrels.setdefault(query, set()).add(doc)
    return Collection(
        doc_ids=[d["id"] for d in docs],
        titles=[d["title"] for d in docs],
        chunk_texts=[f"{d['title']}. {d['text']}" for d in docs],
        doc_vectors=np.load(folder / "doc_embeddings.npy"),
        queries={q["id"]: q["text"] for q in queries},
        query_rows={q["id"]: row for row, q in enumerate(queries)},
        query_vectors=np.load(folder / "query_embeddings.npy"),
        qrels=dict(sorted(qrels.items())),
    )


def shortened(text: str, limit: int, unit: str) -> str:
    """The text cut to its first `limit` words, or to at most `limit` characters at a word end."""
    if unit == "words":
        words = list(_WORD.finditer(text))
        return text[: words[limit - 1].end()] if len(words) > limit else text
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if _WORD.match(text, limit):  # the limit falls inside a word: leave that word out
        cut = _LAST_WORD.sub("", cut)
    return cut.rstrip()


def request_options(pairs: list[str], message: Any) -> dict[str, Any]:
    """`name=value` pairs as values of `message`'s fields; unknown names warned of and left out."""
    options: dict[str, Any] = {}
    for pair in pairs:
        name, _, raw = pair.partition("=")
        field = message.DESCRIPTOR.fields_by_name.get(name)
        if field is None or field.is_repeated or field.message_type:
            note(f"warning: SearchChunksRequest has no scalar field {name!r}; ignored")
            continue
        if field.enum_type is not None:
            names = [v.name for v in field.enum_type.values]
            match = [n for n in names if n == raw.upper() or n.endswith("_" + raw.upper())]
            if len(match) != 1:
                note(f"warning: {name}={raw} is none of {', '.join(names)}; ignored")
                continue
            options[name] = field.enum_type.values_by_name[match[0]].number
        elif field.type in (field.TYPE_DOUBLE, field.TYPE_FLOAT):
            options[name] = float(raw)
        elif field.type == field.TYPE_BOOL:
            options[name] = raw.lower() in ("1", "true", "yes", "on")
        elif field.type == field.TYPE_STRING:
            options[name] = raw
        else:
            options[name] = int(raw)
    return options


class QualityClient:
    """A workspace holding the collection, searched through SearchChunks."""

    def __init__(self, port: int, key: str, top_k: int, options: list[str]) -> None:
        import grpc

        from strata.v1 import identity_pb2, identity_pb2_grpc, knowledge_pb2, knowledge_pb2_grpc

        self.grpc, self.pb, self.ipb = grpc, knowledge_pb2, identity_pb2
        self.channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
        self.knowledge = knowledge_pb2_grpc.KnowledgeServiceStub(self.channel)
        self.identity = identity_pb2_grpc.IdentityServiceStub(self.channel)
        self.md = (("authorization", f"Bearer {key}"),)
        self.top_k = top_k
        self.options = request_options(options, knowledge_pb2.SearchChunksRequest())
        self.workspace = ""
        self.doc_of: dict[str, int] = {}  # the service's document id -> the collection's id

    async def load(self, data: Collection, in_flight: int) -> None:
        reply = await self.identity.CreateWorkspace(
            self.ipb.CreateWorkspaceRequest(name="CISI", slug="cisi"), metadata=self.md
        )
        self.workspace = reply.workspace.id
        rows = iter(range(len(data.doc_ids)))
        began = time.perf_counter()

        async def worker() -> None:
            for row in rows:
                await self._load_one(data, row)
                if len(self.doc_of) % 100 == 0 or len(self.doc_of) == len(data.doc_ids):
                    note(f"  loaded {len(self.doc_of):,}/{len(data.doc_ids):,} documents")

        await asyncio.gather(*(worker() for _ in range(in_flight)))
        note(f"  {len(self.doc_of):,} documents in {time.perf_counter() - began:.1f}s")

    async def _load_one(self, data: Collection, row: int) -> None:
        doc = await self.knowledge.CreateDocument(
            self.pb.CreateDocumentRequest(
                workspace_id=self.workspace, title=data.titles[row], mime_type="text/plain"
            ),
            metadata=self.md,
        )
        chunk = self.pb.Chunk(
            ordinal=0, content=data.chunk_texts[row], embedding=data.doc_vectors[row].tolist()
        )
        await self.knowledge.UpsertChunks(
            self.pb.UpsertChunksRequest(
                workspace_id=self.workspace, document_id=doc.document.id, chunks=[chunk]
            ),
            metadata=self.md,
        )
        self.doc_of[doc.document.id] = data.doc_ids[row]

    async def accepted_text(self, text: str) -> str:
        """The question, or the longest start of it that query_text's limits accept."""
        while True:
            try:
                await self.search("FULLTEXT", text, None)
                return text
            except self.grpc.aio.AioRpcError as error:
                found = _LIMIT.search(error.details() or "")
                if error.code() != self.grpc.StatusCode.INVALID_ARGUMENT or found is None:
                    raise
                text = shortened(text, int(found[1].replace(",", "")), found[2])

    async def search(
        self, mode: str, text: str, vector: np.ndarray | None, **extra: Any
    ) -> tuple[list[int], float]:
        """The collection's ids of the hits, best first, and the call's seconds; `extra`
        request fields override the client's options."""
        request = self.pb.SearchChunksRequest(
            workspace_id=self.workspace,
            mode=f"SEARCH_MODE_{mode}",
            top_k=self.top_k,
            query_text=text if mode != "VECTOR" else "",
            query_embedding=vector.tolist() if vector is not None and mode != "FULLTEXT" else [],
            **(self.options | extra),
        )
        started = time.perf_counter()
        reply = await self.knowledge.SearchChunks(request, metadata=self.md)
        elapsed = time.perf_counter() - started
        return [self.doc_of[hit.chunk.document_id] for hit in reply.results], elapsed

    async def close(self) -> None:
        await self.channel.close(None)
