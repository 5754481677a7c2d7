"""Keyset pagination: page sizes and opaque, signed tokens bound to their query."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from domain.kernel.errors import InvalidArgument
from ports.system import TokenSigner

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
T = TypeVar("T")


def fingerprint(query: dict[str, Any]) -> str:
    canonical = json.dumps(query, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class PageRequest:
    """A validated page request: size, and the key after which to continue."""

    size: int
    after: tuple[Any, ...] | None
    query_fingerprint: str
    tokens: TokenSigner = field(repr=False, compare=False)
    skip: int = 0

    @classmethod
    def parse(
        cls,
        page_size: int,
        page_token: str,
        query: dict[str, Any],
        tokens: TokenSigner,
        skip: int = 0,
        key_type: type = str,
    ) -> PageRequest:
        """Zero means the default; above the maximum is capped (AIP-158).

        Tokens are signed by `tokens`: one it did not sign (forged, altered, truncated, or
        signed under another secret) is refused before anything reads its key. `key_type`
        is the type of the list's keys (ids are str, sequences int).
        """
        if page_size < 0:
            raise InvalidArgument.of("page_size", "must not be negative")
        if skip < 0:
            raise InvalidArgument.of("skip", "must not be negative")
        if skip and page_token:
            raise InvalidArgument.of("skip", "cannot be combined with page_token")
        size = min(page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        fp = fingerprint(query)
        after = _decode(tokens, page_token, fp, key_type) if page_token else None
        return cls(size=size, after=after, query_fingerprint=fp, tokens=tokens, skip=skip)

    def next_token(self, last_key: tuple[Any, ...]) -> str:
        payload = json.dumps({"k": list(last_key), "f": self.query_fingerprint}, default=str)
        return self.tokens.sign(payload.encode())


def _decode(tokens: TokenSigner, token: str, fp: str, key_type: type) -> tuple[Any, ...]:
    payload = tokens.verify(token)
    try:
        if payload is None:
            raise ValueError
        content = json.loads(payload)
        key, token_fp = content["k"], content["f"]
        if not isinstance(key, list) or not isinstance(token_fp, str):
            raise ValueError
        if not key or not all(type(k) is key_type for k in key):
            raise ValueError
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise InvalidArgument.of("page_token", "is not a valid page token") from None
    if token_fp != fp:
        raise InvalidArgument.of("page_token", "belongs to a query with other filters")
    return tuple(key)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    next_token: str = ""
    total_size: int | None = None
    total_is_estimate: bool = False


def build_page(
    rows: list[T], request: PageRequest, key: Any, total: int | None = None, estimate: bool = False
) -> Page[T]:
    """Rows were fetched with limit size+1: the extra row says a next page exists."""
    items = rows[: request.size]
    token = request.next_token(key(items[-1])) if len(rows) > request.size else ""
    return Page(items=items, next_token=token, total_size=total, total_is_estimate=estimate)


def sequence_below(after: tuple[Any, ...] | None) -> int | None:
    """The sequence a page of newest-first rows continues below, from the key of the last
    row seen: `(sequence,)`; INVALID_ARGUMENT naming page_token for anything else."""
    if after is None:
        return None
    try:
        (sequence,) = after
        return int(sequence)
    except (TypeError, ValueError):
        raise InvalidArgument.of("page_token", "is not a valid page token") from None
