"""What identity's in-memory tables share: foreign keys and keyset pages."""

from __future__ import annotations

from typing import Any

from domain.kernel.errors import NotFound

Tables = dict[str, dict[Any, Any]]


def require(tables: Tables, table: str, key: Any, what: str) -> None:
    """What a foreign key does: the referenced row must exist."""
    if key not in tables[table]:
        raise NotFound(f"the referenced {what} was not found")


def after_key(rows: list[Any], key: Any, after: tuple[Any, ...] | None, desc: bool) -> list[Any]:
    rows.sort(key=key, reverse=desc)
    if after is None:
        return rows
    return [r for r in rows if (key(r) < after[0] if desc else key(r) > after[0])]
