"""Keyset pagination: page sizes and opaque tokens bound to their query."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from domain.errors import InvalidArgument

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
    skip: int = 0

    @classmethod
    def parse(
        cls,
        page_size: int,
        page_token: str,
        query: dict[str, Any],
        skip: int = 0,
        key_type: type = str,
    ) -> PageRequest:
        """Zero means the default; above the maximum is capped (AIP-158).

        `key_type` is the type of the list's keys (ids are str, sequences int): a token
        whose keys are of another type was not made by us and is refused.
        """
        if page_size < 0:
            raise InvalidArgument.of("page_size", "must not be negative")
        if skip < 0:
            raise InvalidArgument.of("skip", "must not be negative")
        if skip and page_token:
            raise InvalidArgument.of("skip", "cannot be combined with page_token")
        size = min(page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        fp = fingerprint(query)
        after = _decode(page_token, fp, key_type) if page_token else None
        return cls(size=size, after=after, query_fingerprint=fp, skip=skip)

    def next_token(self, last_key: tuple[Any, ...]) -> str:
        payload = json.dumps({"k": list(last_key), "f": self.query_fingerprint}, default=str)
        return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _decode(token: str, fp: str, key_type: type) -> tuple[Any, ...]:
    try:
        padded = token + "=" * (-len(token) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
        key, token_fp = payload["k"], payload["f"]
        if not isinstance(key, list) or not isinstance(token_fp, str):
            raise ValueError
        if not key or not all(type(k) is key_type for k in key):  # forged
            raise ValueError
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
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
