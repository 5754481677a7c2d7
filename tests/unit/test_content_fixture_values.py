"""TSV fixture cells and rows: what each cell accepts, and the lines bad rows are reported on."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.postgres.content import fixture_values as v
from adapters.postgres.content.fixture_files import Cells, Problem, read_rows
from adapters.postgres.content.fixture_refs import FixtureRefs

KNOWN = frozenset({"id", "title", "metadata"})


@pytest.mark.parametrize(
    "raw",
    ['{"x": NaN}', '{"x": Infinity}', '{"x": "\\u0000"}', "[1, 2]", "{not json}",
     '{"a": ' * 33 + "1" + "}" * 33],
)  # fmt: skip
def test_json_cells_refuse_what_jsonb_or_the_limits_would(raw: str) -> None:
    with pytest.raises(v.BadCell):
        v.json_object(raw)


def test_json_cells_take_objects_and_blank_is_empty() -> None:
    assert v.json_object('{"category": "technology"}') == '{"category": "technology"}'
    assert v.json_object("") == "{}"


@pytest.mark.parametrize(
    ("raw", "tags"),
    [('["a", "b"]', ["a", "b"]), ("{a,b}", ["a", "b"]), ("", []), ('{"a b",c}', ["a b", "c"])],
)
def test_tag_cells_take_json_arrays_and_postgres_arrays(raw: str, tags: list[str]) -> None:
    assert v.string_list(raw) == tags


@pytest.mark.parametrize("raw", ["nan", "inf", "-0.5", "1.01", "high"])
def test_numbers_outside_their_range_or_not_finite_are_refused(raw: str) -> None:
    with pytest.raises(v.BadCell):
        v.number(raw, 0, 1)


def test_times_without_a_zone_are_utc_and_blank_takes_the_default() -> None:
    at = v.moment("2026-01-05 10:00:00", None)
    assert at is not None and at.isoformat() == "2026-01-05T10:00:00+00:00"
    assert v.moment("", None) is None
    with pytest.raises(v.BadCell):
        v.moment("yesterday", None)


def test_flags_read_the_seeds_spellings() -> None:
    assert [v.flag(x) for x in ("true", "t", "1", "False", "0", "")] == [1, 1, 1, 0, 0, 0]
    with pytest.raises(v.BadCell):
        v.flag("maybe")


def test_rows_keep_their_first_line_across_quoted_newlines(tmp_path: Path) -> None:
    path = tmp_path / "content_items.tsv"
    path.write_text(
        'id\ttitle\tmetadata\n1\t"two\nlines"\t{}\n2\tshort\n3\tok\t{}\n4\tnul\x00\t{}\n'
    )
    problems: list[Problem] = []
    rows = [(line, cells.raw("id")) for line, cells in read_rows(path, KNOWN, KNOWN, problems)]
    assert rows == [(2, "1"), (5, "3")]
    assert [str(p) for p in problems] == [
        "content_items.tsv:4: 2 columns where the header has 3",
        "content_items.tsv:6: title: must not hold NUL",
    ]


def test_an_unknown_column_stops_the_file_at_its_header(tmp_path: Path) -> None:
    path = tmp_path / "content_items.tsv"
    path.write_text("id\ttitle\tcolour\n1\tA\tred\n")
    problems: list[Problem] = []
    assert list(read_rows(path, KNOWN, frozenset({"title"}), problems)) == []
    assert [p.line for p in problems] == [1] and "colour" in problems[0].message


def test_an_id_given_twice_in_one_load_is_refused_even_across_files() -> None:
    refs = FixtureRefs("ws", {}, datetime.now(UTC))
    given = Cells({"id": "0190f2a4-0000-7000-8000-000000000001"})
    refs.file = "content_items.tsv"
    assert str(refs.new_id(given)) == "0190f2a4-0000-7000-8000-000000000001"
    refs.file = "content_items_auto.tsv"
    with pytest.raises(v.BadCell, match="earlier row"):
        refs.new_id(given)


def test_item_keys_name_kept_rows_and_a_key_in_both_item_files_is_ambiguous() -> None:
    refs = FixtureRefs("ws", {}, datetime.now(UTC))
    for name, made in (("content_items.tsv", "id-a"), ("content_items_auto.tsv", "id-b")):
        refs.file = name
        refs.keep_row("7", made)
    refs.file = "content_items.tsv"
    refs.keep_row("8", "id-c")
    assert refs.item("8") == "id-c"
    with pytest.raises(v.BadCell, match="both"):
        refs.item("7")
    with pytest.raises(v.BadCell, match="names no item"):
        refs.item("9")
