"""What the memory adapter keeps as PostgreSQL would: float4, containment."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from typing import Any

from domain.kernel.errors import InvalidArgument, NotFound
from domain.knowledge.values import cosine_similarity

Tables = dict[str, dict[Any, Any]]


def f32(values: Iterable[float] | None) -> list[float] | None:
    """What a `vector` column keeps: single precision."""
    return None if values is None else array("f", values).tolist()


def require(tables: Tables, table: str, key: Any, what: str) -> None:
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


def similarity(a: Sequence[float], b: Sequence[float]) -> float:
    if len(a) != len(b):
        raise InvalidArgument.of("embedding", f"must have {len(b)} dimensions, not {len(a)}")
    return cosine_similarity(a, b)
