"""`strata db seed --demo --items N` and `strata db load DIR` as an operator runs them, on an
embedded PostgreSQL under a tmp data dir (tests run in order: the demo seed first, whose
people the fixtures name)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.test_cli import Cli

pytestmark = [pytest.mark.postgres]

FIXTURES = Path(__file__).parent / "fixtures" / "content_tsv"
DEMO_SLUGS = ("demo-workspace", "demo-lab", "demo-studio")
BAD_LINES = [
    "content_items.tsv:4: 4 columns where the header has 12",
    "content_items.tsv:5: quality_score: must be from 0 to 1",
    "content_items.tsv:6: content_type: must be one of text, image, video, audio",
    "content_items.tsv:7: title: must not hold NUL",
    "content_items.tsv:8: creator_id: 'nobody@example.com' names no member of the workspace",
    "content_items.tsv:9: item_metadata: is not JSON",
    "content_items.tsv:10: created_at: is not an ISO 8601 time",
    "content_items_auto.tsv:3: quality_score: must be from 0 to 1",
    "user_interactions.tsv:4: content_item_id: '4' names no item of this load or the workspace",
    "user_interactions.tsv:5: rating: must be from 1 to 5",
    "user_interactions.tsv:6: interaction_type: must be one of",
    "user_interactions.tsv:7: content_item_id: 0190f2a4-0000-7000-8000-000000000000 is no item",
    "recommendations.tsv:3: the item is already recommended to the user",
    "recommendations.tsv:4: recommendation_score: must be from 0 to 1",
]


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cli]:
    runner = Cli(tmp_path_factory.mktemp("cli-content") / ".strata")
    yield runner
    runner.close()


def tally(cli: Cli) -> dict[str, int]:
    (row,) = cli.fetch(
        """SELECT (SELECT count(*) FROM content_items) AS items,
                  (SELECT count(*) FROM content_interactions) AS interactions,
                  (SELECT count(*) FROM content_recommendations) AS recommendations,
                  (SELECT coalesce(sum(epoch), 0) FROM content_count_epochs) AS epochs"""
    )
    return dict(row)


def items_by_slug(cli: Cli) -> dict[str, int]:
    rows = cli.fetch(
        "SELECT w.slug, count(c.id) AS n FROM workspaces w "
        "LEFT JOIN content_items c ON c.workspace_id = w.id GROUP BY w.slug"
    )
    return {r["slug"]: r["n"] for r in rows}


def test_demo_seed_fills_the_demo_workspaces_and_a_rerun_adds_nothing(cli: Cli) -> None:
    cli.ok("db", "seed", "--demo", "--items", "3000")
    first = tally(cli)
    assert first["items"] == 3000
    assert items_by_slug(cli) == {"demo-workspace": 2400, "demo-lab": 300, "demo-studio": 300}
    (shape,) = cli.fetch(
        """SELECT count(*) FILTER (WHERE quality_score IS NULL) AS unrated,
                  count(DISTINCT origin) AS origins, count(DISTINCT visibility) AS visibilities,
                  count(DISTINCT content_type) AS types, count(DISTINCT creator_id) AS creators,
                  count(*) FILTER (WHERE metadata ? 'category' AND metadata ? 'keywords') AS kw,
                  count(*) FILTER (WHERE NOT EXISTS (
                      SELECT 1 FROM memberships m
                      WHERE m.workspace_id = c.workspace_id AND m.user_id = c.creator_id))
                      AS outsiders,
                  extract(day FROM max(created_at) - min(created_at)) AS days
           FROM content_items c"""
    )
    assert 300 < shape["unrated"] < 900
    assert (shape["origins"], shape["visibilities"], shape["types"]) == (2, 2, 4)
    assert shape["creators"] == 7 and shape["kw"] == 3000 and shape["outsiders"] == 0
    assert shape["days"] > 300
    assert first["interactions"] == 7 * 100 and first["recommendations"] == 7 * 50
    epochs = cli.fetch(
        "SELECT w.slug, e.epoch FROM content_count_epochs e "
        "JOIN workspaces w ON w.id = e.workspace_id"
    )
    assert {e["slug"] for e in epochs if e["epoch"] >= 1} == set(DEMO_SLUGS)
    cli.ok("db", "seed", "--demo", "--items", "3000")
    assert tally(cli) == first
    cli.ok("db", "seed", "--demo", "--items", "3500")
    grown = tally(cli)
    assert grown["items"] == 3500 and grown["epochs"] > first["epochs"]
    assert grown["interactions"] == first["interactions"]


def test_demo_seed_refuses_more_than_ten_million_items(cli: Cli) -> None:
    done = cli("db", "seed", "--demo", "--items", "10000001")
    assert done.returncode == 2 and "--items" in done.stderr


def test_fixture_load_with_a_bad_row_refuses_every_row(cli: Cli) -> None:
    before = tally(cli)
    done = cli("db", "load", str(FIXTURES))
    assert done.returncode == 1, done.stderr
    reported = [line for line in done.stderr.splitlines() if ".tsv:" in line]
    assert len(reported) == len(BAD_LINES)
    for expected, line in zip(BAD_LINES, reported, strict=True):
        assert line.startswith(expected)
    assert done.stdout == ""
    assert tally(cli) == before


def test_fixture_load_skipping_bad_rows_loads_the_rest_at_once(cli: Cli) -> None:
    before = tally(cli)
    done = cli.ok("db", "load", str(FIXTURES), "--on-error", "skip")
    assert done.stdout.splitlines() == [
        "content_items.tsv: 3 loaded",
        "content_items_auto.tsv: 1 loaded",
        "user_interactions.tsv: 2 loaded",
        "recommendations.tsv: 1 loaded",
    ]
    assert sum(".tsv:" in line for line in done.stderr.splitlines()) == len(BAD_LINES)
    after = tally(cli)
    assert after["items"] - before["items"] == 4 and after["epochs"] == before["epochs"] + 1
    assert after["interactions"] - before["interactions"] == 2
    assert after["recommendations"] - before["recommendations"] == 1
    loaded = {
        r["title"]: r
        for r in cli.fetch(
            "SELECT c.title, c.origin, c.visibility, c.quality_score, c.tags, c.metadata, w.slug "
            "FROM content_items c JOIN workspaces w ON w.id = c.workspace_id "
            "WHERE c.title = ANY($1)",
            ["Intro to Python", "Both public and private", "Jazz piano notes",
             "Weekly digest of science"],
        )
    }  # fmt: skip
    assert {t: (r["origin"], r["visibility"]) for t, r in loaded.items()} == {
        "Intro to Python": ("user", "public"),
        "Both public and private": ("user", "private"),
        "Jazz piano notes": ("user", "private"),
        "Weekly digest of science": ("auto", "public"),
    }
    assert loaded["Intro to Python"]["tags"] == ["code", "python"]
    assert loaded["Both public and private"]["quality_score"] is None
    assert {r["slug"] for r in loaded.values()} == {"demo-workspace"}
    (view,) = cli.fetch(
        "SELECT i.duration_ms, i.metadata->>'source' AS source FROM content_interactions i "
        "JOIN content_items c ON c.id = i.content_item_id WHERE c.title = 'Intro to Python'"
    )
    assert (view["duration_ms"], view["source"]) == (12500, "mobile_app")
