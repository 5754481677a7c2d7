"""Reading a seed 000-style TSV fixture file: a header row naming the columns, then one
row a line (csv's quoting for cells holding tabs or newlines). Each row comes with the
line it starts on, or a problem naming the file and line."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from adapters.postgres.content.fixture_values import BadCell

T = TypeVar("T")
MAX_CELL = 1_000_000  # characters; larger cells are refused (content_data holds 100,000)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class Cells:
    """One row's cells by column name; `get` parses one and names the column on failure."""

    def __init__(self, values: dict[str, str]) -> None:
        self._values = values

    def get(self, column: str, parse: Callable[..., T], *args: Any) -> T:
        try:
            return parse(self._values.get(column, ""), *args)
        except BadCell as exc:
            raise BadCell(f"{column}: {exc}") from None

    def raw(self, column: str) -> str:
        return self._values.get(column, "").strip()


def read_rows(
    path: Path, known: frozenset[str], required: frozenset[str], problems: list[Problem]
) -> Iterator[tuple[int, Cells]]:
    """The rows of `path` with their first line; bad rows (and a bad header, which stops
    the file) go to `problems`."""
    csv.field_size_limit(MAX_CELL)
    with path.open(newline="", encoding="utf-8", errors="strict") as handle:
        reader = csv.reader(handle, delimiter="\t")
        try:
            header = [h.strip().lower() for h in next(reader, [])]
        except (csv.Error, UnicodeDecodeError) as exc:
            problems.append(Problem(path.name, 1, f"header: {exc}"))
            return
        if (unknown := sorted(set(header) - known)) or (missing := sorted(required - set(header))):
            what = f"unknown columns {unknown}" if unknown else f"missing columns {missing}"
            problems.append(Problem(path.name, 1, f"header: {what}; the file is not loaded"))
            return
        line = reader.line_num + 1
        while True:
            try:
                row = next(reader, None)
            except (csv.Error, UnicodeDecodeError) as exc:
                problems.append(Problem(path.name, line, str(exc)))
                return
            if row is None:
                return
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problems.append(
                    Problem(
                        path.name, start, f"{len(row)} columns where the header has {len(header)}"
                    )
                )
            elif nul := next((h for h, c in zip(header, row, strict=True) if "\x00" in c), None):
                problems.append(Problem(path.name, start, f"{nul}: must not hold NUL"))
            else:
                yield start, Cells(dict(zip(header, row, strict=True)))
