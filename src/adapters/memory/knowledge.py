"""In-memory knowledge repositories honouring the same contract as PostgreSQL's."""

from __future__ import annotations

import copy
import math
import re
import struct
from array import array
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from domain.errors import Aborted, AlreadyExists, InvalidArgument, NotFound
from domain.knowledge.model import Chunk, Document, EvaluationRun
from domain.knowledge.search import ChunkFilter, ChunkHit
from domain.knowledge.values import cosine_similarity
from ports.knowledge import (
    DailyEvaluationStats,
    DocumentFilter,
    EvaluationFilter,
    SimilarDocument,
)

Tables = dict[str, dict[Any, Any]]
FEEDBACK = ("thumbs_up", "thumbs_down")

# PostgreSQL's english.stop, the words a contract sentence is likely to hold.
_STOP_WORDS = (
    "a about above after again against all am an and any are as at be because been before "
    "being below between both but by can did do does doing down during each few for from "
    "further had has have having he her here hers him his how i if in into is it its itself "
    "just me more most my no nor not now of off on once only or other our ours out over own "
    "same she should so some such than that the their theirs them then there these they this "
    "those through to too under until up very was we were what when where which while who "
    "whom why will with you your yours"
)
_STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[a-z0-9]+")
_QUERY_WORD = re.compile(r"-?[a-z0-9]+")


def _f32(values: Iterable[float] | None) -> list[float] | None:
    """What a `vector` column keeps: single precision."""
    return None if values is None else array("f", values).tolist()


def _real(value: float) -> float:
    """What `ts_rank_cd` answers: a `real`."""
    return float(struct.unpack("f", struct.pack("f", value))[0])


def _require(tables: Tables, table: str, key: Any, what: str) -> None:
    if key not in tables[table]:
        raise NotFound(f"the referenced {what} was not found")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and bool(a == b)


def contains(outer: Any, inner: Any) -> bool:
    """jsonb's `@>`: objects by key, arrays by element, scalars by value."""
    if isinstance(inner, dict):
        return isinstance(outer, dict) and all(
            k in outer and contains(outer[k], v) for k, v in inner.items()
        )
    if isinstance(inner, list):
        return isinstance(outer, list) and all(any(contains(o, i) for o in outer) for i in inner)
    return not isinstance(outer, dict | list) and _same(outer, inner)


def _stem(word: str) -> str:
    """A stand-in for Snowball's English stemmer: plural `s`, then a final `e`
    (searches → search, databases → databas); enough for the contract cases."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def _lexemes(text: str) -> dict[str, list[int]]:
    """Positions of each lexeme; stop words are dropped but keep their positions."""
    out: dict[str, list[int]] = {}
    for position, word in enumerate(_WORD.findall(text.lower()), start=1):
        if word not in _STOP:
            out.setdefault(_stem(word), []).append(position)
    return out


def _query_terms(query: str) -> tuple[set[str], set[str]]:
    """websearch_to_tsquery, simplified: every word is ANDed, `-word` is negated."""
    wanted: set[str] = set()
    unwanted: set[str] = set()
    for token in _QUERY_WORD.findall(query.lower()):
        word = token.lstrip("-")
        if word in _STOP or word == "or":
            continue
        (unwanted if token.startswith("-") else wanted).add(_stem(word))
    return wanted, unwanted


def rank_cd(positions: dict[str, list[int]], terms: set[str]) -> float:
    """ts_rank_cd with default weights (every lexeme weighs 0.1) and no normalisation:
    Σ over covers of (n / Σ 1/w) / (1 + noise words)."""
    items = sorted((p, t) for t in terms for p in positions.get(t, ()))
    score, start = 0.0, 0
    while True:
        end = _cover_end(items, start, terms)
        if end is None:
            return score
        begin = _cover_begin(items, start, end, terms)
        n = end - begin + 1
        noise = (items[end][0] - items[begin][0]) - (end - begin)
        if noise < 0:
            noise = (end - begin) // 2
        score += (n / (n * 10.0)) / (1 + noise)
        start = begin + 1


def _cover_end(items: list[tuple[int, str]], start: int, terms: set[str]) -> int | None:
    seen: set[str] = set()
    for i in range(start, len(items)):
        seen.add(items[i][1])
        if seen >= terms:
            return i
    return None


def _cover_begin(items: list[tuple[int, str]], start: int, end: int, terms: set[str]) -> int:
    seen: set[str] = set()
    for i in range(end, start - 1, -1):
        seen.add(items[i][1])
        if seen >= terms:
            return i
    return start


def _similarity(a: list[float], b: list[float]) -> float:
    if len(a) != len(b):
        raise InvalidArgument.of("embedding", f"must have {len(b)} dimensions, not {len(a)}")
    return cosine_similarity(a, b)


class InMemoryDocumentRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t: dict[str, Document] = tables["documents"]

    def _check_unique(self, doc: Document) -> None:
        if any(o.storage_key == doc.storage_key and o.id != doc.id for o in self._t.values()):
            raise AlreadyExists("a document with this storage key exists", field="storage_key")

    @staticmethod
    def _stored(doc: Document) -> Document:
        stored = copy.deepcopy(doc)
        stored.embedding = _f32(doc.embedding)
        return stored

    async def add(self, document: Document) -> None:
        if document.id in self._t:
            raise AlreadyExists("the resource already exists", field="id")
        _require(self._tables, "workspaces", document.workspace_id, "workspace")
        _require(self._tables, "users", document.owner_id, "user")
        self._check_unique(document)
        self._t[document.id] = self._stored(document)

    def _in(self, workspace_id: str, document_id: str) -> Document | None:
        doc = self._t.get(document_id)
        return doc if doc is not None and doc.workspace_id == workspace_id else None

    async def get(self, workspace_id: str, document_id: str) -> Document | None:
        doc = self._in(workspace_id, document_id)
        return copy.deepcopy(doc) if doc else None

    async def update(self, document: Document, expected_version: int) -> None:
        stored = self._in(document.workspace_id, document.id)
        if stored is None or stored.version != expected_version:
            raise Aborted("the document changed concurrently; read it again")
        self._check_unique(document)
        self._t[document.id] = self._stored(document)

    async def delete(self, workspace_id: str, document_id: str) -> bool:
        if self._in(workspace_id, document_id) is None:
            return False
        del self._t[document_id]
        chunks = self._tables["chunks"]
        for key in [k for k, c in chunks.items() if c.document_id == document_id]:
            del chunks[key]
        return True

    def _matches(self, d: Document, f: DocumentFilter) -> bool:
        return (
            d.workspace_id == f.workspace_id
            and (not f.kinds or d.kind in f.kinds)
            and (not f.statuses or d.status in f.statuses)
            and contains(d.metadata, f.metadata)
            and (f.created_after is None or d.created_at > f.created_after)
            and (f.created_before is None or d.created_at < f.created_before)
        )

    async def find(
        self, filt: DocumentFilter, after: tuple[Any, ...] | None, limit: int
    ) -> list[Document]:
        rows = sorted(
            (d for d in self._t.values() if self._matches(d, filt)),
            key=lambda d: d.id,
            reverse=True,
        )
        if after is not None:
            rows = [d for d in rows if d.id < str(after[0])]
        return [copy.deepcopy(d) for d in rows[:limit]]

    async def lock_url(self, workspace_id: str, canonical_url: str) -> None:
        """The unit of work already holds the store's one lock."""

    async def by_url(self, workspace_id: str, canonical_url: str) -> Document | None:
        found = sorted(
            (
                d
                for d in self._t.values()
                if d.workspace_id == workspace_id and d.canonical_url == canonical_url
            ),
            key=lambda d: d.id,
        )
        return copy.deepcopy(found[0]) if found else None

    async def similar(
        self, workspace_id: str, embedding: list[float], threshold: float, limit: int
    ) -> list[SimilarDocument]:
        query = _f32(embedding) or []
        scored = [
            (_similarity(query, d.embedding), d)
            for d in self._t.values()
            if d.workspace_id == workspace_id and d.embedding is not None
        ]
        kept = sorted(((s, d) for s, d in scored if s >= threshold), key=lambda p: (-p[0], p[1].id))
        return [SimilarDocument(copy.deepcopy(d), s) for s, d in kept[:limit]]


class InMemoryChunkRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t: dict[str, Chunk] = tables["chunks"]

    def _document(self, workspace_id: str, document_id: str) -> Document | None:
        doc = self._tables["documents"].get(document_id)
        return doc if doc is not None and doc.workspace_id == workspace_id else None

    async def replace(self, workspace_id: str, document_id: str, chunks: list[Chunk]) -> None:
        if self._document(workspace_id, document_id) is None:
            raise NotFound("the referenced document was not found")
        for key in [k for k, c in self._t.items() if c.document_id == document_id]:
            del self._t[key]
        await self.append(workspace_id, document_id, chunks)

    async def append(self, workspace_id: str, document_id: str, chunks: list[Chunk]) -> None:
        if self._document(workspace_id, document_id) is None:
            raise NotFound("the referenced document was not found")
        ordinals = [c.ordinal for c in chunks]
        ordinals += [c.ordinal for c in self._t.values() if c.document_id == document_id]
        if len(set(ordinals)) != len(ordinals):
            raise AlreadyExists("two chunks have the same ordinal", field="ordinal")
        if any(c.id in self._t for c in chunks):
            raise AlreadyExists("the resource already exists", field="id")
        now = datetime.now(UTC)
        for c in chunks:
            stored = copy.deepcopy(c)
            stored.document_id, stored.workspace_id = document_id, workspace_id
            stored.embedding = _f32(c.embedding)
            stored.created_at = c.created_at or now
            self._t[c.id] = stored

    async def count(self, workspace_id: str, document_id: str) -> int:
        return sum(
            1
            for c in self._t.values()
            if c.document_id == document_id and c.workspace_id == workspace_id
        )

    def _candidates(self, f: ChunkFilter) -> Iterable[tuple[Chunk, Document]]:
        documents = self._tables["documents"]
        for c in self._t.values():
            d = documents[c.document_id]
            if (
                c.workspace_id == f.workspace_id
                and (not f.document_ids or c.document_id in f.document_ids)
                and (not f.document_kinds or d.kind in f.document_kinds)
                and (not f.document_statuses or d.status in f.document_statuses)
                and contains(d.metadata, f.document_metadata)
                and contains(c.metadata, f.chunk_metadata)
            ):
                yield c, d

    @staticmethod
    def _hits(
        scored: list[tuple[float, Chunk, Document]], limit: int, with_embeddings: bool
    ) -> list[ChunkHit]:
        scored.sort(key=lambda t: (-t[0], t[1].id))
        chunks = [copy.deepcopy(c) for _, c, _ in scored[:limit]]
        if not with_embeddings:
            for c in chunks:
                c.embedding = None
        return [
            ChunkHit(c, d.title, s, rank)
            for rank, (c, (s, _, d)) in enumerate(zip(chunks, scored, strict=False), start=1)
        ]

    async def vector_search(
        self,
        filt: ChunkFilter,
        embedding: list[float],
        limit: int,
        min_similarity: float | None,
        ef_search: int | None,
        with_embeddings: bool = False,
    ) -> list[ChunkHit]:
        query = _f32(embedding) or []
        scored = [
            (_similarity(query, c.embedding), c, d)
            for c, d in self._candidates(filt)
            if c.embedding is not None
        ]
        if min_similarity is not None:
            scored = [t for t in scored if t[0] >= min_similarity]
        return self._hits(scored, limit, with_embeddings)

    async def text_search(
        self, filt: ChunkFilter, query: str, limit: int, with_embeddings: bool = False
    ) -> list[ChunkHit]:
        wanted, unwanted = _query_terms(query)
        if not wanted:
            return []
        scored = []
        for c, d in self._candidates(filt):
            positions = _lexemes(c.content)
            if wanted <= positions.keys() and not unwanted & positions.keys():
                scored.append((_real(rank_cd(positions, wanted)), c, d))
        return self._hits(scored, limit, with_embeddings)


def _percentile(values: list[float], q: float) -> float:
    """percentile_cont: linear interpolation between the closest ranks."""
    ordered = sorted(values)
    at = q * (len(ordered) - 1)
    low, high = math.floor(at), math.ceil(at)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def _check_run(run: EvaluationRun) -> None:
    if run.feedback is not None and run.feedback not in FEEDBACK:
        raise InvalidArgument.of("feedback", "must be thumbs_up or thumbs_down")
    if run.quality_score is not None and not 0.0 <= run.quality_score <= 1.0:
        raise InvalidArgument.of("quality_score", "must be between 0 and 1")


class InMemoryEvaluationRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t: dict[str, EvaluationRun] = tables["evaluations"]

    async def add(self, run: EvaluationRun) -> None:
        if run.id in self._t:
            raise AlreadyExists("the resource already exists", field="id")
        _check_run(run)
        _require(self._tables, "workspaces", run.workspace_id, "workspace")
        _require(self._tables, "users", run.user_id, "user")
        self._t[run.id] = copy.deepcopy(run)

    async def get(self, workspace_id: str, run_id: str) -> EvaluationRun | None:
        run = self._t.get(run_id)
        return copy.deepcopy(run) if run and run.workspace_id == workspace_id else None

    async def set_feedback(self, workspace_id: str, run_id: str, feedback: str) -> bool:
        if feedback not in FEEDBACK:
            raise InvalidArgument.of("feedback", "must be thumbs_up or thumbs_down")
        run = self._t.get(run_id)
        if run is None or run.workspace_id != workspace_id:
            return False
        stored = copy.deepcopy(run)
        stored.feedback = feedback
        self._t[run_id] = stored
        return True

    def _filtered(self, f: EvaluationFilter) -> list[EvaluationRun]:
        return [
            r
            for r in self._t.values()
            if r.workspace_id == f.workspace_id
            and (f.user_id is None or r.user_id == f.user_id)
            and (f.feedback is None or r.feedback == f.feedback)
            and (f.start is None or r.created_at >= f.start)
            and (f.end is None or r.created_at < f.end)
        ]

    async def find(
        self, filt: EvaluationFilter, after: tuple[Any, ...] | None, limit: int
    ) -> list[EvaluationRun]:
        rows = sorted(self._filtered(filt), key=lambda r: r.id, reverse=True)
        if after is not None:
            rows = [r for r in rows if r.id < str(after[0])]
        return [copy.deepcopy(r) for r in rows[:limit]]

    async def daily_stats(self, filt: EvaluationFilter) -> list[DailyEvaluationStats]:
        days: dict[datetime, list[EvaluationRun]] = {}
        for r in self._filtered(filt):
            at = r.created_at.astimezone(UTC)
            days.setdefault(datetime(at.year, at.month, at.day, tzinfo=UTC), []).append(r)
        return [_stats(day, runs) for day, runs in sorted(days.items())]


def _stats(day: datetime, runs: list[EvaluationRun]) -> DailyEvaluationStats:
    latencies = [float(r.latency_ms) for r in runs]
    scores = [r.quality_score for r in runs if r.quality_score is not None]
    return DailyEvaluationStats(
        day=day,
        count=len(runs),
        mean_latency_ms=sum(latencies) / len(latencies),
        p50_latency_ms=_percentile(latencies, 0.5),
        p95_latency_ms=_percentile(latencies, 0.95),
        mean_quality=sum(scores) / len(scores) if scores else None,
        thumbs_up=sum(1 for r in runs if r.feedback == "thumbs_up"),
        thumbs_down=sum(1 for r in runs if r.feedback == "thumbs_down"),
    )
