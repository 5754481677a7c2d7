"""Which alembic.ini the migrations run from: the one given, else the repository's."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.postgres.infra import migrate

ONE_REVISION = '''"""The only step."""

revision = "only"
down_revision = None
branch_labels = None
depends_on = None
'''


def _ini_with_one_revision(tmp_path: Path) -> Path:
    (tmp_path / "versions").mkdir()
    (tmp_path / "versions" / "only.py").write_text(ONE_REVISION)
    (tmp_path / "script.py.mako").write_text("")
    ini = tmp_path / "alembic.ini"
    ini.write_text(f"[alembic]\nscript_location = {tmp_path}\n")
    return ini


async def test_history_reads_the_migrations_the_given_ini_names(tmp_path: Path) -> None:
    revisions = await migrate.history(_ini_with_one_revision(tmp_path))
    assert [(r.revision, r.doc, r.is_head) for r in revisions] == [("only", "The only step.", True)]


async def test_without_an_ini_the_repository_migrations_are_read() -> None:
    revisions = await migrate.history()
    assert revisions[0].down_revision is None and revisions[-1].is_head
    assert migrate.script_directory().get_heads() == [revisions[-1].revision]


def test_a_missing_ini_is_refused_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.ini"
    with pytest.raises(FileNotFoundError, match=str(missing)):
        migrate.alembic_config(missing)
