"""Loading a seed 000-style TSV fixture directory into one workspace, in the caller's
transaction: content_items.tsv and content_items_auto.tsv (origin user and auto), then
user_interactions.tsv and recommendations.tsv (when their tables exist). Every bad row
is a Problem (file, line, column, what); with `skip_bad` the good rows load, else none."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import uuid_utils

from adapters.postgres.content import fixture_rows as rows
from adapters.postgres.content.bulk import copy_records, forget_counts, table_exists
from adapters.postgres.content.demo_activity import INTERACTION_COLUMNS, RECOMMENDATION_COLUMNS
from adapters.postgres.content.demo_items import ITEM_COLUMNS
from adapters.postgres.content.fixture_checks import ParsedRow, checked
from adapters.postgres.content.fixture_files import Cells, Problem, read_rows
from adapters.postgres.content.fixture_refs import FixtureRefs
from adapters.postgres.content.fixture_values import BadCell

Build = Callable[[Cells, FixtureRefs], tuple[Any, ...]]


@dataclass(frozen=True)
class FixtureFile:
    name: str
    table: str
    columns: tuple[str, ...]
    known: frozenset[str]
    required: frozenset[str]
    build: Build


def _files(batch: uuid.UUID) -> list[FixtureFile]:
    def items(origin: str) -> Build:
        return lambda c, refs: rows.item(c, origin, refs)

    need = frozenset({"title", "creator_id"})
    refs = frozenset({"user_id", "content_item_id"})
    return [
        FixtureFile("content_items.tsv", "content_items", ITEM_COLUMNS, rows.ITEM_FIELDS, need,
                    items("user")),
        FixtureFile("content_items_auto.tsv", "content_items", ITEM_COLUMNS, rows.ITEM_FIELDS,
                    need, items("auto")),
        FixtureFile("user_interactions.tsv", "content_interactions", INTERACTION_COLUMNS,
                    rows.INTERACTION_FIELDS, refs | {"interaction_type"},
                    lambda c, r: rows.interaction(c, batch, r)),
        FixtureFile("recommendations.tsv", "content_recommendations", RECOMMENDATION_COLUMNS,
                    rows.RECOMMENDATION_FIELDS, refs | {"algorithm_version"}, rows.recommendation),
    ]  # fmt: skip


@dataclass
class FixtureReport:
    loaded: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


_MEMBERS = """
SELECT u.id::text AS id, lower(u.email) AS email, lower(coalesce(u.username, '')) AS username
FROM users u JOIN memberships m ON m.user_id = u.id
WHERE m.workspace_id = $1 AND u.is_active
"""


async def load_fixtures(
    conn: asyncpg.Connection, directory: Path, workspace_id: str, skip_bad: bool
) -> FixtureReport:
    report, batch = FixtureReport(), uuid.UUID(str(uuid_utils.uuid7()))
    users = {}
    for m in await conn.fetch(_MEMBERS, workspace_id):
        users.update({m["id"]: m["id"], m["email"]: m["id"]})
        if m["username"]:
            users[m["username"]] = m["id"]
    refs = FixtureRefs(workspace_id, users, datetime.now(UTC))
    chosen: list[tuple[FixtureFile, list[ParsedRow]]] = []
    for spec in _files(batch):
        path = directory / spec.name
        if not path.is_file():
            continue
        if not await table_exists(conn, spec.table):
            report.problems.append(Problem(spec.name, 1, f"no table {spec.table} to load into"))
            continue
        refs.file = spec.name
        good = await checked(conn, spec, _parsed(path, spec, refs, report.problems), refs,
                              report.problems)  # fmt: skip
        chosen.append((spec, good))
    order = {spec.name: n for n, spec in enumerate(_files(batch))}
    report.problems.sort(key=lambda p: (order[p.file], p.line))
    if report.problems and not skip_bad:
        return report
    for spec, good in chosen:
        await copy_records(conn, spec.table, spec.columns, [r.record for r in good])
        report.loaded[spec.name] = len(good)
    if any(n for f, n in report.loaded.items() if f.startswith("content_items")):
        await forget_counts(conn, [workspace_id])
    for table in {spec.table for spec, good in chosen if good}:
        await conn.execute(f"ANALYZE {table}")
    return report


def _parsed(
    path: Path, spec: FixtureFile, refs: FixtureRefs, problems: list[Problem]
) -> list[ParsedRow]:
    out = []
    for line, cells in read_rows(path, spec.known, spec.required, problems):
        refs.start_row()
        try:
            record = spec.build(cells, refs)
        except BadCell as exc:
            problems.append(Problem(spec.name, line, str(exc)))
            continue
        out.append(ParsedRow(line, record, refs.row_key, refs.row_id, refs.row_items))
    return out
