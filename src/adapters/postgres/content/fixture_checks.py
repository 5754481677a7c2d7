"""The checks of a fixture file's parsed rows that ask the database: ids given as UUIDs
are new, the existing items named belong to the workspace, and a recommendation's (item,
user, algorithm version) is new. Rows that pass are kept (their keys then name them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import asyncpg

from adapters.postgres.content.fixture_files import Problem
from adapters.postgres.content.fixture_refs import FixtureRefs


@dataclass
class ParsedRow:
    line: int
    record: tuple[Any, ...]  # the COPY record; the new row's id first
    key: str  # the id cell as written
    given_id: str  # the id, when the cell gave a UUID
    items: list[str]  # existing items the row names


class FileSpec(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def table(self) -> str: ...


async def checked(
    conn: asyncpg.Connection, spec: FileSpec, parsed: list[ParsedRow], refs: FixtureRefs,
    problems: list[Problem],
) -> list[ParsedRow]:  # fmt: skip
    """The rows whose given ids are new, whose named items the workspace holds, and (for
    recommendations) whose (item, user, algorithm version) is new."""
    given = [r.given_id for r in parsed if r.given_id]
    taken = await _ids(conn, f"SELECT id FROM {spec.table} WHERE id = ANY($1::uuid[])", given)
    named = [i for r in parsed for i in r.items]
    held = await _ids(conn, _HELD, named, refs.workspace_id)
    pairs = await _recommended(conn, parsed) if spec.table == "content_recommendations" else None
    good = []
    for row in parsed:
        problem = ""
        if row.given_id in taken:
            problem = f"id: {row.given_id} already exists"
        elif missing := next((i for i in row.items if i not in held), None):
            problem = f"content_item_id: {missing} is no item of the workspace"
        elif pairs is not None and _pair(row) in pairs:
            problem = "the item is already recommended to the user by this algorithm_version"
        if problem:
            problems.append(Problem(spec.name, row.line, problem))
            continue
        if pairs is not None:
            pairs.add(_pair(row))
        refs.keep_row(row.key, str(row.record[0]))
        good.append(row)
    return good


_HELD = "SELECT id FROM content_items WHERE id = ANY($1::uuid[]) AND workspace_id = $2"
_RECOMMENDED = """
SELECT content_item_id, user_id, algorithm_version FROM content_recommendations
WHERE content_item_id = ANY($1::uuid[])
"""


async def _ids(conn: asyncpg.Connection, sql: str, *args: Any) -> set[str]:
    return {str(r[0]) for r in await conn.fetch(sql, *args)} if args[0] else set()


def _pair(row: ParsedRow) -> tuple[str, str, str]:
    return str(row.record[3]), str(row.record[2]), str(row.record[5])


async def _recommended(
    conn: asyncpg.Connection, parsed: list[ParsedRow]
) -> set[tuple[str, str, str]]:
    found = await conn.fetch(_RECOMMENDED, sorted({_pair(r)[0] for r in parsed}))
    return {(str(r[0]), str(r[1]), str(r[2])) for r in found}
