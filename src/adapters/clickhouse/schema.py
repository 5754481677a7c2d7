"""The ClickHouse schema: versioned files `NNNN_name.sql` applied in order into the
client's database and recorded in `schema_versions`; a recorded version whose file is
gone or changed stops everything, naming the file."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from adapters.clickhouse.client import ClickHouseClient

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "migrations" / "clickhouse"
FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

VERSIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_versions
(
    version UInt32,
    name String,
    checksum String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY version
"""


class SchemaError(RuntimeError):
    """The schema files and the versions recorded in the database disagree."""


@dataclass(frozen=True, slots=True)
class SchemaFile:
    version: int
    name: str
    path: Path
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()

    def statements(self) -> list[str]:
        lines = [ln for ln in self.sql.splitlines() if not ln.lstrip().startswith("--")]
        return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def schema_files(directory: Path = SCHEMA_DIR) -> list[SchemaFile]:
    found: dict[int, SchemaFile] = {}
    for path in sorted(directory.glob("*.sql")):
        match = FILE_NAME.match(path.name)
        if match is None:
            raise SchemaError(f"{path}: schema files are named NNNN_name.sql")
        version = int(match.group(1))
        if version in found:
            raise SchemaError(f"{path}: version {version} is also {found[version].path.name}")
        found[version] = SchemaFile(version, match.group(2), path, path.read_text())
    return [found[v] for v in sorted(found)]


async def recorded_versions(client: ClickHouseClient) -> dict[int, tuple[str, str]]:
    """version -> (name, checksum) of what was applied to the client's database."""
    await client.command(VERSIONS_TABLE)
    rows = await client.query(
        "SELECT version, any(name) AS name, any(checksum) AS checksum "
        "FROM schema_versions GROUP BY version ORDER BY version"
    )
    return {int(r["version"]): (r["name"], r["checksum"]) for r in rows}


async def pending(client: ClickHouseClient, directory: Path = SCHEMA_DIR) -> list[SchemaFile]:
    """The files not applied yet; SchemaError when a recorded version's file is missing or
    differs from what was applied."""
    files = {f.version: f for f in schema_files(directory)}
    recorded = await recorded_versions(client)
    for version, (name, checksum) in recorded.items():
        expected = directory / f"{version:04d}_{name}.sql"
        found = files.get(version)
        if found is None or found.name != name:
            raise SchemaError(f"{expected}: applied to {client.database} but the file is missing")
        if found.checksum != checksum:
            raise SchemaError(
                f"{found.path}: changed since it was applied to {client.database} "
                "(add a new file instead of editing an applied one)"
            )
    return [f for v, f in sorted(files.items()) if v not in recorded]


async def apply_schema(client: ClickHouseClient, directory: Path = SCHEMA_DIR) -> list[SchemaFile]:
    """Apply the pending files in order, each recorded once its statements ran; returns them."""
    todo = await pending(client, directory)
    for each in todo:
        for statement in each.statements():
            await client.command(statement)
        await client.insert(
            "schema_versions",
            {"version": [each.version], "name": [each.name], "checksum": [each.checksum]},
        )
    return todo
