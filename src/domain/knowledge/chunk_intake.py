"""Chunks as a request gives them, and the intake that checks, numbers and sizes them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.kernel.errors import InvalidArgument, Validator
from domain.knowledge.deps import collect
from domain.knowledge.values import MAX_CHUNK_CONTENT, check_vector

_compact_json = json.JSONEncoder(separators=(",", ":")).encode


@dataclass(frozen=True, slots=True)
class NewChunk:
    ordinal: int
    content: str
    embedding: Sequence[float]
    token_count: int = 0
    metadata: dict[str, Any] = field(default_factory=dict)


class ChunkIntake:
    """Validates chunks as they arrive, numbering them across batches and counting them."""

    def __init__(self, dim: int, max_chunks: int, max_bytes: int, max_violations: int) -> None:
        self._dim, self._max_chunks, self._max_bytes = dim, max_chunks, max_bytes
        self._max_violations = max_violations
        self._ordinals: set[int] = set()
        self._bytes = 0
        self.count = 0

    def add(self, chunks: Sequence[NewChunk]) -> None:
        if self.count + len(chunks) > self._max_chunks:
            raise InvalidArgument.of("chunks", f"must be at most {self._max_chunks} chunks")
        v = Validator()
        for i, chunk in enumerate(chunks, start=self.count):
            self._check(v, f"chunks[{i}]", chunk)
            if len(v.violations) >= self._max_violations:
                break
        v.raise_if_any()
        self._bytes += _stored_size(chunks)
        if self._bytes > self._max_bytes:
            raise InvalidArgument.of("chunks", f"must be at most {self._max_bytes} bytes in all")
        self.count += len(chunks)

    def _check(self, v: Validator, name: str, chunk: NewChunk) -> None:
        v.check(chunk.ordinal >= 0, f"{name}.ordinal", "must not be negative")
        v.check(chunk.ordinal not in self._ordinals, f"{name}.ordinal", "is used twice")
        self._ordinals.add(chunk.ordinal)
        v.check(bool(chunk.content.strip()), f"{name}.content", "is required")
        too_long = f"must be at most {MAX_CHUNK_CONTENT:,} characters"
        v.check(len(chunk.content) <= MAX_CHUNK_CONTENT, f"{name}.content", too_long)
        v.check(chunk.token_count >= 0, f"{name}.token_count", "must not be negative")
        collect(v, lambda: check_vector(chunk.embedding, self._dim, f"{name}.embedding"))


def _stored_size(chunks: Sequence[NewChunk]) -> int:
    """About what the chunks take: text in UTF-8, four bytes a dimension, 16 for the numbers,
    and each one's metadata as compact JSON (encoded as one list, in one call: the list's
    brackets and commas are then taken off)."""
    fixed = sum(len(c.content.encode()) + 4 * len(c.embedding) + 16 for c in chunks)
    metadata = [c.metadata for c in chunks if c.metadata]
    if not metadata:
        return fixed
    return fixed + len(_compact_json(metadata).encode()) - len(metadata) - 1
